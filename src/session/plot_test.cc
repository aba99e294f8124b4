// `negotiate --plot`, parsed: the panels, series, markers and legend a session must show, counted
// against the session's own moves (structure, not bytes).

#include "parley/session/plot.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <set>

#include "../protocol/testing.h"
#include "parley/io/scenario_io.h"
#include "session_test_util.h"

namespace parley {
namespace {

struct SessionRun {
  std::unique_ptr<PreparedScenario> scenario;
  ReferencePoints reference;
  SessionResult result;
};

SessionRun RunOn(Scenario scenario, std::vector<std::string> agents, std::string protocol,
                 int64_t rounds) {
  SessionRun run;
  run.scenario = std::make_unique<PreparedScenario>(std::move(scenario));
  run.reference = ComputeReferencePoints(run.scenario->scenario());
  SessionConfig config;
  config.protocol = std::move(protocol);
  config.agents = std::move(agents);
  config.deadline = Deadline::Rounds(rounds);
  auto result = RunSession(*run.scenario, config, &run.reference);
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  if (result.ok()) run.result = std::move(*result);
  return run;
}

pugi::xml_document Parse(const std::string& svg) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_string(svg.c_str());
  EXPECT_TRUE(parsed) << parsed.description() << " at " << parsed.offset;
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

size_t OffersBy(const SessionResult& r, int party) {
  size_t n = 0;
  for (const Move& m : r.negotiation.moves)
    n += m.party == party && std::holds_alternative<Offer>(m.action);
  return n;
}

TEST(PlotTest, BilateralSessionShowsUtilitySpaceAndAPanelPerParty) {
  auto run = RunOn(testing::LoadOrDie("genius/y2012/CameraB"), {"boulware", "conceder"}, "sao", 60);
  ASSERT_TRUE(run.result.negotiation.agreement);
  auto svg = RenderPlot(*run.scenario, run.result, run.reference);
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  pugi::xml_document doc = Parse(*svg);
  const pugi::xml_node root = doc.child("svg");
  ASSERT_TRUE(root);
  const pugi::xml_node space = root.select_node("//g[@class='panel utility-space']").node();
  ASSERT_TRUE(space);
  EXPECT_EQ(Count(space, ".//path[@class='frontier']"), 1u);
  // Each party's offers, one series each, a dot per distinct position, at most one per offer.
  for (int party : {0, 1}) {
    const std::string label = run.result.parties[party] + " offers";
    const pugi::xml_node series =
        space.select_node((".//g[@class='series'][@data-label='" + label + "']").c_str()).node();
    ASSERT_TRUE(series) << label;
    const size_t dots = Count(series, "circle");
    EXPECT_GE(dots, 1u);
    EXPECT_LE(dots, OffersBy(run.result, party));
    EXPECT_TRUE(LegendLabels(root).count(label)) << label;
  }
  for (const char* label : {"Nash", "Kalai", "Kalai–Smorodinsky", "max welfare", "agreement"}) {
    EXPECT_EQ(Count(space, std::string(".//g[@class='marker'][@data-label='") + label + "']"), 1u)
        << label;
    EXPECT_TRUE(LegendLabels(root).count(label)) << label;
  }
  // The time panels: one per party, each with its own offers, the other's, its reservation
  // value and the agreement.
  for (int party : {0, 1}) {
    const pugi::xml_node panel =
        root.select_node(
                ("//g[@class='panel utility-time party-" + std::to_string(party) + "']").c_str())
            .node();
    ASSERT_TRUE(panel) << party;
    EXPECT_EQ(Count(panel, ".//g[@class='series'][@data-label='own offers']"), 1u);
    const std::string other = run.result.parties[1 - party] + "'s offers";
    EXPECT_EQ(Count(panel, ".//g[@class='series'][@data-label=\"" + other + "\"]"), 1u) << other;
    EXPECT_EQ(Count(panel, ".//line[@class='refline']"), 1u);
    EXPECT_EQ(Count(panel, ".//g[@class='marker'][@data-label='agreement']"), 1u);
    EXPECT_STREQ(panel.select_node(".//text[@class='chart-title']").node().child_value(),
                 (run.result.parties[party] + " (" + run.result.agents[party] + ")").c_str());
  }
  EXPECT_EQ(Count(root, "//g[@class='panel parallel']"), 0u) << "2 parties: no parallel view";
  EXPECT_EQ(*svg, *RenderPlot(*run.scenario, run.result, run.reference)) << "not deterministic";

  PlotOptions html;
  html.format = PlotFormat::kHtml;
  auto page = RenderPlot(*run.scenario, run.result, run.reference, html);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page->find(*svg), std::string::npos) << "the page embeds the same SVG";

