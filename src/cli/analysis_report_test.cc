#include "analysis_report.h"

#include <gtest/gtest.h>

#include <cmath>

namespace parley::cli {
namespace {

// A hand-made scenario and analysis: the report only renders what it is given.
Scenario TwoPartyScenario() {
  Scenario scenario;
  scenario.name = "toy";
  scenario.description =
      "A toy scenario whose description is long enough to wrap: it goes on and on, well past "
      "the\nninety columns\nthat a line of the report may hold.";
  scenario.source = "toy.yaml";
  scenario.space =
      OutcomeSpace({Issue::Discrete("colour", {"red", "blue"}), Issue::Integer("n", 1, 3)});
  scenario.parties = {Party{"buyer", {}}, Party{"seller", {}}};
  return scenario;
}

Analysis ToyAnalysis(size_t frontier_size) {
  Analysis analysis;
  analysis.outcomes = 6;
  analysis.ranges = {{1, 0, 0.25}, {0.9, 0.1, 0}};
  analysis.frontier.method = "enumeration";
  for (size_t i = 0; i < frontier_size; ++i) {
    const double u = 1.0 - static_cast<double>(i) / static_cast<double>(frontier_size);
    analysis.frontier.points.push_back(
        {{static_cast<ValueIndex>(i % 2), static_cast<ValueIndex>(i % 3)}, {u, 1 - u}});
  }
  analysis.nash = UtilityPoint{{1, 2}, {0.6, 0.7}};
  analysis.kalai = {{1, 1}, {0.65, 0.65}};
  analysis.kalai_smorodinsky = {{1, 1}, {0.65, 0.65}};
  analysis.egalitarian = {{0, 1}, {0.5, 0.8}};
  analysis.max_welfare = {{1, 2}, {0.6, 0.7}};
  analysis.opposition = 0.4949747468305833;
  analysis.zopa = {4, 4.0 / 6, true};
  analysis.notes = {"a note from the analysis"};
  return analysis;
}

TEST(AnalysisTextTest, RendersEverySection) {
  const Scenario scenario = TwoPartyScenario();
  const Analysis analysis = ToyAnalysis(3);
  const std::vector<std::string> notes{"skipped pareto.xml: not a scenario file"};
  const std::string text = AnalysisText({scenario, "native", notes, analysis}, false);
  EXPECT_EQ(text,
            "Scenario  toy\n"
            "Format    native\n"
            "Source    toy.yaml\n"
            "About     A toy scenario whose description is long enough to wrap: it goes on and on, "
            "well past the\n"
            "          ninety columns that a line of the report may hold.\n"
            "Outcomes  6 (2 issues, 2 parties)\n"
            "\n"
            "Issues\n"
            "  colour  2 values       red, blue\n"
            "  n       integers 1..3\n"
            "\n"
            "Parties\n"
            "            best   worst  reservation\n"
            "  buyer   1.0000  0.0000       0.2500\n"
            "  seller  0.9000  0.1000       0.0000\n"
            "\n"
            "Pareto frontier: 3 points (exact, enumeration)\n"
            "  #   buyer  seller  outcome\n"
            "  1  1.0000  0.0000  colour=red, n=1\n"
            "  2  0.6667  0.3333  colour=blue, n=2\n"
            "  3  0.3333  0.6667  colour=red, n=3\n"
            "\n"
            "Solution points\n"
            "                      buyer  seller  outcome\n"
            "  Nash               0.6000  0.7000  colour=blue, n=3\n"
            "  Kalai (GENIUS)     0.6500  0.6500  colour=blue, n=2\n"
            "  Kalai–Smorodinsky  0.6500  0.6500  colour=blue, n=2\n"
            "  Egalitarian        0.5000  0.8000  colour=red, n=2\n"
            "  Max welfare        0.6000  0.7000  colour=blue, n=3\n"
            "\n"
            "Opposition  0.4950 (distance from the Kalai point to the ideal point)\n"
            "ZOPA        4 of 6 outcomes (66.67%) give every party more than its reservation "
            "value\n"
            "\n"
            "Notes\n"
            "  - skipped pareto.xml: not a scenario file\n"
            "  - a note from the analysis\n");
}

TEST(AnalysisTextTest, TruncatesLongFrontiersUnlessAll) {
  const Scenario scenario = TwoPartyScenario();
  const Analysis analysis = ToyAnalysis(50);
  const std::string sampled = AnalysisText({scenario, "native", {}, analysis}, false);
  EXPECT_NE(
      sampled.find("Pareto frontier: 50 points (exact, enumeration); 20 shown, evenly spaced"),
      std::string::npos);
  EXPECT_NE(sampled.find("  ... 30 more (use --all)\n"), std::string::npos);
  EXPECT_NE(sampled.find("\n  50  0.0200"), std::string::npos) << "the last point is shown";
  const std::string all = AnalysisText({scenario, "native", {}, analysis}, true);
  EXPECT_EQ(all.find("more (use --all)"), std::string::npos);
  EXPECT_NE(all.find("\n  37  "), std::string::npos);
}

TEST(AnalysisTextTest, SaysWhenThereIsNoNashPointOrTheAnswerIsApproximate) {
  const Scenario scenario = TwoPartyScenario();
  Analysis analysis = ToyAnalysis(2);
  analysis.nash.reset();
  analysis.frontier.exact = false;
  analysis.frontier.method = "sampling";
  analysis.zopa.exact = false;
  const std::string text = AnalysisText({scenario, "native", {}, analysis}, false);
  EXPECT_NE(text.find("Pareto frontier: 2 points (approximate, sampling)"), std::string::npos);
  EXPECT_NE(text.find("  Nash                    -       -  none: no outcome gives every party its "
                      "reservation value\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("ZOPA        about 4 of 6"), std::string::npos);
}

// A space of 1000^110 = 10^330 outcomes, beyond double's range: the size prints exactly in
// scientific form, and neither the text nor the JSON holds inf or nan (today: "inf", null).
TEST(AnalysisTextTest, SpacesBeyondDoublePrintTheirSize) {
  Scenario scenario = TwoPartyScenario();
  std::vector<Issue> issues;
  for (int i = 0; i < 110; ++i) issues.push_back(Issue::Real("x" + std::to_string(i), 0, 1, 1000));
  scenario.space = OutcomeSpace(issues);
  Analysis analysis = ToyAnalysis(3);
  for (auto& point : analysis.frontier.points) point.outcome.assign(110, 0);
  for (UtilityPoint* p : {&*analysis.nash, &analysis.kalai, &analysis.kalai_smorodinsky,
                          &analysis.egalitarian, &analysis.max_welfare})
    p->outcome.assign(110, 0);
  analysis.outcomes = scenario.space.Size();
  ASSERT_TRUE(std::isinf(analysis.outcomes));
  analysis.zopa = {analysis.outcomes * 0.25, 0.25, false, "sampling"};
  const std::string text = AnalysisText({scenario, "native", {}, analysis}, false);
  EXPECT_NE(text.find("1.00e+330 (110 issues, 2 parties)"), std::string::npos) << text;
  EXPECT_NE(text.find("about 2.50e+329 of 1.00e+330 outcomes (25.00%)"), std::string::npos) << text;
  EXPECT_EQ(text.find("inf"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  const Json json = AnalysisJson({scenario, "native", {}, analysis});
  EXPECT_EQ(json["scenario"]["outcomes"], "1.00e+330");
  EXPECT_EQ(json["zopa"]["outcomes"], "2.50e+329");
  EXPECT_EQ(json["zopa"]["share"], 0.25);
}

TEST(ShownFrontierRowsTest, SpreadsEvenlyAndKeepsBothEnds) {
  EXPECT_EQ(ShownFrontierRows(3, 20, false), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(ShownFrontierRows(0, 20, false), std::vector<size_t>{});
  EXPECT_EQ(ShownFrontierRows(10, 4, false), (std::vector<size_t>{0, 3, 6, 9}));
  EXPECT_EQ(ShownFrontierRows(10, 1, false), (std::vector<size_t>{0}));
  EXPECT_EQ(ShownFrontierRows(10, 4, true).size(), 10u);
  for (size_t size = 21; size < 200; ++size) {
    const std::vector<size_t> rows = ShownFrontierRows(size, 20, false);
    ASSERT_EQ(rows.size(), 20u) << size;
    EXPECT_EQ(rows.front(), 0u);
    EXPECT_EQ(rows.back(), size - 1);
    for (size_t k = 1; k < rows.size(); ++k) EXPECT_LT(rows[k - 1], rows[k]) << size;
  }
}

TEST(AnalysisJsonTest, HasTheDocumentedShape) {
  const Scenario scenario = TwoPartyScenario();
  Analysis analysis = ToyAnalysis(3);
  const std::vector<std::string> notes{"loader note"};
  Json json = AnalysisJson({scenario, "genius", notes, analysis});
  EXPECT_EQ(json["scenario"]["name"], "toy");
  EXPECT_EQ(json["scenario"]["parties"], Json({"buyer", "seller"}));
  EXPECT_EQ(json["scenario"]["issues"], Json({"colour", "n"}));
  EXPECT_EQ(json["scenario"]["outcomes"], 6);
  EXPECT_EQ(json["scenario"]["format"], "genius");
  ASSERT_EQ(json["pareto"].size(), 3u);
  EXPECT_EQ(json["pareto"][1]["outcome"].dump(), R"({"colour":"blue","n":2})");
  EXPECT_EQ(json["pareto"][1]["utilities"][1], analysis.frontier.points[1].utilities[1]);
  for (const char* key : {"nash", "kalai", "kalai_smorodinsky", "egalitarian", "max_welfare"}) {
    ASSERT_TRUE(json.contains(key)) << key;
    EXPECT_TRUE(json[key].contains("outcome")) << key;
    EXPECT_EQ(json[key]["utilities"].size(), 2u) << key;
  }
  EXPECT_EQ(json["opposition"], 0.4949747468305833);
  EXPECT_EQ(json["zopa"]["outcomes"], 4);
  EXPECT_EQ(json["zopa"]["share"], 4.0 / 6);
  EXPECT_EQ(json["frontier"]["size"], 3);
  EXPECT_EQ(json["ranges"][0]["reservation"], 0.25);
  EXPECT_EQ(json["notes"], Json({"loader note", "a note from the analysis"}));

  analysis.nash.reset();
  json = AnalysisJson({scenario, "genius", notes, analysis});
  EXPECT_TRUE(json["nash"].is_null());
  // Same input, same bytes.
  EXPECT_EQ(json.dump(2), AnalysisJson({scenario, "genius", notes, analysis}).dump(2));
}

}  // namespace
}  // namespace parley::cli
