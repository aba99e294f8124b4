#pragma once

/// \file
/// The interface every agent implements (GeniusWeb's "party", NegMAS's "negotiator").
///
/// Basic API. A `Negotiator` is told, once, in `Start`, what it may know: the outcome space, its
/// own profile (never another party's), its party index and the others' names, the protocol's
/// rules and the deadline. Then the protocol calls `Act` whenever it is the party's turn, with a
/// `Turn` saying what is asked (propose, respond, vote, ...), which action kinds are allowed and
/// what the turn is about; the party returns an `Action`. Every move by another party (or the
/// mediator) is reported through `Observe`; `Finish` reports the end.
///
/// Contract. A negotiator must return an allowed action with an outcome inside the space, quickly.
/// If it throws, returns a disallowed action or an outcome outside the space, or overruns its time
/// limit, the session ends at once without agreement and records the failure against it (GENIUS
/// semantics); parley itself never crashes. A negotiator may keep references to what `Start`
/// gives it until `Finish` returns; one negotiator object serves one session.
///
/// Advanced API: `TurnDetails` carries protocol-specific state (the single undertaking's issue
/// states) that agents written for that protocol read with `dynamic_cast`.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/outcome/outcome_space.h"
#include "parley/preference/compiled_profile.h"
#include "parley/preference/scenario.h"
#include "parley/protocol/action.h"

namespace parley {

class PreparedScenario;
class UtilityIndex;

/// Party index used for moves by the protocol's mediator.
inline constexpr int kMediator = -1;
/// Party index meaning "nobody" (e.g. no standing offer yet).
inline constexpr int kNoParty = -2;

/// When a negotiation ends. Rounds (default) make runs deterministic; wall time exists for
/// ANAC-style settings. With both set, whichever comes first ends it.
/// A deadline of N rounds plays rounds 1..N in full (GENIUS). Normalised time t in [0, 1] (what
/// agents and discounting use) is GENIUS's `DiscreteTimeline`: in round r (1-based) of N,
/// t = r / (N + 1) for every party and every move of the round, so t never reaches 1 (see
/// `RoundTime`); with wall time, t = elapsed / seconds; with both, the larger. Every protocol
/// runs on this clock.
struct Deadline {
  int64_t rounds = 100;  ///< 0: no round limit (then `seconds` must be > 0).
  double seconds = 0;    ///< 0: no wall-clock limit.

  static Deadline Rounds(int64_t n) { return {n, 0}; }
  static Deadline Seconds(double s) { return {0, s}; }
  bool timed() const { return seconds > 0; }
  bool operator==(const Deadline&) const = default;
};

/// The normalised time of `round` (0-based, as in `Turn::round`) under a deadline of `rounds`
/// rounds: (round + 1) / (rounds + 1) (GENIUS's DiscreteTimeline). O(1).
inline double RoundTime(int64_t round, int64_t rounds) {
  return static_cast<double>(round + 1) / static_cast<double>(rounds + 1);
}

/// What a protocol tells the parties about its rules.
struct ProtocolInfo {
  std::string name;           ///< Registry name: "sao", "amop", ...
  std::string description;    ///< One line for `parley protocols`.
  bool mediated = false;      ///< A mediator proposes; parties only vote.
  bool simultaneous = false;  ///< Every party offers each round (AMOP).
  bool first_turn_can_accept = false;
  int min_parties = 2;
  int max_parties = 1 << 20;
};

/// Things the negotiators of one negotiation share, by key: e.g. one JVM for every GENIUS agent
/// of a session (agent/genius.h), so that they run together as in GENIUS. Made by
/// RunNegotiation before the first `Start`, destroyed after the last `Finish`; used from the
/// negotiation's thread only.
class SharedSlots {
 public:
  /// The slot for `key`, empty (null) until someone fills it.
  std::shared_ptr<void>& Slot(std::string_view key);

 private:
  std::vector<std::pair<std::string, std::shared_ptr<void>>> slots_;
};

/// What a negotiator may know, given once in `Start`. Valid until `Finish` returns.
class NegotiatorSetup {
 public:
  NegotiatorSetup(const PreparedScenario& scenario, size_t self, const ProtocolInfo& protocol,
                  const Deadline& deadline, uint64_t seed, double move_time_limit);

