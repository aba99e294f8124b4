#pragma once

/// \file
/// Line numbers for JSON documents (internal to the io module). nlohmann::json keeps no
/// positions, so after it has accepted a document this scanner walks the same text once and
/// records, for every value, the line where it starts (for an object member: the line of its
/// key). It also reports duplicate keys, which nlohmann silently merges.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::io_internal {

/// A path into a JSON document: object keys and array indices (as decimal strings).
using JsonPath = std::vector<std::string>;

/// "a.b[2].c" for messages.
std::string JsonPathName(const JsonPath& path);

class JsonLocator {
 public:
  /// Scans `text`, which should be JSON that nlohmann accepted; on anything else it stops
  /// early and knows fewer lines. Cost: O(size of text) time and O(number of values) memory.
  explicit JsonLocator(std::string_view text);

  /// The line of the value at `path`, or of its nearest ancestor that was seen; 0 if none.
  int Line(const JsonPath& path) const;

  struct Duplicate {
    JsonPath path;  ///< The path of the second occurrence.
    int line = 0;
  };
  /// The first duplicate key in document order, if any.
  const std::optional<Duplicate>& duplicate() const { return duplicate_; }

 private:
  std::map<std::string, int> lines_;  // keyed by the path joined with '\0'
  std::optional<Duplicate> duplicate_;
};

}  // namespace parley::io_internal
