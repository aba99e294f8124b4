#pragma once

/// \file
/// Which packages everyone could still accept, given what is already agreed in draft: the
/// ledger's record turned into a restricted scenario and handed to the analysis module.
///
/// The draft scenario has the negotiation's issues, with every issue agreed in draft (or final)
/// fixed to its agreed value (a single-valued issue), and each party's latest profile (entered
/// or estimated) restricted accordingly. The conditions standing in the record (stated in
/// positions, attached to acceptances) are added to their party's hard constraints, so that the
/// packages reported respect them. Analysis then gives the zone of possible agreement, the
/// Pareto-efficient packages and the Nash package among the packages consistent with the draft.
///
/// Private: this uses every party's profile. Show it to the mediator only.

#include <optional>
#include <string>
#include <vector>

#include "parley/analysis/analysis.h"
#include "parley/talks/ledger.h"
#include "parley/talks/talks_status.h"

namespace parley {

struct DraftAnalysis {
  std::vector<std::optional<ValueIndex>> fixed;  ///< Per issue: the draft value held fixed.
  std::vector<std::string> origins;              ///< Per party: "entered" or "estimated".
  std::vector<double> reservations;              ///< Per party.
  double packages = 0;  ///< Packages consistent with the draft and the standing conditions.
  Zopa zopa;
  /// The efficient packages, outcomes in the negotiation's full space.
  ParetoFrontier frontier;
  std::optional<UtilityPoint> nash;  ///< nullopt: no package gives everyone its reservation.
  std::vector<std::string> notes;
};

/// The draft package with `what_if` fixes added (issues the mediator or a party wants to try at
/// a value). A fix of an issue agreed in draft at another value is kBadInput (field "fix").
Result<std::vector<std::optional<ValueIndex>>> WhatIfFixed(const LedgerState& state,
                                                           const TalksStatus& status,
                                                           const std::vector<IssueValue>& what_if);

/// The restricted scenario (outcomes have the full number of issues; a fixed issue has one
/// value, index 0). kBadInput naming the parties when some party has no profile yet.
Result<Scenario> DraftScenario(const LedgerState& state, const TalksStatus& status,
                               const std::vector<IssueValue>& what_if = {});

/// Analyses the draft scenario (with the what-if fixes) and maps its outcomes back to the full
/// space.
Result<DraftAnalysis> AnalyzeDraft(const LedgerState& state, const TalksStatus& status,
                                   const AnalysisOptions& options = {},
                                   const std::vector<IssueValue>& what_if = {});

/// What-if from one party's profile alone (what a party may see): the packages consistent with
/// the draft and the fixes that satisfy its own constraints and standing conditions, how many
/// are above its reservation value, and its best ones. No other profile is read.
struct PartyWhatIf {
  size_t party = 0;
  std::vector<std::optional<ValueIndex>> fixed;
  double reservation = 0;
  uint64_t packages = 0;    ///< Satisfying its constraints.
  uint64_t acceptable = 0;  ///< Of those, strictly above its reservation value.
  std::vector<std::pair<Outcome, double>> best;  ///< Best first; ties in index order.
};
/// Enumerates the open packages: kUnsupported beyond 2 million of them (fix more issues).
Result<PartyWhatIf> AnalyzeForParty(const LedgerState& state, const TalksStatus& status,
                                    size_t party, const std::vector<IssueValue>& what_if,
                                    size_t best = 10);

/// Maps an outcome of the draft scenario back to the negotiation's space.
Outcome ToFullOutcome(const Outcome& draft, const std::vector<std::optional<ValueIndex>>& fixed);

}  // namespace parley