  auto single =
      RunOn(testing::RandomAdditiveScenario(3, 2, 3, 1), {"boulware"}, "single-text-veto", 3);
  EXPECT_FALSE(RenderPlot(*single.scenario, single.result, single.reference).ok());
}

TEST(PlotTest, ThreePartiesChooseTheAxesAndGetParallelCoordinates) {
  auto run = RunOn(testing::LoadOrDie("genius/y2015/group2-dinner"),
                   {"boulware", "conceder", "linear"}, "sao", 40);
  ASSERT_EQ(run.scenario->NumParties(), 3u);
  PlotOptions options;
  options.axes = ParsePlotAxes("2," + run.result.parties[0], run.scenario->scenario()).value();
  EXPECT_EQ(*options.axes, (std::pair<size_t, size_t>{2, 0}));
  auto svg = RenderPlot(*run.scenario, run.result, run.reference, options);
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  pugi::xml_document doc = Parse(*svg);
  const pugi::xml_node root = doc.child("svg");
  const pugi::xml_node space = root.select_node("//g[@class='panel utility-space']").node();
  EXPECT_EQ(std::string(space.select_node(".//text[@class='x-label']").node().child_value()),
            "utility of " + run.result.parties[2] + " (linear)");
  EXPECT_EQ(std::string(space.select_node(".//text[@class='y-label']").node().child_value()),
            "utility of " + run.result.parties[0] + " (boulware)");
  EXPECT_EQ(Count(space, ".//path[@class='frontier']"), 0u) << "a projection has no line";
  EXPECT_EQ(Count(root, "//g[starts-with(@class,'panel utility-time')]"), 3u);
  const pugi::xml_node parallel = root.select_node("//g[@class='panel parallel']").node();
  ASSERT_TRUE(parallel);
  EXPECT_EQ(Count(parallel, ".//text[@class='axis-label']"), 3u);
  size_t offers = 0;
  for (int p = 0; p < 3; ++p) offers += OffersBy(run.result, p);
  EXPECT_EQ(Count(parallel, ".//g[@class='parallel-offers']/path"), offers);
  EXPECT_EQ(Count(parallel, ".//path[@class='parallel-nash']"), 1u);

  for (const char* bad : {"0,0", "0", "0,7", "nobody,1", ""}) {
    auto axes = ParsePlotAxes(bad, run.scenario->scenario());
    ASSERT_FALSE(axes.ok()) << bad;
    EXPECT_EQ(axes.error().field, "--plot-axes");
  }
}

SessionRun RunDoha(const std::string& protocol) {
  auto scenario = LoadBuiltinScenario("doha-2019");
  EXPECT_TRUE(scenario.ok());
  return RunOn(std::move(*scenario), {"logroller", "issue-by-issue", "conditional-hardliner"},
               protocol, 100);
}

TEST(PlotTest, SingleUndertakingShowsEveryIssueRoundByRoundAndTheVotes) {
  const SessionRun run = RunDoha("single-undertaking");
  const NegotiationResult& neg = run.result.negotiation;
  ASSERT_FALSE(neg.round_states.empty());
  auto svg = RenderPlot(*run.scenario, run.result, run.reference);
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  pugi::xml_document doc = Parse(*svg);
  const pugi::xml_node root = doc.child("svg");
  const pugi::xml_node grid = root.select_node("//g[@class='panel issues']").node();
  ASSERT_TRUE(grid);
  const OutcomeSpace& space = run.scenario->space();
  EXPECT_EQ(Count(grid, ".//g[@class='issue-row']"), space.NumIssues());
  // Tracks as groups, in the scenario's order.
  const auto groups = grid.select_nodes(".//text[@class='group']");
  const auto tracks = run.scenario->scenario().EffectiveTracks();
  ASSERT_EQ(groups.size(), tracks.size());
  for (size_t k = 0; k < tracks.size(); ++k)
    EXPECT_EQ(std::string(groups[k].node().child_value()), "track: " + tracks[k].name);
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    const std::string row = ".//g[@class='issue-row'][@data-issue='" + space.issue(i).name + "']";
    EXPECT_EQ(Count(grid, row + "/g[@class='cell']"), neg.round_states.size()) << row;
    // Agreed: every issue is final in the last round.
    EXPECT_STREQ(grid.select_node((row + "/g[@class='cell'][last()]").c_str())
                     .node()
                     .attribute("data-state")
                     .value(),
                 "final");
  }
  // One reopened cell per reopening (none in the same round here), as the protocol counts them.
  int reopenings = 0;
  for (const std::string& line : neg.summary)
    if (line.rfind("reopenings: ", 0) == 0) reopenings = std::stoi(line.substr(12));
  EXPECT_GT(reopenings, 0);
  EXPECT_EQ(Count(grid, ".//g[@class='cell'][@data-state='reopened']"),
            static_cast<size_t>(reopenings));
  // The second track's issues are not open before the first is agreed in draft.
  EXPECT_GT(Count(grid, ".//g[@data-issue='ceasefire']/g[@class='cell'][@data-state='not open']"),
            0u);
  // Partial offers: proposed cells, each with its proposer.
  EXPECT_GT(Count(grid, ".//g[@class='cell'][@data-state='proposed']"), 0u);
  EXPECT_EQ(Count(grid, ".//g[@class='cell'][@data-state='proposed']/circle[@class='proposer']"),
            Count(grid, ".//g[@class='cell'][@data-state='proposed']"));
  // Votes: one per ratify round, the last passed with every ratifier's yes.
  std::set<int> vote_rounds;
  for (const Move& m : neg.moves)
    if (m.turn == TurnKind::kRatify) vote_rounds.insert(m.round);
  const auto votes = grid.select_nodes(".//g[@class='vote']");
  ASSERT_EQ(votes.size(), vote_rounds.size());
  EXPECT_STREQ(votes[votes.size() - 1].node().attribute("data-passed").value(), "true");
  EXPECT_EQ(Count(grid, ".//g[@class='ballot'][@data-accepted='true']"), 3u);
  // The packages voted on against the frontier.
  const pugi::xml_node space_panel = root.select_node("//g[@class='panel utility-space']").node();
  size_t voted = 0;
  for (const auto& series : space_panel.select_nodes(".//g[@class='series']")) {
    const std::string label = series.node().attribute("data-label").value();
    if (label.rfind("package voted", 0) == 0) voted += Count(series.node(), "circle");
  }
  EXPECT_GE(voted, 1u);
  EXPECT_LE(voted, vote_rounds.size());
  EXPECT_EQ(Count(space_panel, ".//g[@class='marker'][@data-label='agreement']"), 1u);
  EXPECT_EQ(*svg, *RenderPlot(*run.scenario, run.result, run.reference)) << "not deterministic";
}

