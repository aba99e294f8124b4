// Tournaments end to end: completeness, determinism across --jobs, agreement with single
// sessions, faults, the results database, resume after a kill.

#include "parley/tournament/tournament.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <fstream>
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

TEST(TournamentTest, AHungAgentIsAbandonedAndTheTournamentGoesOn) {
  g_release_hangers = false;
  TournamentConfig c;
  c.agents = {"boulware", "conceder", "test-hang"};
  c.scenarios = {Data("genius/y2012/LaptopA")};
  c.move_time_limit = 0.05;
  const auto start = std::chrono::steady_clock::now();
  TournamentResults r = RunOrDie(c, Jobs(2));
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
    EXPECT_NE(s.failure_message.find("abandoned"), std::string::npos) << s.failure_message;
  }
  EXPECT_EQ(hung, 4u);
  EXPECT_EQ(r.abandoned_threads, 4u);
  EXPECT_LT(took, 10.0);
  // Let the abandoned threads finish so the process ends cleanly.
  g_release_hangers = true;
  for (int i = 0; i < 2000 && g_hanging > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(g_hanging, 0);
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

TEST(TournamentTest, ASessionThatCrashedIsRecordedOnResumeNotRunAgain) {
  TournamentConfig c;
  c.agents = {"boulware", "misbehave:mode=crash,at=2"};  // SIGSEGV at its second move
  c.scenarios = {Data("genius/y2012/LaptopA")};
  c.rounds = 30;  // 2 sessions, both with the crashing agent
  const std::string db = TempPath("crash.db");
  const std::string notes = db + "-crash";
  fs::remove(notes);
  TournamentOptions o = Jobs(1);
  o.db = db;
  // Each run crashes in the first session not yet recorded: one child per session.
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      (void)RunTournament(c, o);
      _exit(0);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    // Killed by the signal (or, under a sanitizer, ended by its report).
    ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the session did not crash";
    ASSERT_TRUE(fs::exists(notes));
  }
  const TournamentResults r = RunOrDie(c, o);
  EXPECT_FALSE(fs::exists(notes));
  EXPECT_EQ(r.resumed, 2u);
  ASSERT_EQ(r.sessions.size(), 2u);
  for (const SessionRecord& s : r.sessions) {
    SCOPED_TRACE("session " + std::to_string(s.index));
    EXPECT_EQ(s.failure_kind, "crash");
    EXPECT_EQ(s.end_reason, "failure");
    ASSERT_TRUE(s.failure_position.has_value());
    EXPECT_EQ(s.parties[*s.failure_position].agent, 1u);
    EXPECT_TRUE(s.parties[*s.failure_position].failed);
    EXPECT_FALSE(s.parties[1 - *s.failure_position].failed);
    EXPECT_NE(s.failure_message.find("SIGSEGV"), std::string::npos) << s.failure_message;
  }
  // Notes of another tournament (another configuration hash) are not this one's.
  {
    std::ofstream other(notes);
    other << std::string(64, 'f') << " 0 1 11\n"
          << "truncated 1";
  }
  EXPECT_TRUE(tournament_internal::CrashRecorder::Read(notes, IdentifyConfig(c)->hash).empty());
  EXPECT_EQ(tournament_internal::CrashRecorder::Read(notes, std::string(64, 'f')).size(), 1u);
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

}  // namespace
}  // namespace parley
