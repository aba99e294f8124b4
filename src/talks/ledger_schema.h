#pragma once

/// \file
/// The ledger's schema as a list of migrations, private to the talks module. Migration i (1-based)
/// takes a file from schema version i-1 to i; `PRAGMA user_version` holds the version. Never
/// edit a migration that has shipped: add a new one (docs/ledger.md describes each).

#include <span>
#include <string_view>

namespace parley::talks {

std::span<const std::string_view> LedgerMigrations();

/// The schema version whose migration also chains the entries recorded before it (a step in C++
/// after its SQL: ledger_chain.h).
inline constexpr int kChainVersion = 3;

/// Every table of the latest schema; each has triggers `<table>_no_update` and `_no_delete`.
std::span<const std::string_view> AppendOnlyTables();

}  // namespace parley::talks
