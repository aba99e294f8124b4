#include "ledger_schema.h"

#include <string>

namespace parley::talks {

namespace {

// Version 1: the talks, their structure, and the append-only record.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE talks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  source TEXT NOT NULL,
  single_undertaking INTEGER NOT NULL CHECK (single_undertaking IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE TABLE parties (
  talks_id INTEGER NOT NULL REFERENCES talks(id),
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  ratifier INTEGER NOT NULL CHECK (ratifier IN (0, 1)),
  PRIMARY KEY (talks_id, idx),
  UNIQUE (talks_id, name)
);
CREATE TABLE tracks (
  talks_id INTEGER NOT NULL REFERENCES talks(id),
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  opens_after INTEGER,
  PRIMARY KEY (talks_id, idx)
);
CREATE TABLE track_parties (
  talks_id INTEGER NOT NULL,
  track_idx INTEGER NOT NULL,
  party_idx INTEGER NOT NULL,
  PRIMARY KEY (talks_id, track_idx, party_idx),
  FOREIGN KEY (talks_id, track_idx) REFERENCES tracks(talks_id, idx),
  FOREIGN KEY (talks_id, party_idx) REFERENCES parties(talks_id, idx)
);
CREATE TABLE issues (
  talks_id INTEGER NOT NULL REFERENCES talks(id),
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  track_idx INTEGER,
  PRIMARY KEY (talks_id, idx),
  UNIQUE (talks_id, name)
);
CREATE TABLE options (
  talks_id INTEGER NOT NULL,
  issue_idx INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (talks_id, issue_idx, idx),
  UNIQUE (talks_id, issue_idx, label),
  FOREIGN KEY (talks_id, issue_idx) REFERENCES issues(talks_id, idx)
);
CREATE TABLE entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  talks_id INTEGER NOT NULL REFERENCES talks(id),
  kind TEXT NOT NULL CHECK (kind IN ('round', 'proposal', 'position', 'agreement', 'reopening',
                                     'vote', 'profile', 'note')),
  date TEXT NOT NULL,
  round INTEGER,
  party_idx INTEGER,
  text TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  source TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX entries_by_date ON entries (talks_id, date, seq);
CREATE TABLE entry_values (
  seq INTEGER NOT NULL REFERENCES entries(seq),
  issue_idx INTEGER NOT NULL,
  option_idx INTEGER,
  PRIMARY KEY (seq, issue_idx)
);
CREATE TABLE entry_conditions (
  seq INTEGER NOT NULL REFERENCES entries(seq),
  ordinal INTEGER NOT NULL,
  description TEXT NOT NULL,
  clauses TEXT NOT NULL,
  PRIMARY KEY (seq, ordinal)
);
CREATE TABLE rounds (
  seq INTEGER PRIMARY KEY REFERENCES entries(seq),
  talks_id INTEGER NOT NULL REFERENCES talks(id),
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  place TEXT NOT NULL,
  end_date TEXT NOT NULL,
  UNIQUE (talks_id, number)
);
CREATE TABLE votes (
  seq INTEGER PRIMARY KEY REFERENCES entries(seq),
  accept INTEGER NOT NULL CHECK (accept IN (0, 1))
);
CREATE TABLE profiles (
  seq INTEGER PRIMARY KEY REFERENCES entries(seq),
  origin TEXT NOT NULL CHECK (origin IN ('entered', 'estimated')),
  body TEXT NOT NULL
);
)sql";

// Version 2: access tokens for the server. Secrets are stored as SHA-256 only; revocation is
// its own append-only table so that the tokens table is never updated.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  talks_id INTEGER NOT NULL REFERENCES talks(id),
  party_idx INTEGER,
  label TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  FOREIGN KEY (talks_id, party_idx) REFERENCES parties(talks_id, idx)
);
CREATE TABLE token_revocations (
  token_id INTEGER PRIMARY KEY REFERENCES tokens(id),
  revoked_at TEXT NOT NULL
);
)sql";

// Version 3: a record that cannot be rewritten. Every entry gets a link of the hash chain
// (ledger_chain.h; older entries are chained when the file migrates), rounds can be flagged as
// corrections (dated before an earlier round), and a mediator can retract an entry with a
// reason. A retraction is stored as a `note` entry plus its `retractions` row: the CHECK on
// `entries.kind` cannot change without rebuilding the table, which an append-only file must not.
constexpr std::string_view kVersion3 = R"sql(
ALTER TABLE rounds ADD COLUMN correction INTEGER NOT NULL DEFAULT 0 CHECK (correction IN (0, 1));
CREATE TABLE retractions (
  seq INTEGER PRIMARY KEY REFERENCES entries(seq),
  retracts INTEGER NOT NULL UNIQUE REFERENCES entries(seq),
  reason TEXT NOT NULL
);
CREATE TABLE entry_chain (
  seq INTEGER PRIMARY KEY REFERENCES entries(seq),
  prev_sha256 TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
)sql";

// Append-only: every table refuses UPDATE and DELETE. Recreated by each migration that adds
// tables (triggers are idempotent with IF NOT EXISTS).
#define PARLEY_APPEND_ONLY(table)                                            \
  "CREATE TRIGGER IF NOT EXISTS " table "_no_update BEFORE UPDATE ON " table \
  " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: " table            \
  " rows cannot be changed'); END;\n"                                        \
  "CREATE TRIGGER IF NOT EXISTS " table "_no_delete BEFORE DELETE ON " table \
  " BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: " table            \
  " rows cannot be deleted'); END;\n"

constexpr std::string_view kVersion1Triggers = PARLEY_APPEND_ONLY("talks")
    PARLEY_APPEND_ONLY("parties") PARLEY_APPEND_ONLY("tracks") PARLEY_APPEND_ONLY("track_parties")
        PARLEY_APPEND_ONLY("issues") PARLEY_APPEND_ONLY("options") PARLEY_APPEND_ONLY("entries")
            PARLEY_APPEND_ONLY("entry_values") PARLEY_APPEND_ONLY("entry_conditions")
                PARLEY_APPEND_ONLY("rounds") PARLEY_APPEND_ONLY("votes")
                    PARLEY_APPEND_ONLY("profiles");
constexpr std::string_view kVersion2Triggers =
    PARLEY_APPEND_ONLY("tokens") PARLEY_APPEND_ONLY("token_revocations");
constexpr std::string_view kVersion3Triggers =
    PARLEY_APPEND_ONLY("retractions") PARLEY_APPEND_ONLY("entry_chain");

#undef PARLEY_APPEND_ONLY

}  // namespace

std::span<const std::string_view> LedgerMigrations() {
  static const std::string kV1 = std::string(kVersion1) + std::string(kVersion1Triggers);
  static const std::string kV2 = std::string(kVersion2) + std::string(kVersion2Triggers);
  static const std::string kV3 = std::string(kVersion3) + std::string(kVersion3Triggers);
  static const std::string_view kAll[] = {kV1, kV2, kV3};
  return kAll;
}

std::span<const std::string_view> AppendOnlyTables() {
  static constexpr std::string_view kTables[] = {
      "talks",   "parties",           "tracks",           "track_parties", "issues", "options",
      "entries", "entry_values",      "entry_conditions", "rounds",        "votes",  "profiles",
      "tokens",  "token_revocations", "retractions",      "entry_chain"};
  return kTables;
}

}  // namespace parley::talks
