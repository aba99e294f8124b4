#pragma once

/// \file
/// The ledger of real talks: one SQLite file (WAL mode) that records a negotiation run by people,
/// round by round. Schema and migrations: docs/ledger.md.
///
/// Basic API:
///   auto ledger = Ledger::Open("talks.db");                  // creates and migrates
///   auto talks = ledger->CreateTalks(info, structure);       // parties, issues, tracks
///   ledger->Append(talks->id, entry);                        // rounds, proposals, positions, ...
///   auto state = ledger->Load(talks->id, "2019-02-01");      // as happened by a date
///   auto known = ledger->Load(talks->id, {.known_at = "2019-03-01T12:00:00Z"});  // as known then
///   TalksStatus status = ComputeStatus(*state);              // talks_status.h
///
/// Bitemporal: every entry has the date the event happened (stated by whoever records it) and
/// the time it was recorded (set here, from the clock, never by the caller). Nothing is ever
/// overwritten: every table is append-only (triggers refuse UPDATE and DELETE), a change is a
/// new entry (a correction is a retraction plus a new entry), and every entry is a link of a
/// hash chain (`Verify`), so a record changed behind parley's back is detected. Two replays:
/// "as happened by date D" (the entries dated on or before D, as the record now says, with every
/// retraction applied) and "as known at time T" (only the entries recorded by T, and only the
/// retractions recorded by then); both in order of (date, seq).
///
/// Threads: a `Ledger` owns one connection and must not be used by two threads at once; open one
/// per thread (WAL lets readers and one writer proceed together) or serialise calls.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/preference/scenario.h"

namespace parley {

/// The kind of a ledger entry.
enum class EntryKind {
  kRound,       ///< A round of talks opens: number, title, place, start and end dates.
  kProposal,    ///< A party (or the mediator) puts values and/or draft text on the table.
  kPosition,    ///< A party's stated position: acceptable values, conditions, with a source.
  kAgreement,   ///< Acceptance of values for issues, by one party or by every party of the track.
  kReopening,   ///< An issue agreed in draft is put back on the table.
  kVote,        ///< A party's final vote on the whole package.
  kProfile,     ///< A party's private profile (entered by the party, or estimated).
  kNote,        ///< A mediator's note.
  kRetraction,  ///< The mediator withdraws an earlier entry, with a reason (text).
};
std::string_view EntryKindName(EntryKind kind);  ///< "round", "proposal", ...
std::optional<EntryKind> ParseEntryKind(std::string_view name);

/// One issue with (for proposals, positions and agreements) a value. Reopenings name issues only.
struct IssueValue {
  size_t issue = 0;
  std::optional<ValueIndex> value;
  bool operator==(const IssueValue&) const = default;
};

/// One change to the record. Which fields matter depends on `kind`:
/// - every kind: date, round (the round it belongs to; for kRound its own number), text, source;
/// - kRound: title, place, end_date;
/// - kProposal: party (nullopt: the mediator), values, text (the draft text);
/// - kPosition: party, values (the values the party says it can accept), conditions;
/// - kAgreement: party (nullopt: every party of each issue's track), values, conditions (the
///   acceptance holds only if they hold on the whole package);
/// - kReopening: party (who reopened; nullopt: the mediator), values (issues only), text (why);
/// - kVote: party, accept;
/// - kProfile: party, profile_origin ("entered" or "estimated"), profile. Private to the party;
/// - kRetraction: retracts (the seq withdrawn), text (the reason). The mediator's only.
/// A round dated before an earlier round is refused unless `correction` is set.
struct LedgerEntry {
  int64_t seq = 0;  ///< Assigned by the ledger on append; the order of recording.
  EntryKind kind = EntryKind::kNote;
  std::string date;          ///< YYYY-MM-DD: when it happened in the talks (not when recorded).
  std::optional<int> round;  ///< Round number (1-based).
  std::optional<size_t> party;
  std::string text;
  std::string source_kind;  ///< One of kSourceKinds, or empty.
  std::string source;       ///< Who said it, where: "senior Taliban commander, to reporters".
  std::vector<IssueValue> values;
  std::vector<Constraint> conditions;
  std::string title, place, end_date;  ///< kRound.
  bool accept = false;                 ///< kVote.
  std::string profile_origin;          ///< kProfile.
  Profile profile;                     ///< kProfile.
  bool correction = false;             ///< kRound: dated before an earlier round, on purpose.
  std::optional<int64_t> retracts;     ///< kRetraction: the entry withdrawn.
  /// When it was recorded, "YYYY-MM-DDTHH:MM:SSZ" (UTC), set by `Append`; never decreases.
  std::string recorded_at;

