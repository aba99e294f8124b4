#include "parley/talks/ledger.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "ledger_chain.h"
#include "ledger_schema.h"
#include "parley/core/sha256.h"
#include "parley/sqlite/database.h"
#include "parley/talks/profile_json.h"

namespace parley {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

namespace {

constexpr std::string_view kEntryKindNames[] = {"round",     "proposal",  "position",
                                                "agreement", "reopening", "vote",
                                                "profile",   "note",      "retraction"};

std::string NowUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Conditions are stored with issue and value indices (the structure never changes).
std::string ClausesToJson(const Constraint& condition) {
  nlohmann::json when = nlohmann::json::array();
  for (const Clause& clause : condition.when)
    when.push_back({{"issue", clause.issue}, {"values", clause.allowed}});
  nlohmann::json out = {
      {"when", when},
      {"then", {{"issue", condition.then.issue}, {"values", condition.then.allowed}}}};
  return out.dump();
}

Result<Constraint> ClausesFromJson(const std::string& text, std::string description) {
  try {
    const auto json = nlohmann::json::parse(text);
    Constraint condition;
    condition.description = std::move(description);
    for (const auto& clause : json.at("when"))
      condition.when.push_back(
          {clause.at("issue").get<size_t>(), clause.at("values").get<std::vector<ValueIndex>>()});
    condition.then = {json.at("then").at("issue").get<size_t>(),
                      json.at("then").at("values").get<std::vector<ValueIndex>>()};
    return condition;
  } catch (const std::exception& e) {
    return Error::Internal(std::string("corrupt condition in the ledger: ") + e.what());
  }
}

Status CheckClause(const Clause& clause, const OutcomeSpace& space, const std::string& field) {
  if (clause.issue >= space.NumIssues())
    return Error::BadInput("condition names an unknown issue", "", 0, field);
  if (clause.allowed.empty())
    return Error::BadInput("a condition clause needs at least one value", "", 0, field);
  for (ValueIndex v : clause.allowed)
    if (v >= space.issue(clause.issue).Cardinality())
      return Error::BadInput(
          "condition names an unknown value of '" + space.issue(clause.issue).name + "'", "", 0,
          field);
  return {};
}

}  // namespace

std::string_view EntryKindName(EntryKind kind) {
  return kEntryKindNames[static_cast<size_t>(kind)];
}

std::optional<EntryKind> ParseEntryKind(std::string_view name) {
  for (size_t i = 0; i < std::size(kEntryKindNames); ++i)
    if (kEntryKindNames[i] == name) return static_cast<EntryKind>(i);
  return std::nullopt;
}

bool IsValidTimestamp(std::string_view time) {
  if (time.size() != 20 || time[10] != 'T' || time[13] != ':' || time[16] != ':' ||
      time[19] != 'Z' || !IsValidDate(time.substr(0, 10)))
    return false;
  for (size_t i : {11, 12, 14, 15, 17, 18})
    if (time[i] < '0' || time[i] > '9') return false;
  return std::stoi(std::string(time.substr(11, 2))) < 24 &&
         std::stoi(std::string(time.substr(14, 2))) < 60 &&
         std::stoi(std::string(time.substr(17, 2))) < 60;
}

int64_t DayNumber(std::string_view date) {
  int y = std::stoi(std::string(date.substr(0, 4)));
  const int m = std::stoi(std::string(date.substr(5, 2)));
  const int d = std::stoi(std::string(date.substr(8, 2)));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + doe - 719468;
}

bool IsValidDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (date[i] < '0' || date[i] > '9') return false;
  const int year = std::stoi(std::string(date.substr(0, 4)));
  const int month = std::stoi(std::string(date.substr(5, 2)));
  const int day = std::stoi(std::string(date.substr(8, 2)));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::vector<const LedgerEntry*> LedgerState::LatestProfiles() const {
  std::vector<const LedgerEntry*> latest(structure.parties.size(), nullptr);
  for (const LedgerEntry& entry : entries)
    if (entry.kind == EntryKind::kProfile && !entry.retracted_by && entry.party &&
        *entry.party < latest.size())
      latest[*entry.party] = &entry;
  return latest;
}

struct Ledger::Impl {
  Database db;
  std::function<std::string()> clock;
  int version = 0;  // the schema version after Open (below the latest only in migration tests)
  std::string Now() const { return clock ? clock() : NowUtc(); }
};

Ledger::Ledger(std::unique_ptr<Impl> impl, std::string path)
    : impl_(std::move(impl)), path_(std::move(path)) {}
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;
Ledger::~Ledger() = default;

int Ledger::LatestSchemaVersion() { return static_cast<int>(talks::LedgerMigrations().size()); }

Result<Ledger> Ledger::Open(const std::string& path, const OpenOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(Database db,
                          Database::Open(path, options.create, options.busy_timeout_ms));
  // WAL: readers never block the writer; synchronous FULL: a commit that returned survives a
  // crash of the process or the machine.
  auto not_a_ledger = [&path](const std::string& why) {
    return Error::BadInput("'" + path + "' is not a parley ledger (" + why + ")", path);
  };
  {
    auto mode = Statement::Prepare(db, "PRAGMA journal_mode=WAL");
    if (!mode) return not_a_ledger(mode.error().message);
    auto row = mode->Step();
    if (!row) return not_a_ledger(row.error().message);
  }
  PARLEY_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(db);
  impl->clock = options.clock;
  Ledger ledger(std::move(impl), path);
  PARLEY_ASSIGN_OR_RETURN(int version, ledger.SchemaVersion());
  const int latest = LatestSchemaVersion();
  if (version > latest)
    return Error::Unsupported("ledger '" + path + "' has schema version " +
                              std::to_string(version) + "; this parley reads up to " +
                              std::to_string(latest) + ": upgrade parley");
  if (version == 0) {
    // A fresh file has no tables; a SQLite file of some other program must not be "migrated".
    PARLEY_ASSIGN_OR_RETURN(
        Statement tables,
        Statement::Prepare(ledger.impl_->db, "SELECT count(*) FROM sqlite_master"));
    PARLEY_ASSIGN_OR_RETURN(bool row, tables.Step());
    if (row && tables.Int(0) > 0) return not_a_ledger("it holds tables of another program");
  }
  const int target = options.migrate_to > 0 ? std::min(options.migrate_to, latest) : latest;
  const auto migrations = talks::LedgerMigrations();
  while (version < target) {
    Transaction transaction(ledger.impl_->db);
    PARLEY_RETURN_IF_ERROR(transaction.Begin());
    // Another process may have migrated between our read and the write lock.
    PARLEY_ASSIGN_OR_RETURN(int current, ledger.SchemaVersion());
    if (current == version) {
      PARLEY_RETURN_IF_ERROR(ledger.impl_->db.Exec(migrations[static_cast<size_t>(version)]));
      // Entries recorded before the chain existed are chained in the same transaction.
      if (version + 1 == talks::kChainVersion)
        PARLEY_RETURN_IF_ERROR(talks::ChainUnchained(ledger.impl_->db));
      PARLEY_RETURN_IF_ERROR(
          ledger.impl_->db.Exec("PRAGMA user_version=" + std::to_string(version + 1)));
    }
    PARLEY_RETURN_IF_ERROR(transaction.Commit());
    PARLEY_ASSIGN_OR_RETURN(version, ledger.SchemaVersion());
  }
  ledger.impl_->version = version;
  return ledger;
}

Result<int> Ledger::SchemaVersion() {
  PARLEY_ASSIGN_OR_RETURN(Statement statement,
                          Statement::Prepare(impl_->db, "PRAGMA user_version"));
  PARLEY_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return Error::Internal("PRAGMA user_version returned nothing");
  return static_cast<int>(statement.Int(0));
}

Result<TalksInfo> Ledger::CreateTalks(const TalksInfo& info, const Scenario& structure) {
  if (info.name.empty() || info.name.size() > 100)
    return Error::BadInput("a negotiation needs a name of 1 to 100 characters", "", 0, "name");
  for (char c : info.name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return Error::BadInput(
          "name '" + info.name + "' may contain only letters, digits, '-', '_' and '.'", "", 0,
          "name");
  const OutcomeSpace& space = structure.space;
  if (space.NumIssues() == 0) return Error::BadInput("a negotiation needs issues", "", 0, "issues");
  if (structure.parties.size() < 2)
    return Error::BadInput("a negotiation needs at least two parties", "", 0, "parties");
  std::set<std::string> names;
  for (const Party& party : structure.parties)
    if (party.name.empty() || !names.insert(party.name).second)
      return Error::BadInput("party names must be unique and non-empty: '" + party.name + "'", "",
                             0, "parties");
  names.clear();
  for (const Issue& issue : space.issues()) {
    if (issue.name.empty() || !names.insert(issue.name).second)
      return Error::BadInput("issue names must be unique and non-empty: '" + issue.name + "'", "",
                             0, "issues");
    if (issue.Cardinality() == 0 || issue.Cardinality() > 10000)
      return Error::BadInput("issue '" + issue.name + "' needs 1 to 10000 values", "", 0,
                             issue.name);
    std::set<std::string> labels;
    for (ValueIndex v = 0; v < issue.Cardinality(); ++v)
      if (!labels.insert(issue.ValueName(v)).second)
        return Error::BadInput("issue '" + issue.name + "' has duplicate values", "", 0,
                               issue.name);
  }
  const auto& tracks = structure.rules.tracks;
  std::vector<int> track_of_issue(space.NumIssues(), -1);
  for (size_t t = 0; t < tracks.size(); ++t) {
    for (size_t i : tracks[t].issues) {
      if (i >= space.NumIssues() || track_of_issue[i] >= 0)
        return Error::BadInput(
            "track '" + tracks[t].name + "' names an unknown issue or one already in a track", "",
            0, "tracks");
      track_of_issue[i] = static_cast<int>(t);
    }
    if (tracks[t].parties.empty())
      return Error::BadInput("track '" + tracks[t].name + "' has no parties", "", 0, "tracks");
    for (size_t p : tracks[t].parties)
      if (p >= structure.parties.size())
        return Error::BadInput("track '" + tracks[t].name + "' names an unknown party", "", 0,
                               "tracks");
    if (tracks[t].opens_after && *tracks[t].opens_after >= tracks.size())
      return Error::BadInput("track '" + tracks[t].name + "' opens after an unknown track", "", 0,
                             "tracks");
  }
  if (!tracks.empty())
    for (size_t i = 0; i < track_of_issue.size(); ++i)
      if (track_of_issue[i] < 0)
        return Error::BadInput("issue '" + space.issue(i).name + "' is in no track", "", 0,
                               "tracks");
  for (size_t t = 0; t < tracks.size(); ++t) {
    size_t steps = 0;
    for (auto at = tracks[t].opens_after; at; at = tracks[*at].opens_after)
      if (++steps > tracks.size())
        return Error::BadInput("track opening conditions form a cycle", "", 0, "tracks");
  }
  for (size_t r : structure.rules.ratifiers)
    if (r >= structure.parties.size())
      return Error::BadInput("unknown ratifier", "", 0, "ratifiers");

  Database& db = impl_->db;
  Transaction transaction(db);
  PARLEY_RETURN_IF_ERROR(transaction.Begin());
  TalksInfo created = info;
  created.created_at = impl_->Now();
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(db,
                           "INSERT INTO talks (name, title, description, source, "
                           "single_undertaking, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, info.name)
        .Bind(2, info.title)
        .Bind(3, info.description)
        .Bind(4, info.source)
        .Bind(5, structure.rules.single_undertaking ? 1 : 0)
        .Bind(6, created.created_at);
    auto run = insert.Run();
    if (!run) {
      if (run.error().code == ErrorCode::kBadInput)
        return Error::BadInput("a negotiation named '" + info.name + "' already exists", "", 0,
                               "name");
      return run.error();
    }
    created.id = db.LastInsertId();
  }
  const std::set<size_t> ratifiers(structure.rules.ratifiers.begin(),
                                   structure.rules.ratifiers.end());
  PARLEY_ASSIGN_OR_RETURN(Statement party,
                          Statement::Prepare(db, "INSERT INTO parties VALUES (?, ?, ?, ?)"));
  for (size_t p = 0; p < structure.parties.size(); ++p) {
    party.Reset();
    party.Bind(1, created.id)
        .Bind(2, p)
        .Bind(3, structure.parties[p].name)
        .Bind(4, ratifiers.count(p) ? 1 : 0);
    PARLEY_RETURN_IF_ERROR(party.Run());
  }
  PARLEY_ASSIGN_OR_RETURN(Statement track,
                          Statement::Prepare(db, "INSERT INTO tracks VALUES (?, ?, ?, ?)"));
  PARLEY_ASSIGN_OR_RETURN(Statement track_party,
                          Statement::Prepare(db, "INSERT INTO track_parties VALUES (?, ?, ?)"));
  for (size_t t = 0; t < tracks.size(); ++t) {
    track.Reset();
    std::optional<int64_t> opens_after;
    if (tracks[t].opens_after) opens_after = static_cast<int64_t>(*tracks[t].opens_after);
    track.Bind(1, created.id).Bind(2, t).Bind(3, tracks[t].name).Bind(4, opens_after);
    PARLEY_RETURN_IF_ERROR(track.Run());
    for (size_t p : std::set<size_t>(tracks[t].parties.begin(), tracks[t].parties.end())) {
      track_party.Reset();
      track_party.Bind(1, created.id).Bind(2, t).Bind(3, p);
      PARLEY_RETURN_IF_ERROR(track_party.Run());
    }
  }
  PARLEY_ASSIGN_OR_RETURN(Statement issue,
                          Statement::Prepare(db, "INSERT INTO issues VALUES (?, ?, ?, ?)"));
  PARLEY_ASSIGN_OR_RETURN(Statement option,
                          Statement::Prepare(db, "INSERT INTO options VALUES (?, ?, ?, ?)"));
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    issue.Reset();
    std::optional<int64_t> track_idx;
    if (track_of_issue[i] >= 0) track_idx = track_of_issue[i];
    issue.Bind(1, created.id).Bind(2, i).Bind(3, space.issue(i).name).Bind(4, track_idx);
    PARLEY_RETURN_IF_ERROR(issue.Run());
    for (ValueIndex v = 0; v < space.issue(i).Cardinality(); ++v) {
      option.Reset();
      option.Bind(1, created.id)
          .Bind(2, i)
          .Bind(3, static_cast<int64_t>(v))
          .Bind(4, space.issue(i).ValueName(v));
      PARLEY_RETURN_IF_ERROR(option.Run());
    }
  }
  PARLEY_RETURN_IF_ERROR(transaction.Commit());
  return created;
}

namespace {

TalksInfo ReadTalks(const Statement& row) {
  TalksInfo info;
  info.id = row.Int(0);
  info.name = row.Text(1);
  info.title = row.Text(2);
  info.description = row.Text(3);
  info.source = row.Text(4);
  info.created_at = row.Text(5);
  return info;
}

constexpr std::string_view kTalksColumns =
    "SELECT id, name, title, description, source, created_at FROM talks";

}  // namespace

Result<std::vector<TalksInfo>> Ledger::ListTalks() {
  PARLEY_ASSIGN_OR_RETURN(
      Statement select, Statement::Prepare(impl_->db, std::string(kTalksColumns) + " ORDER BY id"));
  std::vector<TalksInfo> out;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    out.push_back(ReadTalks(select));
  }
  return out;
}

