// parley's native ANAC agents against GENIUS 10.4 (issue 12). tests/data/anac/NAME.jsonl holds
// refrun.sh traces of GENIUS class C (NAME's genius_class) against GENIUS's Boulware and Conceder
// in both orders and against itself, on ten GENIUS scenarios, 100 and 1000 rounds, seed 1
// (regenerate.py there made them; each line keeps its refrun command). For every session this
// test plays the same session natively (sao, the same seed) and compares:
// - agreement: the same outcome in the same round, or no agreement in both;
// - moves: every action identical;
// - replay: each move of the native agent when it is fed GENIUS's history so far (the share of
//   its moves that equal GENIUS's, even after a live session has diverged).
// It prints the table docs/agents.md shows. Issue 12's bar is the same agreement in >= 95% of
// an agent's sessions; an agent that does not reach it yet has its measured floors here (and
// the gap explained in docs/agents.md), so that the test still fails on any regression.
// PARLEY_ANAC_VERBOSE=1 prints the first difference of every session.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "parley/agent/agents.h"
#include "parley/io/scenario_io.h"
#include "parley/protocol/prepared_scenario.h"
#include "parley/protocol/protocol.h"
#include "parley/session/session.h"

namespace parley {
namespace {

namespace fs = std::filesystem;

const fs::path kTraces = fs::path(PARLEY_SOURCE_DIR) / "tests" / "data" / "anac";
const fs::path kGenius = fs::path(PARLEY_SHARED_DATA_DIR) / "genius";

struct TraceMove {
  char kind = 'o';  // 'o' offer, 'a' accept, 'e' end
  Outcome bid;
};

Outcome DecodeBid(const std::string& text) {
  Outcome out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, '.')) out.push_back(static_cast<ValueIndex>(std::stoul(part)));
  return out;
}

// "bids" and "moves" as regenerate.py writes them: groups of comma-separated items (an index
// into `bids`, "a" or "e"), "group*k" repeating a group k times.
std::vector<TraceMove> DecodeMoves(const std::vector<std::string>& bids, const std::string& text) {
  std::vector<TraceMove> out;
  std::stringstream in(text);
  std::string token;
  while (in >> token) {
    size_t count = 1;
    if (auto star = token.find('*'); star != std::string::npos) {
      count = std::stoul(token.substr(star + 1));
      token = token.substr(0, star);
    }
    std::vector<TraceMove> group;
    std::stringstream items(token);
    std::string item;
    while (std::getline(items, item, ',')) {
      TraceMove m;
      if (item == "a" || item == "e") {
        m.kind = item[0];
      } else {
        m.kind = 'o';
        m.bid = DecodeBid(bids.at(std::stoul(item)));
      }
      group.push_back(std::move(m));
    }
    for (size_t i = 0; i < count; ++i) out.insert(out.end(), group.begin(), group.end());
  }
  return out;
}

// The native agent for a GENIUS class: the registry's genius_class (agents that reproduce the
// class move for move), else the approximations under test here.
std::string NativeSpec(const std::string& genius_class) {
  for (const auto& entry : Agents().List())
    if (entry.genius_class == genius_class) return entry.name;
  if (genius_class == "agents.anac.y2011.HardHeaded.KLH") return "hardheaded";
  // parley's time-dependent agents, until they claim GENIUS's classes (issue 11).
  if (genius_class == "agents.TimeDependentAgentBoulware") return "boulware";
  if (genius_class == "agents.TimeDependentAgentConceder") return "conceder";
  return "";
}

std::string Describe(const TraceMove& m) {
  if (m.kind != 'o') return m.kind == 'a' ? "accept" : "end";
  std::string s = "offer ";
  for (size_t i = 0; i < m.bid.size(); ++i) s += (i ? "." : "") + std::to_string(m.bid[i]);
  return s;
}

TraceMove FromAction(const Action& action) {
  TraceMove m;
  switch (KindOf(action)) {
    case ActionKind::kOffer:
      m.kind = 'o';
      m.bid = std::get<Offer>(action).outcome;
      break;
    case ActionKind::kAccept:
      m.kind = 'a';
      break;
    default:
      m.kind = 'e';
  }
  return m;
}

bool Same(const TraceMove& a, const TraceMove& b) {
  return a.kind == b.kind && (a.kind != 'o' || a.bid == b.bid);
}

