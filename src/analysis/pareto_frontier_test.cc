#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "additive_model.h"
#include "analysis_test_util.h"
#include "frontier_internal.h"
#include "parley/analysis/analysis.h"
#include "parley/preference/compiled_profile.h"

namespace parley {
namespace {

using analysis_testing::BruteForce;
using analysis_testing::RandomScenario;
using analysis_testing::RandomScenarioSpec;
using analysis_testing::Reference;
using analysis_testing::SortedFrontier;
using analysis_testing::SortedOutcomes;

// Utilities are CompiledProfile's, points are in frontier order, and the frontier is an
// antichain (on utilities, up to rounding).
void ExpectWellFormed(const Scenario& s, const ParetoFrontier& f) {
  std::vector<CompiledProfile> compiled;
  for (const auto& party : s.parties) compiled.emplace_back(party.profile);
  for (size_t i = 0; i < f.points.size(); ++i) {
    const UtilityPoint& p = f.points[i];
    ASSERT_TRUE(s.space.Contains(p.outcome));
    ASSERT_EQ(p.utilities.size(), s.NumParties());
    for (size_t k = 0; k < compiled.size(); ++k)
      EXPECT_EQ(p.utilities[k], compiled[k].Utility(p.outcome));
    if (i > 0) {
      const UtilityPoint& q = f.points[i - 1];
      EXPECT_TRUE(q.utilities > p.utilities ||
                  (q.utilities == p.utilities && q.outcome < p.outcome))
          << "points out of order at " << i;
    }
  }
}

void ExpectMatchesReference(const Scenario& s, const Reference& ref, const ParetoFrontier& f) {
  ExpectWellFormed(s, f);
  EXPECT_EQ(SortedOutcomes(f), SortedFrontier(ref));
  EXPECT_EQ(f.outcome_count, static_cast<double>(ref.frontier.size()));
  EXPECT_TRUE(f.all_equivalents_listed);
  EXPECT_TRUE(f.exact);
}

RandomScenarioSpec Spec(uint64_t seed) {
  RandomScenarioSpec spec;
  spec.dyadic = seed % 3 == 0;
  spec.decimal = seed % 3 == 1;
  spec.constraints = seed % 2 == 1;
  spec.reservations = seed % 4 < 2;
  return spec;
}

TEST(ParetoFrontierTest, AdditiveMatchesBruteForce) {
  // What the random scenarios covered, so that the test keeps meaning something.
  int with_equivalents = 0, with_exclusions = 0, many_parties = 0, empty = 0;
  for (uint64_t seed = 0; seed < 600; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    const Scenario s = RandomScenario(rng, Spec(seed));
    const Reference ref = BruteForce(s);
    auto f = ComputeParetoFrontier(s);
    ASSERT_TRUE(f.ok()) << f.error().ToString();
    EXPECT_EQ(f->method, "additive issue-by-issue");
    ExpectMatchesReference(s, ref, *f);
    std::map<std::vector<int64_t>, int> vectors;
    for (size_t i : ref.frontier) ++vectors[ref.keys[i]];
    with_equivalents += vectors.size() < ref.frontier.size();
    with_exclusions += ref.acceptable.size() < s.space.SizeExact();
    many_parties += s.NumParties() >= 4 && ref.frontier.size() >= 5;
    empty += ref.acceptable.empty();
  }
  EXPECT_GT(with_equivalents, 50);
  EXPECT_GT(with_exclusions, 100);
  EXPECT_GT(many_parties, 100);
  EXPECT_GT(empty, 3);
}

TEST(ParetoFrontierTest, EnumerationMatchesBruteForce) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    RandomScenarioSpec spec = Spec(seed);
    spec.non_additive = seed % 2 == 0;
    const Scenario s = RandomScenario(rng, spec);
    const Reference ref = BruteForce(s);
    const analysis_internal::Deadline deadline(60);
    auto result = analysis_internal::EnumerateScenario(s, {}, deadline);
    ASSERT_TRUE(result.ok()) << result.error().ToString();
    ExpectMatchesReference(s, ref, result->frontier);
    EXPECT_EQ(result->acceptable, static_cast<double>(ref.acceptable.size()));
    EXPECT_EQ(result->zopa, ref.zopa);
    if (!analysis_internal::AllAdditive(s)) {
      auto f = ComputeParetoFrontier(s);
      ASSERT_TRUE(f.ok()) << f.error().ToString();
      EXPECT_EQ(f->method, "enumeration");
      EXPECT_EQ(SortedOutcomes(*f), SortedFrontier(ref));
    }
  }
}

