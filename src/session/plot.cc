#include "parley/session/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "parley/core/random.h"
#include "parley/core/text.h"

namespace parley {
namespace {

/// Coordinates with one decimal: enough for the eye, short for the file.
std::string C(double x) { return FormatFixed(x, 1); }

// Party colours: blue, orange, then green, red for further parties; the mediator purple-grey.
const char* kPartyColour[] = {"#1f6fb4", "#e8741c", "#2e9e4f", "#c9302c"};
const char* kMediatorColour = "#7d5ba6";

struct Frame {
  double x0, y0, size;  // plot square in pixels
  double lo, hi;        // utility range shown on both axes
  double X(double u) const { return x0 + (u - lo) / (hi - lo) * size; }
  double Y(double u) const { return y0 + size - (u - lo) / (hi - lo) * size; }
};

}  // namespace

Result<std::string> RenderPlot(const PreparedScenario& scenario, const SessionResult& result,
                               const ReferencePoints& reference, const PlotOptions& options) {
  if (scenario.NumParties() < 2) {
    return Error::BadInput("a utility-space plot needs at least 2 parties; scenario '" +
                           result.scenario + "' has " + std::to_string(scenario.NumParties()));
  }
  const OutcomeSpace& space = scenario.space();
  const CompiledProfile& a = scenario.profile(0);
  const CompiledProfile& b = scenario.profile(1);
  const bool bilateral = scenario.NumParties() == 2;

  // The outcome cloud: every outcome, or a seeded sample of large spaces.
  std::vector<std::pair<double, double>> cloud;
  bool sampled = false;
  if (space.Indexable() && space.Size() <= static_cast<double>(options.max_cloud_points)) {
    Outcome o(space.NumIssues(), 0);
    do {
      cloud.emplace_back(a.Utility(o), b.Utility(o));
    } while (space.Next(o));
  } else {
    sampled = true;
    Rng rng(0x9107);
    Outcome o(space.NumIssues());
    for (size_t s = 0; s < options.max_cloud_points; ++s) {
      for (size_t i = 0; i < o.size(); ++i)
        o[i] = static_cast<ValueIndex>(rng.Below(space.issue(i).Cardinality()));
      cloud.emplace_back(a.Utility(o), b.Utility(o));
    }
  }

  double lo = 0, hi = 1;
  for (const auto& [x, y] : cloud) {
    lo = std::min({lo, x, y});
    hi = std::max({hi, x, y});
  }
  const int width = options.width, height = options.height;
  const double size = std::min(width - 70.0 - 200.0, height - 70.0 - 60.0);
  const Frame f{70, 70, size, lo, hi};

  std::string svg;
  auto add = [&](const std::string& s) { svg += s; };
  add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
      "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
      std::to_string(height) + "\" font-family=\"Helvetica, Arial, sans-serif\">\n");
  add("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");