Result<TalksInfo> Ledger::FindTalks(std::string_view name) {
  if (name.empty()) {
    PARLEY_ASSIGN_OR_RETURN(auto all, ListTalks());
    if (all.size() == 1) return all[0];
    if (all.empty())
      return Error::NotFound("ledger '" + path_ +
                             "' holds no negotiation yet: create one with `parley talks new`");
    std::string names;
    for (const auto& t : all) names += (names.empty() ? "" : ", ") + t.name;
    return Error::BadInput("ledger '" + path_ + "' holds several negotiations (" + names +
                               "): choose one with --talks",
                           "", 0, "talks");
  }
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(impl_->db, std::string(kTalksColumns) + " WHERE name = ?"));
  select.Bind(1, name);
  PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row)
    return Error::NotFound("no negotiation named '" + std::string(name) + "' in ledger '" + path_ +
                           "'");
  return ReadTalks(select);
}

Result<TalksInfo> Ledger::GetTalks(int64_t id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(impl_->db, std::string(kTalksColumns) + " WHERE id = ?"));
  select.Bind(1, id);
  PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Error::NotFound("no negotiation with id " + std::to_string(id));
  return ReadTalks(select);
}

Result<LedgerState> Ledger::LoadStructure(int64_t talks_id) {
  Database& db = impl_->db;
  LedgerState state;
  PARLEY_ASSIGN_OR_RETURN(state.info, GetTalks(talks_id));
  Scenario& s = state.structure;
  s.name = state.info.name;
  s.description = state.info.description;
  s.source = state.info.source;
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement select,
        Statement::Prepare(db, "SELECT single_undertaking FROM talks WHERE id = ?"));
    select.Bind(1, talks_id);
    PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
    if (row) s.rules.single_undertaking = select.Int(0) != 0;
  }
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement select,
        Statement::Prepare(db,
                           "SELECT idx, name, ratifier FROM parties WHERE talks_id = ? "
                           "ORDER BY idx"));
    select.Bind(1, talks_id);
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      Party party;
      party.name = select.Text(1);
      if (select.Int(2)) s.rules.ratifiers.push_back(s.parties.size());
      s.parties.push_back(std::move(party));
    }
  }
  std::vector<Issue> issues;
  std::vector<std::optional<int64_t>> issue_track;
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement select,
        Statement::Prepare(db,
                           "SELECT idx, name, track_idx FROM issues WHERE talks_id = ? "
                           "ORDER BY idx"));
    select.Bind(1, talks_id);
    PARLEY_ASSIGN_OR_RETURN(
        Statement options,
        Statement::Prepare(db,
                           "SELECT label FROM options WHERE talks_id = ? AND issue_idx = ? "
                           "ORDER BY idx"));
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      std::vector<std::string> labels;
      options.Reset();
      options.Bind(1, talks_id).Bind(2, select.Int(0));
      while (true) {
        PARLEY_ASSIGN_OR_RETURN(bool option_row, options.Step());
        if (!option_row) break;
        labels.push_back(options.Text(0));
      }
      issues.push_back(Issue::Discrete(select.Text(1), std::move(labels)));
      issue_track.push_back(select.OptionalInt(2));
    }
  }
  s.space = OutcomeSpace(std::move(issues));
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement select,
        Statement::Prepare(db,
                           "SELECT idx, name, opens_after FROM tracks WHERE talks_id = ? "
                           "ORDER BY idx"));
    select.Bind(1, talks_id);
    PARLEY_ASSIGN_OR_RETURN(
        Statement parties,
        Statement::Prepare(db,
                           "SELECT party_idx FROM track_parties WHERE talks_id = ? AND "
                           "track_idx = ? ORDER BY party_idx"));
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      Track track;
      track.name = select.Text(1);
      if (auto after = select.OptionalInt(2)) track.opens_after = static_cast<size_t>(*after);
      parties.Reset();
      parties.Bind(1, talks_id).Bind(2, select.Int(0));
      while (true) {
        PARLEY_ASSIGN_OR_RETURN(bool party_row, parties.Step());
        if (!party_row) break;
        track.parties.push_back(static_cast<size_t>(parties.Int(0)));
      }
      for (size_t i = 0; i < issue_track.size(); ++i)
        if (issue_track[i] == select.Int(0)) track.issues.push_back(i);
      s.rules.tracks.push_back(std::move(track));
    }
  }

  return state;
}

