// The GENIUS bridge against GENIUS itself: each case of cases.tsv runs two genius: agents in
// parley and compares every move (round, party, action, bid, both utilities) and the agreement
// with the trace GENIUS 10.4 gave for the same agents, profiles, rounds and seed (refrun.sh;
// stored in tests/data/genius by make-refrun-traces.sh, and one case rerun live). Also: faults
// of the Java side are failures of the agent, and JVMs are reused without changing results.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "parley/agent/agents.h"
#include "parley/agent/genius.h"
#include "parley/io/scenario_io.h"
#include "parley/session/session.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Case {
  std::string name, domain, profile1, profile2, agent1, agent2;
  int rounds = 0;
  uint64_t seed = 0;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> ReadCases() {
  std::vector<Case> out;
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/genius/cases.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    if (f.size() != 8) continue;
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5], std::stoi(f[6]), std::stoull(f[7])});
  }
  return out;
}

std::string Data(const std::string& relative) {
  return std::string(PARLEY_SHARED_DATA_DIR) + "/" + relative;
}

/// Skips unless the host was built (a JDK and a GENIUS jar at configure time).
#define SKIP_WITHOUT_BRIDGE()                                                    \
  do {                                                                           \
    if (std::string(PARLEY_GENIUS_HOST_JAR).empty() || !GeniusJar().ok())        \
      GTEST_SKIP() << "the GENIUS host was not built (no JDK or no GENIUS jar)"; \
  } while (0)

