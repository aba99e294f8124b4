#include "parley/preference/profile.h"

#include <gtest/gtest.h>

#include <cmath>

#include "parley/preference/compiled_profile.h"

namespace parley {
namespace {

// The one ClauseHolds: a value among the allowed ones; an outcome without the clause's issue
// (shorter than it) does not satisfy it (some copies read past the end).
TEST(ProfileTest, ClauseHolds) {
  const Clause clause{2, {1, 3}};
  EXPECT_TRUE(ClauseHolds(clause, Outcome{0, 0, 3}));
  EXPECT_TRUE(ClauseHolds(clause, Outcome{0, 0, 1, 5}));
  EXPECT_FALSE(ClauseHolds(clause, Outcome{0, 0, 2}));
  EXPECT_FALSE(ClauseHolds(clause, Outcome{1, 3}));
  EXPECT_FALSE(ClauseHolds(Clause{0, {}}, Outcome{0}));
  EXPECT_TRUE(clause.Allows(3));
  EXPECT_FALSE(clause.Allows(0));
}

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

// GENIUS NonlinearUtilitySpace / UtilityFunction / Inclusive- and ExclusiveHyperRectangle.
TEST(ProfileTest, HyperRectangleFollowsGenius) {
  OutcomeSpace space({Issue::Integer("a", 0, 9), Issue::Integer("b", 0, 9)});
  HyperRectangleUtility nl;
  RectangleNode node;
  node.aggregation = RectangleNode::Aggregation::kMin;
  node.weight = 5;                                   // a root's weight is unused
  node.rectangles.push_back({{{0, 0, 4}}, {}, 10});  // covers a <= 4
  node.rectangles.push_back({{}, {}, 30});           // no bounds: covers everything
  nl.nodes.push_back(node);
  nl.max_utility = 20;
  Profile p{"p", nl};
  ASSERT_TRUE(ValidateProfile(p, space, "f").ok());
  // MIN counts an uncovered rectangle as 0.
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{2, 0}), 0.5);
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{7, 0}), 0.0);
  auto& root = std::get<HyperRectangleUtility>(p.utility).nodes[0];
  root.aggregation = RectangleNode::Aggregation::kSum;
  // 40 / 20 is capped at 1.
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{2, 0}), 1.0);
  // EXCLUDES: pays outside the box of all its bounds; one failing bound suffices.
  root.rectangles = {{{}, {{0, 0, 4}, {1, 0, 4}}, 10}};
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{2, 3}), 0.0);
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{2, 7}), 0.5);
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{8, 3}), 0.5);
  // Children are weighted by their parent; an empty MIN node is GENIUS's Integer.MAX_VALUE.
  RectangleNode child;
  child.weight = 0.5;
  child.rectangles.push_back({{{1, 5, 9}}, {}, 8});
  root.children.push_back(child);
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{8, 6}), (10 + 4) / 20.0);
  RectangleNode empty_min;
  empty_min.aggregation = RectangleNode::Aggregation::kMin;
  empty_min.weight = -1;
  root.children.push_back(empty_min);
  EXPECT_DOUBLE_EQ(EvaluateUtility(p, Outcome{8, 6}), (14 - 2147483647.0) / 20);
}

TEST(ProfileTest, ConstraintsAndDiscount) {
  Profile p{"p", AdditiveUtility{{0.5, 0.5},
                                 {{ValueFunction::Form::kTable, {0, 1}},
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
