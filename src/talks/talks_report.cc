#include "parley/talks/talks_report.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "parley/core/text.h"
#include "parley/talks/talks_picture.h"
#include "parley/talks/talks_views.h"

namespace parley {

namespace {

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
.private{font-size:.75rem;background:#efe3f7;color:#5b2a86;border-radius:.3rem;padding:0 .3rem}
.late{font-size:.75rem;background:#fde9c8;color:#7a4a00;border-radius:.3rem;padding:0 .3rem}
tr.retracted td{color:#8a94a3}.retracted-mark{font-size:.75rem;background:#eceff3;border-radius:.3rem;padding:0 .3rem}
#timeline text{font-size:11px;fill:#1d2430}
#issue-picture{overflow-x:auto}
)css";

}  // namespace

std::string RenderReportHtml(const LedgerState& state, const TalksStatus& status,
                             const DraftAnalysis* analysis, const std::string& analysis_error,
                             const Viewer& viewer, const PartyWhatIf* own) {
  const Scenario& s = state.structure;
  const OutcomeSpace& space = s.space;
  const bool mediator_view = viewer.IsMediator();
  if (!mediator_view) analysis = nullptr;  // computed from every profile: never in a party's copy
  const std::string kPrivate = "<span class=\"private\">private</span>";
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n";
  h += "<title>" + EscapeMarkup(state.info.name) + " - parley talks report</title>\n";
  h += "<style>" + std::string(kStyle) + "</style></head><body>\n";
  h += "<h1>" + EscapeMarkup(state.info.title.empty() ? state.info.name : state.info.title) +
       "</h1>\n";
  h += "<p class=\"sub\">Ledger <b>" + EscapeMarkup(state.info.name) +
       "</b>: " + EscapeMarkup(ReplayLabel(state)) +
       (status.last_date.empty() ? "" : " (last entry " + EscapeMarkup(status.last_date) + ")") +
       "; " + std::to_string(status.rounds) + " round(s). Rule: " +
       (s.rules.single_undertaking
            ? "single undertaking &mdash; nothing is agreed until everything is agreed."
            : "issue-by-issue &mdash; each issue binds once agreed.") +
       "</p>\n";
  if (!state.info.description.empty()) h += "<p>" + EscapeMarkup(state.info.description) + "</p>\n";
  h += mediator_view
           ? "<p class=\"sub\" id=\"copy\">The mediator's copy: parts marked " + kPrivate +
                 " come from the parties' private profiles; do not pass them on.</p>\n"
           : "<p class=\"sub\" id=\"copy\">The copy for " +
                 EscapeMarkup(s.parties[*viewer.party].name) +
                 ": the shared record and its own profile only.</p>\n";

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

  // The issues round by round: the picture the single undertaking's sessions draw.
  {
    // Inline SVG in HTML needs no namespace (and the report names no URL at all).
    std::string svg = TalksTimelineSvg(state);
    const std::string xmlns = " xmlns=\"http://www.w3.org/2000/svg\"";
    if (const size_t at = svg.find(xmlns); at != std::string::npos) svg.erase(at, xmlns.size());
    h += "<h2>The issues round by round</h2>\n<div id=\"issue-picture\">\n" + svg + "</div>\n";
  }

  // Timeline: an SVG strip of the rounds and entries over time, then the list.
  std::vector<const LedgerEntry*> shown;
  for (const LedgerEntry& e : state.entries)
    if (viewer.CanSee(e)) shown.push_back(&e);
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
      if (e->kind != EntryKind::kRound || e->retracted_by) continue;
      const double x0 = x(e->date);
      const double x1 = std::max(x0 + 4, x(e->end_date.empty() ? e->date : e->end_date));
      h += "<rect x=\"" + Fixed(x0, 1) + "\" y=\"44\" width=\"" + Fixed(x1 - x0, 1) +
           "\" height=\"32\" fill=\"#cfe3ff\" stroke=\"#0b3d91\"/>\n";
      const std::string label = "Round " + std::to_string(e->round.value_or(0)) + ": " + e->date +
                                (e->end_date.empty() ? "" : " - " + e->end_date);
      // A label that would run past the right edge ends at its round instead (6.2 px a
      // character is generous for the 11px font), so the last round's name is never clipped.
      const double label_width = 6.2 * static_cast<double>(label.size());
      const bool from_end = x0 + label_width > width - 4;
      h += "<text x=\"" + Fixed(from_end ? std::max(label_width, x1) : x0, 1) + "\" y=\"36\"" +
           (from_end ? " text-anchor=\"end\"" : "") + ">Round " +
           std::to_string(e->round.value_or(0)) + ": " + EscapeMarkup(e->date) +
           (e->end_date.empty() ? "" : " &ndash; " + EscapeMarkup(e->end_date)) + "</text>\n";
    }
    for (const LedgerEntry* e : shown)
      if (e->kind != EntryKind::kRound && !e->retracted_by)
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
      what += kPrivate + " profile (" + EscapeMarkup(e->profile_origin) + "), reservation " +
              Fixed(e->profile.reservation_value, 2) + " ";
    if (e->kind == EntryKind::kRound && e->correction) what += "[correction] ";
    if (e->retracts) what += "retracts entry " + std::to_string(*e->retracts) + ": ";
    for (const IssueValue& v : e->values)
      what += "<code>" + EscapeMarkup(space.issue(v.issue).name) +
              (v.value ? "=" + EscapeMarkup(space.issue(v.issue).ValueName(*v.value)) : "") +
              "</code> ";
    for (const Constraint& c : e->conditions)
      what += "<i>condition: " + EscapeMarkup(DescribeCondition(c, space)) + "</i> ";
    if (!e->text.empty()) what += (what.empty() ? "" : "<br>") + EscapeMarkup(e->text);
    if (e->retracted_by)
      what += "<br><span class=\"retracted-mark\">retracted by entry " +
              std::to_string(*e->retracted_by) + "</span> " + EscapeMarkup(e->retraction_reason);
    h += std::string(e->retracted_by ? "<tr class=\"retracted\">" : "<tr>") + "<td>" +
         EscapeMarkup(e->date) + "</td><td>" + (e->round ? std::to_string(*e->round) : "") +
         "</td><td><span class=\"kind\">" + std::string(EntryKindName(e->kind)) + "</span>" +
         (e->late ? " <span class=\"late\">late</span>" : "") + "</td><td>" +
         EscapeMarkup(e->party ? s.parties[*e->party].name : "") + "</td><td>" + what +
         "</td><td class=\"src\">" +
         EscapeMarkup(e->source_kind + (e->source.empty() ? "" : ": " + e->source)) +
         "</td></tr>\n";
  }
  h += "</tbody></table>\n";

