#include "ledger_chain.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "ledger_schema.h"
#include "parley/core/sha256.h"

namespace parley::talks {

using sqlite::Database;
using sqlite::Statement;

namespace {

nlohmann::json Column(const Statement& row, int column) {
  if (row.IsNull(column)) return nullptr;
  return row.Text(column);
}

std::string LinkHash(std::string_view previous, std::string_view canonical) {
  std::string input(previous);
  input += '\n';
  input += canonical;
  return Sha256Hex(input);
}

// Appends the rows of `sql` (one parameter: the seq) to `out`, every column as text or null.
Status AppendRows(const Database& db, std::string_view sql, int64_t seq, nlohmann::json& out) {
  PARLEY_ASSIGN_OR_RETURN(Statement select, Statement::Prepare(db, sql));
  select.Bind(1, seq);
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    nlohmann::json values = nlohmann::json::array();
    for (int c = 0; c < select.ColumnCount(); ++c) values.push_back(Column(select, c));
    out.push_back(std::move(values));
  }
  return {};
}

}  // namespace

Result<std::string> CanonicalEntry(const Database& db, int64_t seq) {
  // Explicit columns, so that a later migration adding a column does not change the text (and
  // so the hash) of entries recorded before it.
  static constexpr std::string_view kParts[] = {
      "SELECT seq, talks_id, kind, date, round, party_idx, text, source_kind, source, recorded_at "
      "FROM entries WHERE seq = ?",
      "SELECT issue_idx, option_idx FROM entry_values WHERE seq = ? ORDER BY issue_idx",
      "SELECT ordinal, description, clauses FROM entry_conditions WHERE seq = ? ORDER BY ordinal",
      "SELECT talks_id, number, title, place, end_date, correction FROM rounds WHERE seq = ?",
      "SELECT accept FROM votes WHERE seq = ?",
      "SELECT origin, body FROM profiles WHERE seq = ?",
      "SELECT retracts, reason FROM retractions WHERE seq = ?",
  };
  nlohmann::json canonical = nlohmann::json::array();
  for (std::string_view sql : kParts) {
    nlohmann::json rows = nlohmann::json::array();
    PARLEY_RETURN_IF_ERROR(AppendRows(db, sql, seq, rows));
    canonical.push_back(std::move(rows));
  }
  if (canonical[0].empty()) return Error::NotFound("no entry " + std::to_string(seq));
  return canonical.dump();
}

namespace {

Result<std::string> LastHash(const Database& db, int64_t before_seq) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db,
                         "SELECT sha256 FROM entry_chain WHERE seq < ? ORDER BY seq DESC "
                         "LIMIT 1"));
  select.Bind(1, before_seq);
  PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
  return row ? select.Text(0) : std::string(kGenesisHash);
}

}  // namespace

Status ChainEntry(const Database& db, int64_t seq) {
  PARLEY_ASSIGN_OR_RETURN(std::string previous, LastHash(db, seq));
  PARLEY_ASSIGN_OR_RETURN(std::string canonical, CanonicalEntry(db, seq));
  PARLEY_ASSIGN_OR_RETURN(Statement insert,
                          Statement::Prepare(db, "INSERT INTO entry_chain VALUES (?, ?, ?)"));
  insert.Bind(1, seq).Bind(2, previous).Bind(3, LinkHash(previous, canonical));
  return insert.Run();
}

Status ChainUnchained(const Database& db) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db,
                         "SELECT e.seq FROM entries e WHERE NOT EXISTS (SELECT 1 FROM "
                         "entry_chain c WHERE c.seq = e.seq) ORDER BY e.seq"));
  std::vector<int64_t> seqs;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    seqs.push_back(select.Int(0));
  }
  for (int64_t seq : seqs) PARLEY_RETURN_IF_ERROR(ChainEntry(db, seq));
  return {};
}

