#include "parley/tournament/tournament.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <utility>

#include "parley/agent/agents.h"
#include "parley/core/sha256.h"
#include "parley/io/scenario_io.h"
#include "parley/tournament/cluster.h"
#include "parley/tournament/results_db.h"
#include "record_codec.h"
#include "runner.h"

namespace parley {

using tournament_internal::DecodeRecords;
using tournament_internal::EncodeRecords;
using tournament_internal::SessionContext;
using tournament_internal::SessionRunner;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

int HardwareJobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

/// Runs `task(i)` for i in [0, count) on up to `jobs` threads; returns the first error by index.
Status ParallelFor(size_t count, int jobs, const std::function<Status(size_t)>& task) {
  std::vector<Status> status(count);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) status[i] = task(i);
  };
  const int threads = std::max(1, std::min<int>(jobs, static_cast<int>(count)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (Status& s : status)
    if (!s) return s.error();
  return {};
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A digest of what a scenario path loads from: the file, or a folder's files (not hidden,
/// sorted by name), or a built-in scenario's text.
Result<std::string> PathDigest(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_regular_file(p, ec)) return Sha256Hex(ReadFile(p));
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(p, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.empty() && name[0] != '.' && entry.is_regular_file(ec))
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::string all;
    for (const auto& f : files) all += f.filename().string() + '\0' + Sha256Hex(ReadFile(f)) + '\n';
    return Sha256Hex(all);
  }
  if (Result<std::string> text = BuiltinScenarioText(path)) return Sha256Hex(*text);
  return Error::NotFound("scenario '" + path + "' is neither a file, a folder nor a built-in name");
}

/// The path without trailing separators ("a/b/" is "a/b"; "/" stays).
fs::path TrimmedPath(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return fs::path(p);
}

Result<std::string> CanonicalSpec(const std::string& text, const char* field) {
  Result<Spec> spec = Spec::Parse(text);
  if (!spec) {
    Error e = spec.error();
    e.field = field;
    return e;
  }
  return spec->ToString();
}

/// The scenario with its parties rotated: position p takes party (p - r) mod n; rules follow.
Scenario Rotate(const Scenario& base, size_t r) {
  Scenario out = base;
  const size_t n = base.parties.size();
  for (size_t p = 0; p < n; ++p) out.parties[p] = base.parties[(p + n - r % n) % n];
  auto moved = [&](size_t q) { return (q + r) % n; };
  for (Track& t : out.rules.tracks)
    for (size_t& q : t.parties) q = moved(q);
  for (size_t& q : out.rules.ratifiers) q = moved(q);
  return out;
}

std::vector<double> RotateVector(const std::vector<double>& v, size_t r) {
  const size_t n = v.size();
  std::vector<double> out(n);
  for (size_t p = 0; p < n; ++p) out[p] = v[(p + n - r % n) % n];
  return out;
}

/// The reference points of the rotated scenario, from those of the base (no new analysis).
ReferencePoints RotateReference(const ReferencePoints& base, size_t r) {
  ReferencePoints out;
  out.note = base.note;
  out.reservations = RotateVector(base.reservations, r);
  if (base.nash) out.nash = UtilityPoint{base.nash->outcome, RotateVector(base.nash->utilities, r)};
  if (base.frontier) {
    ParetoFrontier f = *base.frontier;
    for (UtilityPoint& point : f.points) point.utilities = RotateVector(point.utilities, r);
    // Keep the frontier's documented order (first party's utility descending, ...).
    std::sort(f.points.begin(), f.points.end(), [](const UtilityPoint& a, const UtilityPoint& b) {
      if (a.utilities != b.utilities) return a.utilities > b.utilities;
      return a.outcome < b.outcome;
    });
    out.frontier = std::move(f);
  }
  return out;
}

struct Prepared {
  std::shared_ptr<SessionContext> context;
  std::vector<std::string> agents;
  std::vector<ScenarioInfo> scenarios;
  bool in_process = false;  ///< An agent cannot run in a forked worker.
};

