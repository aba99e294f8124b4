#include "parley/talks/talks_report.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace parley {
namespace {

TEST(TalksReportTest, SelfContainedWithTimelineAndStatusTable) {
  LedgerState state;
  state.info.name = "small";
  state.info.title = "Small <talks>";
  state.structure = testing::SmallTalks();
  LedgerEntry round;
  round.kind = EntryKind::kRound;
  round.seq = 1;
  round.date = "2019-01-21";
  round.end_date = "2019-01-26";
  round.round = 1;
  round.title = "January round";
  round.place = "Doha";
  state.entries.push_back(round);
  LedgerEntry agree;
  agree.kind = EntryKind::kAgreement;
  agree.seq = 2;
  agree.date = "2019-03-12";
  agree.values = {{1, 1}};
  agree.text = "<script>alert(1)</script>";
  state.entries.push_back(agree);
  const TalksStatus status = ComputeStatus(state);
  const std::string html = RenderReportHtml(state, status, nullptr, "no profiles");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // Self-contained: no scripts, no external resources.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Small &lt;talks&gt;"), std::string::npos);
  EXPECT_NE(html.find("id=\"status\""), std::string::npos);
  EXPECT_NE(html.find("id=\"timeline\""), std::string::npos);
  EXPECT_NE(html.find("January round"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"status agreed-in-draft\">agreed-in-draft</span>"),
            std::string::npos);
  EXPECT_NE(html.find("Not available: no profiles"), std::string::npos);
  // Deterministic: the same record gives the same bytes.
  EXPECT_EQ(html, RenderReportHtml(state, status, nullptr, "no profiles"));
}

}  // namespace
}  // namespace parley