// With weights in eighths and values in quarters every sum is exact in doubles, so the key
// comparison must agree with plain double comparison of EvaluateUtility.
TEST(ParetoFrontierTest, KeysAgreeWithExactDoubles) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    RandomScenarioSpec spec = Spec(seed);
    spec.dyadic = true;
    const Scenario s = RandomScenario(rng, spec);
    const Reference ref = BruteForce(s);
    const size_t n = ref.acceptable.size();
    std::vector<Outcome> expected;
    for (size_t i = 0; i < n; ++i) {
      bool dominated = false;
      for (size_t j = 0; j < n && !dominated; ++j)
        dominated = ref.utilities[j] != ref.utilities[i] &&
                    std::equal(ref.utilities[j].begin(), ref.utilities[j].end(),
                               ref.utilities[i].begin(), std::greater_equal<>());
      if (!dominated) expected.push_back(ref.acceptable[i]);
    }
    EXPECT_EQ(SortedFrontier(ref), expected);
    EXPECT_EQ(ref.zopa, ref.zopa_doubles);
  }
}

// Weights in twentieths and values in tenths are decimals that doubles hold only approximately:
// 0.45 + 0.15 and 0.3 + 0.3 are equal but sum to different doubles. Exact integer utilities (in
// units of 1/200) decide dominance and the ZOPA here; an equal outcome is never "dominated".
TEST(ParetoFrontierTest, DecimalTiesAreTies) {
  int binary_would_differ = 0;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    RandomScenarioSpec spec = Spec(seed);
    spec.dyadic = false;
    spec.decimal = true;
    spec.reservations = true;
    spec.max_issues = 6;  // more terms per sum, more equal sums of different terms
    spec.max_values = 3;
    const Scenario s = RandomScenario(rng, spec);
    const Reference ref = BruteForce(s);
    const size_t n = ref.acceptable.size(), parties = s.NumParties();
    std::vector<std::vector<int64_t>> exact(n, std::vector<int64_t>(parties, 0));
    double zopa = 0;
    for (size_t i = 0; i < n; ++i) {
      bool in_zopa = true;
      for (size_t p = 0; p < parties; ++p) {
        const auto& add = std::get<AdditiveUtility>(s.parties[p].profile.utility);
        for (size_t k = 0; k < s.space.NumIssues(); ++k)
          exact[i][p] += std::llround(add.weights[k] * 20) *
                         std::llround(add.issues[k].table[ref.acceptable[i][k]] * 10);
        in_zopa &= exact[i][p] > std::llround(s.parties[p].profile.reservation_value * 200);
      }
      zopa += in_zopa;
    }
    std::vector<Outcome> expected;
    for (size_t i = 0; i < n; ++i) {
      bool dominated = false;
      for (size_t j = 0; j < n && !dominated; ++j)
        dominated = exact[j] != exact[i] && std::equal(exact[j].begin(), exact[j].end(),
                                                       exact[i].begin(), std::greater_equal<>());
      if (!dominated) expected.push_back(ref.acceptable[i]);
      for (size_t j = 0; j < i; ++j)
        for (size_t p = 0; p < parties; ++p)
          binary_would_differ +=
              exact[j][p] == exact[i][p] && ref.utilities[j][p] != ref.utilities[i][p];
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(SortedFrontier(ref), expected);
    auto analysis = Analyze(s);
    if (n == 0) continue;
    ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
    EXPECT_EQ(SortedOutcomes(analysis->frontier), expected);
    EXPECT_EQ(analysis->zopa.outcomes, zopa);
  }
  EXPECT_GT(binary_would_differ, 100);  // the doubles really do differ
}

