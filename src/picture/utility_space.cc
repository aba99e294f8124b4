#include "parley/picture/utility_space.h"

#include <algorithm>
#include <fstream>
#include <tuple>

#include "parley/core/random.h"
#include "parley/core/text.h"

namespace parley::picture {
namespace {

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<std::vector<double>> Utilities(const UtilityPoint& p) {
  if (p.utilities.empty()) return std::nullopt;
  return p.utilities;
}

std::string PointTip(std::string_view label, const std::vector<double>& u,
                     const std::vector<std::string>& parties) {
  std::string tip(label);
  for (size_t i = 0; i < u.size(); ++i)
    tip += "\n" + (i < parties.size() ? parties[i] : "party " + std::to_string(i)) + ": " +
           FormatFixed(u[i], 3);
  return tip;
}

}  // namespace

Result<PlotFormat> PlotFormatForPath(const std::string& path, const std::string& field) {
  if (EndsWith(path, ".svg")) return PlotFormat::kSvg;
  if (EndsWith(path, ".html") || EndsWith(path, ".htm")) return PlotFormat::kHtml;
  return Error::BadInput("unknown plot format: expected a .svg, .html or .htm file", path, 0,
                         field);
}

Status WritePictureFile(const std::string& path, const std::string& text,
                        const std::string& field) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Error::BadInput("cannot write the plot file", path, 0, field);
  out << text;
  out.flush();
  if (!out) return Error::BadInput("failed while writing the plot file", path, 0, field);
  return {};
}

std::string AsFormat(PlotFormat format, const std::string& svg, const std::string& title) {
  return format == PlotFormat::kSvg ? svg : HtmlPage(title, {svg});
}

OutcomeCloud ComputeOutcomeCloud(const OutcomeSpace& space,
                                 std::span<const CompiledProfile* const> profiles,
                                 size_t max_points) {
  OutcomeCloud cloud;
  auto add = [&](const Outcome& o) {
    std::vector<double> u;
    bool zopa = true;
    for (const CompiledProfile* p : profiles) {
      u.push_back(p->Utility(o));
      zopa = zopa && p->Acceptable(o) && u.back() > p->reservation_value();
    }
    cloud.utilities.push_back(std::move(u));
    cloud.in_zopa.push_back(zopa);
  };
  if (space.Indexable() && space.Size() <= static_cast<double>(max_points)) {
    Outcome o(space.NumIssues(), 0);
    do add(o);
    while (space.Next(o));
  } else {
    cloud.sampled = true;
    Rng rng(0x9107);
    Outcome o(space.NumIssues());
    for (size_t s = 0; s < max_points; ++s) {
      for (size_t i = 0; i < o.size(); ++i)
        o[i] = static_cast<ValueIndex>(rng.Below(space.issue(i).Cardinality()));
      add(o);
    }
  }
  return cloud;
}

SolutionPoints SolutionPointsOf(const Analysis& analysis) {
  SolutionPoints s;
  if (analysis.nash) s.nash = Utilities(*analysis.nash);
  s.kalai = Utilities(analysis.kalai);
  s.kalai_smorodinsky = Utilities(analysis.kalai_smorodinsky);
  s.max_welfare = Utilities(analysis.max_welfare);
  s.egalitarian = Utilities(analysis.egalitarian);
  return s;
}

SolutionPoints SolutionPointsOf(const ParetoFrontier& frontier,
                                std::span<const double> reservations) {
  SolutionPoints s;
  if (frontier.points.empty()) return s;
  std::vector<double> best(reservations.size(), 0);
  for (const UtilityPoint& p : frontier.points)
    for (size_t i = 0; i < best.size() && i < p.utilities.size(); ++i)
      best[i] = std::max(best[i], p.utilities[i]);
  if (auto nash = NashPoint(frontier, reservations)) s.nash = Utilities(*nash);
  s.kalai = Utilities(KalaiPoint(frontier));
  s.kalai_smorodinsky = Utilities(KalaiSmorodinskyPoint(frontier, reservations, best));
  s.max_welfare = Utilities(MaxWelfarePoint(frontier));
  s.egalitarian = Utilities(EgalitarianPoint(frontier, reservations));
  return s;
}

