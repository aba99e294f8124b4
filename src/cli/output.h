#pragma once

/// \file
/// Output helpers shared by the `parley` subcommands: deterministic number formatting, aligned
/// text tables, outcomes and utility points as text and JSON, and error reporting with the
/// exit-code convention (0 success, 2 bad input or usage, 1 internal error).
///
/// Everything here is a pure function of its arguments, so the same inputs always give the same
/// bytes (the golden tests in tests/cli rely on it).

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/core/text.h"
#include "parley/outcome/outcome_space.h"

namespace parley::cli {

/// JSON objects keep their keys in insertion order, so output reads top-down as documented.
using Json = nlohmann::ordered_json;

/// A utility or another number in [0, 1]-ish range for people: fixed 4 decimals, never "-0.0000".
std::string FormatUtility(double value);
// FormatCount (a count for people) is parley::FormatCount, in parley/core/text.h.
/// A share in [0, 1] as a percentage: "12.34%".
std::string FormatPercent(double share);
/// A count as JSON: an integer when it is one and fits exactly in a double's 53 bits, else a
/// floating-point number; a count beyond double's range (infinite) is the string
/// FormatCount writes, never null.
Json CountJson(double count);
/// The size of `space` for people (FormatProduct of its issues' sizes): correct beyond 2^64 and
/// beyond double's range.
std::string SpaceSizeText(const OutcomeSpace& space);
/// The size of `space` as JSON: CountJson when it fits a double, else the string SpaceSizeText.
Json SpaceSizeJson(const OutcomeSpace& space);

/// `--agents`: an empty entry ("boulware,,linear", a trailing comma) is a typo, not nothing.
Status CheckNoEmptyAgent(const std::string& text);

/// Number of terminal columns a UTF-8 string takes (one per code point; parley's own text uses
/// no wide characters, and names from files are counted the same way).
size_t DisplayWidth(std::string_view text);

/// Splits free text into lines of at most `width` columns, breaking at spaces; runs of
/// whitespace (newlines included) become one space. A word longer than `width` gets a line of
/// its own. Empty text gives no lines.
std::vector<std::string> WrapText(std::string_view text, size_t width);

/// A text table with aligned columns. Columns are left-aligned unless marked numeric (right).
/// Cells beyond the declared columns are ignored; missing cells are blank. The last column is
/// never padded, so long free text (an outcome) can end a row without trailing spaces.
class TextTable {
 public:
  enum class Align { kLeft, kRight };

  /// Declares a column; `header` may be empty (then the table has a header row only if some
  /// column has a non-empty header).
  void AddColumn(std::string header, Align align = Align::kLeft);
  void AddRow(std::vector<std::string> cells);
  /// A line printed verbatim (after `indent`) between rows, e.g. "... 12 more".
  void AddLine(std::string text);

  /// The table, one line per row, each starting with `indent` spaces, columns separated by
  /// `gap` spaces, every line ending in '\n'.
  std::string Render(size_t indent = 2, size_t gap = 2) const;

 private:
  struct Column {
    std::string header;
    Align align;
  };
  struct Row {
    std::vector<std::string> cells;
    bool verbatim = false;  ///< cells[0] is a whole line.
  };
  std::vector<Column> columns_;
  std::vector<Row> rows_;
};

/// One value of an issue as JSON: discrete values as their names, integer values as integers,
/// real values as numbers.
Json ValueJson(const Issue& issue, ValueIndex index);
/// An outcome as a JSON object {issue name: value}, keys in the space's issue order.
Json OutcomeJson(const OutcomeSpace& space, const Outcome& outcome);
/// An outcome for people: "issue=value, issue=value" (the domain's own names).
std::string OutcomeText(const OutcomeSpace& space, const Outcome& outcome);
/// An issue's domain for JSON: {"name", "kind", "values"} or {"name", "kind", "min", "max"}
/// (real issues add "resolution").
Json IssueJson(const Issue& issue);
/// An issue's domain for people: "3 values", "integers 0..9", "reals 0..1 (11 points)".
std::string IssueSummary(const Issue& issue);

/// Writes the JSON document (2-space indent, one trailing newline) to `out`.
void PrintJson(const Json& json, std::FILE* out = stdout);

/// "parley: <file>:<line>: <field>: <message>" — the one line a failing command prints.
std::string ErrorLine(const Error& error);
/// Prints ErrorLine to stderr and returns the exit code for the error (2 user, 1 internal).
int ReportError(const Error& error);

}  // namespace parley::cli
