#pragma once

/// \file
/// A tournament's results in SQLite, written as sessions finish so that an interrupted run can
/// resume. The schema (docs/tournament.md) has a `tournament` row with the configuration and
/// its hash, `agents` and `scenarios` tables, one `sessions` row per finished session keyed by
/// its schedule index, one `results` row per session and position, and a `scores` view that
/// joins them with names. The file uses WAL journaling: a reader (sqlite3, pandas) can watch a
/// running tournament, and a killed process loses at most the transaction it had not committed.
///
/// One ResultsDb serves one thread (RunTournament's calling thread).

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "parley/core/result.h"
#include "parley/tournament/tournament.h"

namespace parley {

class ResultsDb {
 public:
  /// What a new database records about its tournament.
  struct Header {
    ConfigIdentity identity;
    std::vector<std::string> agents;
    std::vector<ScenarioInfo> scenarios;
    uint64_t sessions = 0;  ///< In the schedule.
  };

  /// Opens `path`, creating it (and the schema) if needed. An existing database must hold the
  /// same configuration (same hash): otherwise kBadInput names the settings that differ.
  static Result<ResultsDb> Open(const std::string& path, const Header& header);

  ResultsDb(ResultsDb&&) noexcept;
  ResultsDb& operator=(ResultsDb&&) noexcept;
  ~ResultsDb();

  /// Every finished session, in schedule order.
  Result<std::vector<SessionRecord>> LoadSessions();
  /// Commits the records in one transaction. A record already present is an error.
  Status Append(std::span<const SessionRecord> records);

 private:
  struct Impl;
  explicit ResultsDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