std::pair<double, double> UtilityRange(const OutcomeCloud& cloud) {
  double lo = 0, hi = 1;
  for (const auto& u : cloud.utilities)
    for (double v : u) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  return {lo, hi};
}

Chart UtilitySpaceChart(const UtilitySpace& space, size_t x, size_t y, double size,
                        bool shade_zopa) {
  Chart c;
  c.width = size;
  c.height = size;
  c.x_lo = c.y_lo = space.lo;
  c.x_hi = c.y_hi = space.hi;
  c.x_label = "utility of " + space.party_labels[x];
  c.y_label = "utility of " + space.party_labels[y];
  const bool bilateral = space.party_labels.size() == 2;
  if (space.cloud) {
    for (size_t i = 0; i < space.cloud->utilities.size(); ++i) {
      c.cloud.emplace_back(space.cloud->utilities[i][x], space.cloud->utilities[i][y]);
      // With two parties the shaded rectangle is the ZOPA; with more, its outcomes are coloured.
      c.cloud_flag.push_back(shade_zopa && !bilateral && space.cloud->in_zopa[i]);
    }
  }
  const double rx = x < space.reservations.size() ? space.reservations[x] : 0;
  const double ry = y < space.reservations.size() ? space.reservations[y] : 0;
  if (shade_zopa) {
    c.shade = {{rx, ry}, {space.hi, space.hi}};
    c.shade_tip = bilateral ? "ZOPA: every party above its reservation value"
                            : "above both reservation values (the ZOPA's outcomes are coloured)";
  }
  if (rx > space.lo) {
    c.lines.push_back(
        {false, rx, "#555555",
         "reservation value of " + space.party_labels[x] + ": " + FormatFixed(rx, 3)});
  }
  if (ry > space.lo) {
    c.lines.push_back(
        {true, ry, "#555555",
         "reservation value of " + space.party_labels[y] + ": " + FormatFixed(ry, 3)});
  }
  if (space.frontier && !space.frontier->points.empty()) {
    std::vector<std::pair<double, double>> pts;
    for (const UtilityPoint& p : space.frontier->points)
      pts.emplace_back(p.utilities[x], p.utilities[y]);
    std::sort(pts.begin(), pts.end());
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    if (bilateral) {
      c.frontier = pts;
      if (pts.size() <= 400) {
        Series dots{.label = "Pareto frontier", .colour = "#222222", .points = pts};
        dots.joined = false;
        dots.dot_radius = 2.2;
        c.series.push_back(std::move(dots));
      }
    } else {
      Series dots{.label = "Pareto frontier (projected)", .colour = "#222222", .points = pts};
      dots.joined = false;
      dots.dot_radius = 1.8;
      c.series.push_back(std::move(dots));
    }
  }
  auto mark = [&](const std::optional<std::vector<double>>& p, MarkerStyle style) {
    if (!p) return;
    Marker m{.style = style, .x = (*p)[x], .y = (*p)[y]};
    m.tip = PointTip(style.label, *p, space.party_labels);
    c.markers.push_back(std::move(m));
  };
  // Coinciding points are fanned out by RenderChart.
  mark(space.points.max_welfare, MaxWelfareStyle());
  mark(space.points.egalitarian, EgalitarianStyle());
  mark(space.points.kalai_smorodinsky, KalaiSmorodinskyStyle());
  mark(space.points.kalai, KalaiStyle());
  mark(space.points.nash, NashStyle());
  for (Marker& m : c.markers) m.radius = 7;
  return c;
}

std::vector<LegendEntry> UtilitySpaceLegend(const UtilitySpace& space, bool shade_zopa,
                                            bool projected) {
  std::vector<LegendEntry> legend;
  if (space.cloud)
    legend.push_back(DotEntry(space.cloud->sampled ? "outcomes (sample)" : "outcomes", kGrey));
  if (shade_zopa) {
    legend.push_back(
        BoxEntry(projected ? "above both reservation values" : "ZOPA", "#56B4E933", kSky));
    if (projected) legend.push_back(DotEntry("outcomes in the ZOPA", kSky));
  }
  if (space.frontier && !space.frontier->points.empty()) {
    legend.push_back(projected ? DotEntry("Pareto frontier (projected)", "#222222")
                               : LineEntry("Pareto frontier", "#222222"));
  }
  if (std::any_of(space.reservations.begin(), space.reservations.end(),
                  [&](double r) { return r > space.lo; }))
    legend.push_back(LineEntry("reservation value", "#555555", true));
  if (space.points.nash) legend.push_back(MarkerEntry(NashStyle()));
  if (space.points.kalai) legend.push_back(MarkerEntry(KalaiStyle()));
  if (space.points.kalai_smorodinsky) legend.push_back(MarkerEntry(KalaiSmorodinskyStyle()));
  if (space.points.max_welfare) legend.push_back(MarkerEntry(MaxWelfareStyle()));
  if (space.points.egalitarian) legend.push_back(MarkerEntry(EgalitarianStyle()));
  return legend;
}