  // Derived by `Load`, not stored:
  /// Dated before the start of the latest round recorded before it: it came in late.
  bool late = false;
  std::optional<int64_t> retracted_by;  ///< The retraction that withdraws it (in this replay).
  std::string retraction_reason;

  bool operator==(const LedgerEntry&) const = default;
};

/// Allowed `source_kind` values.
inline constexpr std::string_view kSourceKinds[] = {"statement", "leak", "mediator-note", "report",
                                                    "record"};

/// One negotiation in the ledger file (a file may hold several).
struct TalksInfo {
  int64_t id = 0;
  std::string name;  ///< Short unique name used on the command line, e.g. "doha-2019".
  std::string title;
  std::string description;
  std::string source;  ///< Where the structure came from: a scenario file, "built-in", "cli".
  std::string created_at;
  bool operator==(const TalksInfo&) const = default;
};

/// Which replay to load; both empty: the whole record as it stands.
struct Replay {
  std::string as_of;     ///< YYYY-MM-DD: as happened by this date (event dates).
  std::string known_at;  ///< YYYY-MM-DD[THH:MM:SSZ]: as known then (recording times); a date
                         ///< alone means the end of that day (UTC).
};

/// A negotiation replayed: its structure (parties without profiles, discrete issues with their
/// options, tracks, ratifiers, the binding rule) and the entries in replay order.
struct LedgerState {
  TalksInfo info;
  Scenario structure;  ///< Profiles are empty: private profiles are kProfile entries.
  /// Dated on or before `as_of` and recorded by `known_at`, ordered by (date, seq). Retracted
  /// entries stay, with `retracted_by` set.
  std::vector<LedgerEntry> entries;
  std::string as_of;     ///< Empty: every date.
  std::string known_at;  ///< Empty: everything recorded (normalised to YYYY-MM-DDTHH:MM:SSZ).

  /// The latest kProfile entry of each party in replay order, retracted ones skipped
  /// (nullptr: none).
  std::vector<const LedgerEntry*> LatestProfiles() const;
};

/// What `Ledger::Verify` found (`parley talks verify`).
struct LedgerVerification {
  int64_t entries = 0;               ///< Entries checked.
  std::string head;                  ///< The last entry's hash: publish it to pin the record.
  std::optional<int64_t> first_bad;  ///< The first entry that breaks the chain or a rule.
  std::string problem;               ///< Empty when the file verifies.
  bool ok() const { return problem.empty(); }
};

/// An access token's record (the secret itself is never stored, only its SHA-256).
struct TokenInfo {
  int64_t id = 0;
  int64_t talks_id = 0;
  std::optional<size_t> party;  ///< nullopt: the mediator's token.
  std::string label;
  std::string created_at;
  bool revoked = false;
};

/// Checks "YYYY-MM-DD" with a real calendar date.
bool IsValidDate(std::string_view date);
/// Checks "YYYY-MM-DDTHH:MM:SSZ" (UTC) with a real date and time.
bool IsValidTimestamp(std::string_view time);
/// Days since 1970-01-01 of a valid date (proleptic Gregorian).
int64_t DayNumber(std::string_view date);

class Ledger {
 public:
  /// The schema version this build writes; `Open` migrates older files up to it.
  static int LatestSchemaVersion();

