#include "parley/tournament/results_db.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "parley/sqlite/database.h"

namespace parley {
namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS tournament (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER NOT NULL,
  config_hash    TEXT NOT NULL,
  config_json    TEXT NOT NULL,
  sessions       INTEGER NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agents (
  agent INTEGER PRIMARY KEY,
  name  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scenarios (
  scenario       INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  path           TEXT NOT NULL,
  parties        TEXT NOT NULL,
  outcomes       REAL NOT NULL,
  reference_note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  session          INTEGER PRIMARY KEY,
  scenario         INTEGER NOT NULL REFERENCES scenarios(scenario),
  rotation         INTEGER NOT NULL,
  repetition       INTEGER NOT NULL,
  seed             TEXT NOT NULL,
  agreement        INTEGER NOT NULL,
  end_reason       TEXT NOT NULL,
  outcome          TEXT,
  rounds           INTEGER NOT NULL,
  time             REAL NOT NULL,
  moves            INTEGER NOT NULL,
  welfare          REAL NOT NULL,
  pareto_distance  REAL,
  nash_distance    REAL,
  failure_kind     TEXT,
  failure_position INTEGER,
  failure_message  TEXT,
  session_seconds  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
  session         INTEGER NOT NULL REFERENCES sessions(session),
  position        INTEGER NOT NULL,
  agent           INTEGER NOT NULL REFERENCES agents(agent),
  profile         INTEGER NOT NULL,
  utility         REAL NOT NULL,
  discounted      REAL NOT NULL,
  reservation     REAL NOT NULL,
  advantage       REAL NOT NULL,
  partner_welfare REAL NOT NULL,
  failed          INTEGER NOT NULL,
  agent_seconds   REAL NOT NULL,
  PRIMARY KEY (session, position)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS scores AS
  SELECT r.session, sc.name AS scenario, s.rotation, s.repetition, r.position,
         json_extract(sc.parties, '$[' || r.profile || ']') AS profile, a.name AS agent,
         s.agreement, s.end_reason, r.utility, r.discounted, r.reservation, r.advantage,
         r.partner_welfare, s.welfare, s.pareto_distance, s.nash_distance, s.rounds, s.time,
         r.failed, CASE WHEN r.failed THEN s.failure_kind END AS failure_kind,
         r.agent_seconds, s.session_seconds
  FROM results r JOIN sessions s USING (session) JOIN scenarios sc ON sc.scenario = s.scenario
       JOIN agents a ON a.agent = r.agent;
)sql";

std::string NowUtc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string JoinIndices(const std::vector<uint32_t>& values) {
  std::string out;
  for (uint32_t v : values) out += (out.empty() ? "" : ",") + std::to_string(v);
  return out;
}

std::vector<uint32_t> SplitIndices(const std::string& text) {
  std::vector<uint32_t> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(static_cast<uint32_t>(std::stoul(text.substr(pos, end - pos))));
    pos = end + 1;
  }
  return out;
}

/// "rounds: 100 here, 200 in the database; ..." for the top-level keys that differ.
std::string DescribeDifference(const std::string& ours, const std::string& theirs) {
  const auto a = nlohmann::json::parse(ours, nullptr, false);
  const auto b = nlohmann::json::parse(theirs, nullptr, false);
  if (a.is_discarded() || b.is_discarded() || !a.is_object() || !b.is_object())
    return "the configurations differ";
  std::string out;
  auto shorten = [](const nlohmann::json& v) {
    std::string s = v.dump();
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
  };
  for (const auto& [key, value] : a.items()) {
    if (!b.contains(key)) {
      out += (out.empty() ? "" : "; ") + key + " is new";
    } else if (b[key] != value) {
      out += (out.empty() ? "" : "; ") + key + ": " + shorten(value) + " now, " + shorten(b[key]) +
             " in the database";
    }
  }
  for (const auto& [key, value] : b.items())
    if (!a.contains(key)) out += (out.empty() ? "" : "; ") + key + " is gone";
  return out.empty() ? "the configurations differ" : out;
}

}  // namespace

struct ResultsDb::Impl {
  std::string path;
  Database db;
  Statement insert_session;
  Statement insert_result;
};

ResultsDb::ResultsDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ResultsDb::ResultsDb(ResultsDb&&) noexcept = default;
ResultsDb& ResultsDb::operator=(ResultsDb&&) noexcept = default;
ResultsDb::~ResultsDb() = default;

Result<ResultsDb> ResultsDb::Open(const std::string& path, const Header& header) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  Result<Database> db = Database::Open(path, /*create=*/true);
  if (!db) {
    Error e = db.error();
    e.message = "cannot open the results database '" + path + "': " + e.message;
    e.file = path;
    return e;
  }
  impl->db = std::move(*db);
  Database& d = impl->db;
  // A database of another kind (a talks ledger, anything else) is refused before anything is
  // written to it: it used to get the tournament's tables added beside its own.
  {
    Result<Statement> tables = Statement::Prepare(
        d,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
    if (!tables) {
      return Error::BadInput(
          "'" + path + "' is not a usable SQLite database: " + tables.error().message, path, 0,
          "--db");
    }
    std::vector<std::string> foreign;
    bool ledger = false;
    for (;;) {
      Result<bool> row = tables->Step();
      if (!row) {
        return Error::BadInput(
            "'" + path + "' is not a usable SQLite database: " + row.error().message, path, 0,
            "--db");
      }
      if (!*row) break;
      const std::string name = tables->Text(0);
      static const char* const kOwn[] = {"tournament", "agents", "scenarios", "sessions",
                                         "results"};
      if (std::find(std::begin(kOwn), std::end(kOwn), name) != std::end(kOwn)) continue;
      ledger = ledger || name == "talks";
      foreign.push_back(name);
    }
    if (!foreign.empty()) {
      std::string list;
      for (size_t i = 0; i < foreign.size() && i < 5; ++i) list += (i ? ", " : "") + foreign[i];
      if (foreign.size() > 5) list += ", ...";
      return Error::BadInput("'" + path + "' is not a tournament results database: it holds " +
                                 (ledger ? "a talks ledger (parley talks)" : "other tables") +
                                 " (" + list + "); give another --db",
                             path, 0, "--db");
    }
  }
  // WAL: readers never block the writer, and a commit costs no fsync of the whole file.
  if (Status s = d.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !s) {
    return Error::BadInput("'" + path + "' is not a usable SQLite database: " + s.error().message,
                           path);
  }
  PARLEY_RETURN_IF_ERROR(d.Exec(kSchema));

  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(d,
                         "SELECT schema_version, config_hash, config_json, sessions "
                         "FROM tournament WHERE id = 1"));
  PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
  if (row) {
    const int64_t version = select.Int(0);
    if (version != kSchemaVersion) {
      return Error::BadInput("the results database '" + path + "' has schema version " +
                                 std::to_string(version) + "; this parley writes version " +
                                 std::to_string(kSchemaVersion),
                             path);
    }
    if (select.Text(1) != header.identity.hash) {
      return Error::BadInput("the results database '" + path + "' holds a different tournament (" +
                                 DescribeDifference(header.identity.json, select.Text(2)) +
                                 "); give another --db, or delete the file to start over",
                             path, 0, "--db");
    }
  } else {
    Transaction tx(d);
    PARLEY_RETURN_IF_ERROR(tx.Begin());
    PARLEY_ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(d,
                           "INSERT INTO tournament (id, schema_version, config_hash, "
                           "config_json, sessions, created_at) VALUES (1, ?, ?, ?, ?, ?)"));
    insert.Bind(1, int64_t{kSchemaVersion})
        .Bind(2, header.identity.hash)
        .Bind(3, header.identity.json)
        .Bind(4, static_cast<int64_t>(header.sessions))
        .Bind(5, NowUtc());
    PARLEY_RETURN_IF_ERROR(insert.Run());
    PARLEY_ASSIGN_OR_RETURN(Statement agent,
                            Statement::Prepare(d, "INSERT INTO agents VALUES (?, ?)"));
    for (size_t i = 0; i < header.agents.size(); ++i) {
      agent.Reset();
      agent.Bind(1, static_cast<int64_t>(i)).Bind(2, header.agents[i]);
      PARLEY_RETURN_IF_ERROR(agent.Run());
    }
    PARLEY_ASSIGN_OR_RETURN(
        Statement scenario,
        Statement::Prepare(d, "INSERT INTO scenarios VALUES (?, ?, ?, ?, ?, ?)"));
    for (size_t i = 0; i < header.scenarios.size(); ++i) {
      const ScenarioInfo& s = header.scenarios[i];
      scenario.Reset();
      scenario.Bind(1, static_cast<int64_t>(i))
          .Bind(2, s.name)
          .Bind(3, s.path)
          .Bind(4, nlohmann::json(s.parties).dump())
          .Bind(5, s.outcomes)
          .Bind(6, s.reference_note);
      PARLEY_RETURN_IF_ERROR(scenario.Run());
    }
    PARLEY_RETURN_IF_ERROR(tx.Commit());
  }

  PARLEY_ASSIGN_OR_RETURN(
      impl->insert_session,
      Statement::Prepare(d,
                         "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                         "?, ?, ?, ?, ?)"));
  PARLEY_ASSIGN_OR_RETURN(
      impl->insert_result,
      Statement::Prepare(d, "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  return ResultsDb(std::move(impl));
}

Result<std::vector<SessionRecord>> ResultsDb::LoadSessions() {
  Database& d = impl_->db;
  std::vector<SessionRecord> records;
  PARLEY_ASSIGN_OR_RETURN(
      Statement sessions,
      Statement::Prepare(d,
                         "SELECT session, scenario, rotation, repetition, seed, agreement, "
                         "end_reason, outcome, rounds, time, moves, welfare, pareto_distance, "
                         "nash_distance, failure_kind, failure_position, failure_message, "
                         "session_seconds FROM sessions ORDER BY session"));
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, sessions.Step());
    if (!row) break;
    SessionRecord r;
    r.index = static_cast<uint64_t>(sessions.Int(0));
    r.scenario = static_cast<uint32_t>(sessions.Int(1));
    r.rotation = static_cast<uint32_t>(sessions.Int(2));
    r.repetition = static_cast<uint32_t>(sessions.Int(3));
    try {
      r.seed = std::stoull(sessions.Text(4));
      if (!sessions.IsNull(7)) r.outcome = SplitIndices(sessions.Text(7));
    } catch (const std::exception&) {
      return Error::BadInput("the results database '" + impl_->path +
                                 "' has a malformed seed or outcome in session " +
                                 std::to_string(r.index),
                             impl_->path);
    }
    r.agreement = sessions.Int(5) != 0;
    r.end_reason = sessions.Text(6);
    r.rounds = static_cast<int>(sessions.Int(8));
    r.time = sessions.Double(9);
    r.moves = sessions.Int(10);
    r.welfare = sessions.Double(11);
    if (!sessions.IsNull(12)) r.pareto_distance = sessions.Double(12);
    if (!sessions.IsNull(13)) r.nash_distance = sessions.Double(13);
    if (!sessions.IsNull(14)) r.failure_kind = sessions.Text(14);
    if (!sessions.IsNull(15)) r.failure_position = static_cast<uint32_t>(sessions.Int(15));
    if (!sessions.IsNull(16)) r.failure_message = sessions.Text(16);
    r.session_seconds = sessions.Double(17);
    records.push_back(std::move(r));
  }

  PARLEY_ASSIGN_OR_RETURN(
      Statement results,
      Statement::Prepare(d,
                         "SELECT session, position, agent, profile, utility, discounted, "
                         "reservation, advantage, partner_welfare, failed, agent_seconds "
                         "FROM results ORDER BY session, position"));
  size_t k = 0;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, results.Step());
    if (!row) break;
    const auto session = static_cast<uint64_t>(results.Int(0));
    while (k < records.size() && records[k].index < session) ++k;
    if (k == records.size() || records[k].index != session ||
        static_cast<size_t>(results.Int(1)) != records[k].parties.size()) {
      return Error::BadInput("the results database '" + impl_->path +
                                 "' is inconsistent: a result row for session " +
                                 std::to_string(session) + " does not match its session",
                             impl_->path);
    }
    PartyResult p;
    p.agent = static_cast<uint32_t>(results.Int(2));
    p.profile = static_cast<uint32_t>(results.Int(3));
    p.utility = results.Double(4);
    p.discounted = results.Double(5);
    p.reservation = results.Double(6);
    p.advantage = results.Double(7);
    p.partner_welfare = results.Double(8);
    p.failed = results.Int(9) != 0;
    p.agent_seconds = results.Double(10);
    records[k].parties.push_back(p);
  }
  return records;
}