Result<std::string> RenderAnalysisPicture(const Scenario& scenario, const Analysis& analysis,
                                          size_t max_cloud_points) {
  const size_t n = scenario.NumParties();
  if (n < 2) {
    return Error::BadInput("a utility-space plot needs at least 2 parties; scenario '" +
                               scenario.name + "' has " + std::to_string(n),
                           {}, 0, "--plot");
  }
  if (n > 6) {
    return Error::BadInput("pairwise projections are drawn for at most 6 parties; scenario '" +
                               scenario.name + "' has " + std::to_string(n),
                           {}, 0, "--plot");
  }
  std::vector<CompiledProfile> profiles;
  for (const Party& p : scenario.parties) profiles.emplace_back(p.profile);
  std::vector<const CompiledProfile*> pointers;
  for (const CompiledProfile& p : profiles) pointers.push_back(&p);
  const OutcomeCloud cloud = ComputeOutcomeCloud(scenario.space, pointers, max_cloud_points);
  UtilitySpace space;
  for (const Party& p : scenario.parties) space.party_labels.push_back(p.name);
  for (const PartyRange& r : analysis.ranges) space.reservations.push_back(r.reservation);
  space.cloud = &cloud;
  space.frontier = &analysis.frontier;
  space.points = SolutionPointsOf(analysis);
  std::tie(space.lo, space.hi) = UtilityRange(cloud);

  const bool projected = n > 2;
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) pairs.emplace_back(i, j);
  const double size = projected ? 340 : 540;
  const size_t per_row = projected ? std::min<size_t>(3, pairs.size()) : 1;
  const size_t rows = (pairs.size() + per_row - 1) / per_row;
  const double legend_width = 270;
  const double width = 24 + per_row * (size + 12) + legend_width;

  std::vector<std::string> lines;
  lines.push_back(std::to_string(n) + " parties, " + FormatFixed(analysis.outcomes, 0) +
                  " outcomes, " + std::to_string(analysis.frontier.points.size()) +
                  " on the Pareto frontier" + (analysis.frontier.exact ? "" : " (approximate)"));
  lines.push_back("ZOPA: " + FormatFixed(analysis.zopa.outcomes, 0) + " outcomes (" +
                  FormatFixed(100 * analysis.zopa.share, 1) + "% of the space" +
                  (analysis.zopa.exact ? "" : ", estimated") + "); opposition " +
                  FormatFixed(analysis.opposition, 3));
  if (projected) lines.push_back("every pair of parties: each chart is a projection");
  const Figure heading = RenderHeading("Analysis of " + scenario.name, lines, width);

  std::string body = Place(heading, 24, 14, "heading");
  const double top = 14 + heading.height + 8;
  for (size_t k = 0; k < pairs.size(); ++k) {
    Chart c = UtilitySpaceChart(space, pairs[k].first, pairs[k].second, size, true);
    if (projected)
      c.title = space.party_labels[pairs[k].first] + " × " + space.party_labels[pairs[k].second];
    body += Place(RenderChart(c), 24 + (k % per_row) * (size + 12),
                  top + (k / per_row) * (size + 12), "panel utility-space");
  }
  const Figure legend =
      RenderLegend(UtilitySpaceLegend(space, true, projected), 1, legend_width - 10, "Legend");
  body += Place(legend, 24 + per_row * (size + 12) + 6, top + 30);
  const double height = top + rows * (size + 12) + 12;
  return SvgDocument(body, width, std::max(height, top + legend.height + 40),
                     "Analysis of " + scenario.name);
}

}  // namespace parley::picture
