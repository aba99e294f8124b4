#pragma once

/// \file
/// The drawing kit every parley picture is made of: a colour-blind-safe palette (Okabe & Ito,
/// "Color Universal Design", 2008), SVG fragments that compose by translation (`Figure`), an x-y
/// chart (outcome clouds, frontiers, offer series, lines, solution markers, shaded zones),
/// legends, and the page that wraps SVG into self-contained HTML with tooltips and zoom.
///
/// Everything is a pure function of its input: numbers are printed with fixed decimals, nothing
/// depends on the clock, the locale or addresses, so the same input gives the same bytes.
/// Every drawn mark that stands for data carries a `<title>` (a tooltip in browsers) and every
/// group a `class` naming what it holds (`cloud`, `frontier`, `series`, `marker`, `legend`, ...),
/// which is what the structure tests check.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::picture {

/// Okabe–Ito colours, in the order parties get them (black last, kept for marks).
inline constexpr const char* kBlue = "#0072B2";
inline constexpr const char* kOrange = "#E69F00";
inline constexpr const char* kGreen = "#009E73";   ///< "bluish green"
inline constexpr const char* kPurple = "#CC79A7";  ///< "reddish purple"
inline constexpr const char* kSky = "#56B4E9";
inline constexpr const char* kVermillion = "#D55E00";
inline constexpr const char* kYellow = "#F0E442";
inline constexpr const char* kGrey = "#8C8C8C";  ///< Not Okabe–Ito: for the outcome cloud.

/// The colour of party `i` (cycles after six).
const char* PartyColour(size_t i);

/// A number for an SVG attribute: `digits` decimals, never "-0".
std::string Num(double x, int digits = 1);

/// A piece of SVG (no `<svg>` element) drawn in a box of width x height from (0, 0).
struct Figure {
  std::string body;
  double width = 0;
  double height = 0;
};

/// `figure` moved to (x, y), as a `<g>` with an optional class.
std::string Place(const Figure& figure, double x, double y, std::string_view css_class = {});

/// The shapes of the solution markers; each solution point has its own (see SolutionMarker).
enum class Shape { kCircle, kDiamond, kTriangle, kSquare, kDownTriangle, kStar, kCross };

/// One mark of `shape` centred on (x, y) with half-size `r`.
std::string ShapePath(Shape shape, double x, double y, double r, std::string_view fill,
                      std::string_view stroke);

/// The fixed look of the solution points, so every picture names them the same way.
struct MarkerStyle {
  std::string label;
  Shape shape;
  const char* fill;
};
MarkerStyle NashStyle();
MarkerStyle KalaiStyle();
MarkerStyle KalaiSmorodinskyStyle();
MarkerStyle MaxWelfareStyle();
MarkerStyle EgalitarianStyle();
MarkerStyle AgreementStyle();

/// A sequence of points drawn as dots, optionally joined in order. `opacity_by_order` makes
/// early points light and late ones dark (offers over time).
struct Series {
  std::string label;
  std::string colour;
  std::vector<std::pair<double, double>> points;
  std::vector<std::string> tips;  ///< One per point, or empty.
  bool joined = true;
  bool dots = true;
  bool dashed = false;
  bool opacity_by_order = false;
  double dot_radius = 3;
};

/// A named point.
struct Marker {
  MarkerStyle style;
  double x = 0, y = 0;
  std::string tip;
  double radius = 7;
};

/// A straight reference line (reservation values): horizontal at `value` when `horizontal`,
/// else vertical.
struct RefLine {
  bool horizontal = true;
  double value = 0;
  std::string colour = "#555555";
  std::string tip;
};

/// An x-y chart. Ranges are fixed by the caller (so panels side by side share scales).
struct Chart {
  std::string title;
  std::string x_label, y_label;
  double width = 420, height = 420;  ///< The whole figure, axes and labels included.
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  /// Outcomes as dots: grey, or `cloud_highlight` for those flagged (the ZOPA).
  std::vector<std::pair<double, double>> cloud;
  std::vector<bool> cloud_flag;
  std::string cloud_highlight = kSky;
  /// A shaded rectangle (x0, y0, x1, y1) in data units, drawn under everything: the ZOPA.
  std::optional<std::pair<std::pair<double, double>, std::pair<double, double>>> shade;
  std::string shade_tip;
  std::vector<std::pair<double, double>> frontier;  ///< Joined in the order given.
  std::vector<RefLine> lines;
  std::vector<Series> series;
  std::vector<Marker> markers;
};

/// The chart as a figure of chart.width x chart.height.
Figure RenderChart(const Chart& chart);

/// A legend entry: a swatch (SVG centred on 0,0) and its label.
struct LegendEntry {
  std::string label;
  std::string swatch;
};
LegendEntry DotEntry(std::string label, std::string_view colour);
LegendEntry LineEntry(std::string label, std::string_view colour, bool dashed = false);
LegendEntry MarkerEntry(const MarkerStyle& style);
LegendEntry BoxEntry(std::string label, std::string_view fill, std::string_view stroke = "#555");

/// Entries in rows of `columns` (1: a column), each column `column_width` wide.
Figure RenderLegend(const std::vector<LegendEntry>& entries, int columns, double column_width,
                    std::string_view heading = {});

/// Text in a figure: a title line (bold) and optional smaller lines under it.
Figure RenderHeading(std::string_view title, const std::vector<std::string>& lines, double width);

/// A complete SVG document holding `body` (already placed), white background.
std::string SvgDocument(std::string_view body, double width, double height, std::string_view title);

/// A self-contained HTML page (no network) showing each SVG document in order, with a tooltip
/// for every element that has a `<title>` and zoom (mouse wheel; drag to pan; double-click
/// resets) on every `<svg>`.
std::string HtmlPage(std::string_view title, const std::vector<std::string>& svgs);

}  // namespace parley::picture
