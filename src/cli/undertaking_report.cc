#include "undertaking_report.h"

#include <cmath>
#include <cstdio>

#include "parley/session/plot.h"
#include "parley/session/report.h"

namespace parley::cli {
namespace {

constexpr double kOnFrontier = 1e-9;

std::string EndShort(const SessionResult& r) {
  const NegotiationResult& n = r.negotiation;
  switch (n.reason) {
    case EndReason::kAgreement:
      return "agreement in round " + std::to_string(n.rounds);
    case EndReason::kDeadline:
      return "no agreement (deadline)";
    case EndReason::kWalkAway:
      return "no agreement (walk-away)";
    case EndReason::kFailure:
      return "no agreement (failure)";
  }
  return "";
}

std::string Optional(const std::optional<double>& x) {
  return x ? FormatUtility(*x) : std::string("n/a");
}

// The single undertaking's record (empty when the protocol left none).
UndertakingRecord Details(const SessionResult& r) {
  return r.negotiation.undertaking.value_or(UndertakingRecord{});
}

// Parties whose utility under this result is below their reservation value (only possible when
// an agreement binds them).
std::vector<size_t> BelowReservation(const SessionResult& r) {
  std::vector<size_t> out;
  if (!r.negotiation.agreement) return out;
  for (size_t p = 0; p < r.metrics.utilities.size(); ++p)
    if (r.metrics.utilities[p] < r.metrics.reservations[p] - 1e-12) out.push_back(p);
  return out;
}

std::string Names(const SessionResult& r, const std::vector<size_t>& parties) {
  std::string out;
  for (size_t k = 0; k < parties.size(); ++k)
    out += (k == 0 ? "" : k + 1 == parties.size() ? " and " : ", ") + r.parties[parties[k]];
  return out;
}

}  // namespace

std::string PackagePlacementText(const PreparedScenario& scenario, const SessionResult& result,
                                 const ReferencePoints& reference) {
  const OutcomeSpace& space = scenario.space();
  std::string out = "\n  the whole package against the frontier:\n";
  auto utilities = [](const std::vector<double>& u) {
    std::string s = "(";
    for (size_t i = 0; i < u.size(); ++i) s += (i ? ", " : "") + FormatUtility(u[i]);
    return s + ")";
  };
  if (reference.nash) {
    out += "    Nash point    " + utilities(reference.nash->utilities) + "  " +
           OutcomeText(space, reference.nash->outcome) + "\n";
  } else {
    out += "    Nash point    none: no outcome gives every party its reservation value\n";
  }
  const SessionMetrics& m = result.metrics;
  if (result.negotiation.agreement) {
    out += "    outcome       " + utilities(m.utilities) + "  " +
           OutcomeText(space, *result.negotiation.agreement) + "\n";
  } else {
    out += "    outcome       " + utilities(m.utilities) +
           "  no agreement: every party keeps its reservation value\n";
  }
  std::string verdict;
  if (!reference.frontier) {
    verdict = "no frontier to compare with" +
              (reference.note.empty() ? std::string() : " (" + reference.note + ")");
  } else if (!result.negotiation.agreement) {
    verdict = "no agreement: " + Optional(m.pareto_distance) + " from the frontier, " +
              Optional(m.nash_distance) + " from the Nash point";
  } else if (m.nash_distance && *m.nash_distance <= kOnFrontier) {
    verdict = "the agreement is the Nash point";
  } else if (m.pareto_distance && *m.pareto_distance <= kOnFrontier) {
    verdict =
        "the agreement is on the frontier, " + Optional(m.nash_distance) + " from the Nash point";
  } else {
    verdict = "the agreement is " + Optional(m.pareto_distance) +
              " inside the frontier (every party could gain), " + Optional(m.nash_distance) +
              " from the Nash point";
  }
  out += "    " + verdict + "\n";
  return out;
}

int RunCompare(const PreparedScenario& scenario, const SessionConfig& config,
               const ReferencePoints& reference, bool json, const std::string& plot,
               const PlotOptions& plot_options) {
  if (!IsSingleUndertaking(config.protocol)) {
    return ReportError(
        Error::BadInput("--compare sets issue-by-issue binding against the single "
                        "undertaking; it needs --protocol single-undertaking, "
                        "not '" +
                            config.protocol + "'",
                        {}, 0, "--compare"));
  }
  SessionConfig by_issue = config, undertaking = config;
  by_issue.protocol = "single-undertaking:binding=issue-by-issue";
  undertaking.protocol = "single-undertaking:binding=single-undertaking";
  Result<SessionResult> a = RunSession(scenario, by_issue, &reference);
  if (!a) return ReportError(a.error());
  Result<SessionResult> b = RunSession(scenario, undertaking, &reference);
  if (!b) return ReportError(b.error());
  const std::vector<size_t> bound_a = BelowReservation(*a), bound_b = BelowReservation(*b);
  if (!plot.empty()) {
    PlotOptions options = plot_options;
    auto format = picture::PlotFormatForPath(plot, "--plot");
    if (!format) return ReportError(format.error());
    options.format = *format;
    Result<std::string> text = RenderComparePlot(scenario, *a, *b, reference, options);
    if (!text) return ReportError(text.error());
    if (Status s = picture::WritePictureFile(plot, *text, "--plot"); !s)
      return ReportError(s.error());
  }

  // The lesson, in one sentence per binding.
  auto verdict = [](const SessionResult& r, const std::vector<size_t>& bound) {
    if (!r.negotiation.agreement)
      return std::string("no agreement; everyone keeps its reservation");
    if (!bound.empty())
      return Names(r, bound) + (bound.size() == 1 ? " is" : " are") +
             " bound to a package worth less than " + (bound.size() == 1 ? "its" : "their") +
             " reservation value";
    return std::string("an agreement every party values at least at its reservation value");
  };
  const std::string lesson_a = verdict(*a, bound_a), lesson_b = verdict(*b, bound_b);

  if (json) {
    Json out;
    out["compare"] = {{"scenario", a->scenario},    {"agents", a->agents},
                      {"parties", a->parties},      {"seed", a->seed},
                      {"issue_by_issue", lesson_a}, {"single_undertaking", lesson_b}};
    out["issue_by_issue"] = SessionToJson(scenario, *a, /*include_moves=*/false);
    out["single_undertaking"] = SessionToJson(scenario, *b, /*include_moves=*/false);
    PrintJson(out);
    return 0;
  }

  const OutcomeSpace& space = scenario.space();
  const UndertakingRecord da = Details(*a), db = Details(*b);
  std::string text = "comparison: " + a->scenario + ", the same agents and seed under two rules\n";
  for (size_t p = 0; p < a->parties.size(); ++p)
    text += "  " + a->parties[p] + ": " + a->agents[p] + "\n";
  text += "  seed " + std::to_string(a->seed) + ", deadline " +
          (config.deadline.rounds > 0 ? std::to_string(config.deadline.rounds) + " rounds"
                                      : FormatUtility(config.deadline.seconds) + " s") +
          "\n\n";
  TextTable table;
  table.AddColumn("");
  table.AddColumn("issue-by-issue binding");
  table.AddColumn("single undertaking");
  table.AddRow({"end", EndShort(*a), EndShort(*b)});
  auto issue_cell = [&](const UndertakingRecord& details, size_t i) -> std::string {
    if (i >= details.issues.size()) return "";
    const IssueRecord& issue = details.issues[i];
    const std::string status(DraftStatusName(issue.status));
    if (!issue.value) return status;
    return space.issue(i).ValueName(*issue.value) + " (" + status + ")";
  };
  for (size_t i = 0; i < space.NumIssues(); ++i)
    table.AddRow({space.issue(i).name, issue_cell(da, i), issue_cell(db, i)});
  auto utility_cell = [](const SessionResult& r, size_t p) {
    std::string cell = FormatUtility(r.metrics.utilities[p]);
    if (r.negotiation.agreement && r.metrics.utilities[p] < r.metrics.reservations[p] - 1e-12)
      cell += " < reservation " + FormatUtility(r.metrics.reservations[p]);
    return cell;
  };
  for (size_t p = 0; p < a->parties.size(); ++p)
    table.AddRow({"u(" + a->parties[p] + ")", utility_cell(*a, p), utility_cell(*b, p)});
  table.AddRow({"welfare", FormatUtility(a->metrics.welfare), FormatUtility(b->metrics.welfare)});
  table.AddRow({"distance to Pareto", Optional(a->metrics.pareto_distance),
                Optional(b->metrics.pareto_distance)});
  table.AddRow(
      {"distance to Nash", Optional(a->metrics.nash_distance), Optional(b->metrics.nash_distance)});
  auto votes = [](const UndertakingRecord& details) -> std::string {
    const int held = details.votes_held;
    if (details.binding == Binding::kIssueByIssue) return "none (no final vote)";
    if (held == 0) return "none reached";
    const bool passed = details.final_vote && details.final_vote->passed;
    return std::to_string(held) + (passed ? ", the last passed" : ", none passed");
  };
  table.AddRow({"final votes", votes(da), votes(db)});
  table.AddRow({"reopenings", std::to_string(da.reopenings), std::to_string(db.reopenings)});
  text += table.Render();
  text += "\n  issue-by-issue binding: " + lesson_a + ".\n";
  text += "  single undertaking:     " + lesson_b + ".\n";
  if (reference.nash) {
    std::string u;
    for (size_t p = 0; p < reference.nash->utilities.size(); ++p)
      u += (p ? ", " : "") + FormatUtility(reference.nash->utilities[p]);
    text += "  Nash point of the whole package: (" + u + ") " +
            OutcomeText(space, reference.nash->outcome) + "\n";
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace parley::cli
