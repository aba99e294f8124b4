// Transcripts (golden), JSON and trace files.

#include "parley/session/report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../protocol/testing.h"
#include "parley/io/scenario_io.h"
#include "session_test_util.h"

namespace parley {
namespace {

struct Run {
  std::unique_ptr<PreparedScenario> scenario;
  ReferencePoints reference;
  SessionResult result;
};

Run RunOn(Scenario scenario, std::vector<std::string> agents, std::string protocol, int64_t rounds,
          uint64_t seed = 0) {
  Run run;
  run.scenario = std::make_unique<PreparedScenario>(std::move(scenario));
  run.reference = ComputeReferencePoints(run.scenario->scenario());
  SessionConfig config;
  config.protocol = std::move(protocol);
  config.agents = std::move(agents);
  config.deadline = Deadline::Rounds(rounds);
  config.seed = seed;
  auto result = RunSession(*run.scenario, config, &run.reference);
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  if (result.ok()) run.result = std::move(*result);
  return run;
}

std::string Transcript(const Run& run) {
  std::ostringstream out;
  WriteTranscript(out, *run.scenario, run.result);
  return out.str();
}

TEST(TranscriptTest, GoldenBilateral) {
  auto run = RunOn(testing::LoadOrDie("genius/y2012/CameraB"), {"boulware", "conceder"}, "sao", 30);
  testing::ExpectGolden("camerab-boulware-conceder.txt", Transcript(run));
}

TEST(TranscriptTest, GoldenMultilateralAmop) {
  auto run = RunOn(testing::LoadOrDie("genius/y2015/group2-dinner"),
                   {"nice-tit-for-tat", "boa:accept=next-or-time,t=0.9", "random"}, "amop", 12, 3);
  testing::ExpectGolden("dinner-amop.txt", Transcript(run));
}

TEST(TranscriptTest, GoldenMediatedAndWalkAway) {
  auto veto = RunOn(testing::LoadOrDie("genius/y2015/group2-new_sporthal"),
                    {"conceder", "linear", "boulware"}, "single-text-hill-climbing", 40, 2);
  testing::ExpectGolden("sporthal-hill-climbing.txt", Transcript(veto));
  auto walk = RunOn(testing::RandomAdditiveScenario(8, 3, 4, 2),
                    {"random:p_accept=0,p_end=0.5", "boulware"}, "sao", 20, 4);
  ASSERT_EQ(walk.result.negotiation.reason, EndReason::kWalkAway);
  testing::ExpectGolden("random-walk-away.txt", Transcript(walk));
}

// A listing longer than the screen, or moves not kept, is one line that says how to see them.
TEST(TranscriptTest, ListingLongerThanTheScreenIsOneLine) {
  auto run = RunOn(testing::LoadOrDie("genius/y2012/CameraB"), {"boulware", "conceder"}, "sao", 30);
  const NegotiationResult& n = run.result.negotiation;
  ASSERT_GT(n.moves.size(), 10u);
  TranscriptOptions options;
  options.omitted_hint = "--moves lists them";
  options.max_listing_lines = n.moves.size() + 1;  // header and moves: fits exactly
  std::ostringstream fits;
  WriteTranscript(fits, *run.scenario, run.result, options);
  EXPECT_EQ(fits.str(), Transcript(run));

  options.max_listing_lines = n.moves.size();
  std::ostringstream longer;
  WriteTranscript(longer, *run.scenario, run.result, options);
  const std::string line = "\n(" + std::to_string(n.num_moves) + " moves in " +
                           std::to_string(n.rounds) +
                           " rounds, longer than the screen: --moves lists them)\n";
  EXPECT_NE(longer.str().find(line), std::string::npos) << longer.str();
  EXPECT_EQ(longer.str().find("u(Camera-B-prof1)"), std::string::npos) << "no listing";

  SessionResult dropped = run.result;
  dropped.negotiation.moves.resize(3);
  dropped.negotiation.moves_dropped = true;
  options.max_listing_lines = static_cast<size_t>(-1);
  std::ostringstream capped;
  WriteTranscript(capped, *run.scenario, dropped, options);
  EXPECT_NE(capped.str().find(line), std::string::npos) << capped.str();

  SessionResult none = run.result;
  none.negotiation.moves.clear();
  std::ostringstream not_kept;
  WriteTranscript(not_kept, *run.scenario, none, options);
  EXPECT_NE(not_kept.str().find(", not kept: --moves lists them)"), std::string::npos)
      << not_kept.str();
}

TEST(JsonTest, HasTheDocumentedKeys) {
  auto run = RunOn(testing::LoadOrDie("genius/y2012/CameraB"), {"boulware", "conceder"}, "sao", 30);
  const auto j = SessionToJson(*run.scenario, run.result);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(
      keys,
      (std::vector<std::string>{
          "scenario",     "protocol",   "agents",  "parties",         "seed",          "deadline",
          "end",          "ended_by",   "failure", "agreement",       "utilities",     "discounted",
          "reservations", "advantages", "welfare", "pareto_distance", "nash_distance", "rounds",
          "time",         "notes",      "moves"}));
  ASSERT_TRUE(j["agreement"].is_object());
  EXPECT_EQ(j["agreement"]["outcome"].size(), run.scenario->space().NumIssues());
  EXPECT_TRUE(j["agreement"]["outcome"]["Maker"].is_string());
  EXPECT_EQ(j["moves"].size(), run.result.negotiation.moves.size());
  const auto& first = j["moves"][0];
  EXPECT_EQ(first["round"], 1);
  EXPECT_EQ(first["party"], "Camera-B-prof1");
  EXPECT_EQ(first["action"], "offer");
  EXPECT_EQ(first["utilities"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["welfare"].get<double>(), run.result.metrics.welfare);

  auto none =
      RunOn(testing::RandomAdditiveScenario(3, 3, 3, 2), {"hardliner", "hardliner"}, "sao", 5);
  const auto k = SessionToJson(*none.scenario, none.result, false);
  EXPECT_TRUE(k["agreement"].is_null());
  EXPECT_EQ(k["end"], "deadline");
  EXPECT_FALSE(k.contains("moves"));
}

// The JSON of a move the way it was written before the streaming writer, with nlohmann's
// document: the oracle the fast writer must match byte for byte.
nlohmann::ordered_json ReferenceValue(const Issue& issue, ValueIndex v) {
  switch (issue.kind) {
    case IssueKind::kDiscrete:
      return issue.ValueName(v);
    case IssueKind::kInteger:
      return static_cast<int64_t>(issue.NumericValue(v));
    case IssueKind::kReal:
      return issue.NumericValue(v);
  }
  return nullptr;
}

nlohmann::ordered_json ReferenceMoveJson(const PreparedScenario& scenario, const Move& move) {
  using Json = nlohmann::ordered_json;
  const OutcomeSpace& space = scenario.space();
  Json j;
  j["round"] = move.round + 1;
  j["time"] = move.time;
  j["party"] = move.party == kMediator ? std::string("mediator")
                                       : scenario.scenario().parties[move.party].name;
  j["turn"] = std::string(TurnKindName(move.turn));
  j["action"] = std::string(ActionKindName(KindOf(move.action)));
  Json outcome = nullptr;
  if (move.outcome) {
    outcome = Json::object();
    for (size_t i = 0; i < move.outcome->size(); ++i)
      outcome[space.issue(i).name] = ReferenceValue(space.issue(i), (*move.outcome)[i]);
  }
  j["outcome"] = outcome;
  j["utilities"] = move.utilities;
  if (const auto* p = std::get_if<PartialOffer>(&move.action)) {
    Json values = Json::object();
    for (const IssueValue& iv : p->values)
      values[space.issue(iv.issue).name] = ReferenceValue(space.issue(iv.issue), iv.value);
    j["values"] = values;
  }
  if (const auto* a = std::get_if<Accept>(&move.action); a && !a->conditions.empty()) {
    Json conditions = Json::array();
    for (const Clause& c : a->conditions) {
      Json allowed = Json::array();
      for (ValueIndex v : c.allowed) allowed.push_back(ReferenceValue(space.issue(c.issue), v));
      conditions.push_back({{"issue", space.issue(c.issue).name}, {"allowed", allowed}});
    }
    j["conditions"] = conditions;
  }
  if (const auto* r = std::get_if<Reopen>(&move.action)) j["issue"] = space.issue(r->issue).name;
  if (!move.note.empty()) j["note"] = move.note;
  return j;
}

// Names that need escapes, integer and real issues: every branch of the writer.
Scenario AwkwardScenario() {
  Scenario s = testing::RandomAdditiveScenario(21, 3, 5, 2);
  s.space = OutcomeSpace(
      {Issue::Discrete("name \"q\" \xc3\xbc\\", {"a", "b\tc", "\xc3\xa7", "d/e", "\x01"}),
       Issue::Integer("n", -2, 2), Issue::Real("x", -1, 1, 5)});
  s.parties[0].name = "Caf\xc3\xa9 \"A\"";
  s.parties[1].name = "B\nnewline";
  return s;
}

TEST(JsonTest, StreamedJsonIsTheBytesOfTheDocument) {
  std::vector<parley::Run> runs;  // qualified: inside TEST, Run is testing::Test::Run
  runs.push_back(
      RunOn(testing::LoadOrDie("genius/y2012/CameraB"), {"boulware", "conceder"}, "sao", 30));
  runs.push_back(RunOn(testing::LoadOrDie("genius/y2015/group2-dinner"),
                       {"nice-tit-for-tat", "boa:accept=next-or-time,t=0.9", "random"}, "amop", 12,
                       3));
  runs.push_back(RunOn(testing::LoadOrDie("genius/y2015/group2-new_sporthal"),
                       {"conceder", "linear", "boulware"}, "single-text-hill-climbing", 40, 2));
  runs.push_back(RunOn(AwkwardScenario(), {"random", "random"}, "sao", 40, 5));
  runs.push_back(RunOn(AwkwardScenario(), {"random:p_accept=0", "linear"}, "sao", 3, 6));
  // Partial offers, conditional acceptances, reopenings, notes.
  runs.push_back(RunOn(*LoadBuiltinScenario("doha-2019"),
                       {"logroller", "issue-by-issue", "conditional-hardliner"},
                       "single-undertaking", 40));
  for (const parley::Run& run : runs) {
    SCOPED_TRACE(run.result.scenario);
    std::ostringstream streamed;
    WriteSessionJson(streamed, *run.scenario, run.result);
    EXPECT_EQ(streamed.str(),
              SessionToJson(*run.scenario, run.result)
                      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                  "\n");
    std::ostringstream jsonl;
    WriteTraceJsonLines(jsonl, *run.scenario, run.result);
    std::istringstream lines(jsonl.str());
    std::string line;
    for (const Move& move : run.result.negotiation.moves) {
      do {  // the single undertaking's states come between the rounds' moves
        ASSERT_TRUE(std::getline(lines, line));
      } while (line.rfind("{\"state\":", 0) == 0);
      EXPECT_EQ(line, ReferenceMoveJson(*run.scenario, move)
                          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    while (std::getline(lines, line)) EXPECT_EQ(line.rfind("{\"state\":", 0), 0u) << line;
  }
}

TEST(TraceTest, CsvAndJsonLines) {
  auto run = RunOn(testing::RandomAdditiveScenario(9, 2, 3, 2), {"linear", "conceder"}, "sao", 6);
  std::ostringstream csv;
  WriteTraceCsv(csv, *run.scenario, run.result);
  std::istringstream lines(csv.str());
  std::string header, row;
  std::getline(lines, header);
  EXPECT_EQ(header, "round,time,party,turn,action,i0,i1,u_P0,u_P1,note");
  std::getline(lines, row);
  // Round 1 of 6 is at t = 1/7 (GENIUS's clock).
  EXPECT_EQ(row.rfind("1,0.14285714285714285,P0,propose,offer,", 0), 0u) << row;
  size_t rows = 1;
  while (std::getline(lines, row)) ++rows;
  EXPECT_EQ(rows, run.result.negotiation.moves.size());

  std::ostringstream jsonl;
  WriteTraceJsonLines(jsonl, *run.scenario, run.result);
  std::istringstream jl(jsonl.str());
  size_t count = 0;
  while (std::getline(jl, row)) {
    const auto move = nlohmann::json::parse(row);
    EXPECT_TRUE(move.contains("round"));
    ++count;
  }
  EXPECT_EQ(count, run.result.negotiation.moves.size());

  const auto dir = std::filesystem::temp_directory_path();
  EXPECT_TRUE(
      WriteTraceFile((dir / "parley-trace-test.csv").string(), *run.scenario, run.result).ok());
  EXPECT_TRUE(
      WriteTraceFile((dir / "parley-trace-test.jsonl").string(), *run.scenario, run.result).ok());
  auto bad = WriteTraceFile((dir / "parley-trace-test.txt").string(), *run.scenario, run.result);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find(".csv, .jsonl"), std::string::npos);
  std::filesystem::remove(dir / "parley-trace-test.csv");
  std::filesystem::remove(dir / "parley-trace-test.jsonl");
}

}  // namespace
}  // namespace parley
