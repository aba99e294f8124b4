#include "parley/analysis/hyper_rectangle_frontier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "parley/analysis/analysis.h"
#include "parley/core/random.h"

namespace parley {
namespace {

/// What random scenarios may contain.
struct Shape {
  size_t min_parties = 2, max_parties = 2;
  size_t max_issues = 5;
  bool negative = false;     ///< Negative rectangle utilities and child weights.
  bool excludes = false;     ///< EXCLUDES bounds and rectangles without bounds.
  bool min_max = false;      ///< MIN and MAX nodes, nested children.
  bool additive = false;     ///< Some parties additive (dyadic numbers, so sums are exact).
  bool constraints = false;  ///< Hard constraints.
  bool rounding = false;     ///< Additive numbers that are not exact in binary.
};

RectangleBound RandomBound(Rng& rng, const OutcomeSpace& space, size_t issue) {
  const auto card = static_cast<ValueIndex>(space.issue(issue).Cardinality());
  ValueIndex a = static_cast<ValueIndex>(rng.Below(card)),
             b = static_cast<ValueIndex>(rng.Below(card));
  return {issue, std::min(a, b), std::max(a, b)};
}

std::vector<RectangleBound> RandomBounds(Rng& rng, const OutcomeSpace& space, size_t max) {
  std::vector<size_t> issues(space.NumIssues());
  for (size_t i = 0; i < issues.size(); ++i) issues[i] = i;
  Shuffle(issues.begin(), issues.end(), rng);
  std::vector<RectangleBound> out;
  const size_t k = rng.Below(std::min(max, issues.size()) + 1);
  for (size_t j = 0; j < k; ++j) out.push_back(RandomBound(rng, space, issues[j]));
  return out;
}

RectangleNode RandomNode(Rng& rng, const OutcomeSpace& space, const Shape& shape, int depth) {
  RectangleNode node;
  if (shape.min_max) node.aggregation = static_cast<RectangleNode::Aggregation>(rng.Below(3));
  const double weights[] = {1, 2, 0.5, -1, 0};
  node.weight = weights[rng.Below(shape.negative ? 5 : 3)];
  const size_t rects = 1 + rng.Below(6);
  for (size_t r = 0; r < rects; ++r) {
    HyperRectangle rect;
    rect.includes = RandomBounds(rng, space, 3);
    if (rect.includes.empty() && !shape.excludes)
      rect.includes.push_back(RandomBound(rng, space, 0));
    if (shape.excludes && rng.Bernoulli(0.3)) rect.excludes = RandomBounds(rng, space, 2);
    rect.utility = static_cast<double>(rng.Below(20)) + 1;
    if (shape.negative && rng.Bernoulli(0.3)) rect.utility = -rect.utility / 2;
    node.rectangles.push_back(std::move(rect));
  }
  if (shape.min_max && depth < 2)
    for (size_t c = rng.Below(3); c > 0; --c)
      node.children.push_back(RandomNode(rng, space, shape, depth + 1));
  return node;
}

Profile RandomProfile(Rng& rng, const OutcomeSpace& space, const Shape& shape) {
  Profile profile;
  profile.name = "p";
  if (shape.additive && rng.Bernoulli(0.4)) {
    // Weights k/8 and values j/4: every sum is exact in doubles.
    AdditiveUtility add;
    std::vector<int> eighths(space.NumIssues(), 0);
    for (int k = 0; k < 8; ++k) ++eighths[rng.Below(eighths.size())];
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      add.weights.push_back(eighths[i] / 8.0);
      ValueFunction f;
      for (uint64_t v = 0; v < space.issue(i).Cardinality(); ++v)
        f.table.push_back(static_cast<double>(rng.Below(5)) / 4);
      add.issues.push_back(std::move(f));
    }
    if (shape.rounding) {
      std::vector<double> weights;
      std::vector<std::vector<double>> evaluations;
      for (size_t i = 0; i < space.NumIssues(); ++i) {
        weights.push_back(rng.Uniform(0.1, 1));
        evaluations.emplace_back();
        for (uint64_t v = 0; v < space.issue(i).Cardinality(); ++v)
          evaluations.back().push_back(rng.Uniform(0, 1));
      }
      add = *NormalizeAdditive(std::move(weights), std::move(evaluations));
    }
    profile.utility = std::move(add);
  } else {
    HyperRectangleUtility nl;
    nl.nodes.push_back(RandomNode(rng, space, shape, 0));
    if (rng.Bernoulli(0.2)) nl.nodes.push_back(RandomNode(rng, space, shape, 0));
    nl.max_utility = static_cast<double>(10 + rng.Below(40));
    if (shape.rounding) nl.max_utility = 0.1 * static_cast<double>(100 + rng.Below(400));
    profile.utility = std::move(nl);
  }
  if (shape.constraints && rng.Bernoulli(0.5)) {
    Constraint c;
    c.description = "random";
    const size_t a = rng.Below(space.NumIssues()), b = rng.Below(space.NumIssues());
    c.when.push_back({a, {static_cast<ValueIndex>(rng.Below(space.issue(a).Cardinality()))}});
    c.then = {b, {0, static_cast<ValueIndex>(rng.Below(space.issue(b).Cardinality()))}};
    profile.constraints.push_back(std::move(c));
  }
  return profile;
}

Scenario RandomScenario(Rng& rng, const Shape& shape) {
  std::vector<Issue> issues;
  const size_t n = 1 + rng.Below(shape.max_issues);
  for (size_t i = 0; i < n; ++i)
    issues.push_back(
        Issue::Integer("i" + std::to_string(i), 0, static_cast<int64_t>(1 + rng.Below(4))));
  Scenario scenario;
  scenario.name = "random";
  scenario.space = OutcomeSpace(std::move(issues));
  const size_t parties = shape.min_parties + rng.Below(shape.max_parties - shape.min_parties + 1);
  for (size_t p = 0; p < parties; ++p)
    scenario.parties.push_back(
        {"party" + std::to_string(p), RandomProfile(rng, scenario.space, shape)});
  return scenario;
}

/// The frontier by enumeration: the distinct utility vectors of acceptable outcomes that no other
/// such vector weakly dominates.
std::vector<std::vector<double>> BruteForce(const Scenario& scenario) {
  std::vector<std::vector<double>> all;
  Outcome o(scenario.space.NumIssues(), 0);
  do {
    bool ok = true;
    std::vector<double> u;
    for (const auto& party : scenario.parties) {
      ok = ok && SatisfiesConstraints(party.profile, o);
      u.push_back(EvaluateUtility(party.profile, o));
    }
    if (ok) all.push_back(std::move(u));
  } while (scenario.space.Next(o));
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  std::vector<std::vector<double>> frontier;
  for (const auto& x : all) {
    bool dominated = false;
    for (const auto& y : all) {
      if (y == x) continue;
      bool above = true;
      for (size_t i = 0; i < x.size(); ++i) above = above && y[i] >= x[i];
      if (above) {
        dominated = true;
        break;
      }
    }
    if (!dominated) frontier.push_back(x);
  }
  return frontier;
}

/// Checks the search against enumeration on random scenarios of `shape`.
void CrossCheck(const Shape& shape, uint64_t first_seed, int count) {
  for (int k = 0; k < count; ++k) {
    const uint64_t seed = first_seed + static_cast<uint64_t>(k);
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    const Scenario scenario = RandomScenario(rng, shape);
    HyperRectangleSearchOptions options;
    options.reduce_values = rng.Bernoulli(0.8);
    options.fixed_point = rng.Bernoulli(0.7);
    auto frontier = HyperRectangleParetoFrontier(scenario, options);
    ASSERT_TRUE(frontier.ok()) << frontier.error().ToString();
    EXPECT_TRUE(frontier->exact);
    std::vector<std::vector<double>> found;
    for (const auto& point : frontier->points) {
      ASSERT_TRUE(scenario.space.Contains(point.outcome));
      for (size_t p = 0; p < scenario.NumParties(); ++p) {
        EXPECT_EQ(point.utilities[p], EvaluateUtility(scenario.parties[p].profile, point.outcome));
        EXPECT_TRUE(SatisfiesConstraints(scenario.parties[p].profile, point.outcome));
      }
      found.push_back(point.utilities);
    }
    // Sorted by the first utility descending, then the next.
    EXPECT_TRUE(std::is_sorted(found.rbegin(), found.rend()));
    std::sort(found.begin(), found.end());
    const auto expected = BruteForce(scenario);
    if (!shape.rounding) {
      ASSERT_EQ(found, expected);
      continue;
    }
    // Sums that round differently may differ in the last bits.
    ASSERT_EQ(found.size(), expected.size());
    for (size_t i = 0; i < found.size(); ++i)
      for (size_t p = 0; p < found[i].size(); ++p) EXPECT_NEAR(found[i][p], expected[i][p], 1e-12);
  }
}

TEST(HyperRectangleFrontierTest, SumOfIncludesMatchesBruteForce) { CrossCheck({}, 1000, 600); }

TEST(HyperRectangleFrontierTest, NegativeUtilitiesAndExcludesMatchBruteForce) {
  Shape shape;
  shape.negative = true;
  shape.excludes = true;
  CrossCheck(shape, 2000, 600);
}

TEST(HyperRectangleFrontierTest, MinMaxAndNestedNodesMatchBruteForce) {
  Shape shape;
  shape.min_max = true;
  shape.negative = true;
  shape.excludes = true;
  CrossCheck(shape, 3000, 600);
}

TEST(HyperRectangleFrontierTest, AdditiveMixturesMatchBruteForce) {
  Shape shape;
  shape.additive = true;
  shape.excludes = true;
  CrossCheck(shape, 4000, 600);
}

TEST(HyperRectangleFrontierTest, InexactNumbersMatchBruteForce) {
  Shape shape;
  shape.additive = true;
  shape.rounding = true;
  shape.max_parties = 3;
  CrossCheck(shape, 6000, 600);
}

TEST(HyperRectangleFrontierTest, ManyPartiesAndConstraintsMatchBruteForce) {
  Shape shape;
  shape.min_parties = 1;
  shape.max_parties = 5;
  shape.additive = true;
  shape.negative = true;
  shape.constraints = true;
  CrossCheck(shape, 5000, 600);
}

/// A hand-made case whose answer is known. The EXCLUDES rectangle pays outside the box
/// x <= 4 and y <= 4.
TEST(HyperRectangleFrontierTest, KnownSmallFrontier) {
  Scenario s;
  s.space = OutcomeSpace({Issue::Integer("x", 0, 9), Issue::Integer("y", 0, 9)});
  HyperRectangleUtility a, b;
  a.nodes.push_back({});
  a.nodes[0].rectangles.push_back({{{0, 7, 9}}, {}, 6});             // x >= 7
  a.nodes[0].rectangles.push_back({{}, {{0, 0, 4}, {1, 0, 4}}, 4});  // not (x <= 4 and y <= 4)
  a.max_utility = 10;
  b.nodes.push_back({});
  b.nodes[0].rectangles.push_back({{{0, 0, 2}, {1, 0, 2}}, {}, 10});  // x <= 2 and y <= 2
  b.nodes[0].rectangles.push_back({{{0, 0, 4}, {1, 5, 9}}, {}, 7});   // x <= 4 and y >= 5
  b.max_utility = 10;
  s.parties = {{"a", {"a", a}}, {"b", {"b", b}}};
  HyperRectangleSearchStats stats;
  auto f = HyperRectangleParetoFrontier(s, {}, &stats);
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->points.size(), 3u);
  EXPECT_EQ(f->points[0].utilities, (std::vector<double>{1.0, 0.0}));
  EXPECT_GE(f->points[0].outcome[0], 7u);
  EXPECT_EQ(f->points[1].utilities, (std::vector<double>{0.4, 0.7}));
  EXPECT_EQ(f->points[2].utilities, (std::vector<double>{0.0, 1.0}));
  EXPECT_TRUE(f->exact);
  EXPECT_TRUE(stats.complete);
  EXPECT_EQ(stats.fixed_point, (std::vector<bool>{true, true}));
  // x = 0 dominates 1..6 and x = 7 dominates 8 and 9; y = 0 dominates 1..4, y = 5 the rest.
  EXPECT_EQ(stats.values, (std::vector<size_t>{2, 2}));
}

