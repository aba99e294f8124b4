#include "parley/preference/profile.h"

#include <gtest/gtest.h>

#include <cmath>

#include "parley/preference/compiled_profile.h"

namespace parley {
namespace {

TEST(ProfileTest, NormalizeAdditiveFollowsGenius) {
  auto add = NormalizeAdditive({2, 6}, {{4, 2, 0}, {1, 3}});
  ASSERT_TRUE(add.ok());
  EXPECT_DOUBLE_EQ(add->weights[0], 0.25);
  EXPECT_DOUBLE_EQ(add->issues[0].table[1], 0.5);
  EXPECT_DOUBLE_EQ(add->issues[1].table[0], 1.0 / 3);
  Profile p{"p", *add};
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{0, 1}), 1.0);
  EXPECT_DOUBLE_EQ(CompiledProfile(p).Utility(Outcome{1, 0}), 0.25 * 0.5 + 0.75 / 3);
}

TEST(ProfileTest, NormalizeRejectsNegativeAndNaN) {
  EXPECT_FALSE(NormalizeAdditive({-1, 2}, {{1}, {1}}).ok());
  EXPECT_FALSE(NormalizeAdditive({1, 2}, {{1, std::nan("")}, {1}}).ok());
  EXPECT_FALSE(NormalizeAdditive({0, 0}, {{1}, {1}}).ok());
}

TEST(ProfileTest, HyperRectangleSumMinMax) {
  OutcomeSpace space({Issue::Integer("a", 0, 9), Issue::Integer("b", 0, 9)});
  HyperRectangleUtility nl;
  RectangleNode node;
  node.rectangles.push_back({{{0, 0, 4}}, {}, 10});
  node.rectangles.push_back({{{1, 5, 9}}, {{0, 3, 3}}, 30});
  nl.nodes.push_back(node);
  nl.max_utility = 40;
  Profile p{"p", nl};
  EXPECT_TRUE(ValidateProfile(p, space, "f").ok());
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{2, 7}), 1.0);
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{3, 7}), 0.25);  // excluded from the second
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{8, 1}), 0.0);
  std::get<HyperRectangleUtility>(p.utility).nodes[0].aggregation =
      RectangleNode::Aggregation::kMin;
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{2, 7}), 0.25);
  std::get<HyperRectangleUtility>(p.utility).nodes[0].aggregation =
      RectangleNode::Aggregation::kMax;
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{2, 7}), 0.75);
}

TEST(ProfileTest, ConstraintsAndDiscount) {
  Profile p{"p", AdditiveUtility{{0.5, 0.5}, {{ValueFunction::Form::kTable, {0, 1}},
                                               {ValueFunction::Form::kTable, {0, 1}}}}};
  // "ceasefire (issue 1 = 1) only if withdrawal (issue 0) = 1"
  p.constraints.push_back({"ceasefire only after withdrawal", {{1, {1}}}, {0, {1}}});
  EXPECT_TRUE(SatisfiesConstraints(p, Outcome{0, 0}));
  EXPECT_FALSE(SatisfiesConstraints(p, Outcome{0, 1}));
  EXPECT_TRUE(SatisfiesConstraints(p, Outcome{1, 1}));
  EXPECT_FALSE(CompiledProfile(p).Acceptable(Outcome{0, 1}));
  EXPECT_DOUBLE_EQ(Discounted(0.8, 0.5, 1.0), 0.4);
  EXPECT_DOUBLE_EQ(Discounted(0.8, 1.0, 0.7), 0.8);
}

TEST(ProfileTest, ValidateNamesTheField) {
  OutcomeSpace space({Issue::Discrete("x", {"a", "b"})});
  Profile p{"p", AdditiveUtility{{1.0}, {{ValueFunction::Form::kTable, {0.5}}}}};
  auto status = ValidateProfile(p, space, "prof.xml");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().file, "prof.xml");
  EXPECT_EQ(status.error().field, "issues.x");
}

}  // namespace
}  // namespace parley
