#include "zopa.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "analysis_test_util.h"

namespace parley::analysis_internal {
namespace {

std::vector<int64_t> Thresholds(const Scenario& s, const AdditiveModel& model) {
  std::vector<int64_t> t;
  for (size_t p = 0; p < s.NumParties(); ++p)
    t.push_back(model.keys[p].Threshold(s.parties[p].profile.reservation_value));
  return t;
}

// An estimate of the ZOPA's share independent of the counting code: uniform outcomes drawn here
// and judged by EvaluateUtility against each reservation value (no keys, no thresholds). Returns
// the share and its standard error. For scenarios without constraints (every outcome acceptable).
struct ShareEstimate {
  double share = 0;
  double sigma = 0;
};
ShareEstimate MonteCarloShare(const Scenario& s, uint64_t seed, int samples) {
  Rng rng(seed);
  Outcome o(s.space.NumIssues());
  int inside = 0;
  for (int k = 0; k < samples; ++k) {
    for (size_t i = 0; i < o.size(); ++i)
      o[i] = static_cast<ValueIndex>(rng.Below(s.space.issue(i).Cardinality()));
    bool clear = true;
    for (const Party& party : s.parties)
      clear = clear && EvaluateUtility(party.profile, o) > party.profile.reservation_value;
    inside += clear;
  }
  ShareEstimate e;
  e.share = inside / static_cast<double>(samples);
  e.sigma = std::sqrt(std::max(e.share * (1 - e.share), 1.0 / samples) / samples);
  return e;
}

// The exact count of a 10^10 space against the Monte Carlo estimate: within 5 standard errors
// (a false alarm about once in 3.5 million runs; the seed is fixed, so it is deterministic) and
// within 0.01 absolute. 200,000 samples: sigma is at most 0.0011.
void ExpectShareNear(const Scenario& s, double share, uint64_t seed) {
  SCOPED_TRACE("Monte Carlo seed " + std::to_string(seed));
  const ShareEstimate e = MonteCarloShare(s, seed, 200000);
  EXPECT_NEAR(share, e.share, std::min(5 * e.sigma, 0.01)) << "estimate " << e.share;
}

TEST(ZopaTest, EveryMethodMatchesBruteForce) {
  int mitm = 0, none = 0;
  for (uint64_t seed = 0; seed < 500; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    analysis_testing::RandomScenarioSpec spec;
    spec.dyadic = seed % 3 == 0;
    spec.decimal = seed % 3 == 1;
    spec.constraints = seed % 3 == 0;
    spec.reservations = true;
    spec.max_parties = seed % 4 == 0 ? 2 : 5;
    const Scenario s = analysis_testing::RandomScenario(rng, spec);
    const analysis_testing::Reference ref = analysis_testing::BruteForce(s);
    auto model = BuildAdditiveModel(s, {});
    ASSERT_TRUE(model.ok()) << model.error().ToString();
    const std::vector<int64_t> t = Thresholds(s, *model);

    ZopaBudget budget;
    budget.method = ZopaMethod::kSearch;
    ZopaCount search = CountAdditiveZopa(*model, t, budget);
    if (!ref.acceptable.empty()) {
      EXPECT_EQ(search.method, "bounded search");
    }
    EXPECT_TRUE(search.exact);
    EXPECT_EQ(search.outcomes, ref.zopa);
    const double ref_share =
        ref.acceptable.empty() ? 0 : ref.zopa / static_cast<double>(ref.acceptable.size());
    EXPECT_NEAR(search.share, ref_share, 1e-12);

    EXPECT_EQ(CountAdditiveZopa(*model, t).outcomes, ref.zopa);

    if (!ref.acceptable.empty()) {
      budget.method = ZopaMethod::kMeetInTheMiddle;
      ZopaCount m = CountAdditiveZopa(*model, t, budget);
      EXPECT_EQ(m.method, "meet in the middle");
      EXPECT_EQ(m.outcomes, ref.zopa);
      EXPECT_NEAR(m.share, ref_share, 1e-12);
      ++mitm;
    }

    budget.method = ZopaMethod::kSampling;
    budget.samples = 20000;
    ZopaCount sampled = CountAdditiveZopa(*model, t, budget);
    if (ref.acceptable.empty()) continue;
    EXPECT_FALSE(sampled.exact);
    EXPECT_FALSE(sampled.note.empty());
    const double share = ref.zopa / static_cast<double>(ref.acceptable.size());
    const double sigma = std::sqrt(share * (1 - share) / 20000) * ref.acceptable.size();
    EXPECT_NEAR(sampled.outcomes, ref.zopa, 6 * sigma + 1e-9);
    if (ref.zopa == 0) {
      EXPECT_NE(sampled.note.find("none of them"), std::string::npos) << sampled.note;
      ++none;
    }
  }
  EXPECT_GT(none, 10);
  EXPECT_GT(mitm, 50);
}

// A million outcomes, thresholds in the middle: the three exact counts agree.
TEST(ZopaTest, MethodsAgreeOnALargerSpace) {
  for (size_t parties : {2, 3, 4}) {
    SCOPED_TRACE("parties=" + std::to_string(parties));
    Scenario s = analysis_testing::LinearScenario(11, parties, 6, 10);
    for (size_t p = 0; p < parties; ++p)
      s.parties[p].profile.reservation_value = p == 0 ? 0.55 : 0.45;
    auto model = BuildAdditiveModel(s, {});
    ASSERT_TRUE(model.ok());
    const std::vector<int64_t> t = Thresholds(s, *model);
    double brute = 0;
    Outcome o(6, 0);
    do {
      bool clear = true;
      for (size_t p = 0; p < parties; ++p) clear &= model->keys[p].Key(o) > t[p];
      brute += clear;
    } while (s.space.Next(o));
    ASSERT_GT(brute, 1000);
    ASSERT_LT(brute, 999000);
    ZopaBudget budget;
    budget.method = ZopaMethod::kMeetInTheMiddle;
    ZopaCount mitm = CountAdditiveZopa(*model, t, budget);
    EXPECT_EQ(mitm.method, "meet in the middle");
    EXPECT_EQ(mitm.outcomes, brute);
    budget.method = ZopaMethod::kSearch;
    budget.search_nodes = 1e8;
    EXPECT_EQ(CountAdditiveZopa(*model, t, budget).outcomes, brute);
    // A search over its budget falls back to a labelled estimate.
    budget.search_nodes = 100;
    ZopaCount fallback = CountAdditiveZopa(*model, t, budget);
    EXPECT_FALSE(fallback.exact);
    EXPECT_EQ(fallback.method, "sampling");
  }
}

// 10^10 outcomes and 3 parties: exact by meet in the middle.
TEST(ZopaTest, TenBillionThreePartyIsExact) {
  Scenario s = analysis_testing::LinearScenario(12, 3, 10, 10);
  for (auto& party : s.parties) party.profile.reservation_value = 0.5;
  auto analysis = Analyze(s);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  EXPECT_TRUE(analysis->zopa.exact);
  EXPECT_EQ(analysis->zopa.method, "meet in the middle");
  EXPECT_GT(analysis->zopa.share, 0.01);
  EXPECT_LT(analysis->zopa.share, 0.99);
  ExpectShareNear(s, analysis->zopa.share, 12);
}

// 5 parties, 10^10 outcomes: the meet in the middle would take ~10^10 steps, the search runs out
// of nodes, so sampling estimates, and says so.
TEST(ZopaTest, HugeManyPartySpaceIsEstimated) {
  Scenario s = analysis_testing::LinearScenario(12, 5, 10, 10);
  for (auto& party : s.parties) party.profile.reservation_value = 0.5;
  auto model = BuildAdditiveModel(s, {});
  ASSERT_TRUE(model.ok());
  ZopaBudget budget;
  budget.search_nodes = 1e5;
  budget.samples = 200000;
  const ZopaCount count = CountAdditiveZopa(*model, Thresholds(s, *model), budget);
  EXPECT_FALSE(count.exact);
  EXPECT_EQ(count.method, "sampling");
  EXPECT_NE(count.note.find("200000 uniform samples"), std::string::npos) << count.note;
  EXPECT_GT(count.outcomes, 0);
  EXPECT_LT(count.outcomes, 1e10);
  ExpectShareNear(s, count.outcomes / 1e10, 120);
}

// 10^10 outcomes, 2 parties: exact by meet in the middle.
TEST(ZopaTest, TenBillionTwoPartyIsExact) {
  Scenario s = analysis_testing::LinearScenario(13, 2, 10, 10);
  s.parties[0].profile.reservation_value = 0.6;
  s.parties[1].profile.reservation_value = 0.4;
  auto analysis = Analyze(s);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  EXPECT_TRUE(analysis->zopa.exact);
  EXPECT_EQ(analysis->zopa.method, "meet in the middle");
  EXPECT_EQ(analysis->zopa.outcomes, std::floor(analysis->zopa.outcomes));
  EXPECT_GT(analysis->zopa.share, 0.01);
  EXPECT_LT(analysis->zopa.share, 0.99);
  ExpectShareNear(s, analysis->zopa.share, 13);
}

// 10^40 outcomes (not even indexable): the frontier is still exact; the ZOPA is estimated.
TEST(ZopaTest, BeyondIndexableSpaces) {
  Scenario s = analysis_testing::LinearScenario(14, 2, 40, 10);
  s.parties[0].profile.reservation_value = 0.5;
  s.parties[1].profile.reservation_value = 0.5;
  ASSERT_FALSE(s.space.Indexable());
  auto analysis = Analyze(s);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  EXPECT_TRUE(analysis->frontier.exact);
  EXPECT_GT(analysis->frontier.points.size(), 100u);
  EXPECT_DOUBLE_EQ(analysis->outcomes, 1e40);
  EXPECT_DOUBLE_EQ(analysis->acceptable, 1e40);
  EXPECT_FALSE(analysis->zopa.exact);
  EXPECT_GT(analysis->zopa.share, 0);
  EXPECT_LT(analysis->zopa.share, 1);
  ExpectShareNear(s, analysis->zopa.share, 14);
}

// Out of time, the exact counts give way to sampling, which stops after its first thousand
// samples (deterministic: the deadline has expired before the count starts).
TEST(ZopaTest, AnExpiredDeadlineFallsBackToAShortSample) {
  Scenario s = analysis_testing::LinearScenario(7, 3, 8, 10);
  for (auto& party : s.parties) party.profile.reservation_value = 0.4;
  auto model = BuildAdditiveModel(s, {});
  ASSERT_TRUE(model.ok());
  const std::vector<int64_t> t = Thresholds(s, *model);
  ZopaBudget budget;
  EXPECT_TRUE(CountAdditiveZopa(*model, t, budget).exact);
  const Deadline expired(0);
  budget.deadline = &expired;
  const ZopaCount count = CountAdditiveZopa(*model, t, budget);
  EXPECT_FALSE(count.exact);
  EXPECT_EQ(count.method, "sampling");
  EXPECT_NE(count.note.find("from 1000 uniform samples"), std::string::npos) << count.note;
}

// 10^320 outcomes, beyond double's range: the counts are infinite, the shares are not (the
// shares were inf / inf = nan, and a sampled count of none 0 * inf = nan). The time limit cuts
// the ZOPA's search and sampling short (the frontier, one point, takes milliseconds).
TEST(ZopaTest, SpacesBeyondDoubleHaveFiniteShares) {
  Scenario s = analysis_testing::LinearScenario(15, 2, 320, 10);
  s.parties[1].profile.utility = s.parties[0].profile.utility;  // one frontier point: fast
  // The reservation value at the mean utility: about half the outcomes clear it.
  const auto& additive = std::get<AdditiveUtility>(s.parties[0].profile.utility);
  double mean = 0;
  for (size_t i = 0; i < additive.issues.size(); ++i) {
    double sum = 0;
    for (double u : additive.issues[i].table) sum += u;
    mean += additive.weights[i] * sum / static_cast<double>(additive.issues[i].table.size());
  }
  for (auto& party : s.parties) party.profile.reservation_value = mean;
  AnalysisOptions options;
  options.time_limit_seconds = 2;
  auto analysis = Analyze(s, options);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  EXPECT_TRUE(std::isinf(analysis->outcomes));
  EXPECT_TRUE(std::isfinite(analysis->zopa.share));
  EXPECT_GT(analysis->zopa.share, 0.25);
  EXPECT_LT(analysis->zopa.share, 0.75);
  EXPECT_FALSE(std::isnan(analysis->zopa.outcomes));

  for (auto& party : s.parties) party.profile.reservation_value = 1.0;  // nothing is above it
  analysis = Analyze(s, options);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  EXPECT_EQ(analysis->zopa.share, 0);
  EXPECT_EQ(analysis->zopa.outcomes, 0);
}

}  // namespace
}  // namespace parley::analysis_internal
