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

#include "parley/core/result.h"

namespace parley::io_internal {

/// How deeply arrays and objects may nest in a scenario file. Real GeniusWeb files nest about 6
/// deep; the limit keeps a hostile file from costing memory or time out of proportion to its size.
inline constexpr int kMaxJsonNesting = 256;

/// Scans `text` (before any parser sees it) for arrays and objects nested deeper than
/// kMaxJsonNesting, outside strings. BadInput "nesting deeper than N" naming `file`, the line of
/// the bracket that goes too deep and field "json". Cost: O(size of text) time, O(1) memory.
Status CheckJsonNesting(std::string_view text, const std::string& file);

/// A path into a JSON document: object keys and array indices (as decimal strings).
using JsonPath = std::vector<std::string>;

/// "a.b[2].c" for messages.
std::string JsonPathName(const JsonPath& path);

class JsonLocator {
 public:
  /// Scans `text`, which should be JSON that nlohmann accepted; on anything else it stops
  /// early and knows fewer lines. Cost: O(size of text · log) time and O(size of text) memory,
  /// whatever the nesting: positions are kept in a tree of keys, never as whole paths.
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
  struct Node {
    int line = 0;
    std::map<std::string, int, std::less<>> children;  // key or array index -> node
  };
  std::vector<Node> nodes_;  // nodes_[0] is the root value
  std::optional<Duplicate> duplicate_;
};

}  // namespace parley::io_internal
