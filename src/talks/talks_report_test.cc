#include "parley/talks/talks_report.h"

#include <gtest/gtest.h>

#include <tuple>

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
  // The issue-state picture, one row per issue.
  EXPECT_NE(html.find("id=\"issue-picture\""), std::string::npos);
  EXPECT_NE(html.find("class=\"issue-row\""), std::string::npos);
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

// The last round, short and at the right end of the strip, used to have its label cut off by
// the edge of the SVG: its label now ends at the round, inside the strip.
TEST(TalksReportTest, TheLastRoundsLabelStaysInsideTheTimeline) {
  LedgerState state;
  state.info.name = "small";
  state.structure = testing::SmallTalks();
  for (const auto& [seq, start, end] :
       {std::tuple{1, "2019-01-21", "2019-01-26"}, std::tuple{2, "2019-04-28", "2019-05-09"}}) {
    LedgerEntry round;
    round.kind = EntryKind::kRound;
    round.seq = seq;
    round.round = seq;
    round.date = start;
    round.end_date = end;
    state.entries.push_back(round);
  }
  const std::string html = RenderReportHtml(state, ComputeStatus(state), nullptr, "");
  const size_t label = html.find(">Round 2: 2019-04-28");
  ASSERT_NE(label, std::string::npos) << html;
  const size_t tag = html.rfind("<text ", label);
  const std::string text = html.substr(tag, label - tag);
  EXPECT_NE(text.find("text-anchor=\"end\""), std::string::npos) << text;
  const double x = std::stod(text.substr(text.find("x=\"") + 3));
  EXPECT_LE(x, 880.0) << text;           // ends at the round's end, inside the strip
  EXPECT_GE(x - 6.2 * 31, 0.0) << text;  // and starts inside it
  // The first round's label is not near the edge: it starts at its round.
  const size_t first = html.find(">Round 1:");
  ASSERT_NE(first, std::string::npos);
  const size_t first_tag = html.rfind("<text ", first);
  EXPECT_EQ(html.substr(first_tag, first - first_tag).find("text-anchor"), std::string::npos);
}

}  // namespace
}  // namespace parley