Result<LedgerState> Ledger::Load(int64_t talks_id, std::string_view as_of) {
  return Load(talks_id, Replay{std::string(as_of), {}});
}

Result<LedgerState> Ledger::Load(int64_t talks_id, const Replay& replay) {
  const std::string& as_of = replay.as_of;
  if (!as_of.empty() && !IsValidDate(as_of))
    return Error::BadInput("expected a date YYYY-MM-DD, got '" + as_of + "'", "", 0, "as-of");
  std::string known_at = replay.known_at;
  if (IsValidDate(known_at)) known_at += "T23:59:59Z";  // a day: the end of it
  if (!known_at.empty() && !IsValidTimestamp(known_at))
    return Error::BadInput(
        "expected a time YYYY-MM-DDTHH:MM:SSZ (UTC) or a date, got '" + replay.known_at + "'", "",
        0, "known-at");
  Database& db = impl_->db;
  // One read transaction, so that the structure and the entries come from the same snapshot.
  // (Append calls this inside its write transaction, which already gives one snapshot.)
  const bool own_transaction = sqlite3_get_autocommit(db.handle()) != 0;
  if (own_transaction) PARLEY_RETURN_IF_ERROR(db.Exec("BEGIN"));
  struct EndRead {
    Database& db;
    bool active;
    ~EndRead() {
      if (active) (void)db.Exec("COMMIT");
    }
  } end_read{db, own_transaction};

  PARLEY_ASSIGN_OR_RETURN(LedgerState state, LoadStructure(talks_id));
  state.as_of = as_of;
  state.known_at = known_at;
  const Scenario& s = state.structure;
  // Every entry in recording order: lateness and retractions are about the order of recording;
  // the replay's window and order are applied after.
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(
          db,
          "SELECT e.seq, e.kind, e.date, e.round, e.party_idx, e.text, e.source_kind, e.source, "
          "e.recorded_at, r.title, r.place, r.end_date, v.accept, p.origin, p.body, r.correction, "
          "x.retracts FROM entries e LEFT JOIN rounds r ON r.seq = e.seq LEFT JOIN votes v ON "
          "v.seq = e.seq LEFT JOIN profiles p ON p.seq = e.seq LEFT JOIN retractions x ON x.seq = "
          "e.seq WHERE e.talks_id = ? ORDER BY e.seq"));
  select.Bind(1, talks_id);
  std::vector<LedgerEntry> all;
  std::map<int64_t, size_t> index_of;
  std::string latest_round_start;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    LedgerEntry entry;
    entry.seq = select.Int(0);
    auto kind = ParseEntryKind(select.Text(1));
    if (!kind) return Error::Internal("unknown entry kind in the ledger: " + select.Text(1));
    entry.kind = *kind;
    entry.date = select.Text(2);
    if (auto round = select.OptionalInt(3)) entry.round = static_cast<int>(*round);
    if (auto party = select.OptionalInt(4)) entry.party = static_cast<size_t>(*party);
    entry.text = select.Text(5);
    entry.source_kind = select.Text(6);
    entry.source = select.Text(7);
    entry.recorded_at = select.Text(8);
    entry.title = select.Text(9);
    entry.place = select.Text(10);
    entry.end_date = select.Text(11);
    entry.accept = !select.IsNull(12) && select.Int(12) != 0;
    if (entry.kind == EntryKind::kProfile) {
      entry.profile_origin = select.Text(13);
      auto profile = ProfileFromJson(select.Text(14), s.space, "ledger");
      if (!profile)
        return Error::Internal("corrupt profile in the ledger (entry " + std::to_string(entry.seq) +
                               "): " + profile.error().ToString());
      entry.profile = std::move(*profile);
      entry.profile.name = s.parties[*entry.party].name;
    }
    entry.correction = !select.IsNull(15) && select.Int(15) != 0;
    if (auto retracts = select.OptionalInt(16)) {
      entry.kind = EntryKind::kRetraction;  // stored as a note with its retractions row
      entry.retracts = *retracts;
    }
    entry.late = !latest_round_start.empty() && entry.date < latest_round_start;
    if (entry.kind == EntryKind::kRound)
      latest_round_start = std::max(latest_round_start, entry.date);
    const bool known = known_at.empty() || entry.recorded_at <= known_at;
    if (entry.retracts && known) {
      // A retraction counts in every replay by date (the record now says the entry is void);
      // as known at a time, only once it was recorded.
      auto target = index_of.find(*entry.retracts);
      if (target != index_of.end()) {
        all[target->second].retracted_by = entry.seq;
        all[target->second].retraction_reason = entry.text;
      }
    }
    index_of[entry.seq] = all.size();
    all.push_back(std::move(entry));
  }
  for (LedgerEntry& entry : all)
    if ((as_of.empty() || entry.date <= as_of) &&
        (known_at.empty() || entry.recorded_at <= known_at))
      state.entries.push_back(std::move(entry));
  std::stable_sort(state.entries.begin(), state.entries.end(),
                   [](const LedgerEntry& a, const LedgerEntry& b) { return a.date < b.date; });
  std::map<int64_t, size_t> by_seq;
  for (size_t k = 0; k < state.entries.size(); ++k) by_seq[state.entries[k].seq] = k;
  {
    std::string values_sql =
        "SELECT v.seq, v.issue_idx, v.option_idx FROM entry_values v JOIN entries e ON "
        "e.seq = v.seq WHERE e.talks_id = ? ORDER BY v.seq, v.issue_idx";
    PARLEY_ASSIGN_OR_RETURN(Statement values, Statement::Prepare(db, values_sql));
    values.Bind(1, talks_id);
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(bool row, values.Step());
      if (!row) break;
      auto it = by_seq.find(values.Int(0));
      if (it == by_seq.end()) continue;  // outside the replay
      IssueValue value;
      value.issue = static_cast<size_t>(values.Int(1));
      if (auto option = values.OptionalInt(2)) value.value = static_cast<ValueIndex>(*option);
      state.entries[it->second].values.push_back(value);
    }
  }
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement conditions,
        Statement::Prepare(db,
                           "SELECT c.seq, c.description, c.clauses FROM entry_conditions c JOIN "
                           "entries e ON e.seq = c.seq WHERE e.talks_id = ? ORDER BY c.seq, "
                           "c.ordinal"));
    conditions.Bind(1, talks_id);
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(bool row, conditions.Step());
      if (!row) break;
      auto it = by_seq.find(conditions.Int(0));
      if (it == by_seq.end()) continue;
      PARLEY_ASSIGN_OR_RETURN(Constraint condition,
                              ClausesFromJson(conditions.Text(2), conditions.Text(1)));
      state.entries[it->second].conditions.push_back(std::move(condition));
    }
  }
  return state;
}

