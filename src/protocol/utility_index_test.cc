#include "parley/protocol/utility_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "testing.h"

namespace parley {
namespace {

struct Point {
  double u;
  uint64_t index;
  Outcome outcome;
};

// Every acceptable outcome, sorted by (utility, index): the brute-force reference.
std::vector<Point> BruteForce(const OutcomeSpace& space, const CompiledProfile& profile) {
  std::vector<Point> all;
  Outcome o(space.NumIssues(), 0);
  do {
    if (profile.Acceptable(o)) all.push_back({profile.Utility(o), space.Index(o), o});
  } while (space.Next(o));
  std::sort(all.begin(), all.end(), [](const Point& a, const Point& b) {
    return a.u < b.u || (a.u == b.u && a.index < b.index);
  });
  return all;
}

std::optional<Outcome> ReferenceAtLeast(const std::vector<Point>& all, double target) {
  for (const Point& p : all)
    if (p.u >= target) return p.outcome;
  return std::nullopt;
}

TEST(UtilityIndexTest, SortedMatchesBruteForce) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Scenario s = testing::RandomAdditiveScenario(seed, 1 + seed % 5, 2 + seed % 4, 1);
    CompiledProfile profile(s.parties[0].profile);
    auto index = UtilityIndex::Build(s.space, profile);
    ASSERT_EQ(index->method(), UtilityIndex::Method::kSorted);
    auto all = BruteForce(s.space, profile);
    EXPECT_EQ(index->best(), all.back().u);
    EXPECT_EQ(index->worst(), all.front().u);
    Rng rng(seed);
    for (int q = 0; q < 50; ++q) {
      const double target = rng.Uniform(-0.1, 1.1);
      auto expected = ReferenceAtLeast(all, target);
      auto got = index->AtLeast(target);
      ASSERT_TRUE(got.has_value());
      if (expected) {
        EXPECT_EQ(*got, *expected) << "target " << target;
      } else {
        // Above the best: the best outcome (lowest index among ties).
        EXPECT_EQ(profile.Utility(*got), all.back().u);
      }
      const uint64_t count =
          std::count_if(all.begin(), all.end(), [&](const Point& p) { return p.u >= target; });
      EXPECT_EQ(index->CountAtLeast(target), count);
      auto at_most = index->AtMost(target);
      std::optional<double> expected_u;
      for (const Point& p : all)
        if (p.u <= target) expected_u = p.u;
      ASSERT_EQ(at_most.has_value(), expected_u.has_value());
      if (at_most) {
        EXPECT_EQ(profile.Utility(*at_most), *expected_u);
      }
    }
  }
}

TEST(UtilityIndexTest, TiesGoToLowestIndex) {
  // Two issues of identical value utilities: many exact ties.
  Scenario s = testing::RandomAdditiveScenario(3, 2, 3, 1);
  auto& add = std::get<AdditiveUtility>(s.parties[0].profile.utility);
  add.weights = {0.5, 0.5};
  add.issues[0].table = {0, 1, 0};
  add.issues[1].table = {1, 0, 1};
  CompiledProfile profile(s.parties[0].profile);
  auto index = UtilityIndex::Build(s.space, profile);
  EXPECT_EQ(*index->AtLeast(0.5), (Outcome{0, 0}));
  EXPECT_EQ(*index->AtLeast(1.0), (Outcome{1, 0}));
  EXPECT_EQ(index->best_outcome(), (Outcome{1, 0}));
  EXPECT_EQ(*index->AtMost(0.2), (Outcome{0, 1}));
  auto range = index->InRange(0.5, 0.5, 10);
  ASSERT_EQ(range.size(), 5u);  // (0,0) (0,2) (1,1) (2,0) (2,2)
  EXPECT_EQ(range[0], (Outcome{0, 0}));
  EXPECT_EQ(range[2], (Outcome{1, 1}));
  EXPECT_EQ(range[4], (Outcome{2, 2}));
}

