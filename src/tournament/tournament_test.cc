// Tournaments end to end: completeness, determinism across --jobs, agreement with single
// sessions, faults, the results database, resume after a kill.

#include "parley/tournament/tournament.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include "parley/agent/agents.h"
#include "parley/io/scenario_io.h"
#include "parley/session/session.h"
#include "parley/tournament/cluster.h"
#include "parley/tournament/csv.h"
#include "parley/tournament/report.h"
#include "parley/tournament/results_db.h"
#include "parley/tournament/summary.h"
#include "tournament/record_codec.h"
#include "tournament/runner.h"

namespace parley {
namespace {

namespace fs = std::filesystem;

std::string Data(const std::string& relative) {
  return std::string(PARLEY_SHARED_DATA_DIR) + "/" + relative;
}

std::string TempPath(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("parley-tournament-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  fs::remove(p);
  fs::remove(p.string() + "-wal");
  fs::remove(p.string() + "-shm");
  return p.string();
}

// ---- Test-only agents ---------------------------------------------------------------------

/// Throws when asked for its first offer.
class Thrower : public BasicNegotiator {
 protected:
  Outcome NextOffer(const Turn&) override { throw std::runtime_error("out of ideas"); }
  bool Accepts(const Outcome&, const Turn&, const Outcome*) override { return false; }
};

/// Offers a value outside the first issue's range.
class Illegal : public BasicNegotiator {
 protected:
  Outcome NextOffer(const Turn&) override {
    Outcome o = index().best_outcome();
    o[0] = static_cast<ValueIndex>(setup().space().issue(0).Cardinality());
    return o;
  }
  bool Accepts(const Outcome&, const Turn&, const Outcome*) override { return false; }
};

/// Sleeps `ms` milliseconds per offer (a slow thinker).
class Sleeper : public BasicNegotiator {
 public:
  explicit Sleeper(int ms) : ms_(ms) {}

 protected:
  Outcome NextOffer(const Turn&) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
    return index().best_outcome();
  }
  bool Accepts(const Outcome&, const Turn&, const Outcome*) override { return false; }
  int ms_;
};

/// Hangs in its first move until released (or 20 s pass): a thread nobody can stop.
std::atomic<bool> g_release_hangers{false};
std::atomic<int> g_hanging{0};
class Hanger : public BasicNegotiator {
 protected:
  Outcome NextOffer(const Turn&) override {
    ++g_hanging;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!g_release_hangers && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --g_hanging;
    return index().best_outcome();
  }
  bool Accepts(const Outcome&, const Turn&, const Outcome*) override { return false; }
};

/// A linear concession agent that takes a millisecond to start (paces the resume test).
class Steady : public Negotiator {
 public:
  explicit Steady(std::unique_ptr<Negotiator> inner) : inner_(std::move(inner)) {}
  void Start(const NegotiatorSetup& setup) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    inner_->Start(setup);
  }
  Action Act(const Turn& turn) override { return inner_->Act(turn); }
  void Observe(const Event& event) override { inner_->Observe(event); }
  void Finish(const Ending& ending) override { inner_->Finish(ending); }