namespace {

// The rounds recorded so far in a negotiation.
struct RoundsSoFar {
  int count = 0;
  std::string latest_start;  ///< The latest start date among them.
  int latest_number = 0;     ///< The round that starts then.
};

Result<RoundsSoFar> ReadRounds(const Database& db, int64_t talks_id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db,
                         "SELECT r.number, e.date FROM rounds r JOIN entries e ON e.seq = "
                         "r.seq WHERE r.talks_id = ? ORDER BY r.number"));
  select.Bind(1, talks_id);
  RoundsSoFar rounds;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    rounds.count = static_cast<int>(select.Int(0));
    if (select.Text(1) >= rounds.latest_start) {
      rounds.latest_start = select.Text(1);
      rounds.latest_number = rounds.count;
    }
  }
  return rounds;
}

// A retraction must name an earlier entry of the same negotiation that is neither a retraction
// nor retracted already.
Status CheckRetraction(const Database& db, int64_t talks_id, int64_t target) {
  auto bad = [](std::string message) {
    return Error::BadInput(std::move(message), "", 0, "retracts");
  };
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(db,
                         "SELECT e.talks_id, (SELECT count(*) FROM retractions x WHERE x.seq = "
                         "e.seq), (SELECT count(*) FROM retractions y WHERE y.retracts = e.seq) "
                         "FROM entries e WHERE e.seq = ?"));
  select.Bind(1, target);
  PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row || select.Int(0) != talks_id)
    return bad("no entry " + std::to_string(target) + " in this negotiation");
  if (select.Int(1) > 0) return bad("entry " + std::to_string(target) + " is a retraction");
  if (select.Int(2) > 0) return bad("entry " + std::to_string(target) + " is already retracted");
  return {};
}

