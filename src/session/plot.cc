#include "parley/session/plot.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "parley/core/text.h"

namespace parley {
namespace {

using picture::Chart;
using picture::Figure;
using picture::LegendEntry;
using picture::Num;
using picture::PartyColour;
using picture::Series;

/// Offers carry tooltips only while the file stays small.
constexpr size_t kMaxTippedMoves = 4000;

const char* kMediatorColour = "#555555";

std::string PartyLabel(const SessionResult& r, size_t i) {
  return r.parties[i] + " (" + r.agents[i] + ")";
}

std::string WhoName(const SessionResult& r, int party) {
  return party == kMediator ? "mediator" : r.parties[static_cast<size_t>(party)];
}

/// The moves that put a complete outcome on the table, with every party's utility for it.
bool IsOfferMove(const Move& m, size_t parties) {
  return std::holds_alternative<Offer>(m.action) && m.utilities.size() == parties;
}

std::string MoveTip(const PreparedScenario& scenario, const SessionResult& r, const Move& m) {
  std::string tip = WhoName(r, m.party) + ", round " + std::to_string(m.round + 1) +
                    " (t = " + FormatFixed(m.time, 3) + ")";
  for (size_t i = 0; i < m.utilities.size(); ++i)
    tip += "\n" + r.parties[i] + ": " + FormatFixed(m.utilities[i], 3);
  if (m.outcome) tip += "\n" + scenario.space().Describe(*m.outcome);
  return tip;
}

/// The offers in parallel coordinates: one vertical axis per party (utility lo..hi), one
/// polyline per offer in its proposer's colour, light early and dark late; the agreement and
/// the Nash point on top.
Figure ParallelCoordinates(const PreparedScenario& scenario, const SessionResult& r,
                           const picture::SolutionPoints& points, double lo, double hi,
                           double width) {
  const size_t n = scenario.NumParties();
  const double height = 270, top = 46, bottom = 40, left = 70, right = 70;
  const double ph = height - top - bottom;
  auto AX = [&](size_t i) { return left + (width - left - right) * i / (n - 1.0); };
  auto Y = [&](double u) { return top + ph - (u - lo) / (hi - lo) * ph; };
  std::string s =
      "<text class=\"chart-title\" x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"bold\">"
      "Offers in parallel coordinates (one axis per party's utility)</text>\n";
  auto polyline = [&](const std::vector<double>& u) {
    std::string d;
    for (size_t i = 0; i < n; ++i) d += (i == 0 ? "M" : " L") + Num(AX(i)) + " " + Num(Y(u[i]));
    return d;
  };
  const auto& moves = r.negotiation.moves;
  std::string lines = "<g class=\"parallel-offers\" fill=\"none\" stroke-width=\"1.2\">";
  size_t count = 0;
  for (const Move& m : moves) {
    if (!IsOfferMove(m, n)) continue;
    ++count;
    const double opacity = 0.15 + 0.6 * std::clamp(m.time, 0.0, 1.0);
    lines += "<path d=\"" + polyline(m.utilities) + "\" stroke=\"" +
             (m.party == kMediator ? kMediatorColour : PartyColour(static_cast<size_t>(m.party))) +
             "\" stroke-opacity=\"" + Num(opacity, 2) + "\">" +
             (moves.size() <= kMaxTippedMoves
                  ? "<title>" + EscapeMarkup(MoveTip(scenario, r, m)) + "</title>"
                  : std::string()) +
             "</path>";
  }
  lines += "</g>\n";
  s += lines;
  std::string axes = "<g class=\"axes\" font-size=\"11\">";
  for (size_t i = 0; i < n; ++i) {
    axes += "<line x1=\"" + Num(AX(i)) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(AX(i)) +
            "\" y2=\"" + Num(top + ph) + "\" stroke=\"#333\"/>";
    for (double u : {0.0, 0.5, 1.0}) {
      if (u < lo || u > hi) continue;
      axes += "<line x1=\"" + Num(AX(i) - 3) + "\" y1=\"" + Num(Y(u)) + "\" x2=\"" + Num(AX(i)) +
              "\" y2=\"" + Num(Y(u)) + "\" stroke=\"#333\"/><text x=\"" + Num(AX(i) - 6) +
              "\" y=\"" + Num(Y(u) + 4) +
              "\" text-anchor=\"end\" fill=\"#333\" stroke=\"white\" stroke-width=\"3\" "
              "paint-order=\"stroke\">" +
              FormatFixed(u, 1) + "</text>";
    }
    axes += "<text class=\"axis-label\" x=\"" + Num(AX(i)) + "\" y=\"" + Num(top + ph + 18) +
            "\" text-anchor=\"middle\" font-size=\"12\" fill=\"" + PartyColour(i) +
            "\" font-weight=\"bold\">" + EscapeMarkup(r.parties[i]) + "</text>";
  }
  axes += "</g>\n";
  s += axes;
  if (points.nash) {
    s += "<path class=\"parallel-nash\" d=\"" + polyline(*points.nash) +
         "\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>"
         "Nash point</title></path>\n";
  }
  if (r.negotiation.agreement && r.metrics.utilities.size() == n) {
    s += "<path class=\"parallel-agreement\" d=\"" + polyline(r.metrics.utilities) +
         "\" fill=\"none\" stroke=\"#000\" stroke-width=\"3.2\"><title>agreement</title></path>\n";
  }
  s +=
      "<text x=\"0\" y=\"34\" font-size=\"11\" fill=\"#555\">" + std::to_string(count) +
      " offers, darker as time passes; thick black: the agreement; dashed: the Nash point</text>\n";
  return {s, width, height};
}

}  // namespace

Result<std::pair<size_t, size_t>> ParsePlotAxes(const std::string& text, const Scenario& scenario) {
  const size_t comma = text.find(',');
  auto party = [&](std::string part) -> std::optional<size_t> {
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (auto found = scenario.FindParty(part)) return found;
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    const size_t i = std::strtoul(part.c_str(), nullptr, 10);
    if (part.size() > 3 || i >= scenario.NumParties()) return std::nullopt;
    return i;
  };
  std::string names;
  for (const Party& p : scenario.parties) names += (names.empty() ? "" : ", ") + p.name;
  const Error bad = Error::BadInput(
      "expected two different parties, as names or 0-based indices separated by a comma "
      "(parties: " +
          names + "); got '" + text + "'",
      {}, 0, "--plot-axes");
  if (comma == std::string::npos) return bad;
  const auto x = party(text.substr(0, comma)), y = party(text.substr(comma + 1));
  if (!x || !y || *x == *y) return bad;
  return std::pair{*x, *y};
}

Result<Figure> PlotFigure(const PreparedScenario& scenario, const SessionResult& result,
                          const ReferencePoints& reference, const PlotOptions& options,
                          double /*max_width*/) {
  const size_t n = scenario.NumParties();
  if (n < 2) {
    return Error::BadInput("a utility-space plot needs at least 2 parties; scenario '" +
                               result.scenario + "' has " + std::to_string(n),
                           {}, 0, "--plot");
  }
  const auto [ax, ay] = options.axes.value_or(std::pair<size_t, size_t>{0, 1});
  if (ax >= n || ay >= n || ax == ay) {
    return Error::BadInput("the plot's axes must be two different parties of the " +
                               std::to_string(n) + " in the scenario",
                           {}, 0, "--plot-axes");
  }
  const NegotiationResult& neg = result.negotiation;
  std::vector<const CompiledProfile*> profiles;
  for (size_t i = 0; i < n; ++i) profiles.push_back(&scenario.profile(i));
  const picture::OutcomeCloud cloud =
      picture::ComputeOutcomeCloud(scenario.space(), profiles, options.max_cloud_points);

  picture::UtilitySpace space;
  for (size_t i = 0; i < n; ++i) space.party_labels.push_back(PartyLabel(result, i));
  for (size_t i = 0; i < n; ++i)
    space.reservations.push_back(scenario.profile(i).reservation_value());
  space.cloud = &cloud;
  if (reference.frontier) {
    space.frontier = &*reference.frontier;
    space.points = picture::SolutionPointsOf(*reference.frontier, space.reservations);
  }
  std::tie(space.lo, space.hi) = picture::UtilityRange(cloud);
  const bool projected = n > 2;
  const bool tipped = neg.moves.size() <= kMaxTippedMoves;

  // Offers of each proposer (the parties, then the mediator), in order.
  std::vector<int> proposers;
  for (size_t i = 0; i < n; ++i) proposers.push_back(static_cast<int>(i));
  proposers.push_back(kMediator);
  auto offers_of = [&](int party) {
    std::vector<const Move*> out;
    for (const Move& m : neg.moves)
      if (m.party == party && IsOfferMove(m, n)) out.push_back(&m);
    return out;
  };

  // The utility-space panel.
  const double main_size = 500;
  Chart main = picture::UtilitySpaceChart(space, ax, ay, main_size, false);
  main.title = "Utility space";
  std::vector<LegendEntry> legend = picture::UtilitySpaceLegend(space, false, projected);
  for (int p : proposers) {
    const auto offers = offers_of(p);
    if (offers.empty()) continue;
    const std::string colour =
        p == kMediator ? kMediatorColour : PartyColour(static_cast<size_t>(p));
    Series series{.label = (p == kMediator ? "mediator" : result.parties[p]) + " offers",
                  .colour = colour};
    series.opacity_by_order = true;
    series.dot_radius = 3.6;
    for (const Move* m : offers) {
      series.points.emplace_back(m->utilities[ax], m->utilities[ay]);
      if (tipped) series.tips.push_back(MoveTip(scenario, result, *m));
    }
    legend.push_back(picture::DotEntry(series.label, colour));
    main.series.push_back(std::move(series));
  }
  std::optional<picture::Marker> agreement;
  if (neg.agreement && result.metrics.utilities.size() == n) {
    std::string tip = "agreement in round " + std::to_string(neg.rounds);
    for (size_t i = 0; i < n; ++i)
      tip += "\n" + result.parties[i] + ": " + FormatFixed(result.metrics.utilities[i], 3);
    tip += "\n" + scenario.space().Describe(*neg.agreement);
    agreement = picture::Marker{.style = picture::AgreementStyle(),
                                .x = result.metrics.utilities[ax],
                                .y = result.metrics.utilities[ay],
                                .tip = tip};
    main.markers.push_back(*agreement);
    legend.push_back(picture::MarkerEntry(picture::AgreementStyle()));
  }

  // A panel per party: its utility over time for its own offers and the others'.
  const double panel_w = 430;
  const double panel_h = std::max(200.0, main_size / static_cast<double>(n));
  std::vector<Figure> panels;
  bool any_others = false;
  for (size_t i = 0; i < n; ++i) {
    Chart c;
    c.title = PartyLabel(result, i);
    c.width = panel_w;
    c.height = panel_h;
    c.x_lo = 0;
    c.x_hi = 1;
    c.y_lo = space.lo;
    c.y_hi = space.hi;
    c.x_label = "time (share of the deadline)";
    c.y_label = "utility";
    const double rv = space.reservations[i];
    c.lines.push_back({true, rv, "#555555", "reservation value " + FormatFixed(rv, 3)});
    for (int p : proposers) {
      const auto offers = offers_of(p);
      if (offers.empty()) continue;
      const bool own = p == static_cast<int>(i);
      Series series{
          .label = own ? "own offers" : WhoName(result, p) + "'s offers",
          .colour = p == kMediator ? kMediatorColour : PartyColour(static_cast<size_t>(p))};
      series.dot_radius = own ? 2.6 : 1.9;
      series.dashed = !own;
      any_others = any_others || !own;
      for (const Move* m : offers) {
        series.points.emplace_back(m->time, m->utilities[i]);
        if (tipped)
          series.tips.push_back(WhoName(result, p) + "'s offer at t = " + FormatFixed(m->time, 3) +
                                ", worth " + FormatFixed(m->utilities[i], 3) + " to " +
                                result.parties[i]);
      }
      // Own offers are drawn last, on top.
      if (own) {
        c.series.push_back(std::move(series));
      } else {
        c.series.insert(c.series.begin(), std::move(series));
      }
    }
    if (agreement) {
      c.markers.push_back(
          picture::Marker{.style = picture::AgreementStyle(),
                          .x = std::clamp(neg.time, 0.0, 1.0),
                          .y = result.metrics.utilities[i],
                          .tip = "agreement: " + FormatFixed(result.metrics.utilities[i], 3) +
                                 " to " + result.parties[i],
                          .radius = 6});
    }
    panels.push_back(picture::RenderChart(c));
  }
  legend.push_back({"time panels: own offers solid, others' dashed",
                    "<path d=\"M-9 0 L9 0\" stroke=\"#333\" stroke-width=\"2\" "
                    "stroke-dasharray=\"4 3\"/>"});
  (void)any_others;

  // Heading.
  std::string title = result.scenario + ": ";
  for (size_t i = 0; i < n; ++i) title += (i ? " vs " : "") + result.agents[i];
  title += " under " + result.protocol;
  std::vector<std::string> lines;
  std::string outcome;
  if (neg.agreement) {
    outcome = "agreement in round " + std::to_string(neg.rounds) + " (";
    for (size_t i = 0; i < n; ++i)
      outcome +=
          (i ? ", " : "") + result.parties[i] + " " + FormatFixed(result.metrics.utilities[i], 3);
    outcome += ")";
  } else {
    outcome = "no agreement (" + std::string(EndReasonName(neg.reason)) + ") after " +
              std::to_string(neg.rounds) + " rounds";
  }
  if (result.metrics.pareto_distance)
    outcome += "; distance to Pareto " + FormatFixed(*result.metrics.pareto_distance, 3);
  if (result.metrics.nash_distance)
    outcome += ", to Nash " + FormatFixed(*result.metrics.nash_distance, 3);
  lines.push_back(outcome);
  if (projected) {
    lines.push_back("utility space: " + result.parties[ax] + " × " + result.parties[ay] + " of " +
                    std::to_string(n) +
                    " parties (choose with --plot-axes); the frontier is projected");
  }
  if (!reference.note.empty()) lines.push_back(reference.note);

  const double gap = 24;
  const double width = main_size + gap + panel_w;
  const Figure heading = picture::RenderHeading(title, lines, width);
  std::string body = picture::Place(heading, 0, 0, "heading");
  double y = heading.height + 6;
  body += picture::Place(picture::RenderChart(main), 0, y, "panel utility-space");
  double py = y;
  for (size_t i = 0; i < panels.size(); ++i) {
    body += picture::Place(panels[i], main_size + gap, py,
                           "panel utility-time party-" + std::to_string(i));
    py += panel_h;
  }
  y = std::max(y + main_size, py) + 10;
  const Figure legend_figure = picture::RenderLegend(legend, 3, width / 3, "Legend");
  body += picture::Place(legend_figure, 10, y);
  y += legend_figure.height + 14;
  if (projected) {
    const Figure parallel =
        ParallelCoordinates(scenario, result, space.points, space.lo, space.hi, width);
    body += picture::Place(parallel, 0, y, "panel parallel");
    y += parallel.height + 6;
  }
  return Figure{body, width, y};
}

Result<std::string> RenderPlot(const PreparedScenario& scenario, const SessionResult& result,
                               const ReferencePoints& reference, const PlotOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(Figure figure, PlotFigure(scenario, result, reference, options));
  const double margin = 16;
  const std::string title = result.scenario + " (" + result.protocol + ")";
  const std::string svg =
      picture::SvgDocument(picture::Place(figure, margin, margin), figure.width + 2 * margin,
                           figure.height + 2 * margin, title);
  return picture::AsFormat(options.format, svg, title);
}

Status WritePlotFile(const std::string& path, const PreparedScenario& scenario,
                     const SessionResult& result, const ReferencePoints& reference,
                     const PlotOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(PlotFormat format, picture::PlotFormatForPath(path, "--plot"));
  PlotOptions with_format = options;
  with_format.format = format;
  PARLEY_ASSIGN_OR_RETURN(std::string text, RenderPlot(scenario, result, reference, with_format));
  return picture::WritePictureFile(path, text, "--plot");
}

}  // namespace parley