 private:
  std::unique_ptr<Negotiator> inner_;
};

template <typename T, typename... Args>
RegistryEntry<Negotiator> Entry(std::string name, Args... args) {
  return {
      std::move(name), "test agent", {}, [=](SpecParams&) -> Result<std::unique_ptr<Negotiator>> {
        return std::unique_ptr<Negotiator>(std::make_unique<T>(args...));
      }};
}

const bool kRegistered = [] {
  bool ok = Agents().Register(Entry<Thrower>("test-thrower")).ok();
  ok = ok && Agents().Register(Entry<Illegal>("test-illegal")).ok();
  ok = ok && Agents().Register(Entry<Sleeper>("test-slow", 30)).ok();
  ok = ok && Agents().Register(Entry<Sleeper>("test-dawdler", 4)).ok();
  ok = ok && Agents().Register(Entry<Hanger>("test-hang")).ok();
  ok = ok && Agents()
                 .Register({"test-steady",
                            "test agent",
                            {},
                            [](SpecParams&) -> Result<std::unique_ptr<Negotiator>> {
                              auto inner = Agents().Make("linear");
                              if (!inner) return inner.error();
                              return std::unique_ptr<Negotiator>(
                                  std::make_unique<Steady>(std::move(*inner)));
                            }})
                 .ok();
  return ok;
}();

// ---- Helpers -------------------------------------------------------------------------------

TournamentConfig SmallConfig() {
  TournamentConfig c;
  c.agents = {"boulware", "conceder", "random", "naive-tit-for-tat"};
  c.scenarios = {Data("genius/y2012/LaptopA"), Data("genius/y2012/FlightBookingA")};
  c.rotate_profiles = true;
  c.self_play = true;
  c.rounds = 60;
  c.seed = 42;
  return c;
}

TournamentResults RunOrDie(const TournamentConfig& config, const TournamentOptions& options = {}) {
  Result<TournamentResults> r = RunTournament(config, options);
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r.ok() ? std::move(*r) : TournamentResults{};
}

TournamentOptions Jobs(int jobs) {
  TournamentOptions o;
  o.jobs = jobs;
  return o;
}

std::string Deterministic(const TournamentResults& r) { return ResultsCsv(r, {.timing = false}); }

// ---- Tests ---------------------------------------------------------------------------------

TEST(TournamentTest, TestAgentsRegistered) { ASSERT_TRUE(kRegistered); }

TEST(TournamentTest, EverySessionOnceInScheduleOrderWithConsistentNumbers) {
  const TournamentResults r = RunOrDie(SmallConfig(), Jobs(2));
  // 2 scenarios x 2 rotations x 4^2 assignments.
  ASSERT_EQ(r.sessions.size(), 64u);
  ASSERT_EQ(r.scenarios.size(), 2u);
  EXPECT_EQ(r.scenarios[0].name, "LaptopA");
  EXPECT_EQ(r.agents, SmallConfig().agents);
  EXPECT_EQ(r.config_hash.size(), 64u);
  size_t agreements = 0;
  for (size_t i = 0; i < r.sessions.size(); ++i) {
    const SessionRecord& s = r.sessions[i];
    EXPECT_EQ(s.index, i);
    ASSERT_EQ(s.parties.size(), 2u);
    agreements += s.agreement;
    EXPECT_EQ(s.agreement, s.end_reason == "agreement");
    EXPECT_EQ(s.agreement, !s.outcome.empty());
    EXPECT_TRUE(s.failure_kind.empty()) << s.failure_message;
    EXPECT_TRUE(s.pareto_distance.has_value());
    EXPECT_GE(*s.pareto_distance, 0);
    double welfare = 0;
    for (size_t p = 0; p < 2; ++p) {
      const PartyResult& x = s.parties[p];
      EXPECT_DOUBLE_EQ(x.advantage, x.utility - x.reservation);
      EXPECT_DOUBLE_EQ(x.partner_welfare, s.parties[1 - p].utility);
      EXPECT_EQ(x.profile, (p + 2 - s.rotation) % 2);
      welfare += x.utility;
    }
    EXPECT_DOUBLE_EQ(s.welfare, welfare);
  }
  EXPECT_GT(agreements, 0u);
}

TEST(TournamentTest, ResultsDoNotDependOnJobs) {
  TournamentConfig c = SmallConfig();
  const std::string one = Deterministic(RunOrDie(c, Jobs(1)));
  EXPECT_EQ(Deterministic(RunOrDie(c, Jobs(2))), one);
  EXPECT_EQ(Deterministic(RunOrDie(c, Jobs(4))), one);
  c.seed = 43;  // the random agent makes the seed matter
  EXPECT_NE(Deterministic(RunOrDie(c, Jobs(2))), one);
}

TEST(TournamentTest, SessionsEqualSingleRunsOfTheRotatedScenario) {
  TournamentConfig c = SmallConfig();
  c.scenarios = {Data("genius/y2012/FlightBookingA")};
  const TournamentResults r = RunOrDie(c, Jobs(2));
  auto loaded = LoadScenario(std::vector<std::string>{c.scenarios[0]});
  ASSERT_TRUE(loaded.ok());
  const Scenario& base = loaded->scenario;
  for (uint32_t rotation = 0; rotation < 2; ++rotation) {
    Scenario s = base;
    if (rotation == 1) std::swap(s.parties[0], s.parties[1]);
    PreparedScenario prepared(std::move(s));
    const ReferencePoints reference = ComputeReferencePoints(prepared.scenario());
    for (const SessionRecord& record : r.sessions) {
      if (record.rotation != rotation) continue;
      SCOPED_TRACE("session " + std::to_string(record.index));
      SessionConfig config;
      config.protocol = c.protocol;
      config.deadline = Deadline::Rounds(c.rounds);
      config.seed = record.seed;
      config.record_moves = false;
      for (const PartyResult& p : record.parties) config.agents.push_back(c.agents[p.agent]);
      auto single = RunSession(prepared, config, &reference);
      ASSERT_TRUE(single.ok());
      const SessionMetrics& m = single->metrics;
      EXPECT_EQ(record.agreement, m.agreement);
      EXPECT_EQ(record.rounds, m.rounds);
      EXPECT_EQ(record.moves, single->negotiation.num_moves);
      for (size_t p = 0; p < 2; ++p) EXPECT_EQ(record.parties[p].utility, m.utilities[p]);
      ASSERT_TRUE(m.pareto_distance && record.pareto_distance);
      EXPECT_NEAR(*record.pareto_distance, *m.pareto_distance, 1e-12);
      ASSERT_TRUE(m.nash_distance && record.nash_distance);
      EXPECT_NEAR(*record.nash_distance, *m.nash_distance, 1e-12);
    }
  }
}

TEST(TournamentTest, ThreePartySessionsUnderTwoProtocols) {
  for (const char* protocol : {"sao", "amop"}) {
    SCOPED_TRACE(protocol);
    TournamentConfig c;
    c.agents = {"boulware", "random"};
    c.scenarios = {Data("genius/y2015/group2-new_sporthal")};
    c.rotate_profiles = true;
    c.protocol = protocol;
    c.rounds = 40;
    const TournamentResults one = RunOrDie(c, Jobs(1));
    ASSERT_EQ(one.sessions.size(), 3u * 6u);  // 3 rotations x (2^3 - 2)
    for (const SessionRecord& s : one.sessions) {
      ASSERT_EQ(s.parties.size(), 3u);
      for (size_t p = 0; p < 3; ++p) {
        EXPECT_EQ(s.parties[p].profile, (p + 3 - s.rotation) % 3);
        const double others = (s.welfare - s.parties[p].utility) / 2;
        EXPECT_NEAR(s.parties[p].partner_welfare, others, 1e-15);
      }
    }
    EXPECT_EQ(Deterministic(RunOrDie(c, Jobs(3))), Deterministic(one));
  }
}

TEST(TournamentTest, FailingAgentsAreRecordedAndTheTournamentGoesOn) {
  TournamentConfig c;
  c.agents = {"boulware", "conceder", "test-thrower", "test-illegal"};
  c.scenarios = {Data("genius/y2012/LaptopA")};
  const TournamentResults r = RunOrDie(c, Jobs(2));
  ASSERT_EQ(r.sessions.size(), 12u);
  for (const SessionRecord& s : r.sessions) {
    const uint32_t a = s.parties[0].agent;
    const uint32_t b = s.parties[1].agent;
    SCOPED_TRACE("session " + std::to_string(s.index));
    if (a < 2 && b < 2) {
      EXPECT_TRUE(s.failure_kind.empty());
      continue;
    }
    // The first of them to misbehave is blamed; its row says failed.
    ASSERT_FALSE(s.failure_kind.empty());
    ASSERT_TRUE(s.failure_position.has_value());
    const PartyResult& culprit = s.parties[*s.failure_position];
    EXPECT_TRUE(culprit.failed);
    EXPECT_FALSE(s.parties[1 - *s.failure_position].failed);
    EXPECT_EQ(s.end_reason, "failure");
    EXPECT_FALSE(s.agreement);
    if (culprit.agent == 2) {
      EXPECT_EQ(s.failure_kind, "exception");
      EXPECT_EQ(s.failure_message, "threw: out of ideas");
    } else {
      EXPECT_EQ(culprit.agent, 3u);
      EXPECT_EQ(s.failure_kind, "invalid-outcome");
    }
    EXPECT_EQ(culprit.utility, culprit.reservation);
  }
  const Summary summary = Summarize(r);
  EXPECT_EQ(summary.sessions, 12u);
  size_t failures = 0;
  for (const AgentSummary& a : summary.agents) {
    if (a.agent == "boulware" || a.agent == "conceder") {
      EXPECT_EQ(a.failures, 0u);
    }
    failures += a.failures;
  }
  EXPECT_EQ(failures, summary.failures);
  EXPECT_GE(summary.failures, 6u);
}

TEST(TournamentTest, SlowMovesAndSlowSessionsAreTimeouts) {
  TournamentConfig c;
  c.agents = {"boulware", "test-slow"};
  c.scenarios = {Data("genius/y2012/LaptopA")};
  c.move_time_limit = 0.01;  // test-slow takes 30 ms a move
  TournamentResults r = RunOrDie(c, Jobs(2));
  ASSERT_EQ(r.sessions.size(), 2u);
  for (const SessionRecord& s : r.sessions) {
    EXPECT_EQ(s.failure_kind, "timeout");
    ASSERT_TRUE(s.failure_position);
    EXPECT_EQ(s.parties[*s.failure_position].agent, 1u);
  }

  c.agents = {"boulware", "test-dawdler"};  // 4 ms a move: within the move limit
  c.move_time_limit = 1;
  c.session_time_limit = 0.05;
  r = RunOrDie(c, Jobs(2));
  for (const SessionRecord& s : r.sessions) {
    EXPECT_EQ(s.failure_kind, "timeout");
    ASSERT_TRUE(s.failure_position);
    EXPECT_EQ(s.parties[*s.failure_position].agent, 1u);
    EXPECT_NE(s.failure_message.find("wall-clock limit"), std::string::npos) << s.failure_message;
    EXPECT_LT(s.rounds, 100);
  }
}

// A hung call is stopped: its worker process is killed (in-process: its thread is abandoned),
// the session recorded as a timeout against the agent, and the tournament goes on.
TEST(TournamentTest, AHungAgentIsStoppedAndTheTournamentGoesOn) {
  for (bool in_process : {false, true}) {
    SCOPED_TRACE(in_process ? "threads" : "processes");
    g_release_hangers = false;
    TournamentConfig c;
    c.agents = {"boulware", "conceder", "test-hang"};
    c.scenarios = {Data("genius/y2012/LaptopA")};
    c.move_time_limit = 0.05;
    TournamentOptions o = Jobs(2);
    o.in_process = in_process;
    const auto start = std::chrono::steady_clock::now();
    TournamentResults r = RunOrDie(c, o);
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.sessions.size(), 6u);
    size_t hung = 0;
    for (const SessionRecord& s : r.sessions) {
      const bool involved = s.parties[0].agent == 2 || s.parties[1].agent == 2;
      if (!involved) {
        EXPECT_TRUE(s.failure_kind.empty());
        continue;
      }
      ++hung;
      EXPECT_EQ(s.failure_kind, "timeout");
      ASSERT_TRUE(s.failure_position);
      EXPECT_EQ(s.parties[*s.failure_position].agent, 2u);
      EXPECT_NE(s.failure_message.find(in_process ? "abandoned" : "killed"), std::string::npos)
          << s.failure_message;
    }
    EXPECT_EQ(hung, 4u);
    EXPECT_EQ(r.abandoned_threads, in_process ? 4u : 0u);
    EXPECT_LT(took, 10.0);
    // No hung agent is left in this process by the worker processes.
    if (!in_process) {
      EXPECT_EQ(g_hanging, 0);
    }
    // Let the abandoned threads finish so the process ends cleanly.
    g_release_hangers = true;
    for (int i = 0; i < 2000 && g_hanging > 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(g_hanging, 0);
  }
}

TEST(TournamentTest, ErrorsBeforeAnythingRuns) {
  TournamentConfig c = SmallConfig();
  c.agents = {"boulware", "bulldozer"};
  auto r = RunTournament(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("unknown agent 'bulldozer'; known: "), std::string::npos);
  c.agents = {"boulware", "boulware"};
  r = RunTournament(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("listed twice"), std::string::npos);
  c = SmallConfig();
  c.protocol = "auction";
  EXPECT_FALSE(RunTournament(c).ok());
  c = SmallConfig();
  c.scenarios.push_back(Data("genius/y2012/NoSuchScenario"));
  r = RunTournament(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("NoSuchScenario"), std::string::npos);
  c = SmallConfig();
  c.agents = {"boulware"};
  c.self_play = false;
  r = RunTournament(c);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("--self-play"), std::string::npos);
}