// Validates one entry against the structure and the rounds recorded so far, and inserts it with
// its recording time and its link of the hash chain. Runs inside the caller's write transaction,
// so the round number cannot race with another writer; a round entry updates `rounds`.
// `version` is the file's schema version: below the chain's (only in tests of migrations) the
// entry is written as that version did.
Result<int64_t> InsertEntry(Database& db, const LedgerState& state, int64_t talks_id,
                            RoundsSoFar& rounds, const std::string& recorded_at, int version,
                            LedgerEntry entry) {
  const bool chained = version >= talks::kChainVersion;
  const Scenario& s = state.structure;
  const OutcomeSpace& space = s.space;
  auto bad = [](std::string message, std::string field) {
    return Error::BadInput(std::move(message), "", 0, std::move(field));
  };
  // A retraction happens when it is recorded, unless told otherwise.
  if (entry.kind == EntryKind::kRetraction && entry.date.empty())
    entry.date = recorded_at.substr(0, 10);
  if (!IsValidDate(entry.date))
    return bad("expected a date YYYY-MM-DD, got '" + entry.date + "'", "date");
  // The event date is stated by whoever records; the recording time is parley's. An event more
  // than a day after it (time zones) has not happened yet.
  if (DayNumber(entry.date) > DayNumber(recorded_at.substr(0, 10)) + 1)
    return bad("the date " + entry.date + " is in the future (recorded at " + recorded_at +
                   "; at most a day ahead is accepted)",
               "date");
  constexpr size_t kMaxText = 100000;
  if (entry.text.size() > kMaxText || entry.source.size() > 10000 || entry.title.size() > 10000 ||
      entry.place.size() > 10000)
    return bad("text too long (at most 100000 characters, 10000 for source, title and place)",
               "text");
  // Control characters (a NUL above all) would cut terminal output and corrupt reports.
  for (const auto& [text, field] : {std::pair{&entry.text, "text"},
                                    {&entry.source, "source"},
                                    {&entry.title, "title"},
                                    {&entry.place, "place"}})
    if (std::any_of(text->begin(), text->end(), [](char c) {
          return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t';
        }))
      return bad("control characters are not allowed (line breaks and tabs are)", field);
  if (!entry.source_kind.empty() && std::find(std::begin(kSourceKinds), std::end(kSourceKinds),
                                              entry.source_kind) == std::end(kSourceKinds))
    return bad("unknown source kind '" + entry.source_kind +
                   "'; expected statement, leak, mediator-note, report or record",
               "source_kind");
  if (entry.party && *entry.party >= s.parties.size()) return bad("unknown party", "party");
  if (!chained && (entry.correction || entry.kind == EntryKind::kRetraction))
    return bad("this ledger's schema has no corrections or retractions", "kind");
  if (entry.correction && entry.kind != EntryKind::kRound)
    return bad("only a round is flagged as a correction", "correction");
  if (entry.kind == EntryKind::kRound) {
    entry.round = rounds.count + 1;
    if (!entry.end_date.empty() && (!IsValidDate(entry.end_date) || entry.end_date < entry.date))
      return bad("a round's end date must be a date YYYY-MM-DD on or after its start", "end_date");
    if (entry.date < rounds.latest_start && !entry.correction)
      return bad("a round dated " + entry.date + " is before round " +
                     std::to_string(rounds.latest_number) + " (" + rounds.latest_start +
                     "): refused unless the mediator records it as a correction",
                 "date");
    entry.values.clear();
  } else if (entry.round && (*entry.round < 1 || *entry.round > rounds.count)) {
    return bad("unknown round " + std::to_string(*entry.round) + " (" +
                   std::to_string(rounds.count) + " recorded)",
               "round");
  }
  std::set<size_t> seen;
  for (const IssueValue& value : entry.values) {
    if (value.issue >= space.NumIssues()) return bad("unknown issue", "values");
    if (!seen.insert(value.issue).second)
      return bad("issue '" + space.issue(value.issue).name + "' is named twice", "values");
    if (value.value && *value.value >= space.issue(value.issue).Cardinality())
      return bad("unknown value for issue '" + space.issue(value.issue).name + "'", "values");
  }
  const auto tracks = s.EffectiveTracks();
  switch (entry.kind) {
    case EntryKind::kRound:
      break;
    case EntryKind::kNote:
      if (entry.text.empty()) return bad("a note needs its text", "text");
      break;
    case EntryKind::kProposal:
      if (entry.values.empty() && entry.text.empty())
        return bad("a proposal needs values or draft text", "values");
      for (const IssueValue& v : entry.values)
        if (!v.value) return bad("a proposal needs a value for each issue it names", "values");
      break;
    case EntryKind::kPosition:
      if (!entry.party) return bad("a position needs the party that holds it", "party");
      if (entry.values.empty() && entry.conditions.empty() && entry.text.empty())
        return bad("a position needs values, conditions or text", "values");
      break;
    case EntryKind::kAgreement:
      if (entry.values.empty()) return bad("an agreement needs issues and values", "values");
      for (const IssueValue& v : entry.values) {
        if (!v.value) return bad("an agreement needs a value for each issue", "values");
        if (entry.party) {
          bool in_track = false;
          for (const Track& track : tracks)
            if (std::count(track.issues.begin(), track.issues.end(), v.issue))
              in_track = std::count(track.parties.begin(), track.parties.end(), *entry.party) > 0;
          if (!in_track)
            return bad("party '" + s.parties[*entry.party].name + "' does not negotiate '" +
                           space.issue(v.issue).name + "' (not in its track)",
                       "party");
        }
      }
      break;
    case EntryKind::kReopening:
      if (entry.values.empty()) return bad("a reopening needs the issues it reopens", "values");
      for (IssueValue& v : entry.values) v.value.reset();
      break;
    case EntryKind::kVote:
      if (!entry.party) return bad("a vote needs the party that casts it", "party");
      break;
    case EntryKind::kRetraction:
      if (entry.party) return bad("a retraction is the mediator's", "party");
      if (!entry.retracts) return bad("a retraction needs the entry it retracts", "retracts");
      if (entry.text.empty()) return bad("a retraction needs its reason", "text");
      if (!entry.values.empty()) return bad("a retraction names no issues", "values");
      PARLEY_RETURN_IF_ERROR(CheckRetraction(db, talks_id, *entry.retracts));
      entry.round.reset();
      break;
    case EntryKind::kProfile: {
      if (!entry.party) return bad("a profile needs the party it belongs to", "party");
      if (entry.profile_origin != "entered" && entry.profile_origin != "estimated")
        return bad("a profile's origin is 'entered' or 'estimated'", "origin");
      PARLEY_RETURN_IF_ERROR(ValidateProfile(entry.profile, space, "profile"));
      break;
    }
  }
  if (entry.kind != EntryKind::kPosition && entry.kind != EntryKind::kAgreement &&
      !entry.conditions.empty())
    return bad("only positions and agreements carry conditions", "conditions");
  for (size_t c = 0; c < entry.conditions.size(); ++c) {
    const std::string field = "conditions[" + std::to_string(c) + "]";
    for (const Clause& clause : entry.conditions[c].when)
      PARLEY_RETURN_IF_ERROR(CheckClause(clause, space, field));
    PARLEY_RETURN_IF_ERROR(CheckClause(entry.conditions[c].then, space, field));
  }
  std::string profile_body;
  if (entry.kind == EntryKind::kProfile) {
    PARLEY_ASSIGN_OR_RETURN(profile_body, ProfileToJson(entry.profile, space));
    // What is written must read back: a profile the reader refuses would make the append-only
    // ledger unreadable for good.
    if (auto back = ProfileFromJson(profile_body, space, "profile"); !back)
      return bad("the profile cannot be stored: " + back.error().message, "profile");
  }

  entry.recorded_at = recorded_at;
  {
    PARLEY_ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(db,
                           "INSERT INTO entries (talks_id, kind, date, round, party_idx, text, "
                           "source_kind, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    std::optional<int64_t> round, party;
    if (entry.round) round = *entry.round;
    if (entry.party) party = static_cast<int64_t>(*entry.party);
    insert
        .Bind(1, talks_id)
        // A retraction is a note with its retractions row (docs/ledger.md, migration 3).
        .Bind(2,
              EntryKindName(entry.kind == EntryKind::kRetraction ? EntryKind::kNote : entry.kind))
        .Bind(3, entry.date)
        .Bind(4, round)
        .Bind(5, party)
        .Bind(6, entry.text)
        .Bind(7, entry.source_kind)
        .Bind(8, entry.source)
        .Bind(9, entry.recorded_at);
    PARLEY_RETURN_IF_ERROR(insert.Run());
  }
  const int64_t seq = db.LastInsertId();
  if (!entry.values.empty()) {
    PARLEY_ASSIGN_OR_RETURN(Statement insert,
                            Statement::Prepare(db, "INSERT INTO entry_values VALUES (?, ?, ?)"));
    for (const IssueValue& v : entry.values) {
      insert.Reset();
      std::optional<int64_t> option;
      if (v.value) option = static_cast<int64_t>(*v.value);
      insert.Bind(1, seq).Bind(2, v.issue).Bind(3, option);
      PARLEY_RETURN_IF_ERROR(insert.Run());
    }
  }
  if (!entry.conditions.empty()) {
    PARLEY_ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(db, "INSERT INTO entry_conditions VALUES (?, ?, ?, ?)"));
    for (size_t c = 0; c < entry.conditions.size(); ++c) {
      insert.Reset();
      insert.Bind(1, seq)
          .Bind(2, c)
          .Bind(3, entry.conditions[c].description)
          .Bind(4, ClausesToJson(entry.conditions[c]));
      PARLEY_RETURN_IF_ERROR(insert.Run());
    }
  }
  if (entry.kind == EntryKind::kRound) {
    PARLEY_ASSIGN_OR_RETURN(
        Statement insert,
        Statement::Prepare(db, chained ? "INSERT INTO rounds (seq, talks_id, number, title, "
                                         "place, end_date, correction) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                       : "INSERT INTO rounds (seq, talks_id, number, title, "
                                         "place, end_date) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, seq)
        .Bind(2, talks_id)
        .Bind(3, *entry.round)
        .Bind(4, entry.title)
        .Bind(5, entry.place)
        .Bind(6, entry.end_date);
    if (chained) insert.Bind(7, entry.correction ? 1 : 0);
    PARLEY_RETURN_IF_ERROR(insert.Run());
  }
  if (entry.kind == EntryKind::kRetraction) {
    PARLEY_ASSIGN_OR_RETURN(Statement insert,
                            Statement::Prepare(db, "INSERT INTO retractions VALUES (?, ?, ?)"));
    insert.Bind(1, seq).Bind(2, *entry.retracts).Bind(3, entry.text);
    PARLEY_RETURN_IF_ERROR(insert.Run());
  }
  if (entry.kind == EntryKind::kVote) {
    PARLEY_ASSIGN_OR_RETURN(Statement insert,
                            Statement::Prepare(db, "INSERT INTO votes VALUES (?, ?)"));
    insert.Bind(1, seq).Bind(2, entry.accept ? 1 : 0);
    PARLEY_RETURN_IF_ERROR(insert.Run());
  }
  if (entry.kind == EntryKind::kProfile) {
    PARLEY_ASSIGN_OR_RETURN(Statement insert,
                            Statement::Prepare(db, "INSERT INTO profiles VALUES (?, ?, ?)"));
    insert.Bind(1, seq).Bind(2, entry.profile_origin).Bind(3, profile_body);
    PARLEY_RETURN_IF_ERROR(insert.Run());
  }
  if (chained) PARLEY_RETURN_IF_ERROR(talks::ChainEntry(db, seq));
  if (entry.kind == EntryKind::kRound) {
    rounds.count = *entry.round;
    if (entry.date >= rounds.latest_start) {
      rounds.latest_start = entry.date;
      rounds.latest_number = rounds.count;
    }
  }
  return seq;
}

}  // namespace

Result<int64_t> Ledger::Append(int64_t talks_id, LedgerEntry entry) {
  std::vector<LedgerEntry> one;
  one.push_back(std::move(entry));
  PARLEY_ASSIGN_OR_RETURN(std::vector<int64_t> seqs, AppendAll(talks_id, std::move(one)));
  return seqs.at(0);
}

Result<std::vector<int64_t>> Ledger::AppendAll(int64_t talks_id, std::vector<LedgerEntry> entries) {
  Database& db = impl_->db;
  Transaction transaction(db);
  PARLEY_RETURN_IF_ERROR(transaction.Begin());
  PARLEY_ASSIGN_OR_RETURN(LedgerState state, LoadStructure(talks_id));
  PARLEY_ASSIGN_OR_RETURN(RoundsSoFar rounds, ReadRounds(db, talks_id));
  // The recording time: parley's clock, never earlier than the last entry's (a clock set back
  // must not make the record look reordered).
  std::string recorded_at = impl_->Now();
  {
    PARLEY_ASSIGN_OR_RETURN(Statement last,
                            Statement::Prepare(db, "SELECT max(recorded_at) FROM entries"));
    PARLEY_ASSIGN_OR_RETURN(bool row, last.Step());
    if (row && !last.IsNull(0)) recorded_at = std::max(recorded_at, last.Text(0));
  }
  std::vector<int64_t> seqs;
  for (size_t i = 0; i < entries.size(); ++i) {
    auto seq = InsertEntry(db, state, talks_id, rounds, recorded_at, impl_->version,
                           std::move(entries[i]));
    if (!seq) {
      Error error = seq.error();
      if (entries.size() > 1)
        error.message = "entry " + std::to_string(i + 1) + ": " + error.message;
      return error;
    }
    seqs.push_back(*seq);
  }
  PARLEY_RETURN_IF_ERROR(transaction.Commit());
  return seqs;
}

namespace {

Result<std::string> RandomSecret() {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  unsigned char bytes[24];
  if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes))
    return Error::Internal("cannot read /dev/urandom for a token");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string secret = "plt_";
  for (unsigned char b : bytes) {
    secret.push_back(kHex[b >> 4]);
    secret.push_back(kHex[b & 0xf]);
  }
  return secret;
}

}  // namespace

