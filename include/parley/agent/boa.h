#pragma once

/// \file
/// BOA agents (Baarslag et al.; GENIUS's BOA framework): an agent composed of a Bidding strategy,
/// an Opponent model and an Acceptance condition, each chosen by name.
///
///     boa:bidding=boulware,model=frequency,accept=next-or-time,t=0.98
///
/// The parameters are flat: every component reads the keys it knows from the same list (`e` for
/// time-dependent bidding; `alpha`, `beta` for AC_next; `c` for AC_const; `t` for AC_time), and
/// an unknown key is an error. Acceptance conditions combine with `-or-` and `-and-` (`and` binds
/// tighter): "next-or-time", "next-or-time-and-const".
///
/// Components are registries like agents: register your own bidding strategy, opponent model or
/// acceptance condition and it is usable by name in `boa:...` at once.

#include <memory>
#include <optional>
#include <vector>

#include "parley/protocol/negotiator.h"
#include "parley/protocol/registry.h"

namespace parley {

/// Estimates the other parties' utilities from their offers. One model object per BOA agent;
/// it models every opponent separately.
class OpponentModel {
 public:
  virtual ~OpponentModel() = default;
  virtual void Start(const NegotiatorSetup& setup) = 0;
  /// `party` offered `offer` at normalised time `time`.
  virtual void Update(size_t party, const Outcome& offer, double time) = 0;
  /// Estimated utility of `outcome` for `party`, in [0, 1].
  virtual double Estimate(size_t party, const Outcome& outcome) const = 0;
};

/// What a bidding strategy sees when choosing a bid.
struct BiddingContext {
  const NegotiatorSetup* setup = nullptr;
  double time = 0;
  /// The opponents' model; nullptr for "none".
  const OpponentModel* model = nullptr;
};

class BiddingStrategy {
 public:
  virtual ~BiddingStrategy() = default;
  virtual void Start(const NegotiatorSetup& setup) = 0;
  /// The target utility at `time` (acceptance conditions and the transcript use it).
  virtual double Target(double time) const = 0;
  /// The outcome to offer now.
  virtual Outcome Bid(const BiddingContext& context) = 0;
};

/// What an acceptance condition decides on.
struct AcceptanceInput {
  double time = 0;
  double offer_utility = 0;  ///< Own utility of the offer on the table.
  double next_utility = 0;   ///< Own utility of the bid the agent would make instead.
  double target = 0;         ///< The bidding strategy's current target.
  double reservation = 0;
};

class AcceptanceCondition {
 public:
  virtual ~AcceptanceCondition() = default;
  virtual bool Accept(const AcceptanceInput& input) const = 0;
};

Registry<BiddingStrategy>& BiddingStrategies();         ///< "time-dependent", "boulware", ...
Registry<OpponentModel>& OpponentModels();              ///< "frequency", "none"
Registry<AcceptanceCondition>& AcceptanceConditions();  ///< "next", "const", "time"

/// Parses an acceptance expression ("next-or-time-and-const") into one condition, reading the
/// parameters of each named condition from `params`.
Result<std::unique_ptr<AcceptanceCondition>> MakeAcceptance(std::string_view expression,
                                                            SpecParams& params);

}  // namespace parley
