#include "parley/tournament/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "parley/core/random.h"
#include "parley/core/text.h"

namespace parley {
namespace {

std::string Percent(double share) { return FormatFixed(100 * share, 1) + "%"; }

/// Coordinates with one decimal: enough for the eye, short for the file.
std::string C(double v) { return FormatFixed(v, 1); }

constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

const char* Colour(size_t i) { return kPalette[i % (sizeof kPalette / sizeof kPalette[0])]; }

/// The q-quantile of sorted values (linear interpolation between order statistics).
double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

/// A horizontal axis: maps [lo, hi] onto [x0, x1].
struct Axis {
  double lo, hi, x0, x1;
  double operator()(double v) const { return x0 + (v - lo) / (hi - lo) * (x1 - x0); }
};

std::string TicksSvg(const Axis& axis, double step, double top, double bottom, bool percent) {
  std::string out;
  for (double v = std::ceil(axis.lo / step - 1e-9) * step; v <= axis.hi + 1e-9; v += step) {
    const double x = axis(v);
    out += "<line x1=\"" + C(x) + "\" y1=\"" + C(top) + "\" x2=\"" + C(x) + "\" y2=\"" + C(bottom) +
           "\" stroke=\"" + (std::fabs(v) < 1e-9 ? "#888" : "#e5e5e5") + "\"/>";
    out += "<text x=\"" + C(x) + "\" y=\"" + C(bottom + 14) +
           "\" text-anchor=\"middle\" class=\"tick\">" +
           (percent ? FormatFixed(100 * v, 0) + "%" : FormatFixed(v, 1)) + "</text>";
  }
  return out;
}

/// Box plots of each agent's advantage, in rank order, with the samples behind them.
std::string DistributionSvg(const TournamentResults& results, const Summary& summary) {
  const std::vector<std::vector<double>> samples = AdvantageSamples(results);
  double lo = 0, hi = 0;
  for (const auto& s : samples)
    for (double v : s) lo = std::min(lo, v), hi = std::max(hi, v);
  lo = std::floor(lo * 10 + 1e-9) / 10;
  hi = std::max(std::ceil(hi * 10 - 1e-9) / 10, lo + 0.1);
  const double row = 40, top = 10, left = 200, right = 740;
  const double height = top + row * static_cast<double>(summary.agents.size()) + 40;
  const Axis axis{lo, hi, left, right};
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 " + C(height) +
                    "\" width=\"760\" height=\"" + C(height) +
                    "\" role=\"img\" aria-label=\"advantage distribution per agent\">";
  const double bottom = top + row * static_cast<double>(summary.agents.size());
  out += TicksSvg(axis, hi - lo > 1.2 ? 0.2 : 0.1, top, bottom, false);
  out += "<text x=\"" + C((left + right) / 2) + "\" y=\"" + C(bottom + 32) +
         "\" text-anchor=\"middle\" class=\"label\">advantage (utility - reservation value)</text>";
  for (size_t rank = 0; rank < summary.agents.size(); ++rank) {
    const AgentSummary& a = summary.agents[rank];
    size_t agent = 0;
    while (agent < results.agents.size() && results.agents[agent] != a.agent) ++agent;
    std::vector<double> sorted = agent < samples.size() ? samples[agent] : std::vector<double>{};
    const double y = top + row * static_cast<double>(rank) + row / 2;
    out += "<text x=\"" + C(left - 8) + "\" y=\"" + C(y + 4) +
           "\" text-anchor=\"end\" class=\"name\">" + EscapeMarkup(a.agent) + "</text>";
    if (sorted.empty()) continue;
    const char* colour = Colour(agent);
    // Samples (at most 400 per agent, evenly strided), jittered vertically by a seeded stream.
    Rng jitter(DeriveSeed(0x7e57, agent));
    const size_t stride = std::max<size_t>(1, sorted.size() / 400);
    for (size_t i = 0; i < sorted.size(); i += stride) {
      out += "<circle cx=\"" + C(axis(sorted[i])) + "\" cy=\"" +
             C(y + (jitter.Uniform() - 0.5) * row * 0.7) + "\" r=\"1.6\" fill=\"" + colour +
             "\" fill-opacity=\"0.25\"/>";
    }
    std::sort(sorted.begin(), sorted.end());
    const double q1 = Quantile(sorted, 0.25), median = Quantile(sorted, 0.5),
                 q3 = Quantile(sorted, 0.75);
    const double fence = 1.5 * (q3 - q1);
    double low = q1, high = q3;
    for (double v : sorted)
      if (v >= q1 - fence) {
        low = v;
        break;
      }
    for (auto it = sorted.rbegin(); it != sorted.rend(); ++it)
      if (*it <= q3 + fence) {
        high = *it;
        break;
      }
    const double h = row * 0.45;
    out += "<line x1=\"" + C(axis(low)) + "\" y1=\"" + C(y) + "\" x2=\"" + C(axis(high)) +
           "\" y2=\"" + C(y) + "\" stroke=\"#333\"/>";
    out += "<rect x=\"" + C(axis(q1)) + "\" y=\"" + C(y - h / 2) + "\" width=\"" +
           C(std::max(axis(q3) - axis(q1), 1.0)) + "\" height=\"" + C(h) + "\" fill=\"" + colour +
           "\" fill-opacity=\"0.35\" stroke=\"#333\"/>";
    out += "<line x1=\"" + C(axis(median)) + "\" y1=\"" + C(y - h / 2) + "\" x2=\"" +
           C(axis(median)) + "\" y2=\"" + C(y + h / 2) + "\" stroke=\"#111\" stroke-width=\"2\"/>";
    // Mean and its 95% confidence interval.
    const double m = a.advantage.mean, w = a.advantage.half_width;
    out += "<line x1=\"" + C(axis(m - w)) + "\" y1=\"" + C(y + h / 2 + 5) + "\" x2=\"" +
           C(axis(m + w)) + "\" y2=\"" + C(y + h / 2 + 5) +
           "\" stroke=\"#c00\" stroke-width=\"2\"/>";
    out += "<path d=\"M" + C(axis(m)) + " " + C(y + h / 2 + 1) +
           "l4 4l-4 4l-4 -4z\" fill=\"#c00\">" + "<title>" + EscapeMarkup(a.agent) + ": mean " +
           FormatFixed(m, 4) + " ± " + FormatFixed(w, 4) + ", median " + FormatFixed(median, 4) +
           ", n " + std::to_string(sorted.size()) + "</title></path>";
  }
  return out + "</svg>";
}

/// Agreement rate per scenario, with Wilson intervals.
std::string AgreementSvg(const Summary& summary) {
  const double row = 20, top = 10, left = 220, right = 740;
  const double bottom = top + row * static_cast<double>(summary.scenarios.size());
  const double height = bottom + 40;
  const Axis axis{0, 1, left, right};
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 " + C(height) +
                    "\" width=\"760\" height=\"" + C(height) +
                    "\" role=\"img\" aria-label=\"agreement rate per scenario\">";
  out += TicksSvg(axis, 0.1, top, bottom, true);
  out += "<text x=\"" + C((left + right) / 2) + "\" y=\"" + C(bottom + 32) +
         "\" text-anchor=\"middle\" class=\"label\">sessions ending in agreement (bars: 95% "
         "Wilson interval)</text>";
  for (size_t i = 0; i < summary.scenarios.size(); ++i) {
    const ScenarioSummary& s = summary.scenarios[i];
    const double y = top + row * static_cast<double>(i);
    out += "<text x=\"" + C(left - 8) + "\" y=\"" + C(y + row / 2 + 4) +
           "\" text-anchor=\"end\" class=\"name\">" + EscapeMarkup(s.scenario) + "</text>";
    out += "<rect x=\"" + C(left) + "\" y=\"" + C(y + 3) + "\" width=\"" +
           C(axis(s.agreements.rate) - left) + "\" height=\"" + C(row - 6) +
           "\" fill=\"#4e79a7\"><title>" + EscapeMarkup(s.scenario) + ": " +
           std::to_string(s.agreements.successes) + " of " + std::to_string(s.agreements.n) + " (" +
           Percent(s.agreements.rate) + ")</title></rect>";
    out += "<line x1=\"" + C(axis(s.agreements.low)) + "\" y1=\"" + C(y + row / 2) + "\" x2=\"" +
           C(axis(s.agreements.high)) + "\" y2=\"" + C(y + row / 2) +
           "\" stroke=\"#222\" stroke-width=\"1.5\"/>";
  }
  return out + "</svg>";
}

/// Mean advantage of each agent (row) in the sessions where another agent (column) was a
/// partner, as a coloured table.
std::string HeadToHeadTable(const TournamentResults& results, const Summary& summary) {
  const size_t n = results.agents.size();
  std::vector<double> sum(n * n, 0);
  std::vector<size_t> count(n * n, 0);
  for (const SessionRecord& s : results.sessions) {
    for (size_t p = 0; p < s.parties.size(); ++p) {
      for (size_t q = 0; q < s.parties.size(); ++q) {
        if (q == p) continue;
        const size_t cell = s.parties[p].agent * n + s.parties[q].agent;
        if (cell >= sum.size()) continue;
        sum[cell] += s.parties[p].advantage;
        ++count[cell];
      }
    }
  }
  std::vector<size_t> order;
  for (const AgentSummary& a : summary.agents)
    for (size_t i = 0; i < n; ++i)
      if (results.agents[i] == a.agent) order.push_back(i);
  std::string out = "<table class=\"h2h\"><tr><th>agent \\ partner</th>";
  for (size_t j : order) out += "<th>" + EscapeMarkup(results.agents[j]) + "</th>";
  out += "</tr>";
  for (size_t i : order) {
    out += "<tr><th>" + EscapeMarkup(results.agents[i]) + "</th>";
    for (size_t j : order) {
      const size_t cell = i * n + j;
      if (count[cell] == 0) {
        out += "<td>-</td>";
        continue;
      }
      const double v = sum[cell] / static_cast<double>(count[cell]);
      // White at 0, deep blue at 1 (red for negative advantages).
      const double t = std::clamp(std::fabs(v), 0.0, 1.0);
      const int fade = static_cast<int>(255 - t * 150);
      char colour[16];
      if (v >= 0) {
        std::snprintf(colour, sizeof colour, "#%02x%02xff", fade, fade);
      } else {
        std::snprintf(colour, sizeof colour, "#ff%02x%02x", fade, fade);
      }
      out += std::string("<td style=\"background:") + colour + "\" title=\"n " +
             std::to_string(count[cell]) + "\">" + FormatFixed(v, 3) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</table>";
}

}  // namespace

std::string RenderTournamentReport(const TournamentResults& results, const Summary& summary) {
  const TournamentConfig& c = results.config;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>parley tournament</title><style>"
      "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:820px;color:#222}"
      "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}"
      "table{border-collapse:collapse;margin:.5em 0}td,th{padding:3px 9px;border-bottom:1px solid "
      "#ddd;text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left}"
      "td.l,th.l{text-align:left}.tick{font-size:10px;fill:#555}.label{font-size:12px;fill:#333}"
      ".name{font-size:12px;fill:#222}.muted{color:#666}table.h2h td{text-align:center}"
      "</style></head><body>\n";
  out += "<h1>Tournament</h1>\n<p>" + std::to_string(summary.sessions) +
         " sessions: " + std::to_string(results.agents.size()) + " agents on " +
         std::to_string(results.scenarios.size()) + " scenarios under protocol <code>" +
         EscapeMarkup(c.protocol) + "</code>, " + std::to_string(c.rounds) + " rounds" +
         (c.rotate_profiles ? ", profiles rotated" : "") + (c.self_play ? ", with self-play" : "") +
         ", " + std::to_string(c.repetitions) + " repetition" + (c.repetitions == 1 ? "" : "s") +
         ", seed " + std::to_string(c.seed) + ". " + std::to_string(summary.agreements) +
         " agreements (" +
         Percent(summary.sessions ? static_cast<double>(summary.agreements) /
                                        static_cast<double>(summary.sessions)
                                  : 0) +
         "), " + std::to_string(summary.failures) + " failures.</p>\n";
  out += "<p class=\"muted\">Configuration hash <code>" + EscapeMarkup(results.config_hash) +
         "</code>. Written by parley " PARLEY_VERSION_STRING ".</p>\n";

  out +=
      "<h2>Ranking</h2>\n<p>By mean advantage (utility minus reservation value), with its 95% "
      "confidence interval (Student's t). Every position an agent played is one sample.</p>\n";
  out +=
      "<table><tr><th>rank</th><th class=\"l\">agent</th><th>advantage</th><th>95% CI</th>"
      "<th>utility</th><th>partner welfare</th><th>agreements</th><th>failures</th><th>n</th>"
      "</tr>";
  for (size_t i = 0; i < summary.agents.size(); ++i) {
    const AgentSummary& a = summary.agents[i];
    out += "<tr><td>" + std::to_string(i + 1) + "</td><td class=\"l\">" + EscapeMarkup(a.agent) +
           "</td><td>" + FormatFixed(a.advantage.mean, 4) + "</td><td>[" +
           FormatFixed(a.advantage.mean - a.advantage.half_width, 4) + ", " +
           FormatFixed(a.advantage.mean + a.advantage.half_width, 4) + "]</td><td>" +
           FormatFixed(a.utility, 4) + "</td><td>" + FormatFixed(a.partner_welfare, 4) +
           "</td><td>" + Percent(a.agreement_rate) + "</td><td>" + std::to_string(a.failures) +
           "</td><td>" + std::to_string(a.advantage.n) + "</td></tr>";
  }
  out += "</table>\n";

  out +=
      "<h2>Score distributions</h2>\n<p>Each agent's advantage over all its sessions: box "
      "(quartiles and median), whiskers (to 1.5 times the interquartile range), samples "
      "behind, and the mean with its 95% interval in red.</p>\n";
  out += DistributionSvg(results, summary) + "\n";

  out += "<h2>Agreement rate per scenario</h2>\n";
  out += AgreementSvg(summary) + "\n";
  out +=
      "<table><tr><th class=\"l\">scenario</th><th>parties</th><th>outcomes</th>"
      "<th>sessions</th><th>agreements</th><th>welfare</th><th>to Pareto</th><th>failures</th>"
      "</tr>";
  for (size_t i = 0; i < summary.scenarios.size(); ++i) {
    const ScenarioSummary& s = summary.scenarios[i];
    const ScenarioInfo* info = i < results.scenarios.size() ? &results.scenarios[i] : nullptr;
    out += "<tr><td class=\"l\">" + EscapeMarkup(s.scenario) + "</td><td>" +
           (info ? std::to_string(info->parties.size()) : "") + "</td><td>" +
           (info ? FormatFixed(info->outcomes, 0) : "") + "</td><td>" +
           std::to_string(s.agreements.n) + "</td><td>" + Percent(s.agreements.rate) + "</td><td>" +
           FormatFixed(s.welfare, 4) + "</td><td>" +
           (s.pareto_distance >= 0 ? FormatFixed(s.pareto_distance, 4) : "-") + "</td><td>" +
           std::to_string(s.failures) + "</td></tr>";
  }
  out += "</table>\n";

  out +=
      "<h2>Head to head</h2>\n<p>Mean advantage of the row's agent in the sessions where the "
      "column's agent was a partner.</p>\n";
  out += HeadToHeadTable(results, summary) + "\n";

  if (summary.failures > 0) {
    out +=
        "<h2>Failures</h2>\n<table><tr><th>session</th><th class=\"l\">scenario</th>"
        "<th class=\"l\">agent</th><th class=\"l\">kind</th><th class=\"l\">message</th></tr>";
    size_t shown = 0;
    for (const SessionRecord& s : results.sessions) {
      if (s.failure_kind.empty()) continue;
      if (++shown > 200) break;
      std::string agent = "-";
      if (s.failure_position && *s.failure_position < s.parties.size()) {
        const uint32_t a = s.parties[*s.failure_position].agent;
        agent = a < results.agents.size() ? results.agents[a] : std::to_string(a);
      }
      out += "<tr><td>" + std::to_string(s.index) + "</td><td class=\"l\">" +
             EscapeMarkup(s.scenario < results.scenarios.size() ? results.scenarios[s.scenario].name
                                                                : "") +
             "</td><td class=\"l\">" + EscapeMarkup(agent) + "</td><td class=\"l\">" +
             EscapeMarkup(s.failure_kind) + "</td><td class=\"l\">" +
             EscapeMarkup(s.failure_message) + "</td></tr>";
    }
    out += "</table>\n";
    if (summary.failures > 200)
      out += "<p class=\"muted\">(the first 200 of " + std::to_string(summary.failures) +
             "; all are in the CSV and the database)</p>\n";
  }
  bool notes = false;
  for (const ScenarioInfo& s : results.scenarios) {
    if (s.reference_note.empty()) continue;
    if (!notes) out += "<h2>Notes</h2>\n<ul>";
    notes = true;
    out += "<li>" + EscapeMarkup(s.name) + ": " + EscapeMarkup(s.reference_note) + "</li>";
  }
  if (notes) out += "</ul>\n";
  return out + "</body></html>\n";
}

Status WriteTournamentReport(const TournamentResults& results, const Summary& summary,
                             const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return Error::BadInput("cannot write '" + path + "'", path, 0, "--report");
  const std::string html = RenderTournamentReport(results, summary);
  file.write(html.data(), static_cast<std::streamsize>(html.size()));
  file.close();
  if (!file)
    return Error::BadInput("cannot write '" + path + "' (disk full?)", path, 0, "--report");
  return {};
}

}  // namespace parley
