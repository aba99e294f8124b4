#pragma once

/// \file
/// Protocols (mechanisms) and the table they run on.
///
/// Basic API. `RunNegotiation` runs one negotiation: a prepared scenario, a protocol object and
/// one negotiator per party, under a deadline, to a `NegotiationResult`. `Protocols()` is the
/// registry of built-in protocols by name ("sao", "amop", "single-text-veto",
/// "single-text-hill-climbing"); `Protocols().Make("sao")` makes one.
///
/// Writing a protocol. A `Protocol` holds only its rules and state; the `Table` does the rest:
/// `Table::Ask` calls a party, measures it, catches its exceptions, checks the action against the
/// turn (allowed kind, outcome inside the space), records the move with every party's utility,
/// tells the other parties, and ends the negotiation on a walk-away or a failure. So a protocol's
/// `RunRound` is just the rules of one round:
///
///     for (size_t i = 0; i < table.num_parties(); ++i) {
///       auto action = table.Ask(i, turn);
///       if (!action) return;          // over: walk-away, failure or wall-clock deadline
///       ... apply the rules; table.Agree(outcome) when they say so, then return ...
///     }
///
/// The round loop and the deadline are `RunNegotiation`'s: it calls `RunRound` for round 0, 1,
/// ... until the table is over or the deadline passes, then `Close` (a last chance for closing
/// votes). A protocol object serves one negotiation.

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/core/random.h"
#include "parley/core/result.h"
#include "parley/protocol/action.h"
#include "parley/protocol/negotiator.h"
#include "parley/protocol/prepared_scenario.h"
#include "parley/protocol/registry.h"
#include "parley/protocol/trace.h"

namespace parley {

class Protocol;

/// How to run one negotiation.
struct RunOptions {
  Deadline deadline;
  uint64_t seed = 0;         ///< Session seed; agents and the protocol get derived streams.
  bool record_moves = true;  ///< False: count moves but keep none (tournaments).
  /// Keep at most this many moves (the first ones), then only count them and set
  /// NegotiationResult::moves_dropped: a listing that cannot fit a screen costs no memory.
  size_t max_kept_moves = static_cast<size_t>(-1);
  double move_time_limit = 0;  ///< Seconds one Act call may take; 0: no limit.
};

/// The state of a running negotiation as protocols see and drive it. Made by RunNegotiation.
class Table {
 public:
  const PreparedScenario& scenario() const { return *scenario_; }
  const OutcomeSpace& space() const;
  size_t num_parties() const { return parties_.size(); }
  int round() const { return round_; }
  /// Normalised time now: RoundTime(round(), rounds) under a rounds deadline (see Deadline);
  /// wall-clock deadlines make it advance during a round.
  double time() const;
  const Deadline& deadline() const { return options_.deadline; }
  /// The rules of the protocol being run, as the parties were told them.
  const ProtocolInfo& info() const { return *info_; }
  /// True in the last round of a rounds deadline.
  bool IsLastRound() const;
  /// True during Protocol::Close (the deadline has passed).
  bool closing() const { return closing_; }
  bool over() const { return over_; }
  /// The protocol's own random stream (the mediator's proposals).
  Rng& rng() { return rng_; }

  /// Asks `party` to move. Fills the turn's round and time. Returns the action once it is
  /// recorded and broadcast; nullopt when the negotiation is over (this party walked away or
  /// failed, or the wall-clock deadline passed): the protocol must then return at once.
  std::optional<Action> Ask(size_t party, Turn turn);
  /// Records a move by the mediator (e.g. Offer{text}) and tells every party.
  void MediatorMove(const Action& action, std::string note = {});
  /// Ends the negotiation with this agreement (the protocol decided every required party agreed).
  void Agree(const Outcome& outcome);
  /// Ends the negotiation with a failure recorded against `party`, for rule violations that only
  /// the protocol can see (e.g. a partial offer on a closed issue).
  void Fail(size_t party, FailureKind kind, std::string message);
  /// A note on the last recorded move (shown in transcripts).
  void Annotate(std::string note);
  /// Protocol-specific summary lines and record for the result (see NegotiationResult).
  void AddSummary(std::string line);
  void SetUndertaking(UndertakingRecord record);
  /// The protocol's state at the end of the current round (NegotiationResult::round_states):
  /// a transcript line (empty when nothing worth showing changed) and the state itself.
  void AddRoundState(std::string text, std::optional<UndertakingRoundState> state);

 private:
  friend Result<NegotiationResult> RunNegotiation(const PreparedScenario&, Protocol&,
                                                  std::span<Negotiator* const>, const RunOptions&);
  Table(const PreparedScenario& scenario, std::span<Negotiator* const> parties,
        const ProtocolInfo& info, const RunOptions& options);
  void Record(int party, TurnKind turn, const Action& action, const Outcome* about);
  void Broadcast(int party, TurnKind turn, const Action& action, const Outcome* about);
  std::optional<FailureKind> Validate(const Turn& turn, const Action& action,
                                      std::string& message) const;
  void End(EndReason reason, std::optional<size_t> party);
  double ElapsedSeconds() const;

  const PreparedScenario* scenario_;
  std::vector<Negotiator*> parties_;
  const ProtocolInfo* info_;
  RunOptions options_;
  Rng rng_;
  std::chrono::steady_clock::time_point start_;
  int round_ = 0;
  bool closing_ = false;
  bool over_ = false;
  NegotiationResult result_;
  std::vector<double> scratch_;
};

class Protocol {
 public:
  virtual ~Protocol() = default;
  /// The rules as told to the parties (name, mediated, first turn can accept, party counts).
  virtual const ProtocolInfo& info() const = 0;
  /// Whether this protocol can run the scenario; default: the party count is within
  /// info().min_parties .. max_parties.
  virtual Status Check(const Scenario& scenario) const;
  /// Before round 0 (e.g. the mediator's first text).
  virtual void Start(Table& table) { (void)table; }
  /// One round of the rules.
  virtual void RunRound(Table& table) = 0;
  /// The deadline passed without agreement; the table still accepts Ask for closing votes,
  /// recorded in the last round played, at its time (with a wall-clock deadline, 1). Default:
  /// nothing, so there is no agreement (GENIUS).
  virtual void Close(Table& table) { (void)table; }
};

/// Runs one negotiation. `parties[i]` plays scenario party i; the pointers must stay valid for
/// the call. Errors (bad input): wrong party count, protocol cannot run the scenario, deadline
/// with neither rounds nor seconds. An agent's failure is not an error: it is in the result.
Result<NegotiationResult> RunNegotiation(const PreparedScenario& scenario, Protocol& protocol,
                                         std::span<Negotiator* const> parties,
                                         const RunOptions& options);

/// The registry of protocols, built-ins registered on first use.
Registry<Protocol>& Protocols();

}  // namespace parley
