// The record of real talks as the issue-state picture: the Doha history, replayed round by
// round, parsed back from the SVG and checked against the status of the whole record.

#include "parley/talks/talks_picture.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "parley/io/scenario_io.h"
#include "parley/talks/talks_setup.h"
#include "parley/talks/talks_status.h"
#include "test_util.h"

namespace parley {
namespace {

TEST(TalksPictureTest, DohaHistoryRoundByRound) {
  auto doha = LoadBuiltinScenario("doha-2019");
  ASSERT_TRUE(doha.ok()) << doha.error().ToString();
  testing::TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  ASSERT_TRUE(ledger.ok());
  auto created = ImportDohaHistory(*ledger, *doha);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  auto state = ledger->Load(created->info.id);
  ASSERT_TRUE(state.ok());
  const TalksStatus status = ComputeStatus(*state);

  int rounds = 0;
  for (const LedgerEntry& e : state->entries) rounds += e.kind == EntryKind::kRound;
  const picture::IssueTimeline timeline = TalksTimeline(*state);
  ASSERT_EQ(timeline.columns.size(), static_cast<size_t>(rounds));
  const std::string svg = TalksTimelineSvg(*state);
  EXPECT_EQ(svg, TalksTimelineSvg(*state)) << "not deterministic";
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  const OutcomeSpace& space = state->structure.space;
  EXPECT_EQ(doc.select_nodes("//g[@class='issue-row']").size(), space.NumIssues());
  // The last column is the status of the whole record, issue by issue.
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    const std::string row = "//g[@class='issue-row'][@data-issue='" + space.issue(i).name + "']";
    const auto cells = doc.select_nodes((row + "/g[@class='cell']").c_str());
    ASSERT_EQ(cells.size(), static_cast<size_t>(rounds)) << row;
    const std::string last = cells[cells.size() - 1].node().attribute("data-state").value();
    const IssueState& issue = status.issues[i];
    switch (issue.status) {
      case IssueStatus::kAgreedInDraft:
        EXPECT_EQ(last, "agreed in draft") << row;
        break;
      case IssueStatus::kFinal:
        EXPECT_EQ(last, "final") << row;
        break;
      case IssueStatus::kReopened:
        EXPECT_EQ(last, "reopened") << row;
        break;
      case IssueStatus::kOpen:
        EXPECT_TRUE(last == "open" || last == "proposed" || last == "not open") << row << last;
        EXPECT_EQ(last == "not open", !status.track_open[issue.track]) << row;
        break;
    }
  }
  // The Taliban's condition (a ceasefire only after withdrawal) is pending on open issues.
  size_t pending = 0;
  for (const ConditionCheck& c : status.conditions) pending += c.state == ConditionState::kPending;
  EXPECT_GT(pending, 0u);
  EXPECT_GT(doc.select_nodes("//path[@class='condition']").size(), 0u);
  const std::string ct =
      doc.select_node("//g[@data-issue='counter_terrorism']/g[@class='cell'][last()]/title")
          .node()
          .child_value();
  EXPECT_NE(ct.find("written-guarantee"), std::string::npos) << ct;
}

}  // namespace
}  // namespace parley
