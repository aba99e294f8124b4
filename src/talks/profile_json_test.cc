#include "parley/talks/profile_json.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace parley {
namespace {

const char* kProfile = R"({
  "weights": {"withdrawal": 3, "ceasefire": 1},
  "values": {"withdrawal": {"none": 0, "half": 5, "full": 10}, "ceasefire": {"announced": 2}},
  "reservation": 0.25,
  "constraints": [{"description": "ceasefire only after withdrawal",
                   "when": [{"issue": "ceasefire", "values": ["announced"]}],
                   "then": {"issue": "withdrawal", "values": ["full"]}}]
})";

TEST(ProfileJsonTest, ParsesAndNormalisesTheGeniusWay) {
  const Scenario s = testing::SmallTalks();
  auto profile = ProfileFromJson(kProfile, s.space, "p.json");
  ASSERT_TRUE(profile.ok()) << profile.error().ToString();
  const auto& additive = profile->additive();
  EXPECT_DOUBLE_EQ(additive.weights[0], 0.75);
  EXPECT_DOUBLE_EQ(additive.weights[1], 0.0);
  EXPECT_DOUBLE_EQ(additive.weights[3], 0.25);
  EXPECT_DOUBLE_EQ(additive.issues[0].table[1], 0.5);
  EXPECT_DOUBLE_EQ(additive.issues[3].table[1], 1.0);
  EXPECT_DOUBLE_EQ(additive.issues[3].table[0], 0.0);
  EXPECT_DOUBLE_EQ(profile->reservation_value, 0.25);
  ASSERT_EQ(profile->constraints.size(), 1u);
  EXPECT_EQ(profile->constraints[0].then.issue, 0u);
  EXPECT_EQ(profile->constraints[0].then.allowed, std::vector<ValueIndex>{2});
  // full, no ceasefire: 0.75
  EXPECT_DOUBLE_EQ(EvaluateUtility(*profile, Outcome{2, 0, 0, 0}), 0.75);
  EXPECT_FALSE(SatisfiesConstraints(*profile, Outcome{1, 0, 0, 1}));
}

TEST(ProfileJsonTest, RoundTripsExactly) {
  const Scenario s = testing::SmallTalks();
  auto profile = ProfileFromJson(kProfile, s.space, "p.json");
  auto text = ProfileToJson(*profile, s.space);
  ASSERT_TRUE(text.ok());
  auto again = ProfileFromJson(*text, s.space, "again");
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(*again, *profile);
  EXPECT_EQ(*ProfileToJson(*again, s.space), *text);
}

TEST(ProfileJsonTest, ReportsWhatIsWrong) {
  const Scenario s = testing::SmallTalks();
  struct Case {
    const char* json;
    const char* field;
  };
  const Case cases[] = {
      {"{", "profile"},
      {"[]", "profile"},
      {R"({"weights": {"withdrawal": 1}})", "values"},
      {R"({"weights": {"nope": 1}, "values": {}})", "weights"},
      {R"({"weights": {"withdrawal": "x"}, "values": {}})", "weights.withdrawal"},
      {R"({"weights": {"withdrawal": 0}, "values": {}})", "weights"},
      {R"({"weights": {"withdrawal": 1}, "values": {"withdrawal": {"most": 1}}})",
       "values.withdrawal"},
      {R"({"weights": {"withdrawal": 1}, "values": {}, "reservation": 2})", "reservation"},
      {R"({"weights": {"withdrawal": 1}, "values": {}, "extra": 2})", "extra"},
      {R"({"weights": {"withdrawal": 1}, "values": {}, "constraints": [{"then": {"issue":
         "withdrawal", "values": ["all"]}}]})",
       "constraints[0].then.values"},
  };
  for (const Case& c : cases) {
    auto profile = ProfileFromJson(c.json, s.space, "in.json");
    ASSERT_FALSE(profile.ok()) << c.json;
    EXPECT_EQ(profile.error().field, c.field) << profile.error().ToString();
    EXPECT_EQ(profile.error().file, "in.json");
  }
}

}  // namespace
}  // namespace parley
