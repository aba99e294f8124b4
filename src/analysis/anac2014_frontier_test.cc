// The ANAC 2014 non-linear scenarios (../shared/data/genius/y2014): the exact frontier by branch
// and bound, against the frontier the organisers published (pareto.xml) and against our golden
// file tests/data/anac2014_frontiers.txt. docs/anac2014.md discusses the results.
//
// PARLEY_UPDATE_GOLDEN=1 rewrites the golden file from the current results.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "parley/analysis/hyper_rectangle_frontier.h"
#include "parley/io/scenario_io.h"

namespace parley {
namespace {

const char* const kScenarios[] = {
    "10issues", "10issuesDiscounted", "10issuesDiscountedwithRV", "10issueswithRV",
    "30issues", "30issuesDiscounted", "30issuesDiscountedwithRV", "30issueswithRV",
    "50issues", "50issuesDiscounted", "50issuesDiscountedwithRV", "50issueswithRV",
};

std::string Folder(const std::string& name) {
  return std::string(PARLEY_SHARED_DATA_DIR) + "/genius/y2014/" + name;
}
std::string GoldenPath() {
  return std::string(PARLEY_SOURCE_DIR) + "/tests/data/anac2014_frontiers.txt";
}

using Points = std::vector<std::vector<double>>;

/// pareto.xml: plain text, one "u1, u2" line per point.
Points ReadPublished(const std::string& name) {
  std::ifstream in(Folder(name) + "/pareto.xml");
  Points points;
  double a = 0, b = 0;
  char comma = 0;
  while (in >> a >> comma >> b) points.push_back({a, b});
  return points;
}

/// The golden file: "# name" then one "u1 u2" line per frontier point.
std::map<std::string, Points> ReadGolden() {
  std::map<std::string, Points> golden;
  std::ifstream in(GoldenPath());
  std::string line, current;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      current = line.substr(2);
      golden[current];
      continue;
    }
    std::istringstream fields(line);
    double a = 0, b = 0;
    fields >> a >> b;
    golden[current].push_back({a, b});
  }
  return golden;
}

bool WeaklyAbove(const std::vector<double>& a, const std::vector<double>& b, double tolerance) {
  return a[0] >= b[0] - tolerance && a[1] >= b[1] - tolerance;
}

struct Solved {
  ParetoFrontier frontier;
  HyperRectangleSearchStats stats;
};

Solved Solve(const std::string& name, const HyperRectangleSearchOptions& options = {}) {
  const std::vector<std::string> paths = {Folder(name)};
  auto loaded = LoadScenario(paths);
  EXPECT_TRUE(loaded.ok()) << loaded.error().ToString();
  if (!loaded.ok()) return {};
  EXPECT_EQ(loaded->scenario.NumParties(), 2u);
  Solved solved;
  auto frontier = HyperRectangleParetoFrontier(loaded->scenario, options, &solved.stats);
  EXPECT_TRUE(frontier.ok()) << frontier.error().ToString();
  if (frontier.ok()) solved.frontier = *std::move(frontier);
  return solved;
}

TEST(Anac2014FrontierTest, ExactFrontiersAgreeWithPublishedAndGolden) {
  if (!std::filesystem::exists(Folder("10issues"))) GTEST_SKIP() << "no reference data";
  const bool update = std::getenv("PARLEY_UPDATE_GOLDEN") != nullptr;
  const auto golden = ReadGolden();
  std::ostringstream rewritten;
  for (const char* name : kScenarios) {
    SCOPED_TRACE(name);
    const Solved solved = Solve(name);
    const ParetoFrontier& frontier = solved.frontier;
    EXPECT_TRUE(frontier.exact) << frontier.method;
    ASSERT_FALSE(frontier.points.empty());
    Points ours;
    for (const auto& p : frontier.points) ours.push_back(p.utilities);

    // The published points hold 8 significant digits (floats). None may beat ours, and each is
    // either one of ours or weakly below one of ours.
    const Points published = ReadPublished(name);
    ASSERT_FALSE(published.empty());
    size_t reproduced = 0;
    for (const auto& q : published) {
      bool same = false, covered = false;
      for (const auto& p : ours) {
        same = same || (std::abs(p[0] - q[0]) < 1e-6 && std::abs(p[1] - q[1]) < 1e-6);
        covered = covered || WeaklyAbove(p, q, 1e-6);
      }
      reproduced += same;
      EXPECT_TRUE(covered) << "published point " << q[0] << ", " << q[1] << " beats our frontier";
    }
    // The organisers' 10-issue frontiers are exact: we reproduce every point.
    if (std::string(name).starts_with("10")) {
      EXPECT_EQ(reproduced, published.size());
    }

    rewritten << "# " << name << "\n";
    for (const auto& p : ours) {
      char line[64];
      std::snprintf(line, sizeof line, "%.17g %.17g\n", p[0], p[1]);
      rewritten << line;
    }
    if (update) continue;
    auto it = golden.find(name);
    ASSERT_NE(it, golden.end()) << "not in " << GoldenPath();
    ASSERT_EQ(ours.size(), it->second.size());
    for (size_t i = 0; i < ours.size(); ++i) {
      EXPECT_NEAR(ours[i][0], it->second[i][0], 1e-12);
      EXPECT_NEAR(ours[i][1], it->second[i][1], 1e-12);
    }
  }
  if (update) std::ofstream(GoldenPath()) << rewritten.str();
}

/// The 10-issue frontiers again without the value reduction: a different search (millions of
/// nodes instead of hundreds) must find the same utility vectors.
TEST(Anac2014FrontierTest, TenIssueFrontiersDoNotDependOnValueReduction) {
  if (!std::filesystem::exists(Folder("10issues"))) GTEST_SKIP() << "no reference data";
  for (const char* name : kScenarios) {
    if (!std::string(name).starts_with("10")) continue;
    SCOPED_TRACE(name);
    HyperRectangleSearchOptions plain;
    plain.reduce_values = false;
    const Solved a = Solve(name), b = Solve(name, plain);
    ASSERT_TRUE(a.frontier.exact && b.frontier.exact);
    ASSERT_EQ(a.frontier.points.size(), b.frontier.points.size());
    for (size_t i = 0; i < a.frontier.points.size(); ++i)
      EXPECT_EQ(a.frontier.points[i].utilities, b.frontier.points[i].utilities);
    EXPECT_GT(b.stats.nodes, a.stats.nodes);
  }
}

}  // namespace
}  // namespace parley
