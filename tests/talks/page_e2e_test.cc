// The mediator's page end to end: `parley serve` on 127.0.0.1 and Debian's headless Chromium,
// which loads the page with a token, lets its scripts fetch from the API and render, and dumps
// the resulting DOM (and a screenshot) for the test to check what a person would see.

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "process.h"

namespace parley::testing {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

class PageE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(access(kChromium, X_OK), 0)
        << "Debian's chromium is needed for this test: apt-get install chromium";
    Completed imported = RunCommand(PARLEY_BINARY, {"talks", "import", "--db", db_});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    tokens_ = ParseTokens(imported.out);
    ASSERT_TRUE(server_.Start(PARLEY_BINARY, db_)) << server_.error();
  }

  /// Runs headless Chromium on the page with `token`; returns the DOM after the page rendered.
  /// When `screenshot` is set, also writes a PNG there.
  std::string Render(const std::string& token, const std::string& screenshot = {}) {
    static int run = 0;
    const std::string profile = dir_.File("chromium-profile-" + std::to_string(run++));
    std::vector<std::string> args = {
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1280,4200",
        // Virtual time runs the page's timers; it waits for pending fetches to finish.
        "--virtual-time-budget=15000"};
    args.push_back(screenshot.empty() ? "--dump-dom" : "--screenshot=" + screenshot);
    args.push_back("http://127.0.0.1:" + std::to_string(server_.port()) + "/#token=" + token);
    Completed result = RunCommand(kChromium, args, 90);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  TempDir dir_;
  std::string db_ = dir_.File("doha.db");
  PrintedTokens tokens_;
  ServerProcess server_;
};