Result<Prepared> Prepare(const TournamentConfig& config, int jobs) {
  Prepared out;
  auto context = std::make_shared<SessionContext>();
  if (config.agents.empty())
    return Error::BadInput("a tournament needs at least one agent", {}, 0, "--agents");
  if (config.scenarios.empty())
    return Error::BadInput("a tournament needs at least one scenario", {}, 0, "--scenarios");
  if (config.rounds < 1) return Error::BadInput("rounds must be at least 1", {}, 0, "--rounds");
  if (config.repetitions < 1)
    return Error::BadInput("repetitions must be at least 1", {}, 0, "--repetitions");
  if (config.move_time_limit < 0 || config.session_time_limit < 0)
    return Error::BadInput("time limits cannot be negative", {}, 0, "--move-time-limit");

  for (const std::string& text : config.agents) {
    PARLEY_ASSIGN_OR_RETURN(std::string canonical, CanonicalSpec(text, "--agents"));
    if (std::find(out.agents.begin(), out.agents.end(), canonical) != out.agents.end()) {
      return Error::BadInput("agent '" + canonical +
                                 "' is listed twice; give each agent once (--self-play makes "
                                 "agents meet copies of themselves)",
                             {}, 0, "--agents");
    }
    // Make one now: unknown names and bad parameters are reported before anything runs.
    if (auto made = Agents().Make(canonical); !made) return made.error();
    out.agents.push_back(canonical);
    context->agents.push_back(*Spec::Parse(canonical));
    if (auto entry = Agents().Find(context->agents.back().name); entry && entry->in_process)
      out.in_process = true;
  }
  PARLEY_ASSIGN_OR_RETURN(std::string protocol_text, CanonicalSpec(config.protocol, "--protocol"));
  context->protocol = *Spec::Parse(protocol_text);
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Protocol> protocol, Protocols().Make(context->protocol));
  context->rounds = config.rounds;
  context->reservation_on_disagreement = config.reservation_on_disagreement;
  context->move_time_limit = config.move_time_limit;
  context->session_time_limit = config.session_time_limit;

  // Load every scenario (in parallel: large GENIUS files take a while to parse).
  const size_t count = config.scenarios.size();
  std::vector<std::optional<Scenario>> loaded(count);
  PARLEY_RETURN_IF_ERROR(ParallelFor(count, jobs, [&](size_t i) -> Status {
    const std::vector<std::string> paths{config.scenarios[i]};
    Result<LoadedScenario> scenario = LoadScenario(paths);
    if (!scenario) {
      Error e = scenario.error();
      if (e.file.empty()) e.file = config.scenarios[i];
      return e;
    }
    loaded[i] = std::move(scenario->scenario);
    return {};
  }));
  ScheduleOptions shape;
  shape.num_agents = out.agents.size();
  shape.repetitions = config.repetitions;
  shape.rotate_profiles = config.rotate_profiles;
  shape.self_play = config.self_play;
  shape.seed = config.seed;
  std::map<std::string, int> names;
  for (size_t i = 0; i < count; ++i) {
    const Scenario& s = *loaded[i];
    if (Status st = protocol->Check(s); !st) {
      Error e = st.error();
      e.file = config.scenarios[i];
      return e;
    }
    // Tracks and ratifiers are rules of the single undertaking; any other protocol would run
    // the scenario without them (doha-2019 under SAO: 0% agreement, silently).
    if ((!s.rules.tracks.empty() || !s.rules.ratifiers.empty()) &&
        context->protocol.name != "single-undertaking") {
      std::string rules;
      if (!s.rules.tracks.empty()) rules = std::to_string(s.rules.tracks.size()) + " tracks";
      if (!s.rules.ratifiers.empty()) {
        rules += std::string(rules.empty() ? "" : " and ") +
                 std::to_string(s.rules.ratifiers.size()) + " ratifier" +
                 (s.rules.ratifiers.size() == 1 ? "" : "s");
      }
      return Error::BadInput(
          "scenario '" + (s.name.empty() ? config.scenarios[i] : s.name) + "' has " + rules +
              ", which only the single undertaking honours; '" + context->protocol.name +
              "' would ignore them: give --protocol single-undertaking, or "
              "leave the scenario out",
          config.scenarios[i], 0, "--protocol");
    }
    shape.parties.push_back(s.NumParties());
    ScenarioInfo info;
    // "y2012/LaptopA/" names LaptopA too (its filename() is empty).
    info.name = s.name.empty() ? TrimmedPath(config.scenarios[i]).filename().string() : s.name;
    if (int seen = names[info.name]++; seen > 0) info.name += " #" + std::to_string(seen + 1);
    info.path = config.scenarios[i];
    for (const Party& party : s.parties) info.parties.push_back(party.name);
    info.outcomes = s.space.Size();
    out.scenarios.push_back(std::move(info));
  }
  PARLEY_ASSIGN_OR_RETURN(context->schedule, BuildSchedule(shape));

  // Prepare and analyse each scenario once; its rotations share the analysis, permuted. The
  // utility indexes are built here, not inside the first session's agents (where the time would
  // count against an agent's move limit).
  context->prepared.resize(count);
  context->reference.resize(count);
  AnalysisOptions analysis;
  analysis.allow_approximation = true;
  PARLEY_RETURN_IF_ERROR(ParallelFor(count, jobs, [&](size_t i) -> Status {
    Scenario& base = *loaded[i];
    const size_t n = base.NumParties();
    const size_t rotations = config.rotate_profiles ? n : 1;
    ReferencePoints reference = ComputeReferencePoints(base, analysis);
    out.scenarios[i].reference_note = reference.note;
    std::vector<Scenario> rotated;
    for (size_t r = 1; r < rotations; ++r) rotated.push_back(Rotate(base, r));
    context->prepared[i].resize(rotations);
    context->reference[i].resize(rotations);
    for (size_t r = 1; r < rotations; ++r) {
      context->prepared[i][r] = std::make_unique<PreparedScenario>(std::move(rotated[r - 1]));
      context->reference[i][r] = RotateReference(reference, r);
    }
    context->prepared[i][0] = std::make_unique<PreparedScenario>(std::move(base));
    context->reference[i][0] = std::move(reference);
    for (const auto& prepared : context->prepared[i])
      for (size_t p = 0; p < n; ++p) (void)prepared->index(p);
    return {};
  }));
  out.context = std::move(context);
  return out;
}

