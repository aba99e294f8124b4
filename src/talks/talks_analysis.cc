#include "parley/talks/talks_analysis.h"

#include <algorithm>

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

Result<Scenario> DraftScenario(const LedgerState& state, const TalksStatus& status) {
  const Scenario& s = state.structure;
  const auto fixed = status.Package();
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
                                   const AnalysisOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(Scenario draft, DraftScenario(state, status));
  DraftAnalysis out;
  out.fixed = status.Package();
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

}  // namespace parley
