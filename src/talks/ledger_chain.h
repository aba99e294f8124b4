#pragma once

/// \file
/// The ledger's hash chain and its verification, private to the talks module (docs/ledger.md,
/// "Tamper evidence"). Every entry has a row in `entry_chain` holding the SHA-256 of the previous
/// entry's hash and of the entry's canonical text: every column parley stored for it (the entry,
/// its values, conditions, round, vote, profile and retraction rows), read back from the file.
/// Changing, removing or reordering a recorded entry therefore breaks the chain from that entry
/// on, whatever tool edits the file.
///
/// Cost: a handful of indexed queries per entry (Append chains one; Verify reads every entry).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parley/core/result.h"
#include "parley/sqlite/database.h"
#include "parley/talks/ledger.h"

namespace parley::talks {

/// The hash before the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The canonical text of entry `seq` as stored (a JSON array; deterministic).
Result<std::string> CanonicalEntry(const sqlite::Database& db, int64_t seq);

/// Writes the chain row of entry `seq`, which must be the entry with the highest seq. Runs in
/// the caller's write transaction.
Status ChainEntry(const sqlite::Database& db, int64_t seq);

/// Chains, in seq order, every entry that has no chain row yet (a file migrated from schema
/// version 2, whose entries were recorded before the chain existed).
Status ChainUnchained(const sqlite::Database& db);

/// Checks the whole file: SQLite's integrity check, the append-only triggers, the chain (every
/// entry's hash, each link to the one before, no chain row without its entry) and the rules
/// `Ledger::Append` enforces (recording times never go back, event dates at most a day after
/// their recording, rounds numbered in order and dated in order unless flagged as a correction,
/// retractions of an earlier entry, at most once). Stops at the first problem.
Result<LedgerVerification> VerifyChain(const sqlite::Database& db);

}  // namespace parley::talks