// doha-2019 has tracks and a ratifier: under SAO they would be ignored (it used to run, with no
// agreement, silently); under the single undertaking it runs, every rotation moving the rules.
TEST(TournamentTest, ScenariosWithRulesNeedTheSingleUndertaking) {
  TournamentConfig c;
  c.agents = {"logroller", "conceder"};
  c.scenarios = {"doha-2019"};
  c.rounds = 30;
  auto r = RunTournament(c, Jobs(1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("has 2 tracks and 3 ratifiers, which only the single "
                                   "undertaking honours; 'sao' would ignore them"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().field, "--protocol");
  c.protocol = "single-undertaking";
  c.rotate_profiles = true;
  r = RunTournament(c, Jobs(2));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_FALSE(r->sessions.empty());
  size_t agreements = 0;
  for (const SessionRecord& s : r->sessions) {
    EXPECT_TRUE(s.failure_kind.empty()) << s.failure_message;
    agreements += s.agreement;
  }
  EXPECT_GT(agreements, 0u);
}

// A folder of scenario folders with a subfolder that holds no scenario (notes, an empty folder):
// skipped, with a note naming it and the folder; a folder whose subfolders hold none is an
// error naming the folder.
TEST(TournamentTest, SkipsSubfoldersWithoutScenarios) {
  const fs::path dir = TempPath("folders");
  fs::remove_all(dir);
  fs::create_directories(dir / "empty");
  fs::create_directories(dir / "notes");
  std::ofstream(dir / "notes" / "README.txt") << "not a scenario\n";
  fs::copy(Data("genius/y2012/LaptopA"), dir / "laptop");
  std::vector<std::string> notes;
  auto paths = ExpandScenarioPaths({dir.string()}, &notes);
  ASSERT_TRUE(paths.ok()) << paths.error().ToString();
  EXPECT_EQ(*paths, std::vector<std::string>{(dir / "laptop").string()});
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "skipped '" + (dir / "empty").string() + "' in '" + dir.string() +
                          "': it holds no scenario files (.xml, .json, .yaml)");
  EXPECT_NE(notes[1].find("skipped '" + (dir / "notes").string()), std::string::npos);
  fs::remove_all(dir / "laptop");
  paths = ExpandScenarioPaths({dir.string()}, &notes);
  ASSERT_FALSE(paths.ok());
  EXPECT_NE(paths.error().message.find("folder '" + dir.string() + "' holds neither"),
            std::string::npos)
      << paths.error().message;
  fs::remove_all(dir);
}

TEST(TournamentTest, ExpandsFoldersOfScenarioFolders) {
  auto paths = ExpandScenarioPaths({Data("genius/y2012"), "doha-2019"});
  ASSERT_TRUE(paths.ok()) << paths.error().ToString();
  ASSERT_EQ(paths->size(), 73u);
  EXPECT_EQ(fs::path((*paths)[0]).filename(), "AcquisitionA");
  EXPECT_EQ(fs::path((*paths)[71]).filename(), "TravelC");
  EXPECT_EQ((*paths)[72], "doha-2019");
  auto one = ExpandScenarioPaths({Data("genius/y2012/CameraB")});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  EXPECT_FALSE(ExpandScenarioPaths({Data("genius/nothing-here")}).ok());
}

TEST(TournamentTest, ConfigIdentityIsCanonical) {
  TournamentConfig a = SmallConfig();
  TournamentConfig b = a;
  b.agents[0] = " boulware";
  auto ia = IdentifyConfig(a);
  auto ib = IdentifyConfig(b);
  ASSERT_TRUE(ia.ok() && ib.ok());
  EXPECT_EQ(ia->hash, ib->hash);
  b.rounds = 61;
  EXPECT_NE(IdentifyConfig(b)->hash, ia->hash);
  b = a;
  b.scenarios = {a.scenarios[1], a.scenarios[0]};
  EXPECT_NE(IdentifyConfig(b)->hash, ia->hash);
  // A scenario is its content, however its path is written.
  b = a;
  b.scenarios = {fs::relative(a.scenarios[0]).string() + "/",
                 fs::absolute(a.scenarios[1]).lexically_normal().string()};
  ASSERT_NE(b.scenarios[0], a.scenarios[0]);
  EXPECT_EQ(IdentifyConfig(b)->hash, ia->hash);
}

TEST(TournamentTest, ResumesWhenTheScenariosAreNamedByOtherPaths) {
  TournamentConfig c = SmallConfig();
  c.scenarios = {fs::absolute(c.scenarios[0]).lexically_normal().string()};
  TournamentOptions o = Jobs(2);
  o.db = TempPath("paths.db");
  const TournamentResults first = RunOrDie(c, o);
  c.scenarios = {fs::relative(c.scenarios[0]).string() + "/"};
  const TournamentResults again = RunOrDie(c, o);
  EXPECT_EQ(again.resumed, first.sessions.size());
  EXPECT_EQ(again.sessions, first.sessions);
  ASSERT_EQ(again.scenarios.size(), 1u);
  EXPECT_EQ(again.scenarios[0].name, "LaptopA");
}

TEST(TournamentTest, RecordsSurviveTheWireAndTheDatabaseBitForBit) {
  TournamentConfig c;
  c.agents = {"boulware", "random", "test-thrower"};
  c.scenarios = {Data("genius/y2012/LaptopA"), Data("genius/y2015/group2-new_sporthal")};
  c.rounds = 30;
  const std::string db = TempPath("roundtrip.db");
  TournamentOptions o = Jobs(2);
  o.db = db;
  const TournamentResults r = RunOrDie(c, o);
  ASSERT_GT(r.sessions.size(), 20u);
  auto decoded = tournament_internal::DecodeRecords(tournament_internal::EncodeRecords(r.sessions));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, r.sessions);
  std::string bytes = tournament_internal::EncodeRecords(r.sessions);
  bytes.pop_back();
  EXPECT_FALSE(tournament_internal::DecodeRecords(bytes).ok());

  auto identity = IdentifyConfig(c);
  ASSERT_TRUE(identity.ok());
  auto opened = ResultsDb::Open(db, {*identity, r.agents, r.scenarios, r.sessions.size()});
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  auto loaded = opened->LoadSessions();
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(*loaded, r.sessions);

  // Rerunning with the same database runs nothing and gives the same results.
  const TournamentResults again = RunOrDie(c, o);
  EXPECT_EQ(again.resumed, r.sessions.size());
  EXPECT_EQ(again.sessions, r.sessions);
}

