#pragma once

/// \file
/// Scenarios in utility space: the outcome cloud, the Pareto frontier, the solution points
/// (Nash, Kalai, Kalai–Smorodinsky, max welfare, egalitarian) and the ZOPA, as `Chart`s for a
/// pair of parties; and `parley analyze --plot`, which draws them (one chart for 2 parties, every
/// pairwise projection for more). Also the file plumbing every plot shares: the format from the
/// file's extension, and writing.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/analysis/analysis.h"
#include "parley/core/result.h"
#include "parley/picture/chart.h"
#include "parley/preference/compiled_profile.h"

namespace parley::picture {

enum class PlotFormat { kSvg, kHtml };

/// .svg -> kSvg, .html / .htm -> kHtml; anything else is an error naming `path`, `field` and the
/// allowed extensions.
Result<PlotFormat> PlotFormatForPath(const std::string& path, const std::string& field);

/// Writes `text` to `path`; errors name the file and `field`.
Status WritePictureFile(const std::string& path, const std::string& text, const std::string& field);

/// One SVG document as the requested format (HTML wraps it in `HtmlPage`).
std::string AsFormat(PlotFormat format, const std::string& svg, const std::string& title);

/// Outcomes in utility space: every outcome when the space has at most `max_points`, else a
/// sample of `max_points` drawn with a fixed seed (so the picture is deterministic).
struct OutcomeCloud {
  std::vector<std::vector<double>> utilities;  ///< One vector (one utility per party) each.
  std::vector<bool> in_zopa;  ///< Acceptable and strictly above every reservation value.
  bool sampled = false;
};
OutcomeCloud ComputeOutcomeCloud(const OutcomeSpace& space,
                                 std::span<const CompiledProfile* const> profiles,
                                 size_t max_points = 20'000);

/// The solution points to mark (utility vectors, party order); nullopt when unknown.
struct SolutionPoints {
  std::optional<std::vector<double>> nash, kalai, kalai_smorodinsky, max_welfare, egalitarian;
};
SolutionPoints SolutionPointsOf(const Analysis& analysis);
/// Chosen from `frontier` with the analysis's own definitions (empty frontier: none).
SolutionPoints SolutionPointsOf(const ParetoFrontier& frontier,
                                std::span<const double> reservations);

/// What a utility-space chart is drawn from. Pointers may be null (not drawn); they must
/// outlive the call.
struct UtilitySpace {
  std::vector<std::string> party_labels;
  std::vector<double> reservations;
  const OutcomeCloud* cloud = nullptr;
  const ParetoFrontier* frontier = nullptr;
  SolutionPoints points;
  double lo = 0, hi = 1;  ///< Utility range of both axes.
};

/// Party `x` against party `y`. With 2 parties the frontier is a line; with more, the frontier's
/// points are projected (dots: a projection is no frontier). `shade_zopa` shades the region
/// above both reservation values (2 parties: exactly the ZOPA) and colours the cloud's ZOPA
/// outcomes.
Chart UtilitySpaceChart(const UtilitySpace& space, size_t x, size_t y, double size,
                        bool shade_zopa);

/// Legend entries for what `UtilitySpaceChart` draws (cloud, frontier, markers present, ZOPA).
std::vector<LegendEntry> UtilitySpaceLegend(const UtilitySpace& space, bool shade_zopa,
                                            bool projected);

/// The utility range to show: [min(0, lowest utility), max(1, highest)].
std::pair<double, double> UtilityRange(const OutcomeCloud& cloud);

/// `parley analyze --plot`: the outcome cloud, the frontier, every solution point and the ZOPA
/// shaded; for 3+ parties every pairwise projection (at most 6 parties: 15 charts). SVG text.
Result<std::string> RenderAnalysisPicture(const Scenario& scenario, const Analysis& analysis,
                                          size_t max_cloud_points = 20'000);

}  // namespace parley::picture
