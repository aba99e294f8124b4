#include "parley/tournament/stats.h"

#include <gtest/gtest.h>

#include <vector>

namespace parley {
namespace {

TEST(StatsTest, QuantilesMatchTables) {
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963985, 1e-8);
  EXPECT_NEAR(NormalQuantile(0.5), 0, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.05), -1.644853627, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.70620474, 1e-6);
  EXPECT_NEAR(StudentTQuantile(0.975, 2), 4.30265273, 1e-7);
  EXPECT_NEAR(StudentTQuantile(0.975, 10), 2.228138852, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.975, 30), 2.042272456, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.995, 5), 4.032142984, 1e-7);
  EXPECT_NEAR(StudentTQuantile(0.025, 10), -2.228138852, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.975, 1e7), 1.959963985, 1e-5);
}

TEST(StatsTest, MeanConfidence) {
  const std::vector<double> xs = {1, 2, 3, 4, 5};
  MeanInterval m = MeanConfidence(xs);
  EXPECT_EQ(m.n, 5u);
  EXPECT_DOUBLE_EQ(m.mean, 3);
  EXPECT_NEAR(m.sd, 1.58113883, 1e-8);
  // t(0.975, 4) = 2.776445105; half width = t * sd / sqrt(5).
  EXPECT_NEAR(m.half_width, 2.776445105 * 1.58113883 / 2.236067977, 1e-7);
  const std::vector<double> one = {0.25};
  EXPECT_EQ(MeanConfidence(one).half_width, 0);
  EXPECT_EQ(MeanConfidence(one).mean, 0.25);
  EXPECT_EQ(MeanConfidence(std::vector<double>{}).n, 0u);
}

TEST(StatsTest, WilsonInterval) {
  ProportionInterval p = WilsonInterval(5, 10);
  EXPECT_DOUBLE_EQ(p.rate, 0.5);
  EXPECT_NEAR(p.low, 0.2365931, 1e-6);
  EXPECT_NEAR(p.high, 0.7634069, 1e-6);
  ProportionInterval all = WilsonInterval(20, 20);
  EXPECT_DOUBLE_EQ(all.rate, 1);
  EXPECT_NEAR(all.low, 0.8388748, 1e-6);
  EXPECT_DOUBLE_EQ(all.high, 1);
  EXPECT_EQ(WilsonInterval(0, 0).n, 0u);
}

}  // namespace
}  // namespace parley
