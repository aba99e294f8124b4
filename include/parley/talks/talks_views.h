#pragma once

/// \file
/// The ledger seen from outside: JSON for the server and `parley talks ... --json`, text for the
/// terminal, and the parsing of what people type or send ("withdrawal=half", "if ceasefire=
/// announced then withdrawal=full", a JSON entry keyed by names). One place, so that the command
/// line and the API read and show the record the same way.
///
/// Access: every view takes a `Viewer`. A party sees the shared record (structure, rounds,
/// proposals, positions, agreements, reopenings, votes, notes) and its own private profile; the
/// mediator sees everything. Profiles (with their reservation values) are the only private part
/// of the record; views built for a party leave other parties' profile entries out entirely.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "parley/core/result.h"
#include "parley/talks/ledger.h"
#include "parley/talks/talks_status.h"

namespace parley {

/// Who is looking: the mediator (nullopt party) or one party.
struct Viewer {
  std::optional<size_t> party;
  bool IsMediator() const { return !party.has_value(); }
  /// May this viewer see this entry? (Other parties' profiles: no.)
  bool CanSee(const LedgerEntry& entry) const;
  static Viewer Mediator() { return {}; }
  static Viewer Party(size_t p) { return {p}; }
};

using Json = nlohmann::ordered_json;

Json TalksJson(const TalksInfo& info);
/// Parties (with ratifier flags), issues with options and track, tracks, the binding rule.
Json StructureJson(const LedgerState& state);
/// One entry with names instead of indices. A profile entry includes the profile itself.
Json EntryJson(const LedgerEntry& entry, const LedgerState& state);
/// Every entry the viewer may see, in replay order; `kind` filters when set.
Json EntriesJson(const LedgerState& state, const Viewer& viewer,
                 std::optional<EntryKind> kind = std::nullopt);
/// Issue statuses, tracks, conditions, votes, blockers, notes, what is on the table. Holds
/// nothing private.
Json StatusJson(const LedgerState& state, const TalksStatus& status);
/// Which replay the state is: "the record as it stands", "as happened by D (...)", "as known at
/// T (...)".
std::string ReplayLabel(const LedgerState& state);

/// "issue=value" against the space's names.
Result<IssueValue> ParseAssignment(std::string_view text, const OutcomeSpace& space);
/// "issue=v1|v2" (a clause), "if a=x and b=y|z then c=w" (a conditional), or "c=w"
/// (unconditional).
Result<Constraint> ParseCondition(std::string_view text, const OutcomeSpace& space);

/// Builds an entry of `kind` from a JSON object keyed by names (the API's request body):
/// {"date", "round", "party", "values": {ISSUE: VALUE}, "issues": [ISSUE] (reopenings),
///  "conditions": [TEXT | {"description", "when": [{"issue", "values"}], "then": {...}}],
///  "text", "source_kind", "source", "title", "place", "end_date" (rounds), "accept" (votes),
///  "origin", "profile" (profiles: the profile_json.h form)}.
/// Unknown keys and wrong types are errors naming the key; `label` names the input in errors.
Result<LedgerEntry> EntryFromJson(const nlohmann::json& body, EntryKind kind,
                                  const LedgerState& state, std::string_view label);

/// The status as a terminal table: tracks and issues with status, value, reopenings, then the
/// blockers and notes.
std::string RenderStatusText(const LedgerState& state, const TalksStatus& status);
/// The record as a terminal list, one entry per line (the viewer's entries only).
std::string RenderHistoryText(const LedgerState& state, const Viewer& viewer);

}  // namespace parley