struct Tally {
  int sessions = 0, same_agreement = 0, same_moves = 0;
  int64_t replay_moves = 0, replay_same = 0;
};

// Feeds party `self` GENIUS's history and counts how many of its moves equal GENIUS's.
void Replay(const PreparedScenario& prepared, const std::string& spec, size_t self,
            const std::vector<TraceMove>& moves, int64_t rounds, uint64_t seed, Tally& tally,
            std::string* first_difference) {
  auto protocol = Protocols().Make("sao");
  ASSERT_TRUE(protocol.ok());
  const ProtocolInfo& info = (*protocol)->info();
  const Deadline deadline = Deadline::Rounds(rounds);
  NegotiatorSetup setup(prepared, self, info, deadline, seed, 0);
  auto agent = Agents().Make(spec);
  ASSERT_TRUE(agent.ok()) << agent.error().ToString();
  (*agent)->Start(setup);
  Outcome standing;
  bool has_standing = false;
  for (size_t i = 0; i < moves.size(); ++i) {
    const int round = static_cast<int>(i / 2);
    const size_t party = i % 2;
    const double time = RoundTime(round, rounds);
    const TraceMove& m = moves[i];
    Action action = m.kind == 'o'   ? Action(Offer{m.bid})
                    : m.kind == 'a' ? Action(Accept{})
                                    : Action(EndNegotiation{});
    if (party == self) {
      Turn turn;
      turn.kind = TurnKind::kPropose;
      turn.round = round;
      turn.time = time;
      turn.allowed = has_standing
                         ? ActionSet{ActionKind::kOffer, ActionKind::kAccept, ActionKind::kEnd}
                         : ActionSet{ActionKind::kOffer, ActionKind::kEnd};
      turn.offer = has_standing ? &standing : nullptr;
      turn.offer_from = has_standing ? static_cast<int>(1 - self) : kNoParty;
      const TraceMove mine = FromAction((*agent)->Act(turn));
      ++tally.replay_moves;
      if (Same(mine, m)) {
        ++tally.replay_same;
      } else if (first_difference && first_difference->empty()) {
        *first_difference = "replay: round " + std::to_string(round + 1) + " party " +
                            std::to_string(self) + ": GENIUS " + Describe(m) + ", parley " +
                            Describe(mine);
      }
    } else {
      Event event;
      event.round = round;
      event.time = time;
      event.party = static_cast<int>(party);
      event.action = &action;
      event.outcome = m.kind == 'o' ? &m.bid : (has_standing ? &standing : nullptr);
      (*agent)->Observe(event);
    }
    if (m.kind == 'o') standing = m.bid, has_standing = true;
  }
}

struct Floors {
  double agreement = 0.95;  // share of sessions with GENIUS's agreement (outcome and round)
  double replay = 0;        // share of replayed moves equal to GENIUS's
};