Result<std::string> Ledger::IssueToken(int64_t talks_id, std::optional<size_t> party,
                                       std::string_view label, int64_t* token_id) {
  PARLEY_ASSIGN_OR_RETURN(TalksInfo talks, GetTalks(talks_id));
  (void)talks;
  if (label.size() > 200) return Error::BadInput("label too long", "", 0, "label");
  PARLEY_ASSIGN_OR_RETURN(std::string secret, RandomSecret());
  PARLEY_ASSIGN_OR_RETURN(
      Statement insert,
      Statement::Prepare(impl_->db,
                         "INSERT INTO tokens (talks_id, party_idx, label, secret_sha256, "
                         "created_at) VALUES (?, ?, ?, ?, ?)"));
  std::optional<int64_t> party_idx;
  if (party) party_idx = static_cast<int64_t>(*party);
  insert.Bind(1, talks_id)
      .Bind(2, party_idx)
      .Bind(3, label)
      .Bind(4, Sha256Hex(secret))
      .Bind(5, impl_->Now());
  auto run = insert.Run();
  if (!run) {
    if (run.error().code == ErrorCode::kBadInput)
      return Error::BadInput("unknown party for the token", "", 0, "party");
    return run.error();
  }
  if (token_id) *token_id = impl_->db.LastInsertId();
  return secret;
}

