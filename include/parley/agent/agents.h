#pragma once

/// \file
/// Agents by name, and a base class that makes writing one short.
///
/// Basic API. `Agents()` is the registry of built-in agents ("boulware", "linear", "conceder",
/// "time-dependent:e=0.5", "hardliner", "random", "naive-tit-for-tat", "nice-tit-for-tat",
/// "aspiration", "boa:..."); `Agents().Make("time-dependent:e=0.5")` makes one, and
/// `Agents().Register({...})` adds yours (see examples/custom_agent.cc and docs/negotiation.md).
///
/// Writing an agent. Derive from `Negotiator` for full control, or from `BasicNegotiator`, which
/// answers every kind of turn of the built-in protocols from two decisions: what to offer now
/// (`NextOffer`) and whether to accept an offer now (`Accepts`).

#include <memory>
#include <optional>

#include "parley/protocol/negotiator.h"
#include "parley/protocol/registry.h"
#include "parley/protocol/utility_index.h"

namespace parley {

/// The registry of agents, built-ins registered on first use.
Registry<Negotiator>& Agents();

/// GENIUS / GeniusWeb time-dependent target utility:
/// target(t) = min + (max - min) * (1 - t^(1/e)); e = 0 gives max throughout (hard-liner).
/// e < 1 concedes slowly (Boulware, 0.2), e = 1 linearly, e > 1 quickly (Conceder, 2).
double TimeDependentTarget(double time, double e, double min, double max);

/// A base for agents that decide by "what do I offer now" and "would I accept this now".
/// How it answers each turn kind:
/// - kPropose (SAO): if there is a standing offer and `Accepts` says yes, accept; otherwise offer
///   `NextOffer`. `Accepts` sees the offer it would make instead (for AC_next).
/// - kOffer (AMOP bidding): offer `NextOffer`.
/// - kRespond (AMOP voting): accept iff `Accepts`.
/// - kRatify (a final take-it-or-leave-it vote on the agreement): accept iff `Ratifies`, by
///   default iff the outcome is rational (worth the reservation value, within the constraints):
///   refusing means no agreement at all.
/// - kVote (single text): accept iff the text is at least as good for us as the current one
///   (`PrefersToReference`, overridable).
/// - kPackage (single undertaking): offers whole packages via `NextOffer`, accepts via `Accepts`.
class BasicNegotiator : public Negotiator {
 public:
  void Start(const NegotiatorSetup& setup) final;
  Action Act(const Turn& turn) override;
  void Observe(const Event& event) override;

 protected:
  /// Called at the end of Start, once setup() is valid.
  virtual void OnStart() {}
  /// The outcome to offer at `turn` (time, round). Must be inside the space.
  virtual Outcome NextOffer(const Turn& turn) = 0;
  /// Whether to accept `offer` now. `next` is what NextOffer returned for this turn (nullptr
  /// when no counter-offer is possible, e.g. in votes).
  virtual bool Accepts(const Outcome& offer, const Turn& turn, const Outcome* next) = 0;
  /// An offer by another party (kPropose/kOffer turns), for agents that model opponents.
  virtual void OnOffer(size_t party, const Outcome& offer, double time) {
    (void)party, (void)offer, (void)time;
  }
  /// kRatify: accept `offer` as the final agreement? Default: Rational(offer).
  virtual bool Ratifies(const Outcome& offer, const Turn& turn) {
    (void)turn;
    return Rational(offer);
  }
  /// kVote: accept the mediator's text iff it is at least as good as the current one.
  virtual bool PrefersToReference(const Outcome& text, const Outcome* reference, const Turn& turn);

  const NegotiatorSetup& setup() const { return *setup_; }
  const UtilityIndex& index() const { return setup_->index(); }
  /// Own undiscounted utility.
  double Utility(const Outcome& outcome) const { return setup_->profile().Utility(outcome); }
  /// Own reservation value.
  double Reservation() const { return setup_->profile().reservation_value(); }
  /// Acceptable to own hard constraints and worth at least the reservation value.
  bool Rational(const Outcome& outcome) const;

 private:
  const NegotiatorSetup* setup_ = nullptr;
};

}  // namespace parley
