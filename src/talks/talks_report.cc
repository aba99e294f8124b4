#include "parley/talks/talks_report.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "parley/core/text.h"
#include "parley/talks/talks_views.h"

namespace parley {

namespace {

// Days since 1970-01-01 of a valid YYYY-MM-DD date (proleptic Gregorian).
int64_t DayNumber(const std::string& date) {
  int y = std::stoi(date.substr(0, 4));
  const int m = std::stoi(date.substr(5, 2));
  const int d = std::stoi(date.substr(8, 2));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + doe - 719468;
}

std::string Fixed(double value, int digits = 3) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

std::string PackageText(const Outcome& outcome, const OutcomeSpace& space) {
  std::string out;
  for (size_t i = 0; i < outcome.size(); ++i)
    out += (i ? ", " : "") + space.issue(i).name + "=" + space.issue(i).ValueName(outcome[i]);
  return out;
}

constexpr const char* kStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;
color:#1d2430;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dbe3}
.sub{color:#5a6472}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #e3e7ec;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f8;font-weight:600}.status{font-weight:600;border-radius:.3rem;padding:.1rem .4rem}
.open{background:#fde2e1;color:#8a1c14}.reopened{background:#fde9c8;color:#7a4a00}
.agreed-in-draft{background:#dff3e4;color:#17603a}.final{background:#cfe3ff;color:#0b3d91}
.kind{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#5a6472}
.src{color:#5a6472;font-size:.9rem}.blockers li{margin:.2rem 0}.closed{color:#8a1c14}
svg text{font-size:11px;fill:#1d2430}
)css";

}  // namespace

std::string RenderReportHtml(const LedgerState& state, const TalksStatus& status,
                             const DraftAnalysis* analysis, const std::string& analysis_error) {
  const Scenario& s = state.structure;
  const OutcomeSpace& space = s.space;
  const Viewer mediator = Viewer::Mediator();
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n";
  h += "<title>" + EscapeMarkup(state.info.name) + " - parley talks report</title>\n";
  h += "<style>" + std::string(kStyle) + "</style></head><body>\n";
  h += "<h1>" + EscapeMarkup(state.info.title.empty() ? state.info.name : state.info.title) +
       "</h1>\n";
  h += "<p class=\"sub\">Ledger <b>" + EscapeMarkup(state.info.name) + "</b>, as of " +
       EscapeMarkup(state.as_of.empty() ? "the latest entry" : state.as_of) +
       (status.last_date.empty() ? "" : " (last entry " + EscapeMarkup(status.last_date) + ")") +
       "; " + std::to_string(status.rounds) + " round(s). Rule: " +
       (s.rules.single_undertaking
            ? "single undertaking &mdash; nothing is agreed until everything is agreed."
            : "issue-by-issue &mdash; each issue binds once agreed.") +
       "</p>\n";
  if (!state.info.description.empty()) h += "<p>" + EscapeMarkup(state.info.description) + "</p>\n";

  // Status table.
  h += "<h2>Status of the issues</h2>\n<table id=\"status\"><thead><tr><th>Track</th><th>Issue"
       "</th><th>Status</th><th>Value</th><th>Reopened</th><th>Since</th><th>Standing "
       "acceptances</th></tr></thead><tbody>\n";
  for (size_t t = 0; t < status.tracks.size(); ++t) {
    for (size_t i : status.tracks[t].issues) {
      const IssueState& issue = status.issues[i];
      const std::string name(IssueStatusName(issue.status));
      std::string acceptances;
      for (const Acceptance& a : issue.acceptances)
        acceptances += (acceptances.empty() ? "" : "; ") + s.parties[a.party].name + ": " +
                       space.issue(i).ValueName(a.value);
      h += "<tr><td>" + EscapeMarkup(status.tracks[t].name) +
           (status.track_open[t] ? "" : " <span class=\"closed\">(not open)</span>") + "</td><td>" +
           EscapeMarkup(space.issue(i).name) + "</td><td><span class=\"status " + name + "\">" +
           name + "</span></td><td>" +
           (issue.value ? EscapeMarkup(space.issue(i).ValueName(*issue.value)) : "&ndash;") +
           "</td><td>" + std::to_string(issue.reopened) + "</td><td>" + EscapeMarkup(issue.since) +
           "</td><td>" + EscapeMarkup(acceptances) + "</td></tr>\n";
    }
  }
  h += "</tbody></table>\n";
  h += std::string("<p><b>Final agreement: ") + (status.final ? "yes" : "no") + "</b></p>\n";
  if (!status.blockers.empty()) {
    h += "<h2>What blocks a final agreement</h2>\n<ul class=\"blockers\">\n";
    for (const Blocker& b : status.blockers)
      h += "<li><span class=\"kind\">" + std::string(BlockerKindName(b.kind)) + "</span> " +
           EscapeMarkup(b.text) + "</li>\n";
    h += "</ul>\n";
  }

  // Timeline: an SVG strip of the rounds and entries over time, then the list.
  std::vector<const LedgerEntry*> shown;
  for (const LedgerEntry& e : state.entries)
    if (mediator.CanSee(e)) shown.push_back(&e);
  h += "<h2>Timeline</h2>\n";
  if (!shown.empty()) {
    int64_t first = DayNumber(shown.front()->date), last = first;
    for (const LedgerEntry* e : shown) {
      last = std::max(last, DayNumber(e->date));
      if (!e->end_date.empty()) last = std::max(last, DayNumber(e->end_date));
    }
    const double width = 900, left = 20, right = 20;
    const double span = static_cast<double>(std::max<int64_t>(1, last - first));
    auto x = [&](const std::string& date) {
      return left + (width - left - right) * static_cast<double>(DayNumber(date) - first) / span;
    };
    h += "<svg id=\"timeline\" viewBox=\"0 0 900 90\" width=\"100%\" role=\"img\" "
         "aria-label=\"timeline of rounds\">\n";
    h += "<line x1=\"20\" y1=\"60\" x2=\"880\" y2=\"60\" stroke=\"#9aa4b2\"/>\n";
    for (const LedgerEntry* e : shown) {
      if (e->kind != EntryKind::kRound) continue;
      const double x0 = x(e->date);
      const double x1 = std::max(x0 + 4, x(e->end_date.empty() ? e->date : e->end_date));
      h += "<rect x=\"" + Fixed(x0, 1) + "\" y=\"44\" width=\"" + Fixed(x1 - x0, 1) +
           "\" height=\"32\" fill=\"#cfe3ff\" stroke=\"#0b3d91\"/>\n";
      h += "<text x=\"" + Fixed(x0, 1) + "\" y=\"36\">Round " +
           std::to_string(e->round.value_or(0)) + ": " + EscapeMarkup(e->date) +
           (e->end_date.empty() ? "" : " &ndash; " + EscapeMarkup(e->end_date)) + "</text>\n";
    }
    for (const LedgerEntry* e : shown)
      if (e->kind != EntryKind::kRound)
        h += "<circle cx=\"" + Fixed(x(e->date), 1) +
             "\" cy=\"60\" r=\"4\" fill=\"#17603a\">"
             "<title>" +
             EscapeMarkup(e->date + " " + std::string(EntryKindName(e->kind))) +
             "</title></circle>\n";
    h += "</svg>\n";
  }
  h += "<table id=\"entries\"><thead><tr><th>Date</th><th>Round</th><th>Kind</th><th>Party</th>"
       "<th>What</th><th>Source</th></tr></thead><tbody>\n";
  for (const LedgerEntry* e : shown) {
    std::string what;
    if (e->kind == EntryKind::kRound)
      what = "<b>" + EscapeMarkup(e->title) + "</b>" +
             (e->place.empty() ? "" : ", " + EscapeMarkup(e->place)) +
             (e->end_date.empty() ? "" : " (until " + EscapeMarkup(e->end_date) + ")") + "<br>";
    if (e->kind == EntryKind::kVote) what += e->accept ? "<b>accepts</b> " : "<b>rejects</b> ";
    if (e->kind == EntryKind::kProfile)
      what += "profile (" + EscapeMarkup(e->profile_origin) + ", private), reservation " +
              Fixed(e->profile.reservation_value, 2) + " ";
    for (const IssueValue& v : e->values)
      what += "<code>" + EscapeMarkup(space.issue(v.issue).name) +
              (v.value ? "=" + EscapeMarkup(space.issue(v.issue).ValueName(*v.value)) : "") +
              "</code> ";
    for (const Constraint& c : e->conditions)
      what += "<i>condition: " + EscapeMarkup(DescribeCondition(c, space)) + "</i> ";
    if (!e->text.empty()) what += (what.empty() ? "" : "<br>") + EscapeMarkup(e->text);
    h += "<tr><td>" + EscapeMarkup(e->date) + "</td><td>" +
         (e->round ? std::to_string(*e->round) : "") + "</td><td><span class=\"kind\">" +
         std::string(EntryKindName(e->kind)) + "</span></td><td>" +
         EscapeMarkup(e->party ? s.parties[*e->party].name : "") + "</td><td>" + what +
         "</td><td class=\"src\">" +
         EscapeMarkup(e->source_kind + (e->source.empty() ? "" : ": " + e->source)) +
         "</td></tr>\n";
  }
  h += "</tbody></table>\n";

  // Analysis.
  h += "<h2>Packages consistent with the draft</h2>\n";
  if (analysis) {
    std::string fixed;
    for (size_t i = 0; i < analysis->fixed.size(); ++i)
      if (analysis->fixed[i])
        fixed += (fixed.empty() ? "" : ", ") + space.issue(i).name + "=" +
                 space.issue(i).ValueName(*analysis->fixed[i]);
    h += "<p>Held fixed (agreed in draft): " + EscapeMarkup(fixed.empty() ? "nothing" : fixed) +
         ". Packages consistent with it: " + Fixed(analysis->packages, 0) +
         "; in the zone of possible agreement (every party above its reservation value): " +
         Fixed(analysis->zopa.outcomes, 0) + ".</p>\n";
    if (analysis->nash) {
      h += "<p id=\"nash\">Nash package: <b>" +
           EscapeMarkup(PackageText(analysis->nash->outcome, space)) + "</b> (utilities ";
      for (size_t p = 0; p < analysis->nash->utilities.size(); ++p)
        h += (p ? ", " : "") + EscapeMarkup(s.parties[p].name) + " " +
             Fixed(analysis->nash->utilities[p]);
      h += ").</p>\n";
    } else {
      h += "<p id=\"nash\">No package gives every party at least its reservation value: no "
           "Nash package.</p>\n";
    }
    h += "<table id=\"frontier\"><thead><tr><th>Efficient package</th>";
    for (const Party& party : s.parties) h += "<th>" + EscapeMarkup(party.name) + "</th>";
    h += "</tr></thead><tbody>\n";
    constexpr size_t kShown = 25;
    for (size_t k = 0; k < analysis->frontier.points.size() && k < kShown; ++k) {
      const UtilityPoint& point = analysis->frontier.points[k];
      h += "<tr><td>" + EscapeMarkup(PackageText(point.outcome, space)) + "</td>";
      for (double u : point.utilities) h += "<td>" + Fixed(u) + "</td>";
      h += "</tr>\n";
    }
    h += "</tbody></table>\n";
    if (analysis->frontier.points.size() > kShown)
      h += "<p class=\"sub\">" + std::to_string(analysis->frontier.points.size() - kShown) +
           " more efficient packages not shown.</p>\n";
    for (const std::string& note : analysis->notes)
      h += "<p class=\"sub\">Note: " + EscapeMarkup(note) + "</p>\n";
  } else {
    h += "<p>Not available: " +
         EscapeMarkup(analysis_error.empty() ? "no analysis was requested" : analysis_error) +
         "</p>\n";
  }
  if (!status.notes.empty()) {
    h += "<h2>Recorded but not counted</h2>\n<ul>\n";
    for (const std::string& note : status.notes) h += "<li>" + EscapeMarkup(note) + "</li>\n";
    h += "</ul>\n";
  }
  h += "<p class=\"sub\">Written by parley talks report.</p>\n</body></html>\n";
  return h;
}

}  // namespace parley