Result<LedgerVerification> VerifyChain(const Database& db) {
  LedgerVerification report;
  report.head = std::string(kGenesisHash);
  auto fail = [&](std::optional<int64_t> seq, std::string problem) {
    report.first_bad = seq;
    report.problem = std::move(problem);
    return report;
  };
  {
    PARLEY_ASSIGN_OR_RETURN(Statement check, Statement::Prepare(db, "PRAGMA integrity_check"));
    PARLEY_ASSIGN_OR_RETURN(bool row, check.Step());
    if (!row || check.Text(0) != "ok")
      return fail(std::nullopt, "SQLite's integrity check fails: " + (row ? check.Text(0) : ""));
  }
  {
    // The append-only triggers: a file whose triggers were dropped may have been rewritten.
    PARLEY_ASSIGN_OR_RETURN(
        Statement triggers,
        Statement::Prepare(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'"));
    std::set<std::string> present;
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(bool row, triggers.Step());
      if (!row) break;
      present.insert(triggers.Text(0));
    }
    for (std::string_view table : AppendOnlyTables())
      for (const char* suffix : {"_no_update", "_no_delete"})
        if (!present.count(std::string(table) + suffix))
          return fail(std::nullopt, "the append-only trigger " + std::string(table) + suffix +
                                        " is missing: the file was changed behind parley's "
                                        "back");
  }
  // Chain rows without their entry: an entry was deleted.
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement orphans,
        Statement::Prepare(db,
                           "SELECT c.seq FROM entry_chain c WHERE NOT EXISTS (SELECT 1 FROM "
                           "entries e WHERE e.seq = c.seq) ORDER BY c.seq LIMIT 1"));
    PARLEY_ASSIGN_OR_RETURN(bool row, orphans.Step());
    if (row)
      return fail(orphans.Int(0), "entry " + std::to_string(orphans.Int(0)) +
                                      " was deleted (its chain row remains)");
  }
  PARLEY_ASSIGN_OR_RETURN(
      Statement entries,
      Statement::Prepare(db,
                         "SELECT e.seq, e.talks_id, e.kind, e.date, e.recorded_at, c.prev_sha256, "
                         "c.sha256, r.number, r.correction, x.retracts FROM entries e LEFT JOIN "
                         "entry_chain c ON c.seq = e.seq LEFT JOIN rounds r ON r.seq = e.seq "
                         "LEFT JOIN retractions x ON x.seq = e.seq ORDER BY e.seq"));
  std::string previous(kGenesisHash);
  std::string last_recorded;
  std::map<int64_t, int64_t> rounds;            // talks -> rounds so far
  std::map<int64_t, std::string> latest_start;  // talks -> latest round start so far
  std::map<int64_t, int64_t> talks_of;          // seq -> talks
  std::set<int64_t> retracted, retractions;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, entries.Step());
    if (!row) break;
    const int64_t seq = entries.Int(0);
    const int64_t talks = entries.Int(1);
    const std::string date = entries.Text(3);
    const std::string recorded = entries.Text(4);
    const std::string where = "entry " + std::to_string(seq) + ": ";
    ++report.entries;
    if (entries.IsNull(6))
      return fail(seq, where + "has no chain row (inserted behind parley's back)");
    if (entries.Text(5) != previous)
      return fail(seq, where +
                           "its link does not match the entry before it (an entry was "
                           "removed or the chain rewritten)");
    PARLEY_ASSIGN_OR_RETURN(std::string canonical, CanonicalEntry(db, seq));
    if (LinkHash(previous, canonical) != entries.Text(6))
      return fail(seq, where +
                           "its content does not match its hash (changed after it was "
                           "recorded)");
    previous = entries.Text(6);
    if (!IsValidTimestamp(recorded))
      return fail(seq, where + "recording time '" + recorded + "' is not YYYY-MM-DDTHH:MM:SSZ");
    if (recorded < last_recorded)
      return fail(seq, where + "recorded at " + recorded + ", before the entry before it (" +
                           last_recorded + ")");
    last_recorded = recorded;
    if (!IsValidDate(date)) return fail(seq, where + "event date '" + date + "' is not a date");
    if (DayNumber(date) > DayNumber(recorded.substr(0, 10)) + 1)
      return fail(seq, where + "event date " + date + " is more than a day after its recording (" +
                           recorded + ")");
    talks_of[seq] = talks;
    if (!entries.IsNull(7)) {
      const int64_t number = entries.Int(7);
      if (number != rounds[talks] + 1)
        return fail(seq, where + "round number " + std::to_string(number) + " out of order");
      rounds[talks] = number;
      if (date < latest_start[talks] && entries.Int(8) == 0)
        return fail(seq, where + "a round dated " + date + ", before an earlier round (" +
                             latest_start[talks] + "), not flagged as a correction");
      latest_start[talks] = std::max(latest_start[talks], date);
    }
    if (!entries.IsNull(9)) {
      const int64_t target = entries.Int(9);
      auto it = talks_of.find(target);
      if (it == talks_of.end() || target >= seq || it->second != talks)
        return fail(seq, where + "retracts entry " + std::to_string(target) +
                             ", which is not an earlier entry of the same negotiation");
      if (retractions.count(target)) return fail(seq, where + "retracts a retraction");
      if (!retracted.insert(target).second)
        return fail(seq, where + "retracts entry " + std::to_string(target) + " a second time");
      retractions.insert(seq);
    }
  }
  report.head = previous;
  return report;
}

}  // namespace parley::talks