  // Entries recorded late: dated before the start of a round recorded before them.
  std::vector<const LedgerEntry*> late;
  for (const LedgerEntry* e : shown)
    if (e->late) late.push_back(e);
  if (!late.empty()) {
    h += "<h2>Recorded late</h2>\n<p class=\"sub\">Dated before the start of a round recorded "
         "before them.</p>\n<ul id=\"late\">\n";
    for (const LedgerEntry* e : late)
      h += "<li>entry " + std::to_string(e->seq) + " (" + std::string(EntryKindName(e->kind)) +
           ", dated " + EscapeMarkup(e->date) + ", recorded " + EscapeMarkup(e->recorded_at) +
           ")</li>\n";
    h += "</ul>\n";
  }

  // Analysis.
  if (!mediator_view) {
    h += "<h2>Packages consistent with the draft, from your profile</h2>\n";
    if (own) {
      h += "<p id=\"own\">Your reservation value " + Fixed(own->reservation, 2) + "; " +
           std::to_string(own->packages) + " packages consistent with the draft, " +
           std::to_string(own->acceptable) + " of them above your reservation value.</p>\n";
      h += "<table id=\"best\"><thead><tr><th>Your best packages</th><th>Your utility</th>"
           "</tr></thead><tbody>\n";
      for (const auto& [outcome, utility] : own->best)
        h += "<tr><td>" + EscapeMarkup(PackageText(outcome, space)) + "</td><td>" + Fixed(utility) +
             "</td></tr>\n";
      h += "</tbody></table>\n";
    } else {
      h += "<p>Not available: " +
           EscapeMarkup(analysis_error.empty() ? "no profile of yours recorded" : analysis_error) +
           "</p>\n";
    }
  } else {
    h += "<h2>Packages consistent with the draft " + kPrivate + "</h2>\n";
    h += "<p class=\"sub\">Computed from every party's profile and reservation value.</p>\n";
  }
  if (mediator_view && analysis) {
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
  } else if (mediator_view) {
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