// Frontiers with more outcomes than max_frontier_points list one outcome (the lowest index) per
// utility vector, or are refused when even the distinct vectors are too many.
TEST(ParetoFrontierTest, CollapsesEquivalentOutcomesBeyondTheLimit) {
  int collapsed = 0, refused = 0;
  for (uint64_t seed = 0; seed < 1000; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    RandomScenarioSpec spec = Spec(seed);
    spec.dyadic = true;
    spec.max_parties = 3;
    spec.non_additive = seed % 5 == 0;
    const Scenario s = RandomScenario(rng, spec);
    const Reference ref = BruteForce(s);
    std::map<std::vector<int64_t>, Outcome> lowest;
    for (size_t i : ref.frontier) lowest.try_emplace(ref.keys[i], ref.acceptable[i]);
    AnalysisOptions options;
    options.max_frontier_points = static_cast<double>(1 + rng.Below(4));
    auto f = ComputeParetoFrontier(s, options);
    if (static_cast<double>(lowest.size()) > options.max_frontier_points) {
      ASSERT_FALSE(f.ok());
      EXPECT_EQ(f.error().code, ErrorCode::kUnsupported);
      ++refused;
      continue;
    }
    ASSERT_TRUE(f.ok()) << f.error().ToString();
    ExpectWellFormed(s, *f);
    EXPECT_EQ(f->outcome_count, static_cast<double>(ref.frontier.size()));
    if (static_cast<double>(ref.frontier.size()) <= options.max_frontier_points) {
      EXPECT_TRUE(f->all_equivalents_listed);
      EXPECT_EQ(SortedOutcomes(*f), SortedFrontier(ref));
      continue;
    }
    ++collapsed;
    EXPECT_FALSE(f->all_equivalents_listed);
    std::vector<Outcome> expected;
    for (const auto& [key, outcome] : lowest) expected.push_back(outcome);
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(SortedOutcomes(*f), expected);
  }
  EXPECT_GT(collapsed, 10);
  EXPECT_GT(refused, 10);
}

TEST(ParetoFrontierTest, NoAcceptableOutcomeGivesAnEmptyFrontier) {
  Rng rng(7);
  RandomScenarioSpec spec;
  spec.max_parties = 2;
  Scenario s = RandomScenario(rng, spec);
  Constraint never;
  never.description = "nothing goes";
  never.then.issue = 0;  // an empty allowed list never holds
  s.parties[0].profile.constraints.push_back(never);
  auto f = ComputeParetoFrontier(s);
  ASSERT_TRUE(f.ok()) << f.error().ToString();
  EXPECT_TRUE(f->points.empty());
  EXPECT_EQ(f->outcome_count, 0);
  auto a = Analyze(s);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, ErrorCode::kBadInput);
}

// Beyond max_enumeration, non-additive spaces go to the hyper-rectangle branch and bound
// (hyper_rectangle_frontier_test.cc tests it): the same utility vectors, one outcome each.
TEST(ParetoFrontierTest, LargeNonAdditiveSpacesUseBranchAndBound) {
  Rng rng(3);
  RandomScenarioSpec spec;
  spec.non_additive = true;
  spec.max_outcomes = 1000;
  for (int k = 0; k < 20; ++k) {
    Scenario s;
    do {
      s = RandomScenario(rng, spec);
    } while (analysis_internal::AllAdditive(s) || s.space.Size() < 10);
    AnalysisOptions options;
    options.max_enumeration = 5;
    auto f = ComputeParetoFrontier(s, options);
    auto ref = ComputeParetoFrontier(s);
    ASSERT_TRUE(f.ok() && ref.ok());
    EXPECT_NE(f->method.find("branch and bound"), std::string::npos);
    EXPECT_FALSE(f->all_equivalents_listed);
    std::vector<std::vector<double>> a, b;
    for (const auto& p : f->points) a.push_back(p.utilities);
    for (const auto& p : ref->points)
      if (b.empty() || b.back() != p.utilities) b.push_back(p.utilities);
    EXPECT_EQ(a, b);
  }
}

