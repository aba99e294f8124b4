#include "parley/talks/talks_analysis.h"

#include <algorithm>
#include <cstdio>

namespace parley {

namespace {

Clause Restrict(const Clause& clause, const std::vector<std::optional<ValueIndex>>& fixed) {
  if (!fixed[clause.issue]) return clause;
  Clause out{clause.issue, {}};
  // A fixed issue has the single value 0: the clause holds always or never.
  if (std::count(clause.allowed.begin(), clause.allowed.end(), *fixed[clause.issue]))
    out.allowed.push_back(0);
  return out;
}

}  // namespace

Outcome ToFullOutcome(const Outcome& draft, const std::vector<std::optional<ValueIndex>>& fixed) {
  Outcome full = draft;
  for (size_t i = 0; i < full.size() && i < fixed.size(); ++i)
    if (fixed[i]) full[i] = *fixed[i];
  return full;
}

Result<std::vector<std::optional<ValueIndex>>> WhatIfFixed(const LedgerState& state,
                                                           const TalksStatus& status,
                                                           const std::vector<IssueValue>& what_if) {
  const OutcomeSpace& space = state.structure.space;
  auto fixed = status.Package();
  for (const IssueValue& fix : what_if) {
    if (fix.issue >= space.NumIssues() || !fix.value ||
        *fix.value >= space.issue(fix.issue).Cardinality())
      return Error::BadInput("unknown issue or value", "", 0, "fix");
    const Issue& issue = space.issue(fix.issue);
    if (fixed[fix.issue] && *fixed[fix.issue] != *fix.value)
      return Error::BadInput("issue '" + issue.name + "' is agreed in draft as '" +
                                 issue.ValueName(*fixed[fix.issue]) + "'",
                             "", 0, "fix");
    fixed[fix.issue] = fix.value;
  }
  return fixed;
}

Result<Scenario> DraftScenario(const LedgerState& state, const TalksStatus& status,
                               const std::vector<IssueValue>& what_if) {
  const Scenario& s = state.structure;
  PARLEY_ASSIGN_OR_RETURN(const auto fixed, WhatIfFixed(state, status, what_if));
  const auto profiles = state.LatestProfiles();
  std::string missing;
  for (size_t p = 0; p < profiles.size(); ++p)
    if (!profiles[p]) missing += (missing.empty() ? "" : ", ") + s.parties[p].name;
  if (!missing.empty())
    return Error::BadInput("no profile recorded for " + missing +
                               ": record one (entered or estimated) with `parley talks profile`",
                           "", 0, "profiles");
  Scenario draft;
  draft.name = s.name + " (draft)";
  draft.description = "restricted to the packages consistent with what is agreed in draft";
  draft.source = s.source;
  std::vector<Issue> issues;
  for (size_t i = 0; i < s.space.NumIssues(); ++i) {
    const Issue& issue = s.space.issue(i);
    issues.push_back(fixed[i] ? Issue::Discrete(issue.name, {issue.ValueName(*fixed[i])}) : issue);
  }
  draft.space = OutcomeSpace(std::move(issues));
  for (size_t p = 0; p < s.parties.size(); ++p) {
    Profile profile = profiles[p]->profile;
    profile.name = s.parties[p].name;
    if (!profile.IsAdditive())
      return Error::Unsupported("only additive profiles can be restricted to the draft");
    auto& additive = std::get<AdditiveUtility>(profile.utility);
    for (size_t i = 0; i < fixed.size(); ++i)
      if (fixed[i]) additive.issues[i].table = {additive.issues[i].table.at(*fixed[i])};
    // Conditions standing in the record bind their party like hard constraints.
    for (const ConditionCheck& check : status.conditions)
      if (check.party == p) profile.constraints.push_back(check.condition);
    for (Constraint& constraint : profile.constraints) {
      for (Clause& clause : constraint.when) clause = Restrict(clause, fixed);
      constraint.then = Restrict(constraint.then, fixed);
    }
    draft.parties.push_back({s.parties[p].name, std::move(profile)});
  }
  draft.rules = s.rules;
  return draft;
}

Result<DraftAnalysis> AnalyzeDraft(const LedgerState& state, const TalksStatus& status,
                                   const AnalysisOptions& options,
                                   const std::vector<IssueValue>& what_if) {
  PARLEY_ASSIGN_OR_RETURN(Scenario draft, DraftScenario(state, status, what_if));
  DraftAnalysis out;
  PARLEY_ASSIGN_OR_RETURN(out.fixed, WhatIfFixed(state, status, what_if));
  for (const LedgerEntry* entry : state.LatestProfiles()) {
    out.origins.push_back(entry->profile_origin);
    out.reservations.push_back(entry->profile.reservation_value);
  }
  PARLEY_ASSIGN_OR_RETURN(Analysis analysis, Analyze(draft, options));
  out.packages = analysis.acceptable;  // standing conditions applied
  out.zopa = analysis.zopa;
  out.frontier = std::move(analysis.frontier);
  for (UtilityPoint& point : out.frontier.points)
    point.outcome = ToFullOutcome(point.outcome, out.fixed);
  if (analysis.nash) {
    out.nash = std::move(analysis.nash);
    out.nash->outcome = ToFullOutcome(out.nash->outcome, out.fixed);
  }
  out.notes = std::move(analysis.notes);
  if (std::count(out.origins.begin(), out.origins.end(), "estimated"))
    out.notes.push_back("some profiles are estimates, not entered by their party");
  if (!status.conditions.empty())
    out.notes.push_back("conditions standing in the record are applied as hard constraints");
  return out;
}

Result<PartyWhatIf> AnalyzeForParty(const LedgerState& state, const TalksStatus& status,
                                    size_t party, const std::vector<IssueValue>& what_if,
                                    size_t best) {
  const Scenario& s = state.structure;
  if (party >= s.parties.size()) return Error::BadInput("unknown party", "", 0, "party");
  const LedgerEntry* entry = state.LatestProfiles()[party];
  if (!entry)
    return Error::BadInput("no profile recorded for " + s.parties[party].name +
                               ": record one (the page's profile form, or `parley talks profile`)",
                           "", 0, "profiles");
  PartyWhatIf out;
  out.party = party;
  PARLEY_ASSIGN_OR_RETURN(out.fixed, WhatIfFixed(state, status, what_if));
  out.reservation = entry->profile.reservation_value;
  Profile profile = entry->profile;
  for (const ConditionCheck& check : status.conditions)
    if (check.party == party) profile.constraints.push_back(check.condition);
  std::vector<size_t> open;
  double size = 1;
  Outcome outcome(out.fixed.size(), 0);
  for (size_t i = 0; i < out.fixed.size(); ++i) {
    if (out.fixed[i]) {
      outcome[i] = *out.fixed[i];
    } else {
      open.push_back(i);
      size *= static_cast<double>(s.space.issue(i).Cardinality());
    }
  }
  constexpr double kMaxPackages = 2e6;
  if (size > kMaxPackages) {
    char count[32];
    std::snprintf(count, sizeof count, "%.3g", size);
    return Error::Unsupported(std::string("too many open packages to list (") + count +
                              "): fix more issues");
  }
  std::vector<std::pair<Outcome, double>> ranked;
  while (true) {
    if (SatisfiesConstraints(profile, outcome)) {
      ++out.packages;
      const double u = EvaluateUtility(profile, outcome);
      if (u > out.reservation) ++out.acceptable;
      ranked.emplace_back(outcome, u);
    }
    // The next package: an odometer over the open issues, the last one fastest.
    size_t k = open.size();
    while (k > 0 && ++outcome[open[k - 1]] == s.space.issue(open[k - 1]).Cardinality()) {
      outcome[open[k - 1]] = 0;
      --k;
    }
    if (k == 0) break;
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (ranked.size() > best) ranked.resize(best);
  out.best = std::move(ranked);
  return out;
}

}  // namespace parley