  // Title and outcome line.
  std::string title = result.scenario + ": " + result.agents[0] + " vs " + result.agents[1];
  if (!bilateral) title += " (+" + std::to_string(scenario.NumParties() - 2) + " more)";
  title += ", " + result.protocol;
  add("<text x=\"" + C(f.x0) + "\" y=\"26\" font-size=\"16\" font-weight=\"bold\">" +
      EscapeMarkup(title) + "</text>\n");
  std::string subtitle;
  const NegotiationResult& n = result.negotiation;
  if (n.agreement) {
    subtitle = "agreement in round " + std::to_string(n.rounds);
  } else {
    subtitle = "no agreement (" + std::string(EndReasonName(n.reason)) + ") after " +
               std::to_string(n.rounds) + " rounds";
  }
  if (result.metrics.pareto_distance) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "; distance to Pareto %.3f", *result.metrics.pareto_distance);
    subtitle += buf;
  }
  if (result.metrics.nash_distance) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ", to Nash %.3f", *result.metrics.nash_distance);
    subtitle += buf;
  }
  add("<text x=\"" + C(f.x0) + "\" y=\"46\" font-size=\"12\" fill=\"#444\">" +
      EscapeMarkup(subtitle) + "</text>\n");

  // Axes, grid and ticks.
  add("<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n");
  for (int t = 0; t <= 10; ++t) {
    const double u = lo + (hi - lo) * t / 10.0;
    add("<line x1=\"" + C(f.X(u)) + "\" y1=\"" + C(f.y0) + "\" x2=\"" + C(f.X(u)) + "\" y2=\"" +
        C(f.y0 + size) + "\"/>");
    add("<line x1=\"" + C(f.x0) + "\" y1=\"" + C(f.Y(u)) + "\" x2=\"" + C(f.x0 + size) +
        "\" y2=\"" + C(f.Y(u)) + "\"/>\n");
  }
  add("</g>\n");
  add("<rect x=\"" + C(f.x0) + "\" y=\"" + C(f.y0) + "\" width=\"" + C(size) + "\" height=\"" +
      C(size) + "\" fill=\"none\" stroke=\"#333\"/>\n");
  add("<g font-size=\"11\" fill=\"#333\">\n");
  for (int t = 0; t <= 10; t += 2) {
    const double u = lo + (hi - lo) * t / 10.0;
    char label[16];
    std::snprintf(label, sizeof label, "%.1f", u);
    add("<text x=\"" + C(f.X(u)) + "\" y=\"" + C(f.y0 + size + 16) + "\" text-anchor=\"middle\">" +
        label + "</text>");
    add("<text x=\"" + C(f.x0 - 8) + "\" y=\"" + C(f.Y(u) + 4) + "\" text-anchor=\"end\">" + label +
        "</text>\n");
  }
  add("</g>\n");
  add("<text x=\"" + C(f.x0 + size / 2) + "\" y=\"" + C(f.y0 + size + 40) +
      "\" font-size=\"13\" text-anchor=\"middle\">utility of " +
      EscapeMarkup(result.parties[0] + " (" + result.agents[0] + ")") + "</text>\n");
  add("<text transform=\"translate(" + C(f.x0 - 42) + "," + C(f.y0 + size / 2) +
      ") rotate(-90)\" font-size=\"13\" text-anchor=\"middle\">utility of " +
      EscapeMarkup(result.parties[1] + " (" + result.agents[1] + ")") + "</text>\n");

  // Reservation values.
  const double rv0 = a.reservation_value(), rv1 = b.reservation_value();
  add("<g stroke=\"#999\" stroke-dasharray=\"4 3\" stroke-width=\"1\">");
  if (rv0 > lo) {
    add("<line x1=\"" + C(f.X(rv0)) + "\" y1=\"" + C(f.y0) + "\" x2=\"" + C(f.X(rv0)) + "\" y2=\"" +
        C(f.y0 + size) + "\"/>");
  }
  if (rv1 > lo) {
    add("<line x1=\"" + C(f.x0) + "\" y1=\"" + C(f.Y(rv1)) + "\" x2=\"" + C(f.x0 + size) +
        "\" y2=\"" + C(f.Y(rv1)) + "\"/>");
  }
  add("</g>\n");

  // The cloud, one dot per distinct half-pixel.
  {
    std::set<std::pair<long, long>> seen;
    add("<g fill=\"#9a9a9a\" fill-opacity=\"0.45\">\n");
    for (const auto& [x, y] : cloud) {
      const double px = f.X(x), py = f.Y(y);
      if (!seen.insert({std::lround(px * 2), std::lround(py * 2)}).second) continue;
      add("<circle cx=\"" + C(px) + "\" cy=\"" + C(py) + "\" r=\"1.3\"/>");
    }
    add("\n</g>\n");
  }

  // The Pareto frontier (2 parties only: with more, its projection is not a frontier).
  if (bilateral && reference.frontier && !reference.frontier->points.empty()) {
    std::vector<std::pair<double, double>> pts;
    for (const auto& p : reference.frontier->points)
      pts.emplace_back(p.utilities[0], p.utilities[1]);
    std::sort(pts.begin(), pts.end());
    std::string path;
    for (const auto& [x, y] : pts)
      path += (path.empty() ? "M" : " L") + C(f.X(x)) + " " + C(f.Y(y));
    add("<path d=\"" + path + "\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/>\n");
    add("<g fill=\"#222\">");
    for (const auto& [x, y] : pts)
      add("<circle cx=\"" + C(f.X(x)) + "\" cy=\"" + C(f.Y(y)) + "\" r=\"2.2\"/>");
    add("</g>\n");
  }

  // Offers over time: per party (and the mediator), light early, dark late, joined in order.
  auto series = [&](int party, const char* colour) {
    std::vector<std::pair<double, std::pair<double, double>>> points;  // time, (x, y)
    for (const Move& m : n.moves) {
      if (m.party != party || !std::holds_alternative<Offer>(m.action) || m.utilities.size() < 2)
        continue;
      points.push_back({m.time, {m.utilities[0], m.utilities[1]}});
    }
    if (points.empty()) return false;
    std::string path;
    for (const auto& [t, p] : points)
      path += (path.empty() ? "M" : " L") + C(f.X(p.first)) + " " + C(f.Y(p.second));
    add(std::string("<path d=\"") + path + "\" fill=\"none\" stroke=\"" + colour +
        "\" stroke-opacity=\"0.35\" stroke-width=\"1\"/>\n");
    // Latest offer per position wins, so repeated offers show their last time.
    std::map<std::pair<long, long>, std::pair<double, std::pair<double, double>>> latest;
    for (const auto& point : points)
      latest[{std::lround(f.X(point.second.first) * 2),
              std::lround(f.Y(point.second.second) * 2)}] = point;
    std::vector<std::pair<double, std::pair<double, double>>> shown;
    for (const auto& [key, point] : latest) shown.push_back(point);
    std::sort(shown.begin(), shown.end());
    add(std::string("<g fill=\"") + colour + "\" stroke=\"white\" stroke-width=\"0.5\">");
    for (const auto& [t, p] : shown) {
      char opacity[16];
      std::snprintf(opacity, sizeof opacity, "%.2f", 0.25 + 0.75 * std::clamp(t, 0.0, 1.0));
      add("<circle cx=\"" + C(f.X(p.first)) + "\" cy=\"" + C(f.Y(p.second)) +
          "\" r=\"3.6\" fill-opacity=\"" + opacity + "\"/>");
    }
    add("</g>\n");
    return true;
  };
  std::vector<std::pair<std::string, std::string>> legend;  // label, swatch svg
  legend.push_back(
      {sampled ? "outcomes (sample)" : "outcomes", "<circle r=\"2.5\" fill=\"#9a9a9a\"/>"});
  if (bilateral && reference.frontier)
    legend.push_back(
        {"Pareto frontier", "<path d=\"M-8 0 L8 0\" stroke=\"#222\" stroke-width=\"1.5\"/>"});
  for (size_t i = 0; i < scenario.NumParties() && i < 4; ++i) {
    if (series(static_cast<int>(i), kPartyColour[i])) {
      legend.push_back({result.parties[i] + " offers",
                        std::string("<circle r=\"4\" fill=\"") + kPartyColour[i] + "\"/>"});
    }
  }
  if (series(kMediator, kMediatorColour)) {
    legend.push_back(
        {"mediator texts", std::string("<circle r=\"4\" fill=\"") + kMediatorColour + "\"/>"});
  }

  // Nash point and agreement on top.
  if (reference.nash) {
    const double x = f.X(reference.nash->utilities[0]), y = f.Y(reference.nash->utilities[1]);
    add("<path d=\"M" + C(x) + " " + C(y - 7) + " L" + C(x + 7) + " " + C(y) + " L" + C(x) + " " +
        C(y + 7) + " L" + C(x - 7) + " " + C(y) +
        " Z\" fill=\"#d4a017\" stroke=\"#6b5000\" stroke-width=\"1\"/>\n");
    legend.push_back({"Nash point",
                      "<path d=\"M0 -6 L6 0 L0 6 L-6 0 Z\" fill=\"#d4a017\" "
                      "stroke=\"#6b5000\"/>"});
  }
  if (n.agreement) {
    const double x = f.X(result.metrics.utilities[0]), y = f.Y(result.metrics.utilities[1]);
    std::string star;
    for (int k = 0; k < 10; ++k) {
      const double angle = -3.14159265358979 / 2 + k * 3.14159265358979 / 5;
      const double radius = k % 2 == 0 ? 10 : 4.2;
      star += (k == 0 ? "M" : " L") + C(x + radius * std::cos(angle)) + " " +
              C(y + radius * std::sin(angle));
    }
    add("<path d=\"" + star + " Z\" fill=\"#111\" stroke=\"white\" stroke-width=\"1\"/>\n");
    legend.push_back({"agreement",
                      "<path d=\"M0 -7 L2 -2 L7 -2 L3 1 L4.5 6 L0 3 L-4.5 6 L-3 1 "
                      "L-7 -2 L-2 -2 Z\" fill=\"#111\"/>"});
  }
  if (rv0 > lo || rv1 > lo) {
    legend.push_back({"reservation values",
                      "<path d=\"M-8 0 L8 0\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"});
  }

  // Legend.
  const double lx = f.x0 + size + 24;
  double ly = f.y0 + 8;
  add("<g font-size=\"12\" fill=\"#222\">\n");
  for (const auto& [label, swatch] : legend) {
    add("<g transform=\"translate(" + C(lx + 8) + "," + C(ly) + ")\">" + swatch + "</g>");
    add("<text x=\"" + C(lx + 22) + "\" y=\"" + C(ly + 4) + "\">" + EscapeMarkup(label) +
        "</text>\n");
    ly += 20;
  }
  add("<text x=\"" + C(lx) + "\" y=\"" + C(ly + 10) +
      "\" font-size=\"10\" fill=\"#666\">offers darken as time passes</text>\n");
  if (!bilateral) {
    add("<text x=\"" + C(lx) + "\" y=\"" + C(ly + 24) +
        "\" font-size=\"10\" fill=\"#666\">first two parties shown</text>\n");
  }
  add("</g>\n</svg>\n");

  if (options.format == PlotFormat::kSvg) return svg;
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         EscapeMarkup(title) + "</title>\n</head>\n<body style=\"margin:16px\">\n" + svg +
         "</body>\n</html>\n";
}

Status WritePlotFile(const std::string& path, const PreparedScenario& scenario,
                     const SessionResult& result, const ReferencePoints& reference) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  PlotOptions options;
  if (ends_with(".svg")) {
    options.format = PlotFormat::kSvg;
  } else if (ends_with(".html") || ends_with(".htm")) {
    options.format = PlotFormat::kHtml;
  } else {
    return Error::BadInput("unknown plot format: expected a .svg, .html or .htm file", path, 0,
                           "--plot");
  }
  PARLEY_ASSIGN_OR_RETURN(std::string text, RenderPlot(scenario, result, reference, options));
  std::ofstream out(path, std::ios::binary);
  if (!out) return Error::BadInput("cannot write the plot file", path, 0, "--plot");
  out << text;
  out.flush();
  if (!out) return Error::BadInput("failed while writing the plot file", path, 0, "--plot");
  return {};
}

}  // namespace parley