  const OutcomeSpace& space() const;
  /// The whole prepared scenario, other parties' profiles included: for adapters that must
  /// evaluate on the party's behalf (the Python binding); agents use profile() and index().
  const PreparedScenario& prepared() const { return *scenario_; }
  /// The party's own profile (reservation value, discount factor, constraints included).
  const CompiledProfile& profile() const;
  /// The party's own entry of the scenario: its name and its profile as loaded (for agents
  /// that hand it to another platform, like genius: agents).
  const Party& party() const;
  /// Where the scenario came from (Scenario::source: a file, a folder, "built-in").
  const std::string& scenario_source() const;
  /// The party's own utility-sorted view of the outcomes (built on first use, shared).
  const UtilityIndex& index() const;
  size_t self() const { return self_; }
  size_t num_parties() const;
  const std::string& party_name(size_t party) const;
  const ProtocolInfo& protocol() const { return *protocol_; }
  const Deadline& deadline() const { return deadline_; }
  /// The agent's own seed, derived from the session seed and its party index.
  uint64_t seed() const { return seed_; }
  /// Seconds one `Act` call may take; 0 when unlimited.
  double move_time_limit() const { return move_time_limit_; }
  /// The session's seed itself (agents that must reproduce another platform's seeding, like
  /// GENIUS's "party i gets S + i", need it; others use `seed()`).
  uint64_t session_seed() const { return session_seed_; }
  /// What the negotiators of this negotiation share; nullptr outside RunNegotiation.
  SharedSlots* shared() const { return shared_; }
  /// Set by RunNegotiation.
  void SetSession(uint64_t session_seed, SharedSlots* shared) {
    session_seed_ = session_seed;
    shared_ = shared;
  }

 private:
  const PreparedScenario* scenario_;
  size_t self_;
  const ProtocolInfo* protocol_;
  Deadline deadline_;
  uint64_t seed_;
  double move_time_limit_;
  uint64_t session_seed_ = 0;
  SharedSlots* shared_ = nullptr;
};

/// What a turn asks for.
enum class TurnKind : uint8_t {
  kPropose,  ///< SAO: offer, accept the standing offer (`offer`), or end.
  kOffer,    ///< AMOP bidding phase: offer or end.
  kRespond,  ///< AMOP voting: accept or reject `offer` (made by `offer_from`), or end.
  kVote,     ///< Single text: accept or reject the mediator's `offer` as a replacement for the
             ///< current text `reference` (accept = "at least as good for me"), or end.
  kRatify,   ///< Final vote: accept or reject `offer` as the agreement (accept = acceptable).
  kPackage,  ///< Single undertaking: partial offers, (conditional) accepts, reopenings; see
             ///< `details`.
};
std::string_view TurnKindName(TurnKind kind);  ///< "propose", "offer", "respond", ...

/// Protocol-specific turn state; agents for that protocol `dynamic_cast` to the concrete type.
struct TurnDetails {
  virtual ~TurnDetails() = default;
};

/// One request for a move. Pointers are valid during the `Act` call only.
struct Turn {
  TurnKind kind = TurnKind::kPropose;
  int round = 0;                       ///< 0-based (GENIUS's round r is round + 1).
  double time = 0;                     ///< Normalised time in [0, 1) (see Deadline).
  ActionSet allowed;                   ///< What the party may return.
  const Outcome* offer = nullptr;      ///< What the turn is about; nullptr when nothing stands.
  int offer_from = kNoParty;           ///< Who made `offer` (kMediator for the mediator).
  const Outcome* reference = nullptr;  ///< kVote: the current text.
  const TurnDetails* details = nullptr;
};

/// A move someone else made, as the other parties see it (never anyone's utilities).
struct Event {
  int round = 0;
  double time = 0;
  int party = kNoParty;  ///< Who moved (kMediator for the mediator).
  TurnKind turn = TurnKind::kPropose;
  const Action* action = nullptr;
  const Outcome* outcome = nullptr;  ///< What the move was about (offer made / accepted / voted).
};

/// Why a negotiation ended.
enum class EndReason : uint8_t {
  kAgreement,  ///< Every required party accepted one outcome.
  kDeadline,   ///< The rounds or time ran out.
  kWalkAway,   ///< A party ended the negotiation.
  kFailure,    ///< A party failed (threw, illegal move, outcome outside the space, too slow).
};
std::string_view EndReasonName(EndReason reason);  ///< "agreement", "deadline", ...

/// How the negotiation ended, told to every negotiator in `Finish`.
struct Ending {
  EndReason reason = EndReason::kDeadline;
  const Outcome* agreement = nullptr;
  int rounds = 0;  ///< Rounds started.
  double time = 0;
};

class Negotiator {
 public:
  virtual ~Negotiator() = default;
  /// Called once before any turn. Keep `setup` by reference if needed (valid until Finish).
  virtual void Start(const NegotiatorSetup& setup) = 0;
  /// The party's move. Must return an action of a kind in `turn.allowed`.
  virtual Action Act(const Turn& turn) = 0;
  /// Another party's move (not called for the party's own moves).
  virtual void Observe(const Event& event) { (void)event; }
  /// The negotiation is over.
  virtual void Finish(const Ending& ending) { (void)ending; }
};

}  // namespace parley