/// Values between two bound ends are equivalent: a 100,000-value issue with a few rectangles
/// costs a few candidates.
TEST(HyperRectangleFrontierTest, WideIntegerIssuesCostOnlyTheirSegments) {
  Scenario s;
  s.space = OutcomeSpace({Issue::Integer("x", 0, 99999), Issue::Integer("y", 0, 2)});
  HyperRectangleUtility a, b;
  a.nodes.push_back({});
  a.nodes[0].rectangles.push_back({{{0, 20000, 59999}}, {}, 3});
  a.nodes[0].rectangles.push_back({{{0, 50000, 99999}, {1, 0, 1}}, {}, 2});
  b.nodes.push_back({});
  b.nodes[0].rectangles.push_back({{{0, 0, 29999}}, {}, 4});
  b.nodes[0].rectangles.push_back({{{0, 40000, 79999}, {1, 1, 2}}, {}, 1});
  a.max_utility = 5;
  b.max_utility = 5;
  s.parties = {{"a", {"a", a}}, {"b", {"b", b}}};
  HyperRectangleSearchStats stats;
  auto f = HyperRectangleParetoFrontier(s, {}, &stats);
  ASSERT_TRUE(f.ok());
  EXPECT_LE(stats.values[0], 7u);
  EXPECT_LT(stats.nodes, 50u);
  std::vector<std::vector<double>> found;
  for (const auto& p : f->points) found.push_back(p.utilities);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, BruteForce(s));
}

