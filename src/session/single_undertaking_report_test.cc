// The single undertaking as a session shows it: the golden transcript of parley's default run
// (doha-2019, logroller, issue-by-issue, conditional-hardliner), the per-round issue states in
// the transcript and the trace files, the JSON keys, and byte-identical output for one seed.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "parley/io/scenario_io.h"
#include "parley/session/report.h"
#include "parley/session/session.h"
#include "session_test_util.h"

namespace parley {
namespace {

struct DohaRun {
  std::unique_ptr<PreparedScenario> scenario;
  SessionResult result;
};

DohaRun Doha(const std::string& protocol = "single-undertaking", uint64_t seed = 0) {
  auto scenario = LoadBuiltinScenario("doha-2019");
  EXPECT_TRUE(scenario.ok());
  DohaRun run;
  run.scenario = std::make_unique<PreparedScenario>(std::move(*scenario));
  SessionConfig config;
  config.protocol = protocol;
  config.agents = {"logroller", "issue-by-issue", "conditional-hardliner"};
  config.deadline = Deadline::Rounds(100);
  config.seed = seed;
  auto result = RunSession(*run.scenario, config);
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  if (result.ok()) run.result = std::move(*result);
  return run;
}

std::string Transcript(const DohaRun& run) {
  std::ostringstream out;
  WriteTranscript(out, *run.scenario, run.result);
  return out.str();
}

TEST(SingleUndertakingReport, GoldenTranscriptOfTheDefaultRun) {
  testing::ExpectGolden("doha-single-undertaking.txt", Transcript(Doha()));
}

TEST(SingleUndertakingReport, TranscriptShowsTheStateWhenItChanges) {
  const DohaRun run = Doha();
  const std::string text = Transcript(run);
  int lines = 0;
  for (const RoundState& s : run.result.negotiation.round_states) {
    if (s.text.empty()) continue;
    ++lines;
    EXPECT_NE(text.find("   state after round " + std::to_string(s.round + 1) + ": " + s.text),
              std::string::npos);
  }
  EXPECT_GT(lines, 3);
  EXPECT_LT(lines, static_cast<int>(run.result.negotiation.round_states.size()))
      << "only rounds that changed something";
  for (const char* note :
       {"agreed in draft:", "track 'intra-Afghan negotiations' opens", "reopened (1st time)",
        "final vote fails", "final vote passes", "votes against the whole package"})
    EXPECT_NE(text.find(note), std::string::npos) << note;
}

TEST(SingleUndertakingReport, TraceFilesCarryEveryRoundsIssueStates) {
  const DohaRun run = Doha();
  const size_t rounds = run.result.negotiation.round_states.size();
  ASSERT_EQ(rounds, static_cast<size_t>(run.result.negotiation.rounds));

  std::ostringstream jsonl;
  WriteTraceJsonLines(jsonl, *run.scenario, run.result);
  std::istringstream lines(jsonl.str());
  std::string line;
  size_t states = 0, moves = 0;
  int last_round = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    if (j.contains("state")) {
      ++states;
      EXPECT_EQ(j["state"]["round"], last_round) << "the state follows its round's moves";
      EXPECT_EQ(j["state"]["issues"].size(), 5u);
    } else {
      ++moves;
      last_round = j["round"];
    }
  }
  EXPECT_EQ(states, rounds);
  EXPECT_EQ(moves, run.result.negotiation.moves.size());

  std::ostringstream csv;
  WriteTraceCsv(csv, *run.scenario, run.result);
  size_t state_rows = 0;
  std::istringstream rows(csv.str());
  while (std::getline(rows, line)) state_rows += line.find(",,,state,state,") != std::string::npos;
  EXPECT_EQ(state_rows, rounds);
  EXPECT_NE(csv.str().find("final:full-in-14-months"), std::string::npos);
}

TEST(SingleUndertakingReport, JsonCarriesIssuesAndFinalVote) {
  const DohaRun run = Doha();
  const auto j = SessionToJson(*run.scenario, run.result);
  EXPECT_EQ(j["protocol"], "single-undertaking");
  ASSERT_EQ(j["issues"].size(), 5u);
  for (const auto& issue : j["issues"]) {
    for (const char* key : {"name", "track", "status", "value", "reopened"})
      EXPECT_TRUE(issue.contains(key)) << key;
    EXPECT_EQ(issue["status"], "final");
  }
  EXPECT_EQ(j["final_vote"]["passed"], true);
  EXPECT_EQ(j["final_vote"]["votes"].size(), 3u);
  // Without an agreement (8 rounds: one issue still open; with 9 or more all five are agreed in
  // draft and the final vote fails) the record keeps the draft and the failed vote.
  const DohaRun short_run = [] {
    auto scenario = LoadBuiltinScenario("doha-2019");
    DohaRun run;
    run.scenario = std::make_unique<PreparedScenario>(std::move(*scenario));
    SessionConfig config;
    config.protocol = "single-undertaking";
    config.agents = {"logroller", "issue-by-issue", "conditional-hardliner"};
    config.deadline = Deadline::Rounds(8);
    run.result = *RunSession(*run.scenario, config);
    return run;
  }();
  const auto k = SessionToJson(*short_run.scenario, short_run.result);
  EXPECT_TRUE(k["agreement"].is_null());
  EXPECT_EQ(k["final_vote"]["passed"], false);
  EXPECT_EQ(k["issues"][0]["status"], "agreed-in-draft");
  EXPECT_EQ(k["issues"][4]["status"], "open");
  EXPECT_TRUE(k["issues"][4]["value"].is_null());
  EXPECT_EQ(k["utilities"], k["reservations"]) << "no agreement: reservation values";
}

TEST(SingleUndertakingReport, SameSeedSameBytes) {
  const DohaRun a = Doha("single-undertaking", 5), b = Doha("single-undertaking", 5);
  EXPECT_EQ(Transcript(a), Transcript(b));
  EXPECT_EQ(SessionToJson(*a.scenario, a.result).dump(),
            SessionToJson(*b.scenario, b.result).dump());
}

}  // namespace
}  // namespace parley