void CompareAgent(const std::string& name, const Floors& floors) {
  const fs::path path = kTraces / (name + ".jsonl");
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const bool verbose = std::getenv("PARLEY_ANAC_VERBOSE") != nullptr;
  std::map<std::string, Tally> rows;  // "opponent rounds" -> tally
  Tally total;
  std::string line;
  std::map<std::string, std::unique_ptr<PreparedScenario>> prepared_cache;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    const std::string scenario = j["scenario"];
    const std::vector<std::string> classes = j["agents"];
    const std::vector<std::string> profiles = j["profiles"];
    const int64_t rounds = j["rounds"];
    const uint64_t seed = j["seed"];
    const std::string key = scenario + "/" + profiles[0];
    if (!prepared_cache.count(key)) {
      const fs::path dir = kGenius / scenario;
      std::vector<std::string> files{(dir / std::string(j["domain"])).string(),
                                     (dir / profiles[0]).string(), (dir / profiles[1]).string()};
      auto loaded = LoadScenario(files);
      ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
      prepared_cache[key] = std::make_unique<PreparedScenario>(std::move(loaded->scenario));
    }
    const PreparedScenario& prepared = *prepared_cache[key];
    std::vector<std::string> specs;
    for (const auto& c : classes) {
      specs.push_back(NativeSpec(c));
      ASSERT_FALSE(specs.back().empty()) << "no native agent has genius_class " << c;
    }
    const std::vector<TraceMove> moves = DecodeMoves(j["bids"], j["moves"]);
    // The trace's value positions must be parley's: its agreement's utilities match.
    if (!j["agreement"].is_null()) {
      const Outcome agreed = DecodeBid(j["agreement"]);
      const auto u = prepared.Utilities(agreed);
      ASSERT_NEAR(u[0], j["utilities"][0].get<double>(), 1e-3) << j["command"];
      ASSERT_NEAR(u[1], j["utilities"][1].get<double>(), 1e-3) << j["command"];
    }
    SessionConfig config;
    config.agents = specs;
    config.deadline = Deadline::Rounds(rounds);
    config.seed = seed;
    auto result = RunSession(prepared, config);
    ASSERT_TRUE(result.ok()) << result.error().ToString();
    const NegotiationResult& n = result->negotiation;
    std::string difference;
    // Live moves.
    bool same_moves = n.moves.size() == moves.size();
    for (size_t i = 0; i < std::min(n.moves.size(), moves.size()); ++i) {
      const TraceMove mine = FromAction(n.moves[i].action);
      if (!Same(mine, moves[i]) || n.moves[i].party != static_cast<int>(i % 2) ||
          n.moves[i].round != static_cast<int>(i / 2)) {
        same_moves = false;
        if (difference.empty()) {
          difference = "live: move " + std::to_string(i) + " (round " + std::to_string(i / 2 + 1) +
                       "): GENIUS " + Describe(moves[i]) + ", parley " + Describe(mine);
        }
        break;
      }
    }
    if (!same_moves && difference.empty()) {
      difference = "live: " + std::to_string(n.moves.size()) + " moves, GENIUS " +
                   std::to_string(moves.size());
    }
    // Agreement: same outcome, same round (GENIUS's round is 1-based; parley's rounds count).
    const bool genius_agreed = !j["agreement"].is_null();
    bool same_agreement = genius_agreed == n.agreement.has_value();
    if (same_agreement && genius_agreed) {
      same_agreement =
          *n.agreement == DecodeBid(j["agreement"]) && n.rounds == j["round"].get<int>();
    }
    const std::string opponent = classes[0] == classes[1]         ? "itself"
                                 : NativeSpec(classes[0]) == name ? specs[1] + " (2nd)"
                                                                  : specs[0] + " (1st)";
    Tally& row = rows[opponent + " " + std::to_string(rounds)];
    for (Tally* t : {&row, &total}) {
      ++t->sessions;
      t->same_agreement += same_agreement;
      t->same_moves += same_moves;
    }
    std::string replay_difference;
    for (size_t self = 0; self < 2; ++self) {
      if (specs[self] != name) continue;
      Tally replay;
      Replay(prepared, name, self, moves, rounds, seed, replay, &replay_difference);
      for (Tally* t : {&row, &total}) {
        t->replay_moves += replay.replay_moves;
        t->replay_same += replay.replay_same;
      }
    }
    if (verbose && (!same_moves || !replay_difference.empty())) {
      std::cout << name << " " << scenario << " " << specs[0] << " vs " << specs[1] << " " << rounds
                << ": " << difference << (difference.empty() ? "" : "; ") << replay_difference
                << (same_agreement ? "" : " [agreement differs]") << "\n";
    }
  }
  auto pct = [](int64_t a, int64_t b) {
    std::ostringstream s;
    s.precision(1);
    s << std::fixed << (b ? 100.0 * a / b : 0.0) << "%";
    return s.str();
  };
  std::cout << "\n"
            << name << " (" << path.filename().string() << ")\n"
            << "| opponent | rounds | sessions | same agreement | same moves | replayed moves "
               "equal |\n|---|---|---|---|---|---|\n";
  for (const auto& [key, t] : rows) {
    const auto space = key.rfind(' ');
    std::cout << "| " << key.substr(0, space) << " | " << key.substr(space + 1) << " | "
              << t.sessions << " | " << t.same_agreement << " ("
              << pct(t.same_agreement, t.sessions) << ") | " << t.same_moves << " ("
              << pct(t.same_moves, t.sessions) << ") | " << pct(t.replay_same, t.replay_moves)
              << " of " << t.replay_moves << " |\n";
  }
  std::cout << "| all | | " << total.sessions << " | " << total.same_agreement << " ("
            << pct(total.same_agreement, total.sessions) << ") | " << total.same_moves << " ("
            << pct(total.same_moves, total.sessions) << ") | "
            << pct(total.replay_same, total.replay_moves) << " of " << total.replay_moves << " |\n";
  std::cout << (total.same_agreement >= 0.95 * total.sessions ? "meets" : "does NOT meet")
            << " issue 12's bar (the same agreement in >= 95% of sessions)\n";
  EXPECT_GE(total.same_agreement, floors.agreement * total.sessions)
      << name << ": the same agreement as GENIUS in " << total.same_agreement << " of "
      << total.sessions << " sessions";
  EXPECT_GE(total.replay_same, floors.replay * static_cast<double>(total.replay_moves))
      << name << ": " << total.replay_same << " of " << total.replay_moves
      << " replayed moves equal GENIUS's";
}

