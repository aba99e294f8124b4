#pragma once

/// \file
/// The picture of a negotiation (`parley negotiate --plot`), drawn with the picture module:
/// - utility space for a pair of parties (`PlotOptions::axes`; the first two by default): the
///   outcome cloud, the Pareto frontier (projected with 3+ parties), each party's offers over
///   time (darker as time passes, joined in order), the reservation values, the Nash, Kalai,
///   Kalai–Smorodinsky and max-welfare points and the agreement, all named in the legend;
/// - one panel per party of utility over time, as NegMAS draws it: its own offers, the others'
///   offers as it values them, its reservation value and the agreement;
/// - with 3+ parties, the offers in parallel coordinates (one axis per party);
/// - under the single undertaking (the session recorded round states) instead: the issue-state
///   grid round by round (issue_grid.h), and the packages voted on against the frontier.
/// Self-contained SVG, or an HTML page embedding it with tooltips and zoom. Deterministic: same
/// session, same bytes.

#include <optional>
#include <string>
#include <utility>

#include "parley/core/result.h"
#include "parley/picture/issue_grid.h"
#include "parley/picture/utility_space.h"
#include "parley/session/session.h"

namespace parley {

using picture::PlotFormat;

struct PlotOptions {
  PlotFormat format = PlotFormat::kSvg;
  /// The parties on the x and y axes of the utility-space panel (default: 0 and 1).
  std::optional<std::pair<size_t, size_t>> axes;
  size_t max_cloud_points = 20'000;
};

/// Parses `--plot-axes`: two party names or 0-based indices, comma-separated ("0,2",
/// "US,Taliban"). Errors name the option and the parties.
Result<std::pair<size_t, size_t>> ParsePlotAxes(const std::string& text, const Scenario& scenario);

/// The plot as text. Errors when the scenario has fewer than 2 parties or the axes are not two
/// different parties.
Result<std::string> RenderPlot(const PreparedScenario& scenario, const SessionResult& result,
                               const ReferencePoints& reference, const PlotOptions& options = {});

/// The plot as SVG figure parts, for pictures that compose several sessions (`--compare`).
/// `max_width` bounds the issue grid.
Result<picture::Figure> PlotFigure(const PreparedScenario& scenario, const SessionResult& result,
                                   const ReferencePoints& reference, const PlotOptions& options,
                                   double max_width = 1000);

/// The single undertaking's rounds as an issue timeline (issue_grid.h): a column per recorded
/// round state, a row per issue (grouped by track), proposals with their proposer, conditions
/// attached to acceptances pending on issues not agreed yet, and the votes on the package from
/// the ratify turns. No rows when the session recorded no round states.
picture::IssueTimeline UndertakingTimeline(const PreparedScenario& scenario,
                                           const SessionResult& result);

/// `negotiate --compare --plot`: the two sessions' pictures side by side (issue-by-issue binding
/// on the left, the single undertaking on the right), one document.
Result<std::string> RenderComparePlot(const PreparedScenario& scenario,
                                      const SessionResult& by_issue,
                                      const SessionResult& undertaking,
                                      const ReferencePoints& reference,
                                      const PlotOptions& options = {});

/// Writes the plot; the format follows the extension (.svg, .html / .htm), anything else is an
/// error naming the allowed extensions.
Status WritePlotFile(const std::string& path, const PreparedScenario& scenario,
                     const SessionResult& result, const ReferencePoints& reference,
                     const PlotOptions& options = {});

}  // namespace parley
