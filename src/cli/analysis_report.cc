#include "analysis_report.h"

#include <fmt/format.h>

#include <cmath>

namespace parley::cli {

namespace {

// The values of a discrete issue are listed up to about this many columns.
constexpr size_t kValuesWidth = 60;

std::string ValueList(const Issue& issue) {
  if (issue.kind != IssueKind::kDiscrete) return {};
  std::string text;
  size_t shown = 0;
  for (; shown < issue.values.size(); ++shown) {
    const std::string& value = issue.values[shown];
    if (shown > 0 && DisplayWidth(text) + 2 + DisplayWidth(value) > kValuesWidth) break;
    if (shown > 0) text += ", ";
    text += value;
  }
  if (shown < issue.values.size())
    text += fmt::format(", ... ({} more)", issue.values.size() - shown);
  return text;
}

// The ZOPA's size: the count when it fits a double, else its magnitude from the share and the
// space's size (an estimate over a space beyond double's range).
std::string ZopaCountText(const Scenario& scenario, const Analysis& analysis) {
  if (std::isfinite(analysis.zopa.outcomes)) return FormatCount(analysis.zopa.outcomes);
  std::vector<uint64_t> sizes;
  for (const Issue& issue : scenario.space.issues()) sizes.push_back(issue.Cardinality());
  if (!(analysis.zopa.share > 0)) return "0";
  return FormatCountLog10(std::log10(analysis.zopa.share) + Log10Product(sizes));
}

// A table whose first column labels the row, then one utility column per party, then the
// outcome; the party names head the utility columns.
TextTable PointTable(const Scenario& scenario, std::string first_header) {
  TextTable table;
  table.AddColumn(std::move(first_header), TextTable::Align::kLeft);
  for (const Party& party : scenario.parties) table.AddColumn(party.name, TextTable::Align::kRight);
  table.AddColumn("outcome");
  return table;
}

std::vector<std::string> PointCells(const Scenario& scenario, std::string label,
                                    const UtilityPoint& point) {
  std::vector<std::string> cells{std::move(label)};
  for (size_t i = 0; i < scenario.NumParties(); ++i)
    cells.push_back(i < point.utilities.size() ? FormatUtility(point.utilities[i]) : "");
  cells.push_back(OutcomeText(scenario.space, point.outcome));
  return cells;
}

Json PointJson(const Scenario& scenario, const UtilityPoint& point) {
  Json json = Json::object();
  json["outcome"] = OutcomeJson(scenario.space, point.outcome);
  json["utilities"] = point.utilities;
  return json;
}

}  // namespace

std::vector<size_t> ShownFrontierRows(size_t size, size_t limit, bool all) {
  std::vector<size_t> rows;
  if (all || size <= limit) {
    for (size_t i = 0; i < size; ++i) rows.push_back(i);
  } else if (limit == 1) {
    rows.push_back(0);
  } else {
    // Evenly spaced, both ends included; integer arithmetic keeps it exact and deterministic.
    for (size_t k = 0; k < limit; ++k) rows.push_back(k * (size - 1) / (limit - 1));
  }
  return rows;
}

std::string AnalysisText(const AnalysisReport& report, bool all) {
  const Scenario& scenario = report.scenario;
  const Analysis& analysis = report.analysis;
  std::string out;

  // Free text is wrapped to the report's width, continuation lines under the first.
  constexpr size_t kTextWidth = 100 - 10;
  TextTable head;
  head.AddColumn("");
  head.AddColumn("");
  auto add_text = [&head](const char* label, std::string_view text) {
    const std::vector<std::string> lines = WrapText(text, kTextWidth);
    for (size_t i = 0; i < lines.size(); ++i) head.AddRow({i == 0 ? label : "", lines[i]});
  };
  head.AddRow({"Scenario", scenario.name});
  head.AddRow({"Format", std::string(report.format)});
  add_text("Source", scenario.source);
  add_text("About", scenario.description);
  head.AddRow({"Outcomes", fmt::format("{} ({} issues, {} parties)", SpaceSizeText(scenario.space),
                                       scenario.space.NumIssues(), scenario.NumParties())});
  out += head.Render(0);

  out += "\nIssues\n";
  TextTable issues;
  issues.AddColumn("");
  issues.AddColumn("");
  issues.AddColumn("");
  for (const Issue& issue : scenario.space.issues())
    issues.AddRow({issue.name, IssueSummary(issue), ValueList(issue)});
  out += issues.Render();

  out += "\nParties\n";
  TextTable parties;
  parties.AddColumn("");
  parties.AddColumn("best", TextTable::Align::kRight);
  parties.AddColumn("worst", TextTable::Align::kRight);
  parties.AddColumn("reservation", TextTable::Align::kRight);
  for (size_t i = 0; i < scenario.NumParties(); ++i) {
    const PartyRange range = i < analysis.ranges.size() ? analysis.ranges[i] : PartyRange{};
    parties.AddRow({scenario.parties[i].name, FormatUtility(range.best), FormatUtility(range.worst),
                    FormatUtility(range.reservation)});
  }
  out += parties.Render();

  const ParetoFrontier& frontier = analysis.frontier;
  const size_t size = frontier.points.size();
  const std::vector<size_t> rows = ShownFrontierRows(size, kFrontierRowsShown, all);
  out += fmt::format("\nPareto frontier: {} point{} ({}{}{})", size, size == 1 ? "" : "s",
                     frontier.exact ? "exact" : "approximate", frontier.method.empty() ? "" : ", ",
                     frontier.method);
  if (rows.size() < size) out += fmt::format("; {} shown, evenly spaced", rows.size());
  out += "\n";
  TextTable pareto = PointTable(scenario, "#");
  for (size_t row : rows)
    pareto.AddRow(PointCells(scenario, fmt::format("{}", row + 1), frontier.points[row]));
  if (rows.size() < size)
    pareto.AddLine(fmt::format("... {} more (use --all)", size - rows.size()));
  out += pareto.Render();

  out += "\nSolution points\n";
  TextTable points = PointTable(scenario, "");
  if (analysis.nash) {
    points.AddRow(PointCells(scenario, "Nash", *analysis.nash));
  } else {
    std::vector<std::string> cells{"Nash"};
    cells.resize(1 + scenario.NumParties(), "-");
    cells.push_back("none: no outcome gives every party its reservation value");
    points.AddRow(std::move(cells));
  }
  points.AddRow(PointCells(scenario, "Kalai (GENIUS)", analysis.kalai));
  points.AddRow(PointCells(scenario, "Kalai–Smorodinsky", analysis.kalai_smorodinsky));
  points.AddRow(PointCells(scenario, "Egalitarian", analysis.egalitarian));
  points.AddRow(PointCells(scenario, "Max welfare", analysis.max_welfare));
  out += points.Render();

  out += "\n";
  TextTable tail;
  tail.AddColumn("");
  tail.AddColumn("");
  tail.AddRow({"Opposition", fmt::format("{} (distance from the Kalai point to the ideal point)",
                                         FormatUtility(analysis.opposition))});
  tail.AddRow(
      {"ZOPA", fmt::format("{}{} of {} outcomes ({}) give every party more than its "
                           "reservation value",
                           analysis.zopa.exact ? "" : "about ", ZopaCountText(scenario, analysis),
                           SpaceSizeText(scenario.space), FormatPercent(analysis.zopa.share))});
  out += tail.Render(0);

  if (!report.notes.empty() || !analysis.notes.empty()) {
    out += "\nNotes\n";
    for (const std::string& note : report.notes) out += "  - " + note + "\n";
    for (const std::string& note : analysis.notes) out += "  - " + note + "\n";
  }
  return out;
}

Json AnalysisJson(const AnalysisReport& report) {
  const Scenario& scenario = report.scenario;
  const Analysis& analysis = report.analysis;
  Json json = Json::object();

  Json& head = json["scenario"] = Json::object();
  head["name"] = scenario.name;
  head["parties"] = Json::array();
  for (const Party& party : scenario.parties) head["parties"].push_back(party.name);
  head["issues"] = Json::array();
  for (const Issue& issue : scenario.space.issues()) head["issues"].push_back(issue.name);
  head["outcomes"] = SpaceSizeJson(scenario.space);
  head["format"] = std::string(report.format);
  head["source"] = scenario.source;
  head["description"] = scenario.description;
  head["domain"] = Json::array();
  for (const Issue& issue : scenario.space.issues()) head["domain"].push_back(IssueJson(issue));

  json["ranges"] = Json::array();
  for (size_t i = 0; i < scenario.NumParties(); ++i) {
    const PartyRange range = i < analysis.ranges.size() ? analysis.ranges[i] : PartyRange{};
    json["ranges"].push_back(Json{{"party", scenario.parties[i].name},
                                  {"best", range.best},
                                  {"worst", range.worst},
                                  {"reservation", range.reservation}});
  }

  json["frontier"] = Json{{"size", analysis.frontier.points.size()},
                          {"exact", analysis.frontier.exact},
                          {"method", analysis.frontier.method}};
  json["pareto"] = Json::array();
  for (const UtilityPoint& point : analysis.frontier.points)
    json["pareto"].push_back(PointJson(scenario, point));

  json["nash"] = analysis.nash ? PointJson(scenario, *analysis.nash) : Json(nullptr);
  json["kalai"] = PointJson(scenario, analysis.kalai);
  json["kalai_smorodinsky"] = PointJson(scenario, analysis.kalai_smorodinsky);
  json["egalitarian"] = PointJson(scenario, analysis.egalitarian);
  json["max_welfare"] = PointJson(scenario, analysis.max_welfare);
  json["opposition"] = analysis.opposition;
  json["zopa"] = Json{{"outcomes", std::isfinite(analysis.zopa.outcomes)
                                       ? CountJson(analysis.zopa.outcomes)
                                       : Json(ZopaCountText(report.scenario, analysis))},
                      {"share", analysis.zopa.share},
                      {"exact", analysis.zopa.exact}};

  json["notes"] = Json::array();
  for (const std::string& note : report.notes) json["notes"].push_back(note);
  for (const std::string& note : analysis.notes) json["notes"].push_back(note);
  return json;
}

}  // namespace parley::cli