TEST(PlotTest, CompareDrawsBothBindingsSideBySide) {
  const SessionRun by_issue = RunDoha("single-undertaking:binding=issue-by-issue");
  const SessionRun undertaking = RunDoha("single-undertaking:binding=single-undertaking");
  auto svg = RenderComparePlot(*by_issue.scenario, by_issue.result, undertaking.result,
                               by_issue.reference);
  ASSERT_TRUE(svg.ok()) << svg.error().ToString();
  pugi::xml_document doc = Parse(*svg);
  const pugi::xml_node root = doc.child("svg");
  const pugi::xml_node left = root.select_node("//g[@class='binding issue-by-issue']").node();
  const pugi::xml_node right = root.select_node("//g[@class='binding single-undertaking']").node();
  ASSERT_TRUE(left);
  ASSERT_TRUE(right);
  // Issue by issue: issues become final as soon as agreed, no vote; the undertaking votes.
  EXPECT_EQ(Count(left, ".//g[@class='cell'][@data-state='agreed in draft']"), 0u);
  EXPECT_GT(Count(left, ".//g[@class='cell'][@data-state='final']"), 0u);
  EXPECT_EQ(Count(left, ".//g[@class='vote']"), 0u);
  EXPECT_GT(Count(right, ".//g[@class='cell'][@data-state='agreed in draft']"), 0u);
  EXPECT_GT(Count(right, ".//g[@class='vote']"), 0u);
}

TEST(PlotTest, LargeSpacesAreSampled) {
  auto run = RunOn(testing::LoadOrDie("genius/y2011/Energy"), {"boulware", "boulware"}, "sao", 50);
  PlotOptions options;
  options.max_cloud_points = 2000;
  auto svg = RenderPlot(*run.scenario, run.result, run.reference, options);
  ASSERT_TRUE(svg.ok());
  pugi::xml_document doc = Parse(*svg);
  EXPECT_TRUE(LegendLabels(doc.child("svg")).count("outcomes (sample)"));
  EXPECT_LE(Count(doc, "//g[@class='cloud']/circle"), 2000u);
}

}  // namespace
}  // namespace parley
