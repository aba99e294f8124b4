#include "parley/picture/chart.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "parley/core/text.h"

namespace parley::picture {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string Tip(std::string_view tip) {
  return tip.empty() ? std::string() : "<title>" + EscapeMarkup(tip) + "</title>";
}

/// Tick step giving about `target` intervals over `span`: 1, 2 or 5 times a power of ten.
double TickStep(double span, int target) {
  if (!(span > 0)) return 1;
  const double raw = span / target;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * power * 1.0000001) return m * power;
  return 10 * power;
}

int TickDigits(double step) {
  int digits = 0;
  while (digits < 6 &&
         std::abs(step * std::pow(10.0, digits) - std::round(step * std::pow(10.0, digits))) > 1e-9)
    ++digits;
  return digits;
}

}  // namespace

const char* PartyColour(size_t i) {
  static const char* const kColours[] = {kBlue, kOrange, kGreen, kPurple, kSky, kVermillion};
  return kColours[i % 6];
}

std::string Num(double x, int digits) {
  std::string s = FormatFixed(x, digits);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string Place(const Figure& figure, double x, double y, std::string_view css_class) {
  std::string g = "<g";
  if (!css_class.empty()) g += " class=\"" + std::string(css_class) + "\"";
  g += " transform=\"translate(" + Num(x) + "," + Num(y) + ")\">\n";
  return g + figure.body + "</g>\n";
}

std::string ShapePath(Shape shape, double x, double y, double r, std::string_view fill,
                      std::string_view stroke) {
  const std::string style = "fill=\"" + std::string(fill) + "\" stroke=\"" + std::string(stroke) +
                            "\" stroke-width=\"1.2\"";
  auto poly = [&](const std::vector<std::pair<double, double>>& pts) {
    std::string d;
    for (const auto& [px, py] : pts) d += (d.empty() ? "M" : " L") + Num(px) + " " + Num(py);
    return "<path d=\"" + d + " Z\" " + style + "/>";
  };
  switch (shape) {
    case Shape::kCircle:
      return "<circle cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"" + Num(r * 0.85) + "\" " +
             style + "/>";
    case Shape::kDiamond:
      return poly({{x, y - r * 1.15}, {x + r, y}, {x, y + r * 1.15}, {x - r, y}});
    case Shape::kTriangle:
      return poly({{x, y - r * 1.1}, {x + r, y + r * 0.75}, {x - r, y + r * 0.75}});
    case Shape::kDownTriangle:
      return poly({{x, y + r * 1.1}, {x + r, y - r * 0.75}, {x - r, y - r * 0.75}});
    case Shape::kSquare:
      return poly({{x - r * 0.8, y - r * 0.8},
                   {x + r * 0.8, y - r * 0.8},
                   {x + r * 0.8, y + r * 0.8},
                   {x - r * 0.8, y + r * 0.8}});
    case Shape::kStar: {
      std::vector<std::pair<double, double>> pts;
      for (int k = 0; k < 10; ++k) {
        const double angle = -kPi / 2 + k * kPi / 5;
        const double radius = k % 2 == 0 ? r * 1.4 : r * 0.6;
        pts.emplace_back(x + radius * std::cos(angle), y + radius * std::sin(angle));
      }
      return poly(pts);
    }
    case Shape::kCross: {
      const double a = r * 0.35, b = r;
      return poly({{x - a, y - b},
                   {x + a, y - b},
                   {x + a, y - a},
                   {x + b, y - a},
                   {x + b, y + a},
                   {x + a, y + a},
                   {x + a, y + b},
                   {x - a, y + b},
                   {x - a, y + a},
                   {x - b, y + a},
                   {x - b, y - a},
                   {x - a, y - a}});
    }
  }
  return {};
}

MarkerStyle NashStyle() { return {"Nash", Shape::kDiamond, kYellow}; }
MarkerStyle KalaiStyle() { return {"Kalai", Shape::kTriangle, kSky}; }
MarkerStyle KalaiSmorodinskyStyle() { return {"Kalai–Smorodinsky", Shape::kSquare, kVermillion}; }
MarkerStyle MaxWelfareStyle() { return {"max welfare", Shape::kDownTriangle, kGreen}; }
MarkerStyle EgalitarianStyle() { return {"egalitarian", Shape::kCross, kPurple}; }
MarkerStyle AgreementStyle() { return {"agreement", Shape::kStar, "#000000"}; }

Figure RenderChart(const Chart& c) {
  const double left = 52, right = 14, top = c.title.empty() ? 10 : 28, bottom = 42;
  const double pw = c.width - left - right, ph = c.height - top - bottom;
  const double xspan = c.x_hi > c.x_lo ? c.x_hi - c.x_lo : 1;
  const double yspan = c.y_hi > c.y_lo ? c.y_hi - c.y_lo : 1;
  auto X = [&](double v) { return left + (v - c.x_lo) / xspan * pw; };
  auto Y = [&](double v) { return top + ph - (v - c.y_lo) / yspan * ph; };
  std::string s;
  if (!c.title.empty()) {
    s += "<text class=\"chart-title\" x=\"" + Num(left) +
         "\" y=\"16\" font-size=\"13\" font-weight=\"bold\">" + EscapeMarkup(c.title) + "</text>\n";
  }
  // Grid and ticks.
  const double xstep = TickStep(xspan, 5), ystep = TickStep(yspan, 5);
  std::string grid = "<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">";
  std::string ticks = "<g class=\"ticks\" font-size=\"11\" fill=\"#333\">";
  for (double v = std::ceil(c.x_lo / xstep - 1e-9) * xstep; v <= c.x_hi + xstep * 1e-6;
       v += xstep) {
    grid += "<line x1=\"" + Num(X(v)) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(X(v)) +
            "\" y2=\"" + Num(top + ph) + "\"/>";
    ticks += "<text x=\"" + Num(X(v)) + "\" y=\"" + Num(top + ph + 15) +
             "\" text-anchor=\"middle\">" + FormatFixed(v, TickDigits(xstep)) + "</text>";
  }
  for (double v = std::ceil(c.y_lo / ystep - 1e-9) * ystep; v <= c.y_hi + ystep * 1e-6;
       v += ystep) {
    grid += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(Y(v)) + "\" x2=\"" + Num(left + pw) +
            "\" y2=\"" + Num(Y(v)) + "\"/>";
    ticks += "<text x=\"" + Num(left - 6) + "\" y=\"" + Num(Y(v) + 4) + "\" text-anchor=\"end\">" +
             FormatFixed(v, TickDigits(ystep)) + "</text>";
  }
  s += grid + "</g>\n" + ticks + "</g>\n";
  s += "<text class=\"x-label\" x=\"" + Num(left + pw / 2) + "\" y=\"" + Num(c.height - 6) +
       "\" font-size=\"12\" text-anchor=\"middle\">" + EscapeMarkup(c.x_label) + "</text>\n";
  s += "<text class=\"y-label\" transform=\"translate(14," + Num(top + ph / 2) +
       ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">" + EscapeMarkup(c.y_label) +
       "</text>\n";

  if (c.shade) {
    const auto& [lo, hi] = *c.shade;
    const double x0 = X(std::max(lo.first, c.x_lo)), x1 = X(std::min(hi.first, c.x_hi));
    const double y0 = Y(std::min(hi.second, c.y_hi)), y1 = Y(std::max(lo.second, c.y_lo));
    if (x1 > x0 && y1 > y0) {
      s += "<rect class=\"zopa\" x=\"" + Num(x0) + "\" y=\"" + Num(y0) + "\" width=\"" +
           Num(x1 - x0) + "\" height=\"" + Num(y1 - y0) +
           "\" fill=\"#56B4E9\" fill-opacity=\"0.13\" stroke=\"#56B4E9\" stroke-width=\"1\">" +
           Tip(c.shade_tip) + "</rect>\n";
    }
  }
  for (const RefLine& line : c.lines) {
    const bool inside = line.horizontal ? line.value >= c.y_lo && line.value <= c.y_hi
                                        : line.value >= c.x_lo && line.value <= c.x_hi;
    if (!inside) continue;
    std::string coords = line.horizontal
                             ? "x1=\"" + Num(left) + "\" y1=\"" + Num(Y(line.value)) + "\" x2=\"" +
                                   Num(left + pw) + "\" y2=\"" + Num(Y(line.value)) + "\""
                             : "x1=\"" + Num(X(line.value)) + "\" y1=\"" + Num(top) + "\" x2=\"" +
                                   Num(X(line.value)) + "\" y2=\"" + Num(top + ph) + "\"";
    s += "<line class=\"refline\" " + coords + " stroke=\"" + line.colour +
         "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\">" + Tip(line.tip) + "</line>\n";
  }
  if (!c.cloud.empty()) {
    // One dot per distinct half-pixel: large spaces stay small files.
    std::set<std::pair<long, long>> seen;
    std::string plain, flagged;
    for (size_t i = 0; i < c.cloud.size(); ++i) {
      const double px = X(c.cloud[i].first), py = Y(c.cloud[i].second);
      const bool flag = i < c.cloud_flag.size() && c.cloud_flag[i];
      if (!seen.insert({std::lround(px * 2) * 2 + flag, std::lround(py * 2)}).second) continue;
      (flag ? flagged : plain) +=
          "<circle cx=\"" + Num(px) + "\" cy=\"" + Num(py) + "\" r=\"1.4\"/>";
    }
    s += "<g class=\"cloud\" fill=\"" + std::string(kGrey) + "\" fill-opacity=\"0.5\">" + plain +
         "</g>\n";
    if (!flagged.empty()) {
      s += "<g class=\"cloud zopa-cloud\" fill=\"" + c.cloud_highlight +
           "\" fill-opacity=\"0.7\">" + flagged + "</g>\n";
    }
  }
  if (!c.frontier.empty()) {
    std::string d;
    for (const auto& [x, y] : c.frontier)
      d += (d.empty() ? "M" : " L") + Num(X(x)) + " " + Num(Y(y));
    s += "<path class=\"frontier\" d=\"" + d +
         "\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.6\"><title>Pareto frontier (" +
         std::to_string(c.frontier.size()) + " points)</title></path>\n";
  }
  for (const Series& series : c.series) {
    if (series.points.empty()) continue;
    s += "<g class=\"series\" data-label=\"" + EscapeMarkup(series.label) + "\">";
    if (series.joined && series.points.size() > 1) {
      std::string d;
      for (const auto& [x, y] : series.points)
        d += (d.empty() ? "M" : " L") + Num(X(x)) + " " + Num(Y(y));
      s += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + series.colour +
           "\" stroke-width=\"1.5\" stroke-opacity=\"" + (series.dots ? "0.45" : "0.9") + "\"" +
           (series.dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>";
    }
    if (series.dots) {
      std::set<std::pair<long, long>> seen;
      const size_t n = series.points.size();
      // Latest first, so a repeated offer shows its last (darkest) time on top of the others.
      std::vector<size_t> order;
      for (size_t i = n; i-- > 0;) {
        const double px = X(series.points[i].first), py = Y(series.points[i].second);
        if (seen.insert({std::lround(px * 2), std::lround(py * 2)}).second) order.push_back(i);
      }
      std::reverse(order.begin(), order.end());
      for (size_t i : order) {
        const double px = X(series.points[i].first), py = Y(series.points[i].second);
        const double opacity =
            series.opacity_by_order && n > 1 ? 0.3 + 0.7 * static_cast<double>(i) / (n - 1) : 0.9;
        s += "<circle cx=\"" + Num(px) + "\" cy=\"" + Num(py) + "\" r=\"" + Num(series.dot_radius) +
             "\" fill=\"" + series.colour + "\" fill-opacity=\"" + Num(opacity, 2) +
             "\" stroke=\"white\" stroke-width=\"0.5\">" +
             (i < series.tips.size() ? Tip(series.tips[i]) : std::string()) + "</circle>";
      }
    }
    s += "</g>\n";
  }
  // Markers closer than a few pixels (solution points often coincide) are fanned out in a row
  // beside their common point, joined to it by a leader line, so each stays visible and named.
  std::vector<std::vector<size_t>> clusters;
  for (size_t i = 0; i < c.markers.size(); ++i) {
    bool joined = false;
    for (auto& cluster : clusters) {
      const Marker& anchor = c.markers[cluster.front()];
      if (std::abs(X(anchor.x) - X(c.markers[i].x)) < 9 &&
          std::abs(Y(anchor.y) - Y(c.markers[i].y)) < 9) {
        cluster.push_back(i);
        joined = true;
        break;
      }
    }
    if (!joined) clusters.push_back({i});
  }
  for (const auto& cluster : clusters) {
    const Marker& first = c.markers[cluster.front()];
    const double ax = X(first.x), ay = Y(first.y);
    if (cluster.size() == 1) {
      s += "<g class=\"marker\" data-label=\"" + EscapeMarkup(first.style.label) + "\">" +
           ShapePath(first.style.shape, ax, ay, first.radius, first.style.fill, "#000000") +
           Tip(first.tip.empty() ? first.style.label : first.tip) + "</g>\n";
      continue;
    }
    const double step = 17, n = static_cast<double>(cluster.size());
    const double dir_x = ax + 18 + step * n > left + pw ? -1 : 1;
    const double dir_y = ay - 22 < top ? 1 : -1;
    const double row_y = ay + dir_y * 22;
    const double row_x0 = ax + dir_x * 18;
    const double row_x1 = row_x0 + dir_x * step * (n - 1);
    s += "<g class=\"marker-fan\"><circle cx=\"" + Num(ax) + "\" cy=\"" + Num(ay) +
         "\" r=\"2.5\" fill=\"#000\"/><path d=\"M" + Num(ax) + " " + Num(ay) + " L" + Num(row_x0) +
         " " + Num(row_y) + " L" + Num(row_x1) + " " + Num(row_y) +
         "\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.8\"/></g>\n";
    for (size_t k = 0; k < cluster.size(); ++k) {
      const Marker& m = c.markers[cluster[k]];
      s +=
          "<g class=\"marker\" data-label=\"" + EscapeMarkup(m.style.label) + "\">" +
          ShapePath(m.style.shape, row_x0 + dir_x * step * k, row_y, 6.5, m.style.fill, "#000000") +
          Tip(m.tip.empty() ? m.style.label : m.tip) + "</g>\n";
    }
  }
  s += "<rect class=\"frame\" x=\"" + Num(left) + "\" y=\"" + Num(top) + "\" width=\"" + Num(pw) +
       "\" height=\"" + Num(ph) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  return {s, c.width, c.height};
}

LegendEntry DotEntry(std::string label, std::string_view colour) {
  return {std::move(label), "<circle r=\"4\" fill=\"" + std::string(colour) + "\"/>"};
}
LegendEntry LineEntry(std::string label, std::string_view colour, bool dashed) {
  return {std::move(label), "<path d=\"M-9 0 L9 0\" stroke=\"" + std::string(colour) +
                                "\" stroke-width=\"2\"" +
                                (dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>"};
}
LegendEntry MarkerEntry(const MarkerStyle& style) {
  return {style.label, ShapePath(style.shape, 0, 0, 6, style.fill, "#000000")};
}
LegendEntry BoxEntry(std::string label, std::string_view fill, std::string_view stroke) {
  return {std::move(label), "<rect x=\"-8\" y=\"-6\" width=\"16\" height=\"12\" fill=\"" +
                                std::string(fill) + "\" stroke=\"" + std::string(stroke) + "\"/>"};
}

Figure RenderLegend(const std::vector<LegendEntry>& entries, int columns, double column_width,
                    std::string_view heading) {
  columns = std::max(columns, 1);
  std::string s = "<g class=\"legend\" font-size=\"12\" fill=\"#222\">\n";
  double y0 = 0;
  if (!heading.empty()) {
    s += "<text x=\"0\" y=\"12\" font-weight=\"bold\">" + EscapeMarkup(heading) + "</text>\n";
    y0 = 20;
  }
  const double row_height = 20;
  for (size_t i = 0; i < entries.size(); ++i) {
    const double x = static_cast<double>(i % columns) * column_width;
    const double y = y0 + static_cast<double>(i / columns) * row_height + 10;
    s += "<g class=\"legend-entry\"><g transform=\"translate(" + Num(x + 10) + "," + Num(y) +
         ")\">" + entries[i].swatch + "</g><text x=\"" + Num(x + 25) + "\" y=\"" + Num(y + 4) +
         "\">" + EscapeMarkup(entries[i].label) + "</text></g>\n";
  }
  s += "</g>\n";
  const size_t rows = (entries.size() + columns - 1) / columns;
  return {s, column_width * columns, y0 + static_cast<double>(rows) * row_height};
}

Figure RenderHeading(std::string_view title, const std::vector<std::string>& lines, double width) {
  std::string s = "<text class=\"title\" x=\"0\" y=\"18\" font-size=\"17\" font-weight=\"bold\">" +
                  EscapeMarkup(title) + "</text>\n";
  double y = 18;
  for (const std::string& line : lines) {
    y += 18;
    s += "<text class=\"subtitle\" x=\"0\" y=\"" + Num(y) + "\" font-size=\"12.5\" fill=\"#333\">" +
         EscapeMarkup(line) + "</text>\n";
  }
  return {s, width, y + 8};
}

std::string SvgDocument(std::string_view body, double width, double height,
                        std::string_view title) {
  const std::string w = Num(std::ceil(width)), h = Num(std::ceil(height));
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h +
         "\" viewBox=\"0 0 " + w + " " + h +
         "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n<title>" +
         EscapeMarkup(title) + "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" +
         std::string(body) + "</svg>\n";
}

std::string HtmlPage(std::string_view title, const std::vector<std::string>& svgs) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                  EscapeMarkup(title) +
                  "</title>\n<style>\n"
                  "body{margin:16px;font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;"
                  "color:#1d2430}\n"
                  "figure{margin:0 0 20px 0}\n"
                  "figure svg{display:block;border:1px solid #ddd;cursor:grab}\n"
                  "#tip{position:fixed;pointer-events:none;background:#1d2430;color:#fff;"
                  "font-size:12px;padding:4px 7px;border-radius:3px;white-space:pre;"
                  "display:none;z-index:9}\n"
                  "p.help{font-size:12px;color:#555;margin:4px 0 12px 0}\n</style>\n</head>\n"
                  "<body>\n<p class=\"help\">Hover a mark for its values. Mouse wheel zooms, drag "
                  "pans, double-click resets.</p>\n";
  for (const std::string& svg : svgs) h += "<figure>\n" + svg + "</figure>\n";
  // Tooltips read each element's <title> (which browsers would show late and small); zoom
  // changes the viewBox. Plain DOM, no library, nothing fetched.
  h += R"JS(<div id="tip"></div>
<script>
(function () {
  var tip = document.getElementById('tip');
  document.querySelectorAll('svg title').forEach(function (t) {
    var el = t.parentNode;
    if (el.tagName.toLowerCase() === 'svg') return;
    el.setAttribute('data-tip', t.textContent);
    t.parentNode.removeChild(t);
  });
  document.addEventListener('mousemove', function (e) {
    var el = e.target.closest ? e.target.closest('[data-tip]') : null;
    if (!el) { tip.style.display = 'none'; return; }
    tip.textContent = el.getAttribute('data-tip');
    tip.style.display = 'block';
    tip.style.left = (e.clientX + 14) + 'px';
    tip.style.top = (e.clientY + 12) + 'px';
  });
  document.querySelectorAll('figure > svg').forEach(function (svg) {
    var home = svg.getAttribute('viewBox').split(' ').map(Number);
    var box = home.slice(), drag = null;
    function show() { svg.setAttribute('viewBox', box.join(' ')); }
    function point(e) {
      var r = svg.getBoundingClientRect();
      return [box[0] + (e.clientX - r.left) / r.width * box[2],
              box[1] + (e.clientY - r.top) / r.height * box[3]];
    }
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = point(e), k = e.deltaY < 0 ? 0.8 : 1.25;
      k = Math.min(k, home[2] / box[2]);
      box = [p[0] - (p[0] - box[0]) * k, p[1] - (p[1] - box[1]) * k, box[2] * k, box[3] * k];
      show();
    }, {passive: false});
    svg.addEventListener('mousedown', function (e) { drag = point(e); });
    window.addEventListener('mouseup', function () { drag = null; });
    svg.addEventListener('mousemove', function (e) {
      if (!drag) return;
      var p = point(e);
      box[0] += drag[0] - p[0]; box[1] += drag[1] - p[1];
      show();
    });
    svg.addEventListener('dblclick', function () { box = home.slice(); show(); });
  });
  document.body.setAttribute('data-ready', 'true');
})();
</script>
</body>
</html>
)JS";
  return h;
}

}  // namespace parley::picture
