#pragma once

// Agents for the single undertaking (internal to the agent module; registered by name in
// agents.cc through RegisterPackageAgents). They reason about partial packages: which issues are
// agreed in draft, which are open in the track of the turn, what the others seem to want.
// docs/single-undertaking.md describes each agent.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/agent/agents.h"
#include "parley/protocol/single_undertaking.h"

namespace parley::agents {

/// A party's own preferences issue by issue: each value's contribution to utility. Exact for
/// additive profiles (U = sum of contributions); for others, a linearisation around the party's
/// best outcome (U ~ U(best) + sum of contribution differences), good enough to rank values.
struct IssueModel {
  std::vector<std::vector<double>> contribution;  ///< Per issue, per value.
  std::vector<double> lo, hi;                     ///< Per issue: min and max contribution.
  std::vector<double> weight;                     ///< (hi - lo) / sum, or uniform if all flat.
  std::vector<ValueIndex> best;                   ///< Per issue: the best value.
  double offset = 0;  ///< Added to the sum of contributions (0 for additive profiles).

  static IssueModel Build(const OutcomeSpace& space, const CompiledProfile& profile,
                          const Outcome& best_outcome);
  /// The value's score in [0, 1] within its issue (1 = best; 1 for a flat issue).
  double Score(size_t issue, ValueIndex value) const;
  /// Estimated utility of a partial package: the known values' contributions, and for every
  /// unknown issue lo + expect * (hi - lo).
  double Estimate(std::span<const std::optional<ValueIndex>> partial, double expect) const;
};

/// What a party learns about another from its moves (a frequency model in the style of
/// HardHeaded, extended to partial packages): a value it proposes often is one it likes; an issue
/// on which it keeps proposing the same value, reopens, or attaches conditions matters to it.
class OpponentModel {
 public:
  explicit OpponentModel(const OutcomeSpace& space);
  void ObserveProposal(std::span<const IssueValue> values);
  void ObserveReopen(size_t issue);
  void ObserveConditions(std::span<const Clause> clauses);
  /// Estimated weights (sum 1).
  std::vector<double> Weights() const;
  /// Estimated score of a value in [0, 1] (1 when the issue was never seen).
  double Score(size_t issue, ValueIndex value) const;
  /// The value the party seems to like best (nullopt when never seen).
  std::optional<ValueIndex> Favourite(size_t issue) const;
  /// Estimated utility of an outcome, sum over issues of weight * score.
  double Estimate(std::span<const ValueIndex> outcome) const;
  bool seen(size_t issue) const { return seen_[issue]; }

 private:
  std::vector<std::vector<double>> counts_;
  std::vector<double> raw_weight_;
  std::vector<std::optional<ValueIndex>> last_;
  std::vector<bool> seen_;
};

/// The common behaviour of the package agents; subclasses decide what to propose and what to
/// accept. On each package turn, in order: reopen an issue when the package is stuck (blocked
/// or voted down) or, for agents that look at the whole package, when the draft makes the
/// reservation value unreachable; accept the standing proposal if `Acceptance` says so (with
/// its conditions); propose if the track has open issues; otherwise pass. In a final vote it
/// accepts exactly the packages that satisfy its hard constraints and are worth at least its
/// reservation value. In other protocols it offers and accepts whole outcomes with its own
/// concession curve, so it can meet the general-purpose agents anywhere.
class PackageAgent : public Negotiator {
 public:
  void Start(const NegotiatorSetup& setup) final;
  Action Act(const Turn& turn) final;
  void Observe(const Event& event) final;

 protected:
  /// What an acceptance decision needs.
  struct Acceptance {
    bool accept = false;
    std::vector<Clause> conditions;
  };

  /// Values for (some of) the open issues of the turn's track; empty: pass.
  virtual std::vector<IssueValue> Propose(const Turn& turn, const UndertakingState& state) = 0;
  /// Whether to accept the standing proposal of the turn's track.
  virtual Acceptance Consider(const Turn& turn, const UndertakingState& state,
                              const StandingProposal& proposal) = 0;
  /// Whether to reopen a drafted issue when the draft alone makes the reservation value
  /// unreachable (agents that look at the whole package do).
  virtual bool ReopensDeadEnds() const { return true; }

  const NegotiatorSetup& setup() const { return *setup_; }
  const IssueModel& model() const { return model_; }
  const std::vector<OpponentModel>& opponents() const { return opponents_; }
  double Utility(std::span<const ValueIndex> outcome) const {
    return setup_->profile().Utility(outcome);
  }
  double Reservation() const { return setup_->profile().reservation_value(); }
  /// Time-dependent target between the reservation value and `best` (GENIUS curve, exponent
  /// `e_`); `best` itself when it is below the reservation value.
  double Target(double t, double best) const;
  /// Time as the track's stage sees it, in [0, 1]: the track's own clock, from when it opened
  /// (as this agent first saw it) to its share of the time left before `kStagesEnd` (shared
  /// equally with the stages that open after it), so that a first track does not use up the
  /// time the later ones need. The rest of the time is for the final vote and what it rejects.
  double StageTime(double t, const UndertakingState& state, size_t track);

  /// Concession exponent (`e` parameter) and expected score of undecided issues (`expect`).
  double e_ = 0.5;
  double expect_ = 0.5;

  // Helpers over the state.
  static std::vector<size_t> OpenIssues(const UndertakingState& state, size_t track);
  static std::vector<size_t> DraftedIssues(const UndertakingState& state, size_t track);
  /// The draft with `values` written over it.
  static std::vector<std::optional<ValueIndex>> With(const UndertakingState& state,
                                                     std::span<const IssueValue> values);
  /// Estimated utility of the draft with `values` over it.
  double EstimateWith(const UndertakingState& state, std::span<const IssueValue> values) const;
  /// Best estimate reachable by choosing the open issues of `track` (the rest expected).
  double BestReachable(const UndertakingState& state, size_t track) const;
  /// How much the other parties of the track seem to like these values: the sum over them of
  /// the estimated weight times score of each value.
  double OpponentScore(const UndertakingState& state, std::span<const IssueValue> values) const;
  /// Mean estimated weight of `issue` for the other parties of the track.
  double OpponentWeight(const UndertakingState& state, size_t issue) const;
  /// False if these values, with the draft, already violate one of my own conditions attached
  /// to drafted issues, or one of my hard constraints.
  bool KeepsMyCommitments(const UndertakingState& state, std::span<const IssueValue> values) const;
  /// Every assignment of `issues` (odometer order) while the count is at most `limit`; false
  /// (and nothing visited) when there are more.
  bool ForEachAssignment(std::span<const size_t> issues, double limit,
                         const std::function<void(std::span<const IssueValue>)>& visit) const;

 private:
  Action ActPackage(const Turn& turn, const UndertakingState& state);
  std::optional<size_t> ChooseReopen(const Turn& turn, const UndertakingState& state);
  Action ActWhole(const Turn& turn);

  const NegotiatorSetup* setup_ = nullptr;
  IssueModel model_;
  std::vector<OpponentModel> opponents_;  ///< One per party (own entry unused).
  /// The round of my last reopening: at most one a round, and none while the package I
  /// reopened is being renegotiated.
  int last_reopen_round_ = -1;
  /// Per track: the time this agent first saw it open.
  std::vector<std::optional<double>> opened_at_;
};

/// Registers issue-by-issue, logroller, package-dealer and conditional-hardliner.
void RegisterPackageAgents(Registry<Negotiator>& registry);

}  // namespace parley::agents
