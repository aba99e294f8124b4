#pragma once

/// \file
/// The report `parley analyze` prints, as text for people and as one JSON object for programs
/// (the shape is documented in docs/cli.md). Separate from the command so that other commands
/// (and tests) can render an `Analysis` without loading files: these functions only read the
/// scenario and the analysis they are given.

#include <span>
#include <string>
#include <string_view>

#include "output.h"
#include "parley/analysis/analysis.h"
#include "parley/preference/scenario.h"

namespace parley::cli {

/// What the report is about: the scenario, how it was read, and its analysis. All references
/// must outlive the call that uses them.
struct AnalysisReport {
  const Scenario& scenario;
  std::string_view format;             ///< "native", "genius", "geniusweb".
  std::span<const std::string> notes;  ///< Loader notes (skipped files, defaults applied).
  const Analysis& analysis;
};

/// Frontiers longer than this are shown as an evenly spaced sample unless `all` is set.
inline constexpr size_t kFrontierRowsShown = 20;

/// The human-readable report: scenario, issues, parties' ranges, the Pareto frontier (sampled
/// to kFrontierRowsShown rows unless `all`), the solution points, opposition, ZOPA and notes.
std::string AnalysisText(const AnalysisReport& report, bool all);

/// The report as one JSON object (docs/cli.md): always the whole frontier.
Json AnalysisJson(const AnalysisReport& report);

/// The frontier rows a text report shows: every index when `all` or when there are at most
/// `limit` points, else `limit` indices spread evenly from the first to the last point.
std::vector<size_t> ShownFrontierRows(size_t size, size_t limit, bool all);

}  // namespace parley::cli