Status Ledger::RevokeToken(int64_t talks_id, int64_t token_id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(impl_->db, "SELECT id FROM tokens WHERE id = ? AND talks_id = ?"));
  select.Bind(1, token_id).Bind(2, talks_id);
  PARLEY_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found)
    return Error::NotFound("no token " + std::to_string(token_id) + " in this negotiation");
  PARLEY_ASSIGN_OR_RETURN(
      Statement insert,
      Statement::Prepare(impl_->db, "INSERT INTO token_revocations VALUES (?, ?)"));
  insert.Bind(1, token_id).Bind(2, impl_->Now());
  auto run = insert.Run();
  if (!run && run.error().code == ErrorCode::kBadInput)
    return Error::BadInput("token " + std::to_string(token_id) + " is already revoked", "", 0,
                           "token");
  return run;
}

Result<std::vector<TokenInfo>> Ledger::ListTokens(int64_t talks_id) {
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(impl_->db,
                         "SELECT t.id, t.talks_id, t.party_idx, t.label, t.created_at, "
                         "r.token_id IS NOT NULL FROM tokens t LEFT JOIN token_revocations r ON "
                         "r.token_id = t.id WHERE t.talks_id = ? ORDER BY t.id"));
  select.Bind(1, talks_id);
  std::vector<TokenInfo> out;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    TokenInfo info;
    info.id = select.Int(0);
    info.talks_id = select.Int(1);
    if (auto party = select.OptionalInt(2)) info.party = static_cast<size_t>(*party);
    info.label = select.Text(3);
    info.created_at = select.Text(4);
    info.revoked = select.Int(5) != 0;
    out.push_back(std::move(info));
  }
  return out;
}

Result<LedgerVerification> Ledger::Verify() { return talks::VerifyChain(impl_->db); }

Result<std::optional<TokenInfo>> Ledger::Authenticate(std::string_view secret) {
  if (secret.empty() || secret.size() > 200) return std::optional<TokenInfo>();
  PARLEY_ASSIGN_OR_RETURN(
      Statement select,
      Statement::Prepare(impl_->db,
                         "SELECT t.id, t.talks_id, t.party_idx, t.label, t.created_at FROM tokens "
                         "t WHERE t.secret_sha256 = ? AND NOT EXISTS (SELECT 1 FROM "
                         "token_revocations r WHERE r.token_id = t.id)"));
  select.Bind(1, Sha256Hex(secret));
  PARLEY_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<TokenInfo>();
  TokenInfo info;
  info.id = select.Int(0);
  info.talks_id = select.Int(1);
  if (auto party = select.OptionalInt(2)) info.party = static_cast<size_t>(*party);
  info.label = select.Text(3);
  info.created_at = select.Text(4);
  return std::optional<TokenInfo>(std::move(info));
}

}  // namespace parley
