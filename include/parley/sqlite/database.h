#pragma once

/// \file
/// A thin RAII layer over the SQLite C API, shared by the talks ledger and the tournament results.
/// Every statement is prepared and every value bound, never spliced into SQL text, so strings from
/// users cannot change a query. Errors come back as `Error::Internal` (the file is broken or the
/// disk full; or busy, see `IsBusy`) or `Error::BadInput` (a constraint the caller violated,
/// e.g. a duplicate name).

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parley/core/result.h"

namespace parley::sqlite {

/// The `field` of the error for a lock another connection held past the busy timeout: nothing is
/// wrong with the file, and trying again later may succeed (`parley serve` answers 503).
inline constexpr std::string_view kBusyField = "database-busy";
inline bool IsBusy(const Error& error) {
  return error.code == ErrorCode::kInternal && error.field == kBusyField;
}

/// An open SQLite connection. Move-only; closes on destruction. One connection must not be used
/// by two threads at once (callers serialise access).
class Database {
 public:
  Database() = default;
  ~Database();
  Database(Database&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Opens (creating if `create`) the file. Sets a busy timeout so that concurrent writers from
  /// other processes wait instead of failing at once; past it, statements fail (`IsBusy`).
  static Result<Database> Open(const std::string& path, bool create, int busy_timeout_ms = 10000);

  /// Runs SQL without parameters (schema statements, pragmas). Never for user data.
  Status Exec(std::string_view sql);
  sqlite3* handle() const { return db_; }
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  /// The connection's last error as an Error naming `what`.
  Error LastError(std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
};

/// A prepared statement. Bind parameters by 1-based index, `Step()` through rows, read columns
/// by 0-based index. Move-only; finalised on destruction.
class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  static Result<Statement> Prepare(const Database& db, std::string_view sql);

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, size_t value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }

  /// Advances: true when a row is available, false when done; errors as values. A failed bind
  /// (out of memory, bad index) surfaces here.
  Result<bool> Step();
  /// Steps a statement that returns no rows.
  Status Run();
  /// Resets for re-execution with new bindings.
  void Reset();

  int ColumnCount() const;
  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = SQLITE_OK;
};

/// A transaction: BEGIN IMMEDIATE on construction (take the write lock up front so two writers
/// cannot deadlock upgrading), ROLLBACK on destruction unless `Commit()` succeeded.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status Begin();
  Status Commit();

 private:
  Database& db_;
  bool active_ = false;
};

}  // namespace parley::sqlite
