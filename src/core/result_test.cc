#include "parley/core/result.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Error::BadInput("odd", "f.xml", 3, "weight");
  return x / 2;
}

Result<int> Quarter(int x) {
  PARLEY_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST(ResultTest, ValueAndError) {
  EXPECT_EQ(*Half(4), 2);
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().ToString(), "f.xml:3: weight: odd");
  EXPECT_EQ(bad.error().ExitCode(), 2);
  EXPECT_EQ(Error::Internal("x").ExitCode(), 1);
}

TEST(ResultTest, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_FALSE(Quarter(6).ok());
  EXPECT_EQ(Quarter(6).error().message, "odd");
}

TEST(ResultTest, ErrorWithoutFile) {
  EXPECT_EQ(Error::NotFound("no such agent 'x'").ToString(), "no such agent 'x'");
}

}  // namespace
}  // namespace parley