TEST(ParetoFrontierTest, InvalidScenarioIsBadInput) {
  Scenario s = analysis_testing::LinearScenario(1, 2, 3, 3);
  std::get<AdditiveUtility>(s.parties[1].profile.utility).weights[0] = -1;
  auto f = ComputeParetoFrontier(s);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kBadInput);
}

// 10^10 outcomes: exact, fast, and every sampled outcome is weakly dominated by the frontier.
TEST(ParetoFrontierTest, TenBillionOutcomesTwoParties) {
  const Scenario s = analysis_testing::LinearScenario(2023, 2, 10, 10);
  auto f = ComputeParetoFrontier(s);
  ASSERT_TRUE(f.ok()) << f.error().ToString();
  ExpectWellFormed(s, *f);
  ASSERT_GT(f->points.size(), 10u);
  for (size_t i = 1; i < f->points.size(); ++i)  // strictly trading off: an antichain
    EXPECT_LT(f->points[i - 1].utilities[1], f->points[i].utilities[1] + 1e-12);
  std::vector<CompiledProfile> compiled;
  for (const auto& party : s.parties) compiled.emplace_back(party.profile);
  Rng rng(5);
  for (int k = 0; k < 20000; ++k) {
    Outcome o(10);
    for (auto& v : o) v = static_cast<ValueIndex>(rng.Below(10));
    const double u0 = compiled[0].Utility(o), u1 = compiled[1].Utility(o);
    // The first frontier point (in descending u0 order) with u0 >= this outcome's.
    auto it = std::partition_point(f->points.begin(), f->points.end(),
                                   [&](const UtilityPoint& p) { return p.utilities[0] >= u0; });
    ASSERT_NE(it, f->points.begin());
    EXPECT_GE(std::prev(it)->utilities[1], u1 - 1e-12);
  }
}

// Zero-sum: every outcome is on the frontier. With dyadic weights and values in quarters the
// sums are exact and the utility vectors few, so each is listed once with the count of its
// outcomes; with random values they are too many, and the answer is a clear refusal.
TEST(ParetoFrontierTest, ZeroSumTenBillionOutcomes) {
  for (bool quarters : {true, false}) {
    SCOPED_TRACE(quarters ? "quarters" : "random");
    Scenario s = analysis_testing::LinearScenario(99, 2, 10, 10);
    Rng rng(1);
    auto& a = std::get<AdditiveUtility>(s.parties[0].profile.utility);
    auto& b = std::get<AdditiveUtility>(s.parties[1].profile.utility);
    for (size_t i = 0; i < 10; ++i) {
      a.weights[i] = b.weights[i] = i < 6 ? 0.125 : 0.0625;
      for (size_t v = 0; v < 10; ++v) {
        a.issues[i].table[v] = quarters ? 0.25 * static_cast<double>(rng.Below(5)) : rng.Uniform();
        b.issues[i].table[v] = 1 - a.issues[i].table[v];
      }
    }
    AnalysisOptions options;
    options.max_frontier_points = 1e5;
    auto f = ComputeParetoFrontier(s, options);
    if (!quarters) {
      ASSERT_FALSE(f.ok());
      EXPECT_EQ(f.error().code, ErrorCode::kUnsupported);
      EXPECT_NE(f.error().message.find("max_frontier_points"), std::string::npos);
      continue;
    }
    ASSERT_TRUE(f.ok()) << f.error().ToString();
    EXPECT_EQ(f->outcome_count, 1e10);
    EXPECT_FALSE(f->all_equivalents_listed);
    EXPECT_LE(f->points.size(), 65u);  // multiples of 1/64 from 0 to 1
    ExpectWellFormed(s, *f);
  }
}

