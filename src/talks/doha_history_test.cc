#include <gtest/gtest.h>

#include "parley/io/scenario_io.h"
#include "parley/talks/talks_setup.h"
#include "parley/talks/talks_status.h"
#include "parley/talks/talks_views.h"
#include "test_util.h"

namespace parley {
namespace {

class DohaHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto doha = LoadBuiltinScenario("doha-2019");
    ASSERT_TRUE(doha.ok()) << doha.error().ToString();
    doha_ = std::move(*doha);
    auto ledger = Ledger::Open(path_.path());
    ASSERT_TRUE(ledger.ok());
    ledger_ = std::make_unique<Ledger>(std::move(*ledger));
    auto created = ImportDohaHistory(*ledger_, doha_);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    created_ = std::move(*created);
  }

  testing::TempLedgerPath path_;
  Scenario doha_;
  std::unique_ptr<Ledger> ledger_;
  NewTalks created_;
};

TEST_F(DohaHistoryTest, RecordsTheReportedTalks) {
  EXPECT_EQ(created_.info.name, "doha-2019");
  EXPECT_EQ(created_.party_tokens.size(), 3u);
  EXPECT_EQ(created_.profiles, 3);
  auto state = ledger_->Load(created_.info.id);
  ASSERT_TRUE(state.ok());
  int rounds = 0, positions = 0, conditions = 0;
  bool commander = false, ghani = false, framework = false;
  for (const LedgerEntry& e : state->entries) {
    rounds += e.kind == EntryKind::kRound;
    positions += e.kind == EntryKind::kPosition;
    conditions += static_cast<int>(e.conditions.size());
    commander |= e.source.find("senior Taliban commander") != std::string::npos;
    ghani |= e.source.find("Ashraf Ghani") != std::string::npos;
    framework |= e.text.find("Draft framework") != std::string::npos;
  }
  EXPECT_EQ(rounds, 2);
  EXPECT_GE(positions, 4);
  EXPECT_EQ(conditions, 2);
  EXPECT_TRUE(commander && ghani && framework);
  const LedgerEntry& second_round = state->entries.at(5);
  EXPECT_EQ(second_round.kind, EntryKind::kRound);
  EXPECT_EQ(second_round.date, "2019-02-25");
  EXPECT_EQ(second_round.end_date, "2019-03-12");  // 16 days, both ends included
}

TEST_F(DohaHistoryTest, StatusShowsTheDraftAndWhatBlocksTheDeal) {
  auto state = ledger_->Load(created_.info.id);
  const TalksStatus status = ComputeStatus(*state);
  const auto ct = doha_.space.FindIssue("counter_terrorism");
  const auto withdrawal = doha_.space.FindIssue("troop_withdrawal");
  ASSERT_TRUE(ct && withdrawal);
  EXPECT_EQ(status.issues[*ct].status, IssueStatus::kAgreedInDraft);
  EXPECT_EQ(doha_.space.issue(*ct).ValueName(*status.issues[*ct].value), "written-guarantee");
  EXPECT_EQ(status.issues[*withdrawal].status, IssueStatus::kOpen);
  EXPECT_FALSE(status.final);
  EXPECT_FALSE(status.track_open[1]) << "intra-Afghan talks wait for the US-Taliban draft";
  ASSERT_EQ(status.conditions.size(), 2u);
  for (const ConditionCheck& c : status.conditions) EXPECT_EQ(c.state, ConditionState::kPending);
  EXPECT_EQ(status.rounds, 2);
  // In January nothing was agreed in draft yet.
  auto january = ledger_->Load(created_.info.id, "2019-01-31");
  EXPECT_EQ(ComputeStatus(*january).issues[*ct].status, IssueStatus::kOpen);
}

TEST_F(DohaHistoryTest, TokensSeparateThePartiesAndTheMediator) {
  auto mediator = ledger_->Authenticate(created_.mediator_token);
  ASSERT_TRUE(mediator.ok() && mediator->has_value());
  EXPECT_FALSE((*mediator)->party.has_value());
  auto taliban = ledger_->Authenticate(created_.party_tokens[1]);
  ASSERT_TRUE(taliban.ok() && taliban->has_value());
  EXPECT_EQ(doha_.parties[*(*taliban)->party].name, "Taliban");
  auto state = ledger_->Load(created_.info.id);
  int own_profiles = 0;
  for (const auto& entry : EntriesJson(*state, Viewer::Party(1))) {
    if (entry["kind"] != "profile") continue;
    EXPECT_EQ(entry["party"], "Taliban");
    ++own_profiles;
  }
  EXPECT_EQ(own_profiles, 1);
  EXPECT_EQ(EntriesJson(*state, Viewer::Mediator()).size(),
            EntriesJson(*state, Viewer::Party(1)).size() + 2);
}

TEST_F(DohaHistoryTest, ImportingTwiceUnderOneNameIsRefused) {
  auto again = ImportDohaHistory(*ledger_, doha_);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
  EXPECT_TRUE(ImportDohaHistory(*ledger_, doha_, "doha-copy").ok());
}

TEST(DohaHistoryMismatchTest, AScenarioWithoutTheNamesIsRefusedCleanly) {
  testing::TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  auto imported = ImportDohaHistory(*ledger, testing::SmallTalks());
  ASSERT_FALSE(imported.ok());
  EXPECT_TRUE(ledger->ListTalks()->empty()) << "a failed import left a negotiation behind";
}

}  // namespace
}  // namespace parley
