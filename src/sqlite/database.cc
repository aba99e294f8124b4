#include "parley/sqlite/database.h"

#include <string>

namespace parley::sqlite {

namespace {

Error FromCode(sqlite3* db, int code, std::string_view what) {
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  const int primary = code & 0xff;
  // Constraint violations are caused by what the caller asked for (a duplicate name, a write to
  // an append-only table); everything else is the file or the machine.
  if (primary == SQLITE_CONSTRAINT) return Error::BadInput(message);
  // Another connection held the lock for longer than the busy timeout: nothing is wrong with
  // the file, and the same request may succeed in a moment (field kBusyField says so).
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    Error busy = Error::Internal(message);
    busy.field = std::string(kBusyField);
    return busy;
  }
  return Error::Internal(message);
}

}  // namespace

Database::~Database() {
  if (db_) sqlite3_close_v2(db_);
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

Result<Database> Database::Open(const std::string& path, bool create, int busy_timeout_ms) {
  Database db;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open ledger '" + path +
                          "': " + (db.db_ ? sqlite3_errmsg(db.db_) : sqlite3_errstr(rc));
    if (!create && (rc & 0xff) == SQLITE_CANTOPEN) return Error::NotFound(message);
    return Error::BadInput(message, path);
  }
  sqlite3_extended_result_codes(db.db_, 1);
  sqlite3_busy_timeout(db.db_, busy_timeout_ms);
  return db;
}

Status Database::Exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string m = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    Error error = FromCode(nullptr, rc, "sqlite");
    error.message = "sqlite: " + m;
    return error;
  }
  return {};
}

Error Database::LastError(std::string_view what) const {
  return FromCode(db_, sqlite3_extended_errcode(db_), what);
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    bind_error_ = other.bind_error_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Result<Statement> Statement::Prepare(const Database& db, std::string_view sql) {
  Statement statement;
  statement.db_ = db.handle();
  const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    &statement.stmt_, nullptr);
  if (rc != SQLITE_OK) return FromCode(db.handle(), rc, "preparing SQL");
  return statement;
}

Statement& Statement::Bind(int index, int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) bind_error_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) return FromCode(db_, bind_error_, "binding a value");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return FromCode(db_, rc, "sqlite");
}

Status Statement::Run() {
  PARLEY_ASSIGN_OR_RETURN(bool row, Step());
  (void)row;
  return {};
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = SQLITE_OK;
}

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!text) return {};
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}
std::optional<int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

Transaction::~Transaction() {
  if (active_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Begin() {
  PARLEY_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  active_ = true;
  return {};
}

Status Transaction::Commit() {
  PARLEY_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  active_ = false;
  return {};
}

}  // namespace parley::sqlite