TEST(UtilityIndexTest, GeniusNearestBreaksTiesAsGenius) {
  // The ties of TiesGoToLowestIndex with value names a, b, c (Java hashes 97, 98, 99). GENIUS's
  // list, utility descending, ties by the bid hash (the sum) then first issue fastest:
  // (1,0) (1,2) | (0,0) (2,0) (1,1) (0,2) (2,2) | (0,1) (2,1).
  Scenario s = testing::RandomAdditiveScenario(3, 2, 3, 1);
  s.space =
      OutcomeSpace({Issue::Discrete("x", {"a", "b", "c"}), Issue::Discrete("y", {"a", "b", "c"})});
  auto& add = std::get<AdditiveUtility>(s.parties[0].profile.utility);
  add.weights = {0.5, 0.5};
  add.issues[0].table = {0, 1, 0};
  add.issues[1].table = {1, 0, 1};
  CompiledProfile profile(s.parties[0].profile);
  auto index = UtilityIndex::Build(s.space, profile);
  // GENIUS's binary search lands on the middle of the list, an exact hit.
  EXPECT_EQ(*index->GeniusNearest(0.5), (Outcome{1, 1}));
  EXPECT_EQ(*index->Nearest(0.5), (Outcome{0, 0}));
  // It stops on the last 1.0 and the next element (0.5) is nearer.
  EXPECT_EQ(*index->GeniusNearest(0.6), (Outcome{0, 0}));
  // It stops on the second of the 1.0s: GENIUS offers (1,2) where parley's rule says (1,0).
  EXPECT_EQ(*index->GeniusNearest(0.9), (Outcome{1, 2}));
  EXPECT_EQ(*index->Nearest(0.9), (Outcome{1, 0}));
  EXPECT_EQ(*index->GeniusNearest(0.2), (Outcome{0, 1}));
  EXPECT_EQ(*index->GeniusNearest(2.0), (Outcome{1, 0}));
  // Below everything it stops one short of the end; the last, equally near, is not taken.
  EXPECT_EQ(*index->GeniusNearest(-1.0), (Outcome{0, 1}));
}

TEST(UtilityIndexTest, CappedProfilesCountSumsAboveOneAsOne) {
  // GENIUS's rule (weights as the file gives them): 0.6 + 0.6 counts as 1.
  Scenario s = testing::RandomAdditiveScenario(4, 2, 2, 1);
  auto& add = std::get<AdditiveUtility>(s.parties[0].profile.utility);
  add.weights = {0.6, 0.6};
  add.issues[0].table = {1, 0};
  add.issues[1].table = {1, 0.5};
  add.capped = true;
  EXPECT_TRUE(ValidateProfile(s.parties[0].profile, s.space, "p").ok());
  CompiledProfile profile(s.parties[0].profile);
  EXPECT_EQ(profile.Utility(Outcome{0, 0}), 1.0);
  EXPECT_EQ(profile.Utility(Outcome{0, 1}), 0.6 + 0.3);
  EXPECT_EQ(EvaluateUtility(s.parties[0].profile, Outcome{0, 0}), 1.0);
  auto index = UtilityIndex::Build(s.space, profile);
  EXPECT_EQ(index->best(), 1.0);
  add.capped = false;
  EXPECT_FALSE(ValidateProfile(s.parties[0].profile, s.space, "p").ok());
}

TEST(UtilityIndexTest, ConstraintsExcludeOutcomes) {
  Scenario s = testing::RandomAdditiveScenario(5, 3, 3, 1);
  // Forbid value 0 of issue 0 whenever issue 1 is 0.
  s.parties[0].profile.constraints.push_back({"c", {{1, {0}}}, {0, {1, 2}}});
  CompiledProfile profile(s.parties[0].profile);
  auto index = UtilityIndex::Build(s.space, profile);
  auto all = BruteForce(s.space, profile);
  EXPECT_EQ(index->CountAtLeast(-1), all.size());
  EXPECT_EQ(all.size(), 27u - 3u);
  for (const auto& o : index->InRange(-1, 2, 100)) EXPECT_TRUE(profile.Acceptable(o));
}

