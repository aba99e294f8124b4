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

TEST_F(TalksCliTest, VerifyFailsOnAFileEditedWithSqlite3NamingTheFirstBadEntry) {
  ASSERT_EQ(Talks({"import"}).exit_code, 0);
  Completed clean = Talks({"verify"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_NE(clean.out.find("chain head "), std::string::npos) << clean.out;
  // Backdate entry 9 as someone with the file and the sqlite3 tool could: drop the trigger that
  // refuses the change, change the row, put the trigger back.
  const std::string sql =
      "DROP TRIGGER entries_no_update; UPDATE entries SET date = '2019-01-02' WHERE seq = 9; "
      "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, "
      "'the ledger is append-only: entries rows cannot be changed'); END;";
  Completed edited = RunCommand("/usr/bin/sqlite3", {db_, sql});
  ASSERT_EQ(edited.exit_code, 0) << "apt-get install sqlite3: " << edited.err;
  Completed tampered = Talks({"verify"});
  EXPECT_EQ(tampered.exit_code, 2);
  EXPECT_NE(tampered.err.find("entry 9: its content does not match its hash"), std::string::npos)
      << tampered.err;
  EXPECT_NE(tampered.err.find(db_), std::string::npos) << tampered.err;
}

TEST_F(TalksCliTest, RetractsMarksLateEntriesAndReplaysAsKnownAtATime) {
  NewSmall();
  ASSERT_EQ(Talks({"round", "--date", "2019-02-25", "--title", "February"}).exit_code, 0);
  Completed refused = Talks({"round", "--date", "2019-01-21", "--title", "January"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("correction"), std::string::npos) << refused.err;
  ASSERT_EQ(
      Talks({"round", "--date", "2019-01-21", "--title", "January", "--correction"}).exit_code, 0);
  ASSERT_EQ(Talks({"agree", "--set", "withdrawal=half", "--date", "2019-02-26"}).exit_code, 0);
  Completed future = Talks({"note", "--text", "x", "--date", "2999-01-01"});
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_NE(future.err.find("in the future"), std::string::npos) << future.err;
  auto json = nlohmann::json::parse(Talks({"status", "--json"}).out);
  EXPECT_EQ(json["issues"][0]["status"], "agreed-in-draft");
  Completed retracted = Talks({"retract", "3", "--reason", "the wrong cable"});
  ASSERT_EQ(retracted.exit_code, 0) << retracted.err;
  json = nlohmann::json::parse(Talks({"status", "--json"}).out);
  EXPECT_EQ(json["issues"][0]["status"], "open");
  Completed history = Talks({"history"});
  EXPECT_NE(history.out.find("[retracted by #4: the wrong cable]"), std::string::npos)
      << history.out;
  EXPECT_NE(history.out.find("[late]"), std::string::npos) << "the January round came late";
  EXPECT_NE(history.out.find("[correction]"), std::string::npos);
  // Known at a time before anything was recorded: nothing.
  json = nlohmann::json::parse(Talks({"history", "--json", "--known-at", "2019-12-31"}).out);
  EXPECT_TRUE(json["entries"].empty());
  EXPECT_EQ(json["known_at"], "2019-12-31T23:59:59Z");
  Completed report = Talks({"report", "--out", dir_.File("r.html")});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::ifstream in(dir_.File("r.html"));
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_NE(html.str().find("id=\"late\""), std::string::npos);
  EXPECT_NE(html.str().find("retracted by entry 4"), std::string::npos);
  EXPECT_EQ(Talks({"verify"}).exit_code, 0);
}

TEST_F(TalksCliTest, APartysReportHoldsNothingPrivateOfTheOthers) {
  ASSERT_EQ(Talks({"import"}).exit_code, 0);
  const std::string mine = dir_.File("taliban.html"), full = dir_.File("mediator.html");
  ASSERT_EQ(Talks({"report", "--for", "Taliban", "--out", mine}).exit_code, 0);
  ASSERT_EQ(Talks({"report", "--out", full}).exit_code, 0);
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string party = read(mine), mediator = read(full);
  // The mediator's copy labels the private parts and holds every profile and the Nash package.
  EXPECT_NE(mediator.find("class=\"private\""), std::string::npos);
  EXPECT_NE(mediator.find("id=\"nash\""), std::string::npos);
  size_t profiles = 0;
  for (size_t at = mediator.find("profile (estimated)"); at != std::string::npos;
       at = mediator.find("profile (estimated)", at + 1))
    ++profiles;
  EXPECT_EQ(profiles, 3u);
  // The Taliban's copy: its own profile only, no Nash package, no frontier of utilities.
  profiles = 0;
  for (size_t at = party.find("profile (estimated)"); at != std::string::npos;
       at = party.find("profile (estimated)", at + 1))
    ++profiles;
  EXPECT_EQ(profiles, 1u);
  EXPECT_EQ(party.find("id=\"nash\""), std::string::npos);
  EXPECT_EQ(party.find("id=\"frontier\""), std::string::npos);
  EXPECT_NE(party.find("The copy for Taliban"), std::string::npos);
  EXPECT_NE(party.find("id=\"best\""), std::string::npos);
  EXPECT_EQ(Talks({"report", "--for", "Nobody"}).exit_code, 2);
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
