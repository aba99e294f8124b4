#pragma once

/// \file
/// The record of one negotiation: every move (round, time, party, action, and every party's
/// utility for the outcome the move is about) and how it ended. Protocols do not write it
/// themselves: `Table::Ask` records each move as it happens, so every protocol's trace has the
/// same shape. Writers (transcript, JSON, CSV, JSON Lines, plot) live in the session module.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "parley/protocol/action.h"
#include "parley/protocol/negotiator.h"
#include "parley/protocol/undertaking_record.h"

namespace parley {

/// What went wrong with a party, recorded against it.
enum class FailureKind : uint8_t {
  kException,       ///< Its code threw.
  kIllegalAction,   ///< An action kind the turn did not allow (e.g. accept on the first turn).
  kInvalidOutcome,  ///< An outcome outside the space (wrong size or value out of range).
  kTimeout,         ///< An `Act` call overran the move time limit or the wall-clock deadline.
};
std::string_view FailureKindName(FailureKind kind);  ///< "exception", "illegal-action", ...

/// Thrown by a negotiator to have its failure recorded with a kind other than kException (a
/// bridged agent that timed out or made an illegal move in its own process).
class NegotiatorFailure : public std::runtime_error {
 public:
  NegotiatorFailure(FailureKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  FailureKind kind() const { return kind_; }

 private:
  FailureKind kind_;
};

struct AgentFailure {
  size_t party = 0;
  FailureKind kind = FailureKind::kException;
  std::string message;
  bool operator==(const AgentFailure&) const = default;
};

/// One move. `outcome` is what the move is about: the outcome offered, or the offer accepted,
/// rejected or voted on; nullopt for walk-aways and partial offers. `utilities` holds every
/// party's undiscounted utility for `outcome` (empty when there is none).
struct Move {
  int round = 0;
  double time = 0;
  int party = kNoParty;  ///< Party index, or kMediator.
  TurnKind turn = TurnKind::kPropose;
  Action action;
  std::optional<Outcome> outcome;
  std::vector<double> utilities;
  std::string note;  ///< Protocol annotation shown in transcripts (may be empty).
  bool operator==(const Move&) const = default;
};

/// A protocol's own state after one round (the single undertaking's issue states), for
/// `--trace` files and transcripts. Recorded only when moves are.
struct RoundState {
  int round = 0;
  std::string text;  ///< One line for transcripts; empty when nothing changed.
  /// The single undertaking's state (nullopt for other protocols).
  std::optional<UndertakingRoundState> undertaking;
  bool operator==(const RoundState&) const = default;
};

/// What a protocol run produced, before metrics.
struct NegotiationResult {
  EndReason reason = EndReason::kDeadline;
  std::optional<Outcome> agreement;
  int rounds = 0;         ///< Rounds started (the round of the last move + 1).
  double time = 0;        ///< Normalised time when it ended (a rounds deadline: the last round's).
  int64_t num_moves = 0;  ///< Counted even when moves are not recorded.
  std::optional<size_t> ended_by;  ///< The party that walked away or failed.
  std::optional<AgentFailure> failure;
  std::vector<Move> moves;  ///< Empty when recording was off.
  /// True when RunOptions::max_kept_moves stopped the recording: `moves` is only the first ones.
  bool moves_dropped = false;
  double elapsed_seconds = 0;  ///< Wall clock; never printed unless asked for.
  /// Protocol-specific lines for the end of a transcript ("final vote: 2 of 3 accepted").
  std::vector<std::string> summary;
  /// The single undertaking's record (nullopt for other protocols); `--json` writes its keys
  /// ("issues", "final_vote", ...) next to the generic ones.
  std::optional<UndertakingRecord> undertaking;
  /// Protocol state after each round, for protocols that have one (empty otherwise).
  std::vector<RoundState> round_states;
};

}  // namespace parley
