#include "parley/outcome/outcome_space.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

OutcomeSpace Small() {
  return OutcomeSpace({Issue::Discrete("color", {"red", "green", "blue"}),
                       Issue::Integer("n", 2, 5), Issue::Real("price", 0.0, 1.0, 5)});
}

TEST(OutcomeSpaceTest, SizeAndIndexRoundTrip) {
  const OutcomeSpace space = Small();
  EXPECT_EQ(space.SizeExact(), 3u * 4u * 5u);
  Outcome o(3, 0);
  uint64_t expected = 0;
  do {
    ASSERT_EQ(space.Index(o), expected);
    ASSERT_EQ(space.FromIndex(expected), o);
    ++expected;
  } while (space.Next(o));
  EXPECT_EQ(expected, space.SizeExact());
}

TEST(OutcomeSpaceTest, ValueNamesAndLookup) {
  const OutcomeSpace space = Small();
  EXPECT_EQ(space.issue(1).ValueName(0), "2");
  EXPECT_EQ(space.issue(2).ValueName(2), "0.5");
  EXPECT_EQ(space.issue(2).ValueName(4), "1");
  EXPECT_EQ(space.issue(0).Find("blue"), 2u);
  EXPECT_EQ(space.issue(1).Find("5"), 3u);
  EXPECT_FALSE(space.issue(1).Find("6").has_value());
  EXPECT_FALSE(space.issue(1).Find("2.5").has_value());
  EXPECT_EQ(space.issue(2).Find("0.26"), 1u);
  EXPECT_EQ(space.Describe(Outcome{1, 0, 4}), "color=green, n=2, price=1");
}

TEST(OutcomeSpaceTest, HugeSpacesAreNotIndexable) {
  std::vector<Issue> issues;
  for (int i = 0; i < 40; ++i) issues.push_back(Issue::Integer("i" + std::to_string(i), 0, 9));
  OutcomeSpace space(issues);
  EXPECT_FALSE(space.Indexable());
  EXPECT_DOUBLE_EQ(space.Size(), 1e40);
}

TEST(OutcomeSpaceTest, Contains) {
  const OutcomeSpace space = Small();
  EXPECT_TRUE(space.Contains(Outcome{2, 3, 4}));
  EXPECT_FALSE(space.Contains(Outcome{3, 0, 0}));
  EXPECT_FALSE(space.Contains(Outcome{0, 0}));
}

}  // namespace
}  // namespace parley
