#pragma once

/// \file
/// How a session is shown: the readable transcript, the `--json` object, the trace files (CSV
/// and JSON Lines) and the utility-space plot (SVG or HTML). Output is a pure function of the
/// result: the same session gives the same bytes (wall-clock figures appear only when the
/// deadline was in seconds). Formats are documented in docs/negotiation.md.

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>

#include "parley/core/result.h"
#include "parley/session/session.h"

namespace parley {

struct TranscriptOptions {
  bool show_moves = true;  ///< False: only the outcome summary.
  int precision = 4;       ///< Decimals for utilities.
};

/// Round, party, move, each party's utility for the outcome of the move (and, for protocols that
/// have one, a "state after round N" line whenever the protocol's state changed); then the
/// outcome (agreement or none and why), utilities, distances to Pareto and Nash, welfare, rounds.
void WriteTranscript(std::ostream& out, const PreparedScenario& scenario,
                     const SessionResult& result, const TranscriptOptions& options = {});

/// The `--json` object (keys in this order; docs/negotiation.md): {"scenario", "protocol",
/// "agents", "parties", "seed", "deadline", "end", "ended_by", "failure", "agreement":
/// {"outcome": {issue: value}, "utilities": [...], "discounted": [...]} or null, "utilities",
/// "discounted", "reservations", "advantages", "welfare", "pareto_distance", "nash_distance",
/// "rounds", "time", "notes", "moves": [...]}, plus the protocol's own keys. Rounds are 1-based.
nlohmann::ordered_json SessionToJson(const PreparedScenario& scenario, const SessionResult& result,
                                     bool include_moves = true);

/// One move as JSON: {"round" (1-based), "time", "party" (name or "mediator"), "turn", "action",
/// "outcome" ({issue: value} or null), "utilities", and when present "values" (partial
/// offers), "conditions" (conditional acceptances), "issue" (reopenings), "note"}.
nlohmann::ordered_json MoveToJson(const PreparedScenario& scenario, const Move& move);

/// Every move, one per line: CSV with a header (round, time, party, turn, action, one column per
/// issue, one utility column per party, note) or JSON Lines (one MoveToJson object per line).
/// Protocols with a per-round state (the single undertaking's issues) add, after each round's
/// moves, a CSV row with turn and action "state" and each issue's "status:value" in its column,
/// or a JSON line {"state": {...}} (NegotiationResult::round_states).
void WriteTraceCsv(std::ostream& out, const PreparedScenario& scenario,
                   const SessionResult& result);
void WriteTraceJsonLines(std::ostream& out, const PreparedScenario& scenario,
                         const SessionResult& result);
/// Chooses the format by extension (.csv, .jsonl / .ndjson / .json); other extensions are an
/// error naming the allowed ones. Errors name the file.
Status WriteTraceFile(const std::string& path, const PreparedScenario& scenario,
                      const SessionResult& result);

}  // namespace parley