// Measured floors of the agents that do not meet the bar yet (docs/agents.md says why).
Floors FloorsOf(const std::string& name) {
  // hardheaded: measured 24% / 61.2% with GENIUS's clock, while parley's boulware and conceder
  // still offered nearest above the target and accepted at it (not GENIUS's nearest and AC_next).
  if (name == "hardheaded") return {0.20, 0.60};
  return {};
}

class AnacAgentsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AnacAgentsTest, MatchesGenius) {
  if (!fs::exists(kGenius)) GTEST_SKIP() << kGenius << " not found";
  CompareAgent(GetParam(), FloorsOf(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Traces, AnacAgentsTest, ::testing::Values("hardheaded"),
                         [](const auto& info) {
                           std::string s = info.param;
                           for (char& c : s)
                             if (c == '-') c = '_';
                           return s;
                         });

}  // namespace
}  // namespace parley

namespace parley {
namespace {

TEST(HardHeadedTest, BadParametersAreErrors) {
  for (const char* spec : {"hardheaded:top=0", "hardheaded:e=0", "hardheaded:min=2",
                           "hardheaded:tolerance=-1", "hardheaded:speed=1"}) {
    auto made = Agents().Make(spec);
    ASSERT_FALSE(made.ok()) << spec;
    EXPECT_EQ(made.error().code, ErrorCode::kBadInput) << spec;
  }
  EXPECT_TRUE(Agents().Make("hardheaded:top=2,e=0.1,learning-rate=0.3").ok());
  EXPECT_TRUE(Agents().Make("boa:model=hardheaded-frequency,learning-rate=0.1").ok());
}

// hardheaded ranks every outcome; on a space too large for that (ANAC 2014's 30 issues) its
// session fails with a message saying so, recorded against it, and parley goes on.
TEST(HardHeadedTest, ASpaceTooLargeIsARecordedFailure) {
  const fs::path dir = kGenius / "y2014" / "30issues";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " not found";
  auto loaded = LoadScenario(std::vector<std::string>{dir.string()});
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  PreparedScenario prepared(std::move(loaded->scenario));
  SessionConfig config;
  config.agents = {"boulware", "hardheaded"};
  config.deadline = Deadline::Rounds(10);
  ReferencePoints none;
  auto result = RunSession(prepared, config, &none);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_TRUE(result->negotiation.failure.has_value());
  EXPECT_EQ(result->negotiation.failure->party, 1u);
  EXPECT_EQ(result->negotiation.failure->kind, FailureKind::kException);
  EXPECT_NE(result->negotiation.failure->message.find("ranks every outcome"), std::string::npos)
      << result->negotiation.failure->message;
  EXPECT_FALSE(result->negotiation.agreement.has_value());
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

// Like every agent, hardheaded plays any number of parties under every protocol.
TEST(HardHeadedTest, PlaysThreePartiesUnderEveryProtocol) {
  const fs::path dir = kGenius / "y2015" / "group2-dinner";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " not found";
  auto loaded = LoadScenario(std::vector<std::string>{dir.string()});
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  ASSERT_EQ(loaded->scenario.NumParties(), 3u);
  PreparedScenario prepared(std::move(loaded->scenario));
  ReferencePoints none;
  for (const char* protocol : {"sao", "amop", "single-text-veto"}) {
    SessionConfig config;
    config.protocol = protocol;
    config.agents = {"hardheaded", "conceder", "hardheaded"};
    config.deadline = Deadline::Rounds(200);
    auto result = RunSession(prepared, config, &none);
    ASSERT_TRUE(result.ok()) << protocol << ": " << result.error().ToString();
    EXPECT_FALSE(result->negotiation.failure.has_value())
        << protocol << ": " << result->negotiation.failure->message;
  }
}

}  // namespace
}  // namespace parley