TEST(TournamentTest, ADatabaseOfAnotherTournamentIsAnError) {
  TournamentConfig c = SmallConfig();
  c.scenarios.resize(1);
  TournamentOptions o = Jobs(2);
  o.db = TempPath("other.db");
  RunOrDie(c, o);
  c.rounds = 70;
  auto r = RunTournament(c, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("holds a different tournament (rounds: 70 now, 60 in the "
                                   "database)"),
            std::string::npos)
      << r.error().message;
}

// A database with tables of its own (here one table; tournament_cli tries a real talks ledger)
// is refused, and left as it was: the tournament used to add its tables beside them.
TEST(TournamentTest, ADatabaseOfAnotherKindIsRefusedAndLeftAlone) {
  const std::string db = TempPath("foreign.db");
  {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(handle, "CREATE TABLE notes (text TEXT)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(handle);
  }
  std::ifstream before_file(db, std::ios::binary);
  const std::string before((std::istreambuf_iterator<char>(before_file)), {});
  TournamentConfig c = SmallConfig();
  c.scenarios.resize(1);
  TournamentOptions o = Jobs(1);
  o.db = db;
  auto r = RunTournament(c, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("is not a tournament results database: it holds other tables "
                                   "(notes)"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().field, "--db");
  std::ifstream after_file(db, std::ios::binary);
  const std::string after((std::istreambuf_iterator<char>(after_file)), {});
  EXPECT_EQ(before, after);
}

TEST(TournamentTest, ResumesAfterAKillWithoutRedoingFinishedSessions) {
  TournamentConfig c;
  c.agents = {"boulware", "conceder", "test-steady"};
  c.scenarios = {Data("genius/y2012/LaptopA"), Data("genius/y2012/RentalHouseA")};
  c.rotate_profiles = true;
  c.self_play = true;
  c.repetitions = 4;  // 2 x 2 x 9 x 4 = 144 sessions, about 1 ms each
  const std::string db = TempPath("resume.db");

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    TournamentOptions o = Jobs(2);
    o.db = db;
    o.commit_batch = 8;
    o.progress_interval = 0;
    o.progress = [](const TournamentProgress& p) {
      if (p.committed >= 24 && p.done < p.total) raise(SIGKILL);
    };
    (void)RunTournament(c, o);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child finished before it could be killed; the test needs slower sessions";

  TournamentOptions o = Jobs(2);
  o.db = db;
  const TournamentResults resumed = RunOrDie(c, o);
  EXPECT_GE(resumed.resumed, 24u);
  EXPECT_LT(resumed.resumed, 144u);
  ASSERT_EQ(resumed.sessions.size(), 144u);
  const TournamentResults fresh = RunOrDie(c, Jobs(2));
  EXPECT_EQ(Deterministic(resumed), Deterministic(fresh));
  // And the database now holds every session exactly once.
  auto identity = IdentifyConfig(c);
  auto opened = ResultsDb::Open(db, {*identity, resumed.agents, resumed.scenarios, 144});
  ASSERT_TRUE(opened.ok());
  auto all = opened->LoadSessions();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 144u);
}

// A crash (SIGSEGV, abort) in a session kills its worker process only: the session is recorded
// as a "crash" against the agent in the call, the rest of the tournament runs in the same call,
// and every other session is as it would have been. Fails with threads: the test process dies.
TEST(TournamentTest, ACrashingAgentIsRecordedAndTheTournamentGoesOn) {
  for (const char* mode : {"crash", "abort"}) {
    SCOPED_TRACE(mode);
    TournamentConfig c;
    c.agents = {"boulware", "conceder", std::string("misbehave:mode=") + mode + ",at=2"};
    c.scenarios = {Data("genius/y2012/LaptopA"), Data("genius/y2012/FlightBookingA")};
    c.rounds = 30;
    const TournamentResults r = RunOrDie(c, Jobs(2));
    ASSERT_EQ(r.sessions.size(), 12u);
    EXPECT_FALSE(r.in_process);
    // The same schedule with an agent that throws instead: sessions without it are the same.
    TournamentConfig reference = c;
    reference.agents[2] = "misbehave:mode=throw,at=2";
    const TournamentResults honest = RunOrDie(reference, Jobs(1));
    size_t crashed = 0;
    for (size_t i = 0; i < r.sessions.size(); ++i) {
      const SessionRecord& s = r.sessions[i];
      SCOPED_TRACE("session " + std::to_string(s.index));
      EXPECT_EQ(s.index, i);
      if (s.parties[0].agent != 2 && s.parties[1].agent != 2) {
        SessionRecord a = s, b = honest.sessions[i];
        a.session_seconds = b.session_seconds = 0;
        for (size_t p = 0; p < 2; ++p) a.parties[p].agent_seconds = b.parties[p].agent_seconds = 0;
        EXPECT_EQ(a, b);
        continue;
      }
      ++crashed;
      EXPECT_EQ(s.failure_kind, "crash");
      EXPECT_EQ(s.end_reason, "failure");
      ASSERT_TRUE(s.failure_position.has_value());
      EXPECT_EQ(s.parties[*s.failure_position].agent, 2u);
      EXPECT_TRUE(s.parties[*s.failure_position].failed);
      EXPECT_FALSE(s.parties[1 - *s.failure_position].failed);
      // Under AddressSanitizer a SIGSEGV becomes a report and an exit code.
      EXPECT_TRUE(s.failure_message.find(std::string(mode) == "crash" ? "SIGSEGV" : "SIGABRT") !=
                      std::string::npos ||
                  s.failure_message.find("exited with code") != std::string::npos)
          << s.failure_message;
    }
    EXPECT_EQ(crashed, 8u);
    // Which worker ran what does not matter.
    EXPECT_EQ(Deterministic(RunOrDie(c, Jobs(1))), Deterministic(r));
  }
}

// Agents whose registry entry says in_process run on threads of the calling process: this
// counter, which a forked worker would increment in its own copy, counts their sessions.
std::atomic<int> g_in_process_starts{0};
class CountsStarts : public BasicNegotiator {
 protected:
  void OnStart() override { ++g_in_process_starts; }
  Outcome NextOffer(const Turn&) override { return index().best_outcome(); }
  bool Accepts(const Outcome&, const Turn&, const Outcome*) override { return true; }
};

TEST(TournamentTest, InProcessAgentsRunOnThreadsOfTheCaller) {
  RegistryEntry<Negotiator> entry = Entry<CountsStarts>("test-in-process");
  entry.in_process = true;
  ASSERT_TRUE(Agents().Register(entry).ok() || Agents().Find("test-in-process"));
  RegistryEntry<Negotiator> forked = Entry<CountsStarts>("test-forked-counter");
  ASSERT_TRUE(Agents().Register(forked).ok() || Agents().Find("test-forked-counter"));
  TournamentConfig c;
  c.scenarios = {Data("genius/y2012/LaptopA")};
  c.agents = {"boulware", "test-forked-counter"};
  g_in_process_starts = 0;
  TournamentResults r = RunOrDie(c, Jobs(2));
  EXPECT_FALSE(r.in_process);
  EXPECT_EQ(g_in_process_starts, 0);  // the workers' copies counted
  c.agents = {"boulware", "test-in-process"};
  r = RunOrDie(c, Jobs(2));
  EXPECT_TRUE(r.in_process);
  EXPECT_EQ(g_in_process_starts, 2);
  // The option does the same for any agent.
  c.agents = {"boulware", "test-forked-counter"};
  TournamentOptions o = Jobs(2);
  o.in_process = true;
  g_in_process_starts = 0;
  r = RunOrDie(c, o);
  EXPECT_TRUE(r.in_process);
  EXPECT_EQ(g_in_process_starts, 2);
}

TEST(TournamentTest, SummaryRanksByMeanAdvantage) {
  const TournamentResults r = RunOrDie(SmallConfig(), Jobs(2));
  const Summary s = Summarize(r);
  ASSERT_EQ(s.agents.size(), 4u);
  for (size_t i = 1; i < s.agents.size(); ++i)
    EXPECT_GE(s.agents[i - 1].advantage.mean, s.agents[i].advantage.mean);
  // Brute force: the mean advantage of each agent straight from the records.
  for (const AgentSummary& a : s.agents) {
    double sum = 0;
    size_t n = 0;
    for (const SessionRecord& x : r.sessions)
      for (const PartyResult& p : x.parties)
        if (r.agents[p.agent] == a.agent) sum += p.advantage, ++n;
    EXPECT_EQ(a.advantage.n, n);
    EXPECT_NEAR(a.advantage.mean, sum / static_cast<double>(n), 1e-12);
    EXPECT_GT(a.advantage.half_width, 0);
  }
  ASSERT_EQ(s.scenarios.size(), 2u);
  size_t agreements = 0;
  for (const SessionRecord& x : r.sessions) agreements += x.agreement && x.scenario == 0;
  EXPECT_EQ(s.scenarios[0].agreements.successes, agreements);
  EXPECT_EQ(s.scenarios[0].agreements.n, 32u);
}

TEST(TournamentTest, CsvIsOneRowPerSessionAndPosition) {
  TournamentConfig c = SmallConfig();
  c.agents = {"boulware", "boa:bidding=boulware,accept=next"};
  c.scenarios.resize(1);
  const TournamentResults r = RunOrDie(c, Jobs(1));
  const std::string csv = ResultsCsv(r);
  const std::string plain = ResultsCsv(r, {.timing = false});
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 * 8);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "session,scenario,rotation,repetition,seed,position,profile,agent,partners,agreement,"
            "end_reason,utility,discounted,reservation,advantage,partner_welfare,welfare,"
            "pareto_distance,nash_distance,rounds,time,moves,failed,failure,agent_seconds,"
            "session_seconds");
  // A spec with commas is quoted.
  EXPECT_NE(plain.find(",\"boa:bidding=boulware,accept=next\","), std::string::npos);
  EXPECT_EQ(FormatExact(0.1), "0.1");
  EXPECT_EQ(FormatExact(-0.0), "0");
  EXPECT_EQ(FormatExact(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(std::stod(FormatExact(1.0 / 3)), 1.0 / 3);
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

/// In-process stand-in for MPI: `size` ranks as threads, messages through shared queues. Tests
/// the plan, the strided split and the gathering without mpirun.
class FakeHub {
 public:
  explicit FakeHub(int size) : size_(size) {}

  /// Every rank calls it with its value; all get the AND once all have called.
  bool Gather(bool value, int& slot_generation) {
    std::unique_lock lock(mutex_);
    const int generation = generation_;
    all_ = all_ && value;
    if (++arrived_ == size_) {
      result_ = all_;
      all_ = true;
      arrived_ = 0;
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation_ != generation; });
    }
    slot_generation = generation_;
    return result_;
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  int size_;
  int arrived_ = 0;
  int generation_ = 0;
  bool all_ = true;
  bool result_ = true;
  // The plan, published by rank 0 before the barrier that follows it.
  Status plan_status;
  std::vector<uint64_t> plan;
  std::vector<std::string> inbox;  // "" means done
};

class FakeCluster final : public Cluster {
 public:
  FakeCluster(FakeHub& hub, int rank) : hub_(hub), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return hub_.size_; }
  bool AllOk(bool ok) override {
    int g = 0;
    return hub_.Gather(ok, g);
  }
  Result<std::vector<uint64_t>> BroadcastPlan(const Status& status,
                                              std::vector<uint64_t> pending) override {
    if (rank_ == 0) {
      std::lock_guard lock(hub_.mutex_);
      hub_.plan_status = status;
      hub_.plan = std::move(pending);
    }
    int g = 0;
    hub_.Gather(true, g);
    std::lock_guard lock(hub_.mutex_);
    if (!hub_.plan_status) return hub_.plan_status.error();
    return hub_.plan;
  }
  Status Send(const std::string& bytes) override {
    std::lock_guard lock(hub_.mutex_);
    hub_.inbox.push_back(bytes);
    return {};
  }
  Status SendDone() override { return Send(""); }
  Status Poll(std::vector<std::string>& batches, int& ranks_done) override {
    std::lock_guard lock(hub_.mutex_);
    for (std::string& b : hub_.inbox) {
      if (b.empty()) {
        ++ranks_done;
      } else {
        batches.push_back(std::move(b));
      }
    }
    hub_.inbox.clear();
    return {};
  }
  void Abort(int) override { std::abort(); }

 private:
  FakeHub& hub_;
  int rank_;
};

