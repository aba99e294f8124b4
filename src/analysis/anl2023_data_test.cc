// Data test: every ANL 2023 scenario reproduces the league's own analysis (specials.json):
// outcome count, the whole Pareto frontier, the Nash, Kalai and max-welfare points (bids and
// utilities) and the opposition, utilities to 1e-6.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "parley/analysis/analysis.h"
#include "parley/io/scenario_io.h"

namespace parley {
namespace {

const std::string kDir = std::string(PARLEY_SHARED_DATA_DIR) + "/anl2023/";

std::map<std::string, std::string> Bid(const Scenario& s, const Outcome& o) {
  std::map<std::string, std::string> bid;
  for (size_t i = 0; i < o.size(); ++i)
    bid[s.space.issue(i).name] = s.space.issue(i).ValueName(o[i]);
  return bid;
}

std::map<std::string, std::string> Bid(const nlohmann::json& j) {
  std::map<std::string, std::string> bid;
  for (const auto& [issue, value] : j.items()) bid[issue] = value.get<std::string>();
  return bid;
}

void ExpectPoint(const Scenario& s, const UtilityPoint& got, const nlohmann::json& want,
                 const char* what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(Bid(s, got.outcome), Bid(want["bid"]));
  ASSERT_EQ(got.utilities.size(), 2u);
  EXPECT_NEAR(got.utilities[0], want["utility"][0].get<double>(), 1e-6);
  EXPECT_NEAR(got.utilities[1], want["utility"][1].get<double>(), 1e-6);
}

class Anl2023Test : public testing::TestWithParam<int> {};

TEST_P(Anl2023Test, ReproducesSpecials) {
  char name[16];
  std::snprintf(name, sizeof name, "domain%02d", GetParam());
  const std::string dir = kDir + name + "/";
  const std::vector<std::string> files = {dir + "profileA.json", dir + "profileB.json"};
  auto loaded = LoadScenario(files);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  const Scenario& s = loaded->scenario;
  std::ifstream in(dir + "specials.json");
  ASSERT_TRUE(in) << dir << "specials.json";
  const nlohmann::json specials = nlohmann::json::parse(in);

  auto result = Analyze(s);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  const Analysis& a = *result;
  EXPECT_EQ(a.outcomes, specials["size"].get<double>());
  EXPECT_EQ(a.frontier.method, "additive issue-by-issue");

  // The frontier: same size, and every published point is one of ours, bid and utilities.
  const auto& front = specials["pareto_front"];
  ASSERT_EQ(a.frontier.points.size(), front.size());
  std::map<std::map<std::string, std::string>, const UtilityPoint*> ours;
  for (const UtilityPoint& p : a.frontier.points) ours[Bid(s, p.outcome)] = &p;
  for (const auto& point : front) {
    auto it = ours.find(Bid(point["bid"]));
    ASSERT_NE(it, ours.end()) << point.dump();
    EXPECT_NEAR(it->second->utilities[0], point["utility"][0].get<double>(), 1e-6);
    EXPECT_NEAR(it->second->utilities[1], point["utility"][1].get<double>(), 1e-6);
  }

  ASSERT_TRUE(a.nash.has_value());
  ExpectPoint(s, *a.nash, specials["nash"], "nash");
  ExpectPoint(s, a.kalai, specials["kalai"], "kalai");
  ExpectPoint(s, a.max_welfare, specials["social_welfare"], "social_welfare");
  EXPECT_NEAR(a.opposition, specials["opposition"].get<double>(), 1e-6);
  EXPECT_TRUE(a.zopa.exact);
}

INSTANTIATE_TEST_SUITE_P(AllDomains, Anl2023Test, testing::Range(0, 25),
                         [](const testing::TestParamInfo<int>& info) {
                           char name[16];
                           std::snprintf(name, sizeof name, "domain%02d", info.param);
                           return std::string(name);
                         });

}  // namespace
}  // namespace parley
