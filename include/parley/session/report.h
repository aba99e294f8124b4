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
  /// The most lines the moves listing may take (a screen): a longer listing, or moves that were
  /// counted but not kept, give one line saying how many moves there were, then `omitted_hint`.
  size_t max_listing_lines = static_cast<size_t>(-1);
  std::string omitted_hint;  ///< How to see them ("--moves lists them").
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

/// The single undertaking's keys of `--json`, in this order: "binding", "issues" ([{"name",
/// "track", "status", "value" or null, "reopened"}]), "tracks" ([{"name", "parties", "issues",
/// "opened_round" (1-based) or null}]), "reopenings", "votes_held", "final_vote" ({"round",
/// "package", "votes": [{"party", "vote"}], "passed"} or null), "blockers".
nlohmann::ordered_json UndertakingToJson(const PreparedScenario& scenario,
                                         const UndertakingRecord& record);

/// Writes PrintJson(SessionToJson(scenario, result)) — the same bytes, pretty-printed with two
/// spaces and a final newline — streaming the moves: memory does not grow with them, and a move
/// costs well under a microsecond (figures in docs/negotiation.md).
void WriteSessionJson(std::ostream& out, const PreparedScenario& scenario,
                      const SessionResult& result);

/// One move as JSON: {"round" (1-based), "time", "party" (name or "mediator"), "turn", "action",
/// "outcome" ({issue: value} or null), "utilities", and when present "values" (partial
/// offers), "conditions" (conditional acceptances), "issue" (reopenings), "note"}.
nlohmann::ordered_json MoveToJson(const PreparedScenario& scenario, const Move& move);

/// Every move, one per line: CSV with a header (round, time, party, turn, action, one column per
/// issue, one utility column per party, note) or JSON Lines (one MoveToJson object per line,
/// written as it goes, without building the object).
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
