// The picture module's SVG, parsed: structure, labels and counts (not bytes), on synthetic
// inputs whose answer is known and on reference scenarios.

#include <gtest/gtest.h>

#include <algorithm>
#include <pugixml.hpp>
#include <set>
#include <string>

#include "parley/io/scenario_io.h"
#include "parley/picture/issue_grid.h"
#include "parley/picture/utility_space.h"

namespace parley::picture {
namespace {

pugi::xml_document Parse(const std::string& svg) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_string(svg.c_str());
  EXPECT_TRUE(parsed) << parsed.description() << " at " << parsed.offset << ":\n"
                      << svg.substr(parsed.offset > 200 ? parsed.offset - 200 : 0, 400);
  return doc;
}

size_t Count(const pugi::xml_node& root, const std::string& xpath) {
  return root.select_nodes(xpath.c_str()).size();
}

std::set<std::string> LegendLabels(const pugi::xml_node& root) {
  std::set<std::string> labels;
  for (const auto& entry : root.select_nodes("//g[@class='legend-entry']/text"))
    labels.insert(entry.node().child_value());
  return labels;
}

Scenario Load(const std::string& relative) {
  const std::vector<std::string> paths{std::string(PARLEY_SHARED_DATA_DIR) + "/" + relative};
  auto loaded = LoadScenario(paths);
  EXPECT_TRUE(loaded.ok()) << relative << ": " << loaded.error().ToString();
  return loaded.ok() ? std::move(loaded->scenario) : Scenario{};
}

TEST(ChartTest, DrawsEachPartOnceWithItsTooltip) {
  Chart c;
  c.cloud = {{0.1, 0.9}, {0.5, 0.5}, {0.5, 0.5}, {0.9, 0.1}};  // one duplicate
  c.cloud_flag = {false, true, true, false};
  c.frontier = {{0.1, 0.9}, {0.5, 0.5}, {0.9, 0.1}};
  c.shade = {{0.3, 0.3}, {1, 1}};
  c.shade_tip = "ZOPA";
  c.lines.push_back({true, 0.3, "#555555", "rv"});
  c.lines.push_back({false, 2.0, "#555555", "outside: not drawn"});
  Series s{.label = "offers", .colour = kBlue, .points = {{0.9, 0.1}, {0.5, 0.5}, {0.9, 0.1}}};
  s.tips = {"first", "second", "third"};
  c.series.push_back(s);
  c.markers.push_back({.style = NashStyle(), .x = 0.5, .y = 0.5, .tip = "Nash here"});
  const std::string svg = SvgDocument(RenderChart(c).body, c.width, c.height, "test");
  pugi::xml_document doc = Parse(svg);
  const pugi::xml_node root = doc.child("svg");
  EXPECT_EQ(Count(root, "g[@class='cloud']/circle"), 2u);
  EXPECT_EQ(Count(root, "g[@class='cloud zopa-cloud']/circle"), 1u);
  EXPECT_EQ(Count(root, "path[@class='frontier']"), 1u);
  EXPECT_EQ(Count(root, "rect[@class='zopa']"), 1u);
  EXPECT_EQ(Count(root, "line[@class='refline']"), 1u);
  // The repeated offer is drawn once, with the later time's tooltip.
  const auto dots = root.select_nodes("g[@class='series']/circle");
  ASSERT_EQ(dots.size(), 2u);
  EXPECT_STREQ(dots[0].node().child_value("title"), "second");
  EXPECT_STREQ(dots[1].node().child_value("title"), "third");
  EXPECT_EQ(Count(root, "g[@class='marker'][@data-label='Nash']/path"), 1u);
  EXPECT_STREQ(root.select_node("g[@class='marker']/title").node().child_value(), "Nash here");
  // Ticks 0, 0.2, ..., 1 on both axes.
  EXPECT_EQ(Count(root, "g[@class='ticks']/text"), 12u);
}

TEST(AnalysisPictureTest, BilateralScenarioShowsFrontierPointsAndZopa) {
  const Scenario scenario = Load("genius/y2012/CameraB");
  auto analysis = Analyze(scenario);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  auto svg = RenderAnalysisPicture(scenario, *analysis);
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  pugi::xml_document doc = Parse(*svg);
  const pugi::xml_node root = doc.child("svg");
  EXPECT_EQ(Count(root, "//g[@class='panel utility-space']"), 1u);
  EXPECT_EQ(Count(root, "//rect[@class='zopa']"), 1u);
  EXPECT_EQ(Count(root, "//path[@class='frontier']"), 1u);
  // The frontier path has one vertex per distinct frontier utility pair.
  std::set<std::pair<double, double>> distinct;
  for (const auto& p : analysis->frontier.points) distinct.insert({p.utilities[0], p.utilities[1]});
  const std::string d = root.select_node("//path[@class='frontier']").node().attribute("d").value();
  EXPECT_EQ(static_cast<size_t>(std::count(d.begin(), d.end(), 'L')) + 1, distinct.size());
  for (const char* label : {"Nash", "Kalai", "Kalai–Smorodinsky", "max welfare", "egalitarian"}) {
    EXPECT_EQ(Count(root, std::string("//g[@class='marker'][@data-label='") + label + "']"), 1u)
        << label;
    EXPECT_TRUE(LegendLabels(root).count(label)) << label;
  }
  EXPECT_TRUE(LegendLabels(root).count("ZOPA"));
  EXPECT_TRUE(LegendLabels(root).count("Pareto frontier"));
  // Every outcome of CameraB (3,600) is drawn, one dot per distinct half-pixel at most.
  EXPECT_GT(Count(root, "//g[starts-with(@class,'cloud')]/circle"), 100u);
  EXPECT_LE(Count(root, "//g[starts-with(@class,'cloud')]/circle"), 3600u);
  EXPECT_EQ(*svg, *RenderAnalysisPicture(scenario, *analysis)) << "not deterministic";
}

TEST(AnalysisPictureTest, ThreePartiesGetEveryPairwiseProjection) {
  const Scenario scenario = Load("genius/y2015/group2-dinner");
  ASSERT_EQ(scenario.NumParties(), 3u);
  auto analysis = Analyze(scenario);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  auto svg = RenderAnalysisPicture(scenario, *analysis);
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  pugi::xml_document doc = Parse(*svg);
  const pugi::xml_node root = doc.child("svg");
  const auto panels = root.select_nodes("//g[@class='panel utility-space']");
  ASSERT_EQ(panels.size(), 3u);
  std::set<std::string> titles;
  for (const auto& panel : panels)
    titles.insert(panel.node().select_node("text[@class='chart-title']").node().child_value());
  const std::string a = scenario.parties[0].name, b = scenario.parties[1].name,
                    c = scenario.parties[2].name;
  EXPECT_EQ(titles, (std::set<std::string>{a + " × " + b, a + " × " + c, b + " × " + c}));
  // A projection has no frontier line, only its points.
  EXPECT_EQ(Count(root, "//path[@class='frontier']"), 0u);
  EXPECT_EQ(Count(root, "//g[@class='marker'][@data-label='Nash']"), 3u);
  EXPECT_TRUE(LegendLabels(root).count("Pareto frontier (projected)"));
  EXPECT_TRUE(LegendLabels(root).count("outcomes in the ZOPA"));
}

IssueTimeline SampleTimeline() {
  IssueTimeline t;
  t.title = "talks";
  t.columns = {"1", "2", "3"};
  t.parties = {"US", "Taliban"};
  IssueRow a{.name = "withdrawal", .group = "main"};
  a.cells = {{.state = IssueState::kOpen},
             {.state = IssueState::kProposed, .value = "14 months", .proposer = 0},
             {.state = IssueState::kAgreedInDraft, .value = "14 months", .conditions = 1}};
  IssueRow b{.name = "ceasefire", .group = "later"};
  b.cells = {{.state = IssueState::kNotOpen},
             {.state = IssueState::kAgreedInDraft, .value = "full"},
             {.state = IssueState::kReopened}};
  t.rows = {a, b};
  t.votes = {{.column = 2, .ballots = {{0, true}, {1, false}}, .passed = false}};
  return t;
}

TEST(IssueGridTest, OneCellPerIssueAndRoundWithItsState) {
  const IssueTimeline t = SampleTimeline();
  const Figure grid = RenderIssueTimeline(t);
  const Figure legend = IssueTimelineLegend(t);
  pugi::xml_document doc =
      Parse(SvgDocument(grid.body + Place(legend, 0, grid.height), 800, 400, "grid"));
  const pugi::xml_node root = doc.child("svg");
  EXPECT_EQ(Count(root, "//g[@class='issue-row']"), 2u);
  EXPECT_EQ(Count(root, "//g[@class='issue-row'][@data-issue='withdrawal']/g[@class='cell']"), 3u);
  EXPECT_EQ(Count(root, "//g[@class='cell'][@data-state='agreed in draft']"), 2u);
  EXPECT_EQ(Count(root, "//g[@class='cell'][@data-state='reopened']"), 1u);
  EXPECT_EQ(Count(root, "//g[@class='cell'][@data-state='not open']"), 1u);
  EXPECT_EQ(Count(root, "//circle[@class='proposer']"), 1u);
  EXPECT_EQ(Count(root, "//path[@class='condition']"), 1u);
  EXPECT_EQ(Count(root, "//text[@class='group']"), 2u);
  EXPECT_EQ(Count(root, "//text[@class='column']"), 3u);
  const pugi::xml_node vote = root.select_node("//g[@class='vote']").node();
  EXPECT_STREQ(vote.attribute("data-passed").value(), "false");
  EXPECT_NE(std::string(vote.child_value("title")).find("Taliban: no"), std::string::npos);
  EXPECT_EQ(Count(root, "//g[@class='ballot'][@data-accepted='false']"), 1u);
  const std::string tip =
      root.select_node("//g[@data-issue='withdrawal']/g[@class='cell'][2]/title")
          .node()
          .child_value();
  EXPECT_NE(tip.find("proposed by US"), std::string::npos) << tip;
  for (const char* label : {"not open", "open", "proposed", "agreed in draft", "reopened", "final",
                            "condition pending", "proposed by US", "proposed by Taliban"})
    EXPECT_TRUE(LegendLabels(root).count(label)) << label;
}

TEST(IssueGridTest, ManyRoundsNarrowTheColumnsAndThinTheHeadings) {
  IssueTimeline t;
  t.parties = {"a", "b"};
  for (int c = 1; c <= 200; ++c) t.columns.push_back(std::to_string(c));
  t.rows.push_back({.name = "x", .cells = std::vector<IssueCell>(200)});
  const Figure grid = RenderIssueTimeline(t, 900);
  EXPECT_LE(grid.width, 80 + 200 * 12 + 10);
  pugi::xml_document doc = Parse(SvgDocument(grid.body, grid.width, grid.height, "grid"));
  const size_t headings = Count(doc, "//text[@class='column']");
  EXPECT_LT(headings, 200u / 2);
  EXPECT_GT(headings, 5u);
}

TEST(HtmlPageTest, SelfContainedWithTooltipsAndZoom) {
  const std::string page =
      HtmlPage("t", {SvgDocument("<circle r=\"1\"><title>x</title></circle>", 10, 10, "t")});
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("'wheel'"), std::string::npos);
  EXPECT_NE(page.find("data-tip"), std::string::npos);
  // Nothing to fetch: no external script, stylesheet, image or font.
  for (const char* remote : {"src=", "href=", "@import", "url("})
    EXPECT_EQ(page.find(remote), std::string::npos) << remote;
}

TEST(PlotFormatTest, FollowsTheExtension) {
  EXPECT_EQ(*PlotFormatForPath("a.svg", "--plot"), PlotFormat::kSvg);
  EXPECT_EQ(*PlotFormatForPath("a.html", "--plot"), PlotFormat::kHtml);
  EXPECT_EQ(*PlotFormatForPath("a.htm", "--plot"), PlotFormat::kHtml);
  auto bad = PlotFormatForPath("a.png", "--plot");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find(".svg, .html or .htm"), std::string::npos);
}

}  // namespace
}  // namespace parley::picture