/// Two parties with opposed tastes: B's rectangles mirror A's (value v becomes 9 - v).
Scenario OpposedScenario(uint64_t seed, int issues, int rects) {
  Rng rng(seed);
  Scenario s;
  std::vector<Issue> list;
  for (int i = 0; i < issues; ++i) list.push_back(Issue::Integer("i" + std::to_string(i), 0, 9));
  s.space = OutcomeSpace(std::move(list));
  HyperRectangleUtility a, b;
  a.nodes.push_back({});
  b.nodes.push_back({});
  for (int r = 0; r < rects; ++r) {
    auto bounds = RandomBounds(rng, s.space, 4);
    a.nodes[0].rectangles.push_back({bounds, {}, static_cast<double>(1 + rng.Below(99))});
    for (auto& x : bounds) x = {x.issue, 9 - x.max, 9 - x.min};
    b.nodes[0].rectangles.push_back({bounds, {}, static_cast<double>(1 + rng.Below(99))});
  }
  a.max_utility = b.max_utility = 100.0 * rects;
  s.parties = {{"a", {"a", a}}, {"b", {"b", b}}};
  return s;
}

TEST(HyperRectangleFrontierTest, NodeLimitGivesALabelledApproximation) {
  const Scenario s = OpposedScenario(7, 12, 40);
  HyperRectangleSearchOptions options;
  options.node_limit = 200;
  HyperRectangleSearchStats stats;
  auto f = HyperRectangleParetoFrontier(s, options, &stats);
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->exact);
  EXPECT_FALSE(stats.complete);
  EXPECT_NE(f->method.find("stopped at limit"), std::string::npos);
  EXPECT_LE(stats.nodes, 200u);
  for (const auto& x : f->points) {
    for (const auto& y : f->points) {
      if (&x == &y) continue;
      EXPECT_FALSE(y.utilities[0] >= x.utilities[0] && y.utilities[1] >= x.utilities[1]);
    }
  }
  // Deterministic: the same limit gives the same answer.
  auto again = HyperRectangleParetoFrontier(s, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->points, f->points);
  // A time limit stops it too.
  HyperRectangleSearchOptions timed;
  timed.time_limit_seconds = 1e-9;
  auto quick = HyperRectangleParetoFrontier(s, timed);
  ASSERT_TRUE(quick.ok());
  EXPECT_FALSE(quick->exact);
  // The same search without a limit is exact and at least as good everywhere.
  auto exact = HyperRectangleParetoFrontier(s);
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->exact);
  for (const auto& x : f->points) {
    bool covered = false;
    for (const auto& y : exact->points)
      covered = covered || (y.utilities[0] >= x.utilities[0] && y.utilities[1] >= x.utilities[1]);
    EXPECT_TRUE(covered);
  }
}