TEST(TournamentTest, RanksSplitTheScheduleAndRankZeroGathersTheSameResults) {
  TournamentConfig c = SmallConfig();
  c.scenarios.push_back(Data("genius/y2015/group2-new_sporthal"));
  const TournamentResults single = RunOrDie(c, Jobs(2));
  for (int size : {2, 3}) {
    SCOPED_TRACE("ranks=" + std::to_string(size));
    FakeHub hub(size);
    const std::string db = TempPath("ranks.db");
    std::vector<Result<TournamentResults>> out(size, Error::Internal("not run"));
    std::vector<std::thread> ranks;
    for (int r = 0; r < size; ++r) {
      ranks.emplace_back([&, r] {
        FakeCluster cluster(hub, r);
        TournamentOptions o = Jobs(1);
        o.cluster = &cluster;
        // These ranks are threads of one process: a fork while another rank holds a lock (the
        // registry's) would leave the child waiting on it forever. Real ranks are processes.
        o.in_process = true;
        if (r == 0) o.db = db;
        out[r] = RunTournament(c, o);
      });
    }
    for (auto& t : ranks) t.join();
    ASSERT_TRUE(out[0].ok()) << out[0].error().ToString();
    EXPECT_TRUE(out[0]->root);
    EXPECT_EQ(Deterministic(*out[0]), Deterministic(single));
    for (int r = 1; r < size; ++r) {
      ASSERT_TRUE(out[r].ok()) << out[r].error().ToString();
      EXPECT_FALSE(out[r]->root);
      EXPECT_TRUE(out[r]->sessions.empty());
    }
  }
}

