#include "parley/preference/scenario.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

Scenario TwoByTwo() {
  Scenario s;
  s.name = "t";
  s.space = OutcomeSpace({Issue::Discrete("x", {"a", "b"}), Issue::Discrete("y", {"c", "d"})});
  AdditiveUtility add{
      {0.5, 0.5}, {{ValueFunction::Form::kTable, {0, 1}}, {ValueFunction::Form::kTable, {1, 0}}}};
  s.parties = {{"A", {"A", add}}, {"B", {"B", add}}};
  return s;
}

TEST(ScenarioTest, ValidAndEffectiveTracks) {
  Scenario s = TwoByTwo();
  EXPECT_TRUE(ValidateScenario(s).ok());
  auto tracks = s.EffectiveTracks();
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].issues.size(), 2u);
  EXPECT_EQ(tracks[0].parties.size(), 2u);
}

TEST(ScenarioTest, RejectsDuplicatesAndBadTracks) {
  Scenario s = TwoByTwo();
  s.parties[1].name = "A";
  EXPECT_FALSE(ValidateScenario(s).ok());
  s = TwoByTwo();
  s.rules.tracks = {{"one", {0}, {0, 1}, 1}, {"two", {1}, {0, 1}, 0}};
  auto status = ValidateScenario(s);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("cycle"), std::string::npos);
  s.rules.tracks = {{"one", {0}, {0, 1}, std::nullopt}};
  EXPECT_FALSE(ValidateScenario(s).ok());  // issue y in no track
}

}  // namespace
}  // namespace parley