// Constraints tying every issue of a 4.4-million-outcome space leave more acceptable
// combinations than one component may hold: the whole space is enumerated instead.
TEST(ParetoFrontierTest, ConstraintsOverEveryIssueFallBackToEnumeration) {
  Scenario s = analysis_testing::LinearScenario(5, 2, 4, 46);
  Constraint c;
  c.description = "not all four first values";
  for (size_t i = 0; i < 3; ++i) c.when.push_back({i, {0}});
  c.then = {3, {}};
  for (ValueIndex v = 1; v < 46; ++v) c.then.allowed.push_back(v);
  s.parties[0].profile.constraints.push_back(c);
  auto f = ComputeParetoFrontier(s);
  ASSERT_TRUE(f.ok()) << f.error().ToString();
  EXPECT_EQ(f->method, "enumeration");
  ExpectWellFormed(s, *f);
  const Outcome banned = {0, 0, 0, 0};
  for (const auto& p : f->points) EXPECT_NE(p.outcome, banned);
  // The same frontier as without the constraint, unless it removed a frontier outcome.
  Scenario free = s;
  free.parties[0].profile.constraints.clear();
  auto g = ComputeParetoFrontier(free);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->method, "additive issue-by-issue");
  std::vector<Outcome> expected = SortedOutcomes(*g);
  if (std::find(expected.begin(), expected.end(), banned) == expected.end()) {
    EXPECT_EQ(SortedOutcomes(*f), expected);
  }
  auto a = Analyze(s);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->acceptable, 46.0 * 46 * 46 * 46 - 1);
  ASSERT_FALSE(a->notes.empty());
  EXPECT_NE(a->notes.front().find("enumerated"), std::string::npos);
}

TEST(ParetoFrontierTest, TimeLimitGivesAClearError) {
  const Scenario s = analysis_testing::LinearScenario(4, 3, 12, 10);
  AnalysisOptions options;
  options.time_limit_seconds = 0;
  auto f = ComputeParetoFrontier(s, options);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(f.error().message.find("time limit"), std::string::npos);
}

// Issue 14's case: three parties and two issues of 10^5 values on which they conflict (every
// value is on each issue's own frontier), so the merge has 10^10 candidates. The deadline used
// to be asked every 4096 nodes (4 * 10^8 candidates, minutes past a limit of seconds); now every
// 65,536 candidates. The bound below is ten times the limit, for a loaded machine.
TEST(ParetoFrontierTest, TheIssueByIssueMergeKeepsTheTimeLimit) {
  constexpr size_t kValues = 100000;
  Scenario s = analysis_testing::LinearScenario(5, 3, 2, kValues);
  for (size_t p = 0; p < 3; ++p) {
    auto& additive = std::get<AdditiveUtility>(s.parties[p].profile.utility);
    for (size_t i = 0; i < 2; ++i)
      for (size_t v = 0; v < kValues; ++v) {
        const double x = static_cast<double>(v) / (kValues - 1);
        additive.issues[i].table[v] = p == 0 ? x : p == 1 ? 1 - x : 1 - std::fabs(x - 0.3) / 0.7;
      }
  }
  AnalysisOptions options;
  options.time_limit_seconds = 0.3;
  const auto start = std::chrono::steady_clock::now();
  auto f = ComputeParetoFrontier(s, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.error().message.find("time limit"), std::string::npos) << f.error().ToString();
  EXPECT_LT(seconds, 3.0);
}

// The enumeration of issues tied by hard constraints asks the deadline too (it could take
// seconds: up to max_enumeration combinations), deterministically: an expired deadline stops it.
TEST(ParetoFrontierTest, ConstrainedGroupEnumerationAsksTheDeadline) {
  Scenario s = analysis_testing::LinearScenario(6, 2, 3, 60);
  s.parties[0].profile.constraints.push_back({"tie", {Clause{0, {0}}}, Clause{1, {0}}});
  s.parties[1].profile.constraints.push_back({"tie", {Clause{1, {0}}}, Clause{2, {0}}});
  ASSERT_TRUE(analysis_internal::BuildAdditiveModel(s, {}).ok());
  const analysis_internal::Deadline expired(0);
  auto model = analysis_internal::BuildAdditiveModel(s, {}, &expired);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.error().message.find("time limit"), std::string::npos)
      << model.error().ToString();
}

}  // namespace
}  // namespace parley