TEST(UtilityIndexTest, AdditiveSearchMatchesBruteForceWithinBudget) {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Scenario s = testing::RandomAdditiveScenario(100 + seed, 3 + seed % 4, 3 + seed % 3, 1);
    CompiledProfile profile(s.parties[0].profile);
    UtilityIndex::Options options;
    options.max_sorted = 1;  // force the search
    options.max_nodes = 1'000'000;
    auto index = UtilityIndex::Build(s.space, profile, options);
    ASSERT_EQ(index->method(), UtilityIndex::Method::kAdditiveSearch);
    auto all = BruteForce(s.space, profile);
    EXPECT_EQ(index->best(), all.back().u);
    EXPECT_EQ(index->worst(), all.front().u);
    Rng rng(seed);
    for (int q = 0; q < 30; ++q) {
      const double target = rng.Uniform(0, 1);
      auto expected = ReferenceAtLeast(all, target);
      auto got = index->AtLeast(target);
      ASSERT_TRUE(got.has_value());
      if (expected) {
        EXPECT_EQ(profile.Utility(*got), profile.Utility(*expected)) << "target " << target;
      }
      const double lo = rng.Uniform(0, 1), hi = lo + 0.1;
      auto random = index->RandomInRange(lo, hi, rng);
      const bool any = std::any_of(all.begin(), all.end(),
                                   [&](const Point& p) { return p.u >= lo && p.u <= hi; });
      ASSERT_EQ(random.has_value(), any);
      if (random) {
        EXPECT_GE(profile.Utility(*random), lo);
        EXPECT_LE(profile.Utility(*random), hi);
      }
    }
  }
}

TEST(UtilityIndexTest, HugeAdditiveSpaceAnswersQuickly) {
  // 30 issues of 10 values: 10^30 outcomes, not indexable: the search fallback, never a hang.
  Scenario s = testing::RandomAdditiveScenario(77, 30, 10, 1);
  CompiledProfile profile(s.parties[0].profile);
  auto index = UtilityIndex::Build(s.space, profile);
  ASSERT_EQ(index->method(), UtilityIndex::Method::kAdditiveSearch);
  EXPECT_NEAR(index->best(), 1.0, 1e-12);
  for (double target : {0.95, 0.8, 0.5}) {
    auto o = index->AtLeast(target);
    ASSERT_TRUE(o.has_value());
    EXPECT_GE(profile.Utility(*o), target);
    EXPECT_LT(profile.Utility(*o), target + 0.01) << target;
  }
}

TEST(UtilityIndexTest, SampleForLargeNonAdditiveSpaces) {
  Scenario s = testing::RandomAdditiveScenario(9, 6, 5, 1);
  // A hyper-rectangle profile: utility 1 inside a box, 0.4 in another.
  HyperRectangleUtility rect;
  RectangleNode node;
  node.rectangles.push_back({{{0, 0, 1}, {1, 2, 3}}, {}, 1.0});
  node.rectangles.push_back({{{2, 4, 4}}, {}, 0.4});
  rect.nodes.push_back(node);
  s.parties[0].profile.utility = rect;
  CompiledProfile profile(s.parties[0].profile);
  UtilityIndex::Options options;
  options.max_sorted = 100;
  options.sample_size = 2000;
  auto index = UtilityIndex::Build(s.space, profile, options);
  ASSERT_EQ(index->method(), UtilityIndex::Method::kSample);
  EXPECT_FALSE(index->exact());
  EXPECT_GE(index->best(), 1.0);
  auto o = index->AtLeast(0.9);
  ASSERT_TRUE(o.has_value());
  EXPECT_GE(profile.Utility(*o), 0.9);
  // Deterministic: the same options give the same sample.
  auto again = UtilityIndex::Build(s.space, profile, options);
  EXPECT_EQ(*again->AtLeast(0.3), *index->AtLeast(0.3));
}

}  // namespace
}  // namespace parley