/// Checks that a record from the database or another rank belongs to this schedule.
Status CheckRecord(const SessionRecord& r, const std::vector<ScheduledSession>& schedule,
                   const std::string& source) {
  bool ok = r.index < schedule.size();
  if (ok) {
    const ScheduledSession& s = schedule[r.index];
    ok = r.scenario == s.scenario && r.rotation == s.rotation && r.repetition == s.repetition &&
         r.seed == s.seed && r.parties.size() == s.agents.size();
    for (size_t p = 0; ok && p < s.agents.size(); ++p) ok = r.parties[p].agent == s.agents[p];
  }
  if (!ok) {
    return Error::BadInput(source + " holds session " + std::to_string(r.index) +
                           ", which does not match this tournament's schedule");
  }
  return {};
}

}  // namespace

namespace {

/// A folder holds a scenario when it has a scenario file of its own: .xml (GENIUS), .json
/// (GeniusWeb) or .yaml/.yml (native), not hidden.
bool HoldsScenarioFiles(const fs::path& folder) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !entry.is_regular_file(ec)) continue;
    const std::string ext = entry.path().extension().string();
    if (ext == ".xml" || ext == ".json" || ext == ".yaml" || ext == ".yml") return true;
  }
  return false;
}

}  // namespace

Result<std::vector<std::string>> ExpandScenarioPaths(const std::vector<std::string>& paths,
                                                     std::vector<std::string>* notes) {
  std::vector<std::string> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::path p(path);
    if (!fs::exists(p, ec)) {
      if (BuiltinScenarioText(path)) {
        out.push_back(path);
        continue;
      }
      return Error::NotFound("scenario '" + path + "' does not exist (nor is it a built-in name)");
    }
    if (!fs::is_directory(p, ec)) {
      out.push_back(path);
      continue;
    }
    bool has_files = false;
    std::vector<std::string> folders;
    for (const auto& entry : fs::directory_iterator(p, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (entry.is_directory(ec)) {
        folders.push_back(entry.path().string());
      } else if (entry.is_regular_file(ec)) {
        has_files = true;
      }
    }
    if (has_files || folders.empty()) {
      out.push_back(path);
      continue;
    }
    std::sort(folders.begin(), folders.end());
    size_t kept = 0;
    for (const std::string& folder : folders) {
      if (HoldsScenarioFiles(folder)) {
        out.push_back(folder);
        ++kept;
      } else if (notes) {
        notes->push_back("skipped '" + folder + "' in '" + path +
                         "': it holds no scenario files (.xml, .json, .yaml)");
      }
    }
    if (kept == 0) {
      return Error::NotFound("folder '" + path +
                             "' holds neither scenario files nor subfolders with any (.xml, "
                             ".json, .yaml)");
    }
  }
  return out;
}

