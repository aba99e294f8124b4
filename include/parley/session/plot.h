#pragma once

/// \file
/// The picture of a negotiation in utility space (2 parties: party 0 on x, party 1 on y; with
/// more parties, the first two): the outcome cloud (every outcome, or a seeded sample of at most
/// `max_cloud_points` for large spaces), the Pareto frontier, each party's offers over time
/// (coloured per party, darker as time passes, joined in order), the Nash point and the
/// agreement. Self-contained SVG, or an HTML page embedding it. Deterministic.

#include <string>

#include "parley/core/result.h"
#include "parley/session/session.h"

namespace parley {

enum class PlotFormat { kSvg, kHtml };

struct PlotOptions {
  PlotFormat format = PlotFormat::kSvg;
  int width = 720;
  int height = 560;
  size_t max_cloud_points = 20'000;
};

/// The plot as text. Errors when the scenario has fewer than 2 parties.
Result<std::string> RenderPlot(const PreparedScenario& scenario, const SessionResult& result,
                               const ReferencePoints& reference, const PlotOptions& options = {});

/// Writes the plot; the format follows the extension (.svg, .html / .htm), anything else is an
/// error naming the allowed extensions.
Status WritePlotFile(const std::string& path, const PreparedScenario& scenario,
                     const SessionResult& result, const ReferencePoints& reference);

}  // namespace parley