std::string Between(const std::string& text, const std::string& from, const std::string& to) {
  const size_t start = text.find(from);
  if (start == std::string::npos) return {};
  const size_t end = text.find(to, start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST_F(PageE2eTest, TheMediatorSeesIssuesTimelinePositionsAndFrontier) {
  const std::string dom = Render(tokens_.mediator);
  ASSERT_NE(dom.find("data-ready=\"true\""), std::string::npos) << "the page did not render:\n"
                                                                << dom.substr(0, 3000);
  EXPECT_NE(dom.find("US-Taliban talks in Doha, January-March 2019"), std::string::npos);
  EXPECT_NE(dom.find("Signed in as the mediator"), std::string::npos);
  // Issues with their status.
  const std::string ct = Between(dom, "data-issue=\"counter_terrorism\"", "</tr>");
  EXPECT_NE(ct.find("agreed-in-draft"), std::string::npos) << ct;
  EXPECT_NE(ct.find("written-guarantee"), std::string::npos) << ct;
  const std::string withdrawal = Between(dom, "data-issue=\"troop_withdrawal\"", "</tr>");
  EXPECT_NE(withdrawal.find("status open"), std::string::npos) << withdrawal;
  const std::string ceasefire = Between(dom, "data-issue=\"ceasefire\"", "</tr>");
  EXPECT_NE(ceasefire.find("(not open)"), std::string::npos) << ceasefire;
  // The issue-state picture, as the talks report draws it: one row per issue, a column per round,
  // counter-terrorism agreed in draft in round 2.
  const std::string picture = Between(dom, "id=\"issue-picture\"", "</section>");
  EXPECT_NE(picture.find("<svg"), std::string::npos) << "no picture of the issues";
  for (const char* issue : {"troop_withdrawal", "counter_terrorism", "intra_afghan_dialogue",
                            "ceasefire", "political_settlement"})
    EXPECT_NE(picture.find(std::string("data-issue=\"") + issue + "\""), std::string::npos)
        << issue;
  EXPECT_NE(picture.find("counter_terrorism, round 2: agreed in draft"), std::string::npos)
      << picture.substr(0, 3000);
  // Blockers.
  const std::string blockers = Between(dom, "id=\"blockers\"", "</ul>");
  EXPECT_NE(blockers.find("missing-ratification"), std::string::npos);
  EXPECT_NE(blockers.find("Taliban's condition"), std::string::npos);
  // Timeline: both rounds as bands, and the entries.
  EXPECT_NE(dom.find("Round 1: 2019-01-21 – 2019-01-26"), std::string::npos);
  EXPECT_NE(dom.find("Round 2: 2019-02-25 – 2019-03-12"), std::string::npos);
  EXPECT_NE(dom.find("Draft framework"), std::string::npos);
  // Positions of each party, with sources.
  const std::string taliban = Between(dom, "data-party=\"Taliban\"", "data-party=\"Afghan");
  EXPECT_NE(taliban.find("only after foreign forces leave"), std::string::npos) << taliban;
  EXPECT_NE(taliban.find("senior Taliban commander"), std::string::npos);
  EXPECT_NE(dom.find("President Ashraf Ghani"), std::string::npos);
  // The frontier with the draft applied (the what-if with nothing more fixed).
  const std::string note = Between(dom, "id=\"whatif-note\"", "</p>");
  EXPECT_NE(note.find("counter_terrorism=written-guarantee"), std::string::npos) << note;
  EXPECT_NE(dom.find("Nash package: troop_withdrawal="), std::string::npos);
  EXPECT_NE(dom.find("<canvas id=\"frontier-chart\""), std::string::npos);
  EXPECT_NE(dom.find("id=\"axis-x\""), std::string::npos);
  // Which replay it shows, what is on the table, and the forms.
  EXPECT_NE(dom.find("Showing the record as it stands now."), std::string::npos);
  EXPECT_NE(dom.find("id=\"table-now\""), std::string::npos);
  EXPECT_NE(dom.find("id=\"form-round\""), std::string::npos);
}

TEST_F(PageE2eTest, APartySeesNoFrontierAndNoOtherProfile) {
  const std::string dom = Render(tokens_.For("Taliban"));
  ASSERT_NE(dom.find("data-ready=\"true\""), std::string::npos) << dom.substr(0, 3000);
  EXPECT_NE(dom.find("Signed in as Taliban"), std::string::npos);
  // The shared issue-state picture is the party's too.
  EXPECT_NE(Between(dom, "id=\"issue-picture\"", "</section>").find("data-issue=\"ceasefire\""),
            std::string::npos);
  // Its what-if is from its own profile alone: no frontier of everyone's utilities, no axes.
  EXPECT_NE(dom.find("From your own profile alone"), std::string::npos);
  EXPECT_EQ(dom.find("Nash package:"), std::string::npos);
  EXPECT_EQ(dom.find("id=\"axis-x\""), std::string::npos) << "an empty control is shown";
  EXPECT_EQ(dom.find("frontier-chart"), std::string::npos);
  // Its forms: no mediator's kinds, no party to choose.
  EXPECT_EQ(dom.find("id=\"form-round\""), std::string::npos);
  EXPECT_EQ(dom.find("data-kind=\"note\""), std::string::npos);
  EXPECT_EQ(dom.find("name=\"party\""), std::string::npos);
  // Its own profile entry is in the timeline; the others' are not.
  size_t profiles = 0;
  for (size_t at = dom.find("entry profile"); at != std::string::npos;
       at = dom.find("entry profile", at + 1))
    ++profiles;
  EXPECT_EQ(profiles, 1u);
}

TEST_F(PageE2eTest, AnInvalidTokenShowsTheSignInForm) {
  const std::string dom = Render("plt_not_a_token");
  EXPECT_EQ(dom.find("data-ready=\"true\""), std::string::npos);
  EXPECT_NE(dom.find("That token is unknown or revoked."), std::string::npos)
      << dom.substr(0, 3000);
}

TEST_F(PageE2eTest, TakesAScreenshot) {
  // Kept next to the build for a person to look at (docs/ledger.md shows how).
  const std::string png = std::string(PARLEY_SCREENSHOT_DIR) + "/talks-page.png";
  Render(tokens_.mediator, png);
  std::ifstream in(png, std::ios::binary);
  ASSERT_TRUE(in) << png;
  std::stringstream bytes;
  bytes << in.rdbuf();
  EXPECT_EQ(bytes.str().substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_GT(bytes.str().size(), 50000u) << "suspiciously small: a blank page?";
}

}  // namespace
}  // namespace parley::testing