Result<ConfigIdentity> IdentifyConfig(const TournamentConfig& config) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json agents = nlohmann::ordered_json::array();
  for (const std::string& a : config.agents) {
    PARLEY_ASSIGN_OR_RETURN(std::string canonical, CanonicalSpec(a, "--agents"));
    agents.push_back(canonical);
  }
  PARLEY_ASSIGN_OR_RETURN(std::string protocol, CanonicalSpec(config.protocol, "--protocol"));
  // A scenario is identified by what it loads, not by how its path was typed: a relative path,
  // an absolute one or one with a trailing slash name the same scenario and resume the same run.
  nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
  for (const std::string& path : config.scenarios) {
    PARLEY_ASSIGN_OR_RETURN(std::string digest, PathDigest(path));
    scenarios.push_back({{"sha256", digest}});
  }
  // Keys in alphabetical order: the text is canonical.
  j["agents"] = agents;
  j["move_time_limit"] = config.move_time_limit;
  j["protocol"] = protocol;
  j["repetitions"] = config.repetitions;
  j["reservation_on_disagreement"] = config.reservation_on_disagreement;
  j["rotate_profiles"] = config.rotate_profiles;
  j["rounds"] = config.rounds;
  j["scenarios"] = scenarios;
  j["seed"] = std::to_string(config.seed);
  j["self_play"] = config.self_play;
  j["session_time_limit"] = config.session_time_limit;
  ConfigIdentity id;
  id.json = j.dump();
  id.hash = Sha256Hex(id.json);
  return id;
}