TEST(HyperRectangleFrontierTest, RejectsProfilesThatDoNotFit) {
  Scenario s;
  s.space = OutcomeSpace({Issue::Integer("x", 0, 3)});
  HyperRectangleUtility nl;
  nl.nodes.push_back({});
  nl.nodes[0].rectangles.push_back({{{0, 0, 7}}, {}, 1});  // beyond the issue
  s.parties = {{"a", {"a", nl}}};
  EXPECT_FALSE(HyperRectangleParetoFrontier(s).ok());
  s.parties.clear();
  EXPECT_FALSE(HyperRectangleParetoFrontier(s).ok());
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

// ComputeParetoFrontier and Analyze send non-additive spaces too large to enumerate here.
TEST(HyperRectangleFrontierTest, AnalysisDispatchesLargeSpacesHere) {
  const Scenario s = OpposedScenario(7, 12, 40);  // 10^12 outcomes
  auto direct = HyperRectangleParetoFrontier(s);
  auto f = ComputeParetoFrontier(s);
  ASSERT_TRUE(direct.ok() && f.ok());
  EXPECT_TRUE(f->exact);
  EXPECT_EQ(f->points, direct->points);
  EXPECT_FALSE(f->all_equivalents_listed);
  EXPECT_EQ(f->outcome_count, static_cast<double>(f->points.size()));

  AnalysisOptions hurried;
  hurried.time_limit_seconds = 1e-9;
  auto refused = ComputeParetoFrontier(s, hurried);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(refused.error().message.find("time limit"), std::string::npos);
  hurried.allow_approximation = true;
  auto approximate = ComputeParetoFrontier(s, hurried);
  ASSERT_TRUE(approximate.ok());
  EXPECT_FALSE(approximate->exact);
  EXPECT_NE(approximate->method.find("stopped at limit"), std::string::npos);

  // Analyze samples what it cannot enumerate (ranges, ZOPA); fewer rectangles keep that quick.
  const Scenario small = OpposedScenario(8, 12, 6);
  auto frontier = ComputeParetoFrontier(small);
  auto analysis = Analyze(small);
  ASSERT_TRUE(frontier.ok() && analysis.ok());
  EXPECT_EQ(analysis->frontier.points, frontier->points);
  bool noted = false;
  for (const auto& note : analysis->notes)
    noted = noted || note.find("one outcome of each utility vector") != std::string::npos;
  EXPECT_TRUE(noted);
  const auto& points = frontier->points;
  EXPECT_NE(std::find(points.begin(), points.end(), analysis->kalai), points.end());
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

// Additive profiles whose hard constraints tie more issues than the issue-by-issue method takes
// (max_enumeration) in a space too large to enumerate go to branch and bound too.
TEST(HyperRectangleFrontierTest, ConstrainedAdditiveSpacesFallBackHere) {
  Rng rng(11);
  Scenario s;
  std::vector<Issue> issues;
  for (int i = 0; i < 12; ++i) issues.push_back(Issue::Integer("i" + std::to_string(i), 0, 9));
  s.space = OutcomeSpace(std::move(issues));
  Shape shape;
  shape.additive = true;
  for (int p = 0; p < 2; ++p) {
    Profile profile;
    do {
      profile = RandomProfile(rng, s.space, shape);
    } while (!profile.IsAdditive());
    s.parties.push_back({"p" + std::to_string(p), profile});
  }
  // Issues 0..3 tied by a chain of constraints: 10^4 combinations.
  for (size_t i = 0; i < 3; ++i)
    s.parties[0].profile.constraints.push_back({"chain", {{i, {0, 1, 2}}}, {i + 1, {3, 4, 5, 6}}});
  AnalysisOptions issue_by_issue;
  AnalysisOptions tight;
  tight.max_enumeration = 1000;
  auto a = ComputeParetoFrontier(s, issue_by_issue);
  auto b = ComputeParetoFrontier(s, tight);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_NE(b->method.find("branch and bound"), std::string::npos);
  std::vector<std::vector<double>> va, vb;
  for (const auto& p : a->points)
    if (va.empty() || va.back() != p.utilities) va.push_back(p.utilities);
  for (const auto& p : b->points) vb.push_back(p.utilities);
  EXPECT_EQ(va, vb);
  auto analysis = Analyze(s, tight);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  EXPECT_EQ(analysis->frontier.points, b->points);
}

}  // namespace
}  // namespace parley
