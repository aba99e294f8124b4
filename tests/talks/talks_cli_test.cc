// `parley talks ...` end to end: the binary on a temporary ledger.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"

namespace parley::testing {
namespace {

class TalksCliTest : public ::testing::Test {
 protected:
  Completed Talks(std::vector<std::string> args) {
    args.insert(args.begin(), "talks");
    if (args.size() > 1 && args[1] != "token") {
      args.push_back("--db");
      args.push_back(db_);
    }
    return RunCommand(PARLEY_BINARY, args);
  }
  Completed Token(std::vector<std::string> args) {
    args.insert(args.begin(), {"talks", "token"});
    args.push_back("--db");
    args.push_back(db_);
    return RunCommand(PARLEY_BINARY, args);
  }
  /// A small negotiation made on the command line.
  void NewSmall() {
    Completed created = Talks({"new", "small", "--party", "US", "--party", "Taliban", "--issue",
                               "withdrawal=none,half,full", "--issue", "ceasefire=none,announced",
                               "--ratifier", "US"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    tokens_ = ParseTokens(created.out);
  }

  TempDir dir_;
  std::string db_ = dir_.File("talks.db");
  PrintedTokens tokens_;
};

TEST_F(TalksCliTest, NewPrintsTokensForTheMediatorAndEachParty) {
  NewSmall();
  EXPECT_EQ(tokens_.mediator.rfind("plt_", 0), 0u);
  ASSERT_EQ(tokens_.parties.size(), 2u);
  EXPECT_EQ(tokens_.parties[0].first, "US");
  EXPECT_NE(tokens_.For("Taliban"), tokens_.mediator);
  Completed list = Token({"list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("mediator"), std::string::npos);
  EXPECT_EQ(list.out.find("plt_"), std::string::npos) << "secrets must never be listed";
}

TEST_F(TalksCliTest, RecordsRoundsAgreementsAndVotesAndComputesTheStatus) {
  NewSmall();
  ASSERT_EQ(Talks({"round", "--date", "2019-01-21", "--end", "2019-01-26", "--place", "Doha",
                   "--title", "January round"})
                .exit_code,
            0);
  Completed proposal = Talks({"propose", "--party", "US", "--set", "withdrawal=half", "--text",
                              "draft framework", "--date", "2019-01-25"});
  ASSERT_EQ(proposal.exit_code, 0) << proposal.err;
  ASSERT_EQ(Talks({"position", "--party", "Taliban", "--condition",
                   "if ceasefire=announced then withdrawal=full", "--source-kind", "statement",
                   "--source", "a commander", "--date", "2019-01-25"})
                .exit_code,
            0);
  ASSERT_EQ(Talks({"agree", "--party", "US", "--set", "withdrawal=half", "--date", "2019-01-26"})
                .exit_code,
            0);
  Completed status = Talks({"status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto json = nlohmann::json::parse(status.out);
  EXPECT_EQ(json["issues"][0]["status"], "open");
  EXPECT_EQ(json["issues"][0]["acceptances"].size(), 1u);
  ASSERT_EQ(
      Talks({"agree", "--party", "Taliban", "--set", "withdrawal=half", "--date", "2019-01-26"})
          .exit_code,
      0);
  json = nlohmann::json::parse(Talks({"status", "--json"}).out);
  EXPECT_EQ(json["issues"][0]["status"], "agreed-in-draft");
  EXPECT_EQ(json["issues"][0]["value"], "half");
  // The round was inferred from the date.
  auto history = nlohmann::json::parse(Talks({"history", "--json"}).out);
  EXPECT_EQ(history["entries"][1]["round"], 1);

  ASSERT_EQ(Talks({"reopen", "--issue", "withdrawal", "--text", "timing", "--date", "2019-02-26"})
                .exit_code,
            0);
  json = nlohmann::json::parse(Talks({"status", "--json"}).out);
  EXPECT_EQ(json["issues"][0]["status"], "reopened");
  EXPECT_EQ(json["issues"][0]["reopened"], 1);
  // Replay: on 2019-02-01 withdrawal was still agreed in draft.
  json = nlohmann::json::parse(Talks({"status", "--json", "--as-of", "2019-02-01"}).out);
  EXPECT_EQ(json["issues"][0]["status"], "agreed-in-draft");

  ASSERT_EQ(Talks({"agree", "--set", "withdrawal=full", "--set", "ceasefire=announced", "--date",
                   "2019-03-01"})
                .exit_code,
            0);
  Completed vote = Talks({"vote", "--party", "US", "--accept", "--date", "2019-03-02"});
  ASSERT_EQ(vote.exit_code, 0) << vote.err;
  EXPECT_NE(vote.out.find("final agreement: yes"), std::string::npos) << vote.out;
  Completed text = Talks({"status"});
  EXPECT_NE(text.out.find("final agreement: yes"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("final"), std::string::npos);
}

TEST_F(TalksCliTest, ReportIsSelfContainedHtml) {
  NewSmall();
  ASSERT_EQ(Talks({"round", "--date", "2019-01-21", "--title", "January <round>"}).exit_code, 0);
  const std::string out = dir_.File("report.html");
  Completed report = Talks({"report", "--out", out});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::ifstream in(out);
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_NE(html.str().find("January &lt;round&gt;"), std::string::npos);
  EXPECT_NE(html.str().find("id=\"status\""), std::string::npos);
  EXPECT_EQ(html.str().find("<script"), std::string::npos);
}

TEST_F(TalksCliTest, ImportLoadsTheDohaHistory) {
  Completed imported = Talks({"import"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  PrintedTokens tokens = ParseTokens(imported.out);
  EXPECT_FALSE(tokens.mediator.empty());
  EXPECT_FALSE(tokens.For("Afghan government").empty());
  Completed status = Talks({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("counter_terrorism"), std::string::npos);
  EXPECT_NE(status.out.find("agreed-in-draft"), std::string::npos);
  EXPECT_NE(status.out.find("[not open yet]"), std::string::npos);
  EXPECT_NE(status.out.find("senior Taliban commander"), std::string::npos) << status.out;
  Completed history = Talks({"history"});
  EXPECT_NE(history.out.find("Draft framework"), std::string::npos);
  EXPECT_NE(history.out.find("Ashraf Ghani"), std::string::npos);
  // A second import under the same name is refused.
  EXPECT_EQ(Talks({"import"}).exit_code, 2);
}

TEST_F(TalksCliTest, TokensAreIssuedAndRevoked) {
  NewSmall();
  Completed issued = Token({"issue", "--party", "Taliban", "--label", "second device"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  EXPECT_NE(issued.out.find("plt_"), std::string::npos);
  // Tokens 1-3 came with `new`; this is 4.
  Completed revoked = Token({"revoke", "4"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(Token({"revoke", "4"}).exit_code, 2);
  EXPECT_EQ(Token({"revoke", "99"}).exit_code, 2);
  Completed list = Token({"list"});
  EXPECT_NE(list.out.find("revoked"), std::string::npos);
  EXPECT_EQ(Token({"issue", "--party", "Nobody"}).exit_code, 2);
}

TEST_F(TalksCliTest, MistakesAreReportedWithExitCode2) {
  Completed missing = Talks({"status"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot open ledger"), std::string::npos) << missing.err;
  NewSmall();
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const Case cases[] = {
      {{"agree", "--party", "Nobody", "--set", "withdrawal=half"}, "unknown party 'Nobody'"},
      {{"agree", "--set", "withdrawal=most"}, "unknown value 'most'"},
      {{"agree", "--set", "troops=half"}, "unknown issue 'troops'"},
      {{"round", "--date", "2019-02-30"}, "expected a date"},
      {{"propose", "--round", "7", "--set", "withdrawal=half"}, "unknown round 7"},
      {{"vote", "--party", "US"}, "exactly one of --accept and --reject"},
      {{"position", "--party", "US", "--condition", "if ceasefire=announced"}, "expected 'if"},
      {{"status", "--as-of", "March"}, "expected a date"},
      {{"new", "small", "--party", "A", "--party", "B", "--issue", "x=1,2"}, "already exists"},
  };
  for (const Case& c : cases) {
    Completed result = Talks(c.args);
    EXPECT_EQ(result.exit_code, 2) << c.args[0];
    EXPECT_NE(result.err.find(c.message), std::string::npos) << c.args[0] << ": " << result.err;
  }
  // Nothing was recorded by the failed commands.
  auto history = nlohmann::json::parse(Talks({"history", "--json"}).out);
  EXPECT_TRUE(history["entries"].empty());
}

}  // namespace
}  // namespace parley::testing