std::vector<json> ReadJsonLines(std::istream& in) {
  std::vector<json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

Result<SessionResult> RunCase(const Case& c, const PreparedScenario** keep = nullptr) {
  static std::vector<std::unique_ptr<PreparedScenario>> prepared;  // outlive the results
  const std::vector<std::string> files = {Data(c.domain), Data(c.profile1), Data(c.profile2)};
  PARLEY_ASSIGN_OR_RETURN(LoadedScenario loaded, LoadScenario(files));
  prepared.push_back(std::make_unique<PreparedScenario>(std::move(loaded.scenario)));
  if (keep) *keep = prepared.back().get();
  SessionConfig config;
  config.agents = {"genius:" + c.agent1, "genius:" + c.agent2};
  config.deadline = Deadline::Rounds(c.rounds);
  config.seed = c.seed;
  ReferencePoints none;  // no analysis: moves only
  return RunSession(*prepared.back(), config, &none);
}

/// GENIUS's JSON of a value: discrete values are strings, numbers are numbers.
std::string ValueText(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// Every move and the end of `result` against refrun's trace.
void ExpectSameAsGenius(const Case& c, const SessionResult& result,
                        const std::vector<json>& reference) {
  ASSERT_FALSE(reference.empty());
  const json& last = reference.back();
  ASSERT_TRUE(last["error"].is_null()) << "GENIUS's own run failed: " << last["error"];
  ASSERT_FALSE(result.negotiation.failure) << result.negotiation.failure->message;
  const std::vector<Move>& moves = result.negotiation.moves;
  LoadedScenario loaded =
      *LoadScenario(std::vector<std::string>{Data(c.domain), Data(c.profile1), Data(c.profile2)});
  const OutcomeSpace& space = loaded.scenario.space;
  double max_utility_gap = 0;
  for (size_t k = 0; k < moves.size() && k + 1 < reference.size(); ++k) {
    const json& r = reference[k];
    const Move& m = moves[k];
    SCOPED_TRACE(c.name + ", move " + std::to_string(k) + ": GENIUS " + r.dump());
    ASSERT_EQ(m.round + 1, r["round"].get<int>());
    ASSERT_EQ(m.party, r["party"].get<int>());
    ASSERT_EQ(std::string(ActionKindName(KindOf(m.action))), r["action"].get<std::string>());
    if (r["bid"].is_null()) {
      ASSERT_FALSE(m.outcome.has_value());
      continue;
    }
    ASSERT_TRUE(m.outcome.has_value());
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      ASSERT_EQ(space.issue(i).ValueName((*m.outcome)[i]), ValueText(r["bid"][space.issue(i).name]))
          << "issue " << space.issue(i).name;
    }
    ASSERT_EQ(m.utilities.size(), 2u);
    for (size_t p = 0; p < 2; ++p)
      max_utility_gap =
          std::max(max_utility_gap, std::abs(m.utilities[p] - r["utilities"][p].get<double>()));
  }
  // parley's own utilities (its GENIUS reader) against GENIUS's: equal, also where a profile's
  // weights do not sum to 1 (Laptop, PhoneA: used as given and capped at 1, as GENIUS does).
  EXPECT_EQ(max_utility_gap, 0.0);
  ASSERT_EQ(moves.size() + 1, reference.size()) << c.name << ": number of moves";
  EXPECT_EQ(result.negotiation.agreement.has_value(), !last["agreement"].is_null());
  EXPECT_EQ(result.negotiation.rounds, last["round"].get<int>());
}

class GeniusBridgeVsGenius : public ::testing::TestWithParam<Case> {};

TEST_P(GeniusBridgeVsGenius, EveryMoveAsInGenius) {
  SKIP_WITHOUT_BRIDGE();
  const Case& c = GetParam();
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/data/genius/" + c.name + ".jsonl");
  ASSERT_TRUE(in) << "no reference trace; run tests/genius/make-refrun-traces.sh " << c.name;
  const std::vector<json> reference = ReadJsonLines(in);
  Result<SessionResult> result = RunCase(c);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ExpectSameAsGenius(c, *result, reference);
}

INSTANTIATE_TEST_SUITE_P(Cases, GeniusBridgeVsGenius, ::testing::ValuesIn(ReadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string n = info.param.name;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(GeniusBridge, CoversTheAgentsAndScenariosAsked) {
  const std::vector<Case> cases = ReadCases();
  std::set<std::string> scenarios, agents;
  for (const Case& c : cases) {
    scenarios.insert(c.domain);
    agents.insert(c.agent1);
    agents.insert(c.agent2);
  }
  EXPECT_GE(scenarios.size(), 10u);
  for (const char* a : {"agents.anac.y2011.HardHeaded.KLH", "agents.anac.y2010.AgentK.Agent_K",
                        "agents.anac.y2012.CUHKAgent.CUHKAgent", "agents.anac.y2015.Atlas3.Atlas3",
                        "agents.anac.y2011.Nice_Tit_for_Tat.NiceTitForTat",
                        "agents.anac.y2011.Gahboninho.Gahboninho"})
    EXPECT_TRUE(agents.count(a)) << a;
}

// GENIUS itself, now: the stored trace is still what refrun.sh gives, and so is the bridge.
TEST(GeniusBridge, LiveRefrunAgreesWithTheStoredTraceAndTheBridge) {
  SKIP_WITHOUT_BRIDGE();
  const std::string refrun = std::string(PARLEY_SHARED_DATA_DIR) + "/../genius-ref/refrun.sh";
  if (!fs::exists(refrun)) GTEST_SKIP() << "no " << refrun;
  Case c;
  for (const Case& k : ReadCases())
    if (k.name == "cameraB-hardheaded-boulware") c = k;
  ASSERT_FALSE(c.name.empty());
  const std::string command = refrun + " --quiet " + Data(c.domain) + " " + Data(c.profile1) + " " +
                              Data(c.profile2) + " " + c.agent1 + " " + c.agent2 + " " +
                              std::to_string(c.rounds) + " " + std::to_string(c.seed);
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
  ASSERT_EQ(::pclose(pipe), 0) << command;
  std::istringstream live(text);
  std::vector<json> now = ReadJsonLines(live);
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/data/genius/" + c.name + ".jsonl");
  std::vector<json> stored = ReadJsonLines(in);
  ASSERT_EQ(now.size(), stored.size());
  for (size_t k = 0; k + 1 < now.size(); ++k) EXPECT_EQ(now[k], stored[k]) << "move " << k;
  Result<SessionResult> result = RunCase(c);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ExpectSameAsGenius(c, *result, now);
}

// A JVM that served one session serves the next exactly as a fresh one (the host reloads
// GENIUS and the agents and restarts the seeds), so reuse cannot change a result.
TEST(GeniusBridge, AReusedJvmGivesTheSameMovesAsAFreshOne) {
  SKIP_WITHOUT_BRIDGE();
  std::vector<Case> cases = ReadCases();
  const Case* a = nullptr;
  const Case* b = nullptr;
  for (const Case& c : cases) {
    if (c.name == "cameraB-hardheaded-boulware") a = &c;
    if (c.name == "itexC-conceder-agentk") b = &c;
  }
  ASSERT_TRUE(a && b);
  const GeniusPoolStats before = GeniusStats();
  for (const Case* c : {a, b, a}) {
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/data/genius/" + c->name + ".jsonl");
    const std::vector<json> reference = ReadJsonLines(in);
    Result<SessionResult> result = RunCase(*c);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ExpectSameAsGenius(*c, *result, reference);
  }
  const GeniusPoolStats after = GeniusStats();
  // One JVM for the three sessions (none if an earlier test of this process left one idle).
  EXPECT_LE(after.started - before.started, 1);
  EXPECT_EQ(after.started - before.started + after.reused - before.reused, 3);
}

// Faults on the Java side are failures of the agent, never of parley.
TEST(GeniusBridge, AnUnknownClassIsAFailureOfThatAgent) {
  SKIP_WITHOUT_BRIDGE();
  Case c = ReadCases().at(0);
  c.agent2 = "agents.NoSuchAgent";
  Result<SessionResult> result = RunCase(c);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(result->negotiation.failure.has_value());
  EXPECT_EQ(result->negotiation.failure->party, 1u);
  EXPECT_NE(result->negotiation.failure->message.find("NoSuchAgent"), std::string::npos)
      << result->negotiation.failure->message;
}

TEST(GeniusBridge, ABuiltInAgentCanMeetAGeniusOne) {
  SKIP_WITHOUT_BRIDGE();
  const Case c = ReadCases().at(0);
  LoadedScenario loaded =
      *LoadScenario(std::vector<std::string>{Data(c.domain), Data(c.profile1), Data(c.profile2)});
  PreparedScenario prepared(std::move(loaded.scenario));
  SessionConfig config;
  config.agents = {"boulware", "genius:agents.anac.y2011.HardHeaded.KLH"};
  config.deadline = Deadline::Rounds(30);
  ReferencePoints none;
  Result<SessionResult> result = RunSession(prepared, config, &none);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_FALSE(result->negotiation.failure) << result->negotiation.failure->message;
  EXPECT_GT(result->negotiation.moves.size(), 10u);
  for (const Move& m : result->negotiation.moves)
    EXPECT_TRUE(prepared.space().Contains(*m.outcome));
}

/// A fake `java` (a shell script) that starts like the host and then misbehaves.
std::string FakeJava(const std::string& name, const std::string& body) {
  const std::string path =
      (fs::temp_directory_path() / ("parley-fake-java-" + name + "-" + std::to_string(::getpid())))
          .string();
  std::ofstream(path) << "#!/bin/sh\nprintf 'ready\\t1\\n'\n" << body << "\n";
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

TEST(GeniusBridge, AJvmThatDiesIsAFailureNotACrash) {
  SKIP_WITHOUT_BRIDGE();
  const std::string fake = FakeJava("dies", "read line; printf 'ok\\n'; read line; exit 3");
  ::setenv("PARLEY_JAVA", fake.c_str(), 1);
  Result<SessionResult> result = RunCase(ReadCases().at(0));
  ::unsetenv("PARLEY_JAVA");
  fs::remove(fake);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(result->negotiation.failure.has_value());
  EXPECT_EQ(result->negotiation.failure->party, 0u);
  EXPECT_NE(result->negotiation.failure->message.find("ended unexpectedly"), std::string::npos)
      << result->negotiation.failure->message;
}

TEST(GeniusBridge, AJvmThatHangsIsATimeoutOfTheAgentAndIsKilled) {
  SKIP_WITHOUT_BRIDGE();
  // Answers the session set-up, then never answers again.
  const std::string fake =
      FakeJava("hangs",
               "while read line; do case \"$line\" in start*) exec sleep 600;; *) printf 'ok\\n';; "
               "esac; done");
  ::setenv("PARLEY_JAVA", fake.c_str(), 1);
  ::setenv("PARLEY_GENIUS_GRACE_S", "0.5", 1);
  const Case c = ReadCases().at(0);
  LoadedScenario loaded =
      *LoadScenario(std::vector<std::string>{Data(c.domain), Data(c.profile1), Data(c.profile2)});
  PreparedScenario prepared(std::move(loaded.scenario));
  SessionConfig config;
  config.agents = {"genius:" + c.agent1, "boulware"};
  config.deadline = Deadline::Rounds(10);
  config.move_time_limit = 0.2;
  ReferencePoints none;
  Result<SessionResult> result = RunSession(prepared, config, &none);
  ::unsetenv("PARLEY_JAVA");
  ::unsetenv("PARLEY_GENIUS_GRACE_S");
  fs::remove(fake);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(result->negotiation.failure.has_value());
  EXPECT_EQ(result->negotiation.failure->party, 0u);
  EXPECT_EQ(result->negotiation.failure->kind, FailureKind::kTimeout)
      << result->negotiation.failure->message;
}

}  // namespace
}  // namespace parley