Status ResultsDb::Append(std::span<const SessionRecord> records) {
  if (records.empty()) return {};
  Transaction tx(impl_->db);
  PARLEY_RETURN_IF_ERROR(tx.Begin());
  Statement& s = impl_->insert_session;
  Statement& p = impl_->insert_result;
  for (const SessionRecord& r : records) {
    s.Reset();
    s.Bind(1, static_cast<int64_t>(r.index))
        .Bind(2, static_cast<int64_t>(r.scenario))
        .Bind(3, static_cast<int64_t>(r.rotation))
        .Bind(4, static_cast<int64_t>(r.repetition))
        .Bind(5, std::to_string(r.seed))
        .Bind(6, int64_t{r.agreement})
        .Bind(7, r.end_reason);
    if (r.agreement) {
      s.Bind(8, JoinIndices(r.outcome));
    } else {
      s.BindNull(8);
    }
    s.Bind(9, static_cast<int64_t>(r.rounds))
        .Bind(10, r.time)
        .Bind(11, r.moves)
        .Bind(12, r.welfare)
        .Bind(13, r.pareto_distance)
        .Bind(14, r.nash_distance);
    if (r.failure_kind.empty()) {
      s.BindNull(15).BindNull(17);
    } else {
      s.Bind(15, r.failure_kind).Bind(17, r.failure_message);
    }
    if (r.failure_position) {
      s.Bind(16, static_cast<int64_t>(*r.failure_position));
    } else {
      s.BindNull(16);
    }
    s.Bind(18, r.session_seconds);
    PARLEY_RETURN_IF_ERROR(s.Run());
    for (size_t i = 0; i < r.parties.size(); ++i) {
      const PartyResult& x = r.parties[i];
      p.Reset();
      p.Bind(1, static_cast<int64_t>(r.index))
          .Bind(2, static_cast<int64_t>(i))
          .Bind(3, static_cast<int64_t>(x.agent))
          .Bind(4, static_cast<int64_t>(x.profile))
          .Bind(5, x.utility)
          .Bind(6, x.discounted)
          .Bind(7, x.reservation)
          .Bind(8, x.advantage)
          .Bind(9, x.partner_welfare)
          .Bind(10, int64_t{x.failed})
          .Bind(11, x.agent_seconds);
      PARLEY_RETURN_IF_ERROR(p.Run());
    }
  }
  return tx.Commit();
}

}  // namespace parley
