#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "analysis_test_util.h"
#include "parley/analysis/analysis.h"

namespace parley {
namespace {

ParetoFrontier Frontier(std::vector<std::vector<double>> utilities) {
  ParetoFrontier f;
  for (size_t i = 0; i < utilities.size(); ++i)
    f.points.push_back({Outcome{static_cast<ValueIndex>(i)}, utilities[i]});
  f.outcome_count = static_cast<double>(utilities.size());
  return f;
}

TEST(SolutionPointsTest, Nash) {
  const ParetoFrontier f = Frontier({{1.0, 0.1}, {0.8, 0.5}, {0.5, 0.8}, {0.2, 1.0}});
  const std::vector<double> zero = {0, 0};
  // 0.4 twice: the tie goes to the lowest index.
  EXPECT_EQ(NashPoint(f, zero)->outcome, Outcome{1});
  const std::vector<double> rv = {0.0, 0.6};
  EXPECT_EQ(NashPoint(f, rv)->outcome, Outcome{2});  // 0.5*0.2 > 0.2*0.4
  const std::vector<double> high = {0.9, 0.9};
  EXPECT_FALSE(NashPoint(f, high).has_value());
  // Exactly at a reservation value is allowed (product 0).
  const std::vector<double> edge = {1.0, 0.1};
  EXPECT_EQ(NashPoint(f, edge)->outcome, Outcome{0});
  EXPECT_FALSE(NashPoint(ParetoFrontier{}, zero).has_value());
}

TEST(SolutionPointsTest, KalaiMinimisesPairwiseDifferences) {
  const ParetoFrontier f = Frontier({{0.9, 0.2, 0.5}, {0.6, 0.5, 0.55}, {0.4, 0.4, 0.45}});
  // Spreads: 0.7+0.4+0.3=1.4; 0.1+0.05+0.05=0.2; 0+0.05+0.05=0.1.
  EXPECT_EQ(KalaiPoint(f).outcome, Outcome{2});
  EXPECT_NEAR(Opposition(KalaiPoint(f)), std::sqrt(0.36 + 0.36 + 0.3025), 1e-15);
  EXPECT_TRUE(KalaiPoint(ParetoFrontier{}).outcome.empty());
  EXPECT_EQ(Opposition(UtilityPoint{}), 0);
}

TEST(SolutionPointsTest, KalaiSmorodinskyNormalisesByTheBest) {
  const ParetoFrontier f = Frontier({{1.0, 0.2}, {0.7, 0.35}, {0.5, 0.4}});
  const std::vector<double> rv = {0, 0}, best = {1.0, 0.4};
  // Ratios: min(1, .5)=.5; min(.7, .875)=.7; min(.5, 1)=.5.
  EXPECT_EQ(KalaiSmorodinskyPoint(f, rv, best).outcome, Outcome{1});
  // The egalitarian point ignores the scale: min gains .2, .35, .4.
  EXPECT_EQ(EgalitarianPoint(f, rv).outcome, Outcome{2});
  // A party that can gain nothing (best <= rv) is left out of the minimum.
  const std::vector<double> rv2 = {0, 0.4};
  EXPECT_EQ(KalaiSmorodinskyPoint(f, rv2, best).outcome, Outcome{0});
}

TEST(SolutionPointsTest, MaxWelfareAndTies) {
  const ParetoFrontier f = Frontier({{0.9, 0.3}, {0.7, 0.5}, {0.6, 0.6}, {0.3, 0.85}});
  // 1.2 three times, up to rounding: lowest index wins.
  EXPECT_EQ(MaxWelfarePoint(f).outcome, Outcome{0});
  ParetoFrontier reversed = f;
  std::reverse(reversed.points.begin(), reversed.points.end());
  EXPECT_EQ(MaxWelfarePoint(reversed).outcome, Outcome{0});
}

TEST(SolutionPointsTest, Distances) {
  const std::vector<double> a = {0, 0}, b = {3, 4};
  EXPECT_EQ(Distance(a, b), 5);
  const ParetoFrontier f = Frontier({{1, 0}, {0.5, 0.5}, {0, 1}});
  const std::vector<double> u = {0.5, 0.4};
  EXPECT_NEAR(DistanceToPareto(u, f), 0.1, 1e-15);
  const std::vector<double> on = {0, 1};
  EXPECT_EQ(DistanceToPareto(on, f), 0);
  EXPECT_EQ(DistanceToPareto(u, ParetoFrontier{}), std::numeric_limits<double>::infinity());
}

// Every point, checked against the definitions applied to every acceptable outcome.
TEST(SolutionPointsTest, MatchBruteForceOnRandomScenarios) {
  using Objective = std::function<std::optional<double>(const std::vector<double>&)>;
  for (uint64_t seed = 0; seed < 400; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    analysis_testing::RandomScenarioSpec spec;
    spec.dyadic = seed % 3 == 0;
    spec.decimal = seed % 3 == 1;
    spec.constraints = seed % 3 == 0;
    spec.reservations = true;
    spec.non_additive = seed % 5 == 0;
    const Scenario s = analysis_testing::RandomScenario(rng, spec);
    const analysis_testing::Reference ref = analysis_testing::BruteForce(s);
    auto analysis = Analyze(s);
    if (ref.acceptable.empty()) {
      ASSERT_FALSE(analysis.ok());
      continue;
    }
    ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
    const auto& rv = ref.rv;
    const Objective nash = [&](const std::vector<double>& u) -> std::optional<double> {
      double product = 1;
      for (size_t i = 0; i < u.size(); ++i) {
        if (u[i] < rv[i] - kTieTolerance) return std::nullopt;
        product *= std::max(0.0, u[i] - rv[i]);
      }
      return product;
    };
    const Objective kalai = [](const std::vector<double>& u) -> std::optional<double> {
      double spread = 0;
      for (size_t i = 0; i < u.size(); ++i)
        for (size_t j = i + 1; j < u.size(); ++j) spread += std::abs(u[i] - u[j]);
      return -spread;
    };
    const Objective ks = [&](const std::vector<double>& u) -> std::optional<double> {
      double worst = std::numeric_limits<double>::infinity();
      for (size_t i = 0; i < u.size(); ++i)
        if (ref.best[i] > rv[i]) worst = std::min(worst, (u[i] - rv[i]) / (ref.best[i] - rv[i]));
      return std::isinf(worst) ? 0.0 : worst;
    };
    const Objective egalitarian = [&](const std::vector<double>& u) -> std::optional<double> {
      double least = std::numeric_limits<double>::infinity();
      for (size_t i = 0; i < u.size(); ++i) least = std::min(least, u[i] - rv[i]);
      return least;
    };
    const Objective welfare = [](const std::vector<double>& u) -> std::optional<double> {
      double sum = 0;
      for (double x : u) sum += x;
      return sum;
    };
    // The optimum over all acceptable outcomes, and the lowest-index frontier outcome within
    // tolerance of it.
    // Kalai's objective is not monotone (a dominated outcome can be more even), so GENIUS
    // defines it on the frontier only; the others reach their optimum there anyway.
    auto expected = [&](const Objective& objective,
                        bool frontier_only = false) -> std::optional<Outcome> {
      double best = -std::numeric_limits<double>::infinity();
      bool any = false;
      for (size_t i = 0; i < ref.utilities.size(); ++i) {
        if (frontier_only &&
            std::find(ref.frontier.begin(), ref.frontier.end(), i) == ref.frontier.end())
          continue;
        if (auto v = objective(ref.utilities[i])) {
          best = std::max(best, *v);
          any = true;
        }
      }
      if (!any) return std::nullopt;
      for (size_t i : ref.frontier)  // index order
        if (auto v = objective(ref.utilities[i]); v && *v >= best - kTieTolerance)
          return ref.acceptable[i];
      ADD_FAILURE() << "optimum not attained on the frontier";
      return std::nullopt;
    };
    const Analysis& a = *analysis;
    const auto expected_nash = expected(nash);
    ASSERT_EQ(a.nash.has_value(), expected_nash.has_value());
    if (expected_nash) {
      EXPECT_EQ(a.nash->outcome, *expected_nash);
    }
    EXPECT_EQ(a.kalai.outcome, *expected(kalai, true));
    EXPECT_EQ(a.kalai_smorodinsky.outcome, *expected(ks));
    EXPECT_EQ(a.egalitarian.outcome, *expected(egalitarian));
    EXPECT_EQ(a.max_welfare.outcome, *expected(welfare));
    EXPECT_DOUBLE_EQ(a.opposition, Opposition(a.kalai));
    // Ranges over acceptable outcomes.
    ASSERT_EQ(a.ranges.size(), s.NumParties());
    for (size_t p = 0; p < s.NumParties(); ++p) {
      EXPECT_NEAR(a.ranges[p].best, ref.best[p], 1e-12);
      EXPECT_NEAR(a.ranges[p].worst, ref.worst[p], 1e-12);
      EXPECT_EQ(a.ranges[p].reservation, rv[p]);
      EXPECT_TRUE(a.ranges[p].exact);
    }
    EXPECT_EQ(a.outcomes, s.space.Size());
    EXPECT_EQ(a.acceptable, static_cast<double>(ref.acceptable.size()));
    EXPECT_EQ(a.zopa.outcomes, ref.zopa);
    EXPECT_DOUBLE_EQ(a.zopa.share, ref.zopa / s.space.Size());
    EXPECT_TRUE(a.zopa.exact);
    // Distances: 0 for frontier outcomes, positive for dominated ones.
    for (size_t i = 0; i < ref.acceptable.size(); ++i) {
      const double d = DistanceToPareto(ref.utilities[i], a.frontier);
      const bool on = std::find(ref.frontier.begin(), ref.frontier.end(), i) != ref.frontier.end();
      if (on) {
        EXPECT_EQ(d, 0);
      } else if (ref.keys[i] != ref.keys[ref.frontier.front()]) {
        EXPECT_GT(d, 0);
      }
    }
  }
}

}  // namespace
}  // namespace parley