Result<TournamentResults> RunTournament(const TournamentConfig& config,
                                        const TournamentOptions& options) {
  const Clock::time_point start = Clock::now();
  Cluster* cluster = options.cluster;
  const int rank = cluster ? cluster->rank() : 0;
  const int ranks = cluster ? cluster->size() : 1;
  const bool root = rank == 0;
  const int jobs = options.jobs > 0 ? options.jobs : HardwareJobs();

  Result<Prepared> prepared = Prepare(config, jobs);
  if (cluster && !cluster->AllOk(prepared.ok())) {
    if (!prepared) return prepared.error();
    return Error::Internal("another MPI rank could not prepare the tournament (see its message)");
  }
  if (!prepared) return prepared.error();
  std::shared_ptr<SessionContext> context = prepared->context;
  const std::vector<ScheduledSession>& schedule = context->schedule;
  const uint64_t total = schedule.size();

  TournamentResults results;
  results.config = config;
  results.agents = prepared->agents;
  results.scenarios = prepared->scenarios;
  results.root = root;
  results.in_process = options.in_process || prepared->in_process;

  // Rank 0 decides what is left to run.
  std::vector<SessionRecord> slots(root ? total : 0);
  std::vector<bool> have(root ? total : 0, false);
  std::optional<ResultsDb> db;
  Status root_status;
  std::vector<uint64_t> pending;
  if (root) {
    root_status = [&]() -> Status {
      PARLEY_ASSIGN_OR_RETURN(ConfigIdentity identity, IdentifyConfig(config));
      results.config_hash = identity.hash;
      if (options.db.empty()) return {};
      ResultsDb::Header header{identity, results.agents, results.scenarios, total};
      PARLEY_ASSIGN_OR_RETURN(ResultsDb opened, ResultsDb::Open(options.db, header));
      db = std::move(opened);
      PARLEY_ASSIGN_OR_RETURN(std::vector<SessionRecord> done, db->LoadSessions());
      for (SessionRecord& r : done) {
        PARLEY_RETURN_IF_ERROR(
            CheckRecord(r, schedule, "the results database '" + options.db + "'"));
        have[r.index] = true;
        slots[r.index] = std::move(r);
        ++results.resumed;
      }
      return {};
    }();
    for (uint64_t i = 0; i < total; ++i)
      if (!have[i]) pending.push_back(i);
  }
  if (cluster) {
    PARLEY_ASSIGN_OR_RETURN(pending, cluster->BroadcastPlan(root_status, std::move(pending)));
  } else if (!root_status) {
    return root_status.error();
  }
  std::vector<uint64_t> mine;
  for (size_t i = static_cast<size_t>(rank); i < pending.size(); i += static_cast<size_t>(ranks))
    mine.push_back(pending[i]);

  TournamentProgress progress;
  progress.total = total;
  progress.resumed = results.resumed;
  progress.done = results.resumed;
  const Clock::time_point run_start = Clock::now();
  Clock::time_point last_progress = run_start;
  Clock::time_point last_flush = run_start;
  auto report = [&](bool final) {
    if (!root || !options.progress) return;
    const Clock::time_point now = Clock::now();
    if (!final &&
        std::chrono::duration<double>(now - last_progress).count() < options.progress_interval)
      return;
    last_progress = now;
    progress.elapsed = Since(run_start);
    const uint64_t ran = progress.done - progress.resumed;
    progress.eta = ran > 0 && progress.elapsed > 0 ? static_cast<double>(total - progress.done) *
                                                         progress.elapsed / static_cast<double>(ran)
                                                   : -1;
    if (final) progress.eta = 0;
    options.progress(progress);
  };
  report(false);

  std::unique_ptr<SessionRunner> pool =
      results.in_process ? tournament_internal::MakeThreadPool(context, std::move(mine), jobs)
                         : tournament_internal::MakeProcessPool(context, std::move(mine), jobs);
  std::vector<SessionRecord> got;
  std::vector<SessionRecord> outbox;  // root: to commit; others: to send
  int ranks_done = 0;
  std::vector<std::string> batches;
  auto flush = [&](bool force) -> Status {
    const double since = std::chrono::duration<double>(Clock::now() - last_flush).count();
    if (outbox.empty() ||
        (!force && outbox.size() < options.commit_batch && since < options.commit_interval))
      return {};
    last_flush = Clock::now();
    if (root) {
      if (db) {
        PARLEY_RETURN_IF_ERROR(db->Append(outbox));
        progress.committed += outbox.size();
      }
      for (SessionRecord& r : outbox) slots[r.index] = std::move(r);
    } else {
      PARLEY_RETURN_IF_ERROR(cluster->Send(EncodeRecords(outbox)));
    }
    outbox.clear();
    return {};
  };
  auto take = [&](std::vector<SessionRecord>& records) -> Status {
    for (SessionRecord& r : records) {
      if (root) {
        PARLEY_RETURN_IF_ERROR(CheckRecord(r, schedule, "an MPI rank"));
        if (have[r.index]) continue;
        have[r.index] = true;
        ++progress.done;
        if (!r.failure_kind.empty()) ++progress.failures;
      }
      outbox.push_back(std::move(r));
    }
    records.clear();
    return {};
  };

  Status status;
  while (status) {
    const bool local_done = pool->Finished();
    const bool remote_done = !root || ranks_done >= ranks - 1;
    if (local_done && remote_done) break;
    status = pool->Collect(got, std::chrono::milliseconds(local_done ? 5 : 25));
    if (status) status = take(got);
    if (status && root && cluster) {
      status = cluster->Poll(batches, ranks_done);
      for (const std::string& bytes : batches) {
        if (!status) break;
        Result<std::vector<SessionRecord>> decoded = DecodeRecords(bytes);
        if (!decoded) {
          status = decoded.error();
          break;
        }
        status = take(*decoded);
      }
      batches.clear();
    }
    if (status) status = flush(false);
    report(false);
  }
  if (status) status = flush(true);
  if (status && !root) status = cluster->SendDone();
  results.abandoned_threads = pool->abandoned();
  if (!status && cluster) {
    // Other ranks may be blocked on this one: say why, then end them all.
    std::fprintf(stderr, "parley: rank %d: %s\n", rank, status.error().ToString().c_str());
    std::fflush(stderr);
    cluster->Abort(status.error().ExitCode());
  }
  if (!status) return status.error();
  results.run_seconds = Since(run_start);
  results.seconds = Since(start);
  if (!root) return results;

  for (uint64_t i = 0; i < total; ++i) {
    if (!have[i]) {
      return Error::Internal("session " + std::to_string(i) + " of the schedule never finished");
    }
  }
  results.sessions = std::move(slots);
  report(true);
  return results;
}

}  // namespace parley