  struct OpenOptions {
    bool create = true;  ///< Create the file when missing.
    /// Migrate only up to this version (tests of migrations); 0 means the latest.
    int migrate_to = 0;
    /// How long a statement waits for another writer's lock before failing with kUnavailable.
    int busy_timeout_ms = 10000;
    /// The recording clock, "YYYY-MM-DDTHH:MM:SSZ" (tests); empty: the system's UTC clock.
    std::function<std::string()> clock;
  };
  /// Opens the file in WAL mode with full synchronous commits and migrates its schema. A file
  /// written by a newer parley (higher schema version) is refused (kUnsupported).
  static Result<Ledger> Open(const std::string& path, const OpenOptions& options);
  static Result<Ledger> Open(const std::string& path) { return Open(path, OpenOptions{}); }

  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;
  ~Ledger();

  Result<int> SchemaVersion();
  const std::string& path() const { return path_; }

  /// Records a new negotiation. `structure` needs unique names, at least two parties and one
  /// issue; every issue becomes discrete (integer and real issues keep their value names);
  /// profiles in it are ignored (record them with kProfile entries).
  Result<TalksInfo> CreateTalks(const TalksInfo& info, const Scenario& structure);
  Result<std::vector<TalksInfo>> ListTalks();
  /// By name; an empty name picks the only negotiation in the file (error if none or several).
  Result<TalksInfo> FindTalks(std::string_view name);
  Result<TalksInfo> GetTalks(int64_t id);

  /// Replays the record as happened by `as_of` (YYYY-MM-DD, inclusive; empty: everything).
  Result<LedgerState> Load(int64_t talks_id, std::string_view as_of = {});
  /// Replays the record as happened by a date and/or as known at a time (see `Replay`).
  Result<LedgerState> Load(int64_t talks_id, const Replay& replay);

  /// Validates the entry against the negotiation's structure (parties, issues, values, rounds,
  /// dates, source kinds, profile, retraction) and appends it in one transaction, with its
  /// recording time and its link of the hash chain. Returns the entry's seq. Refused: an event
  /// date more than a day after the recording time; a round dated before an earlier round unless
  /// `correction`; a retraction of a missing, later, already retracted or retraction entry.
  /// For kRound entries the round number is assigned (the next one) and `round` is ignored.
  /// Once this returns, the entry is durable (synchronous commit).
  Result<int64_t> Append(int64_t talks_id, LedgerEntry entry);
  /// Appends several entries in one transaction: all or none. Returns their seqs in order.
  Result<std::vector<int64_t>> AppendAll(int64_t talks_id, std::vector<LedgerEntry> entries);

  /// Creates a token for a party (or the mediator when `party` is nullopt) and returns the
  /// secret, which is shown once and stored only as a hash.
  Result<std::string> IssueToken(int64_t talks_id, std::optional<size_t> party,
                                 std::string_view label, int64_t* token_id = nullptr);
  /// Revokes a token of the negotiation by id; revoking twice is an error.
  Status RevokeToken(int64_t talks_id, int64_t token_id);
  Result<std::vector<TokenInfo>> ListTokens(int64_t talks_id);
  /// The token's record when the secret is valid and not revoked; nullopt otherwise.
  Result<std::optional<TokenInfo>> Authenticate(std::string_view secret);

  /// Checks the whole file: the hash chain, the append-only triggers and rules, and SQLite's
  /// integrity check; names the first entry that breaks them. Reads every entry.
  Result<LedgerVerification> Verify();

 private:
  struct Impl;
  /// The negotiation's info and structure, without entries.
  Result<LedgerState> LoadStructure(int64_t talks_id);
  explicit Ledger(std::unique_ptr<Impl> impl, std::string path);
  std::unique_ptr<Impl> impl_;
  std::string path_;
};

}  // namespace parley