TEST(TournamentTest, ARankZeroErrorReachesEveryRank) {
  TournamentConfig c = SmallConfig();
  c.scenarios.resize(1);
  TournamentOptions first = Jobs(1);
  first.db = TempPath("ranks-other.db");
  RunOrDie(c, first);
  c.rounds = 61;  // now the database belongs to another tournament
  FakeHub hub(2);
  std::vector<Result<TournamentResults>> out(2, Error::Internal("not run"));
  std::vector<std::thread> ranks;
  for (int r = 0; r < 2; ++r) {
    ranks.emplace_back([&, r] {
      FakeCluster cluster(hub, r);
      TournamentOptions o = Jobs(1);
      o.cluster = &cluster;
      o.in_process = true;  // ranks as threads (above)
      if (r == 0) o.db = first.db;
      out[r] = RunTournament(c, o);
    });
  }
  for (auto& t : ranks) t.join();
  ASSERT_FALSE(out[0].ok());
  EXPECT_NE(out[0].error().message.find("different tournament"), std::string::npos);
  ASSERT_FALSE(out[1].ok());
}

TEST(TournamentTest, ReportIsSelfContainedAndDeterministic) {
  TournamentConfig c = SmallConfig();
  c.agents.push_back("test-thrower");
  const TournamentResults r = RunOrDie(c, Jobs(2));
  const Summary s = Summarize(r);
  const std::string html = RenderTournamentReport(r, s);
  EXPECT_EQ(html, RenderTournamentReport(RunOrDie(c, Jobs(1)), s));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // Two plots, inline; nothing loaded from elsewhere.
  size_t svgs = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++svgs;
  EXPECT_EQ(svgs, 2u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  // Every agent and scenario is named; the failures are listed.
  for (const std::string& a : r.agents) EXPECT_NE(html.find(">" + a + "<"), std::string::npos) << a;
  for (const ScenarioInfo& x : r.scenarios) EXPECT_NE(html.find(x.name), std::string::npos);
  EXPECT_NE(html.find("<h2>Failures</h2>"), std::string::npos);
  EXPECT_NE(html.find("threw: out of ideas"), std::string::npos);
}

TEST(TournamentTest, AnExceptionFromProgressEndsTheRunWithoutWaitingForSessions) {
  // Sessions of 10^8 rounds take minutes; the exception (the Python package's Ctrl-C) must end
  // the run at once, killing the busy workers, and reach the caller.
  TournamentConfig c;
  c.agents = {"hardliner", "boulware"};
  c.scenarios = {Data("genius/y2012/LaptopA")};
  c.rounds = 100'000'000;
  c.session_time_limit = 0;
  struct Stop {};
  TournamentOptions o = Jobs(2);
  o.progress_interval = 0.05;
  int calls = 0;
  o.progress = [&](const TournamentProgress&) {
    if (++calls == 3) throw Stop{};
  };
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW((void)RunTournament(c, o), Stop);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

}  // namespace
}  // namespace parley
