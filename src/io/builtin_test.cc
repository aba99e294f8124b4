#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "parley/io/native.h"
#include "parley/io/scenario_io.h"
#include "parley/preference/compiled_profile.h"

namespace parley {
namespace {

const std::string kDohaPath = std::string(PARLEY_SOURCE_DIR) + "/scenarios/doha-2019.yaml";

TEST(Builtin, DohaIsTheDefault) {
  const auto names = BuiltinScenarioNames();
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "doha-2019");
}

TEST(Builtin, EveryBuiltinLoadsAndValidates) {
  for (const auto& name : BuiltinScenarioNames()) {
    SCOPED_TRACE(name);
    auto s = LoadBuiltinScenario(name);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    EXPECT_TRUE(ValidateScenario(*s).ok());
    EXPECT_EQ(s->name, name);
  }
}

TEST(Builtin, EmbeddedTextIsTheFileOnDisk) {
  std::ifstream in(kDohaPath, std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  auto text = BuiltinScenarioText("doha-2019");
  ASSERT_TRUE(text.ok());
  // Compared whole, without printing 10 KB on failure: a stale build embeds an old file.
  EXPECT_TRUE(*text == file.str()) << "the embedded doha-2019 differs from " << kDohaPath;
  auto builtin = LoadBuiltinScenario("doha-2019");
  auto disk = ReadNativeFile(kDohaPath, {});
  ASSERT_TRUE(builtin.ok() && disk.ok());
  EXPECT_EQ(*builtin, *disk);
}

TEST(Builtin, UnknownNameIsNotFound) {
  auto s = LoadBuiltinScenario("doha-2020");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find("doha-2019"), std::string::npos);
  EXPECT_FALSE(BuiltinScenarioText("").ok());
}

// The structure the report describes (DESIGN.md, "The system it grew from").
TEST(Builtin, DohaStructureFollowsTheReport) {
  auto loaded = LoadBuiltinScenario("doha-2019");
  ASSERT_TRUE(loaded.ok());
  const Scenario& s = *loaded;
  EXPECT_NE(s.description.find("ILLUSTRATIVE"), std::string::npos);
  ASSERT_EQ(s.parties.size(), 3u);
  const size_t us = s.FindParty("United States").value();
  const size_t taliban = s.FindParty("Taliban").value();
  const size_t government = s.FindParty("Afghan government").value();
  std::vector<size_t> issue(5);
  const char* names[] = {"troop_withdrawal", "counter_terrorism", "intra_afghan_dialogue",
                         "ceasefire", "political_settlement"};
  for (size_t i = 0; i < 5; ++i) {
    auto found = s.space.FindIssue(names[i]);
    ASSERT_TRUE(found) << names[i];
    issue[i] = *found;
    EXPECT_GE(s.space.issue(*found).Cardinality(), 4u) << names[i];
  }
  EXPECT_EQ(s.space.NumIssues(), 5u);

  ASSERT_EQ(s.rules.tracks.size(), 2u);
  const Track& first = s.rules.tracks[0];
  const Track& second = s.rules.tracks[1];
  EXPECT_EQ(first.parties, (std::vector<size_t>{us, taliban}));
  EXPECT_EQ(first.issues, (std::vector<size_t>{issue[0], issue[1], issue[2]}));
  EXPECT_FALSE(first.opens_after);
  EXPECT_EQ(second.parties, (std::vector<size_t>{taliban, government}));
  EXPECT_EQ(second.issues, (std::vector<size_t>{issue[3], issue[4]}));
  EXPECT_EQ(second.opens_after, std::optional<size_t>(0));
  EXPECT_TRUE(s.rules.single_undertaking);
  EXPECT_NE(std::find(s.rules.ratifiers.begin(), s.rules.ratifiers.end(), government),
            s.rules.ratifiers.end());

  // The Taliban's condition: no ceasefire unless foreign forces leave in full.
  const Profile& t = s.parties[taliban].profile;
  ASSERT_EQ(t.constraints.size(), 1u);
  const Issue& withdrawal = s.space.issue(issue[0]);
  const Issue& ceasefire = s.space.issue(issue[3]);
  Outcome o(5, 0);
  o[issue[3]] = *ceasefire.Find("comprehensive");
  o[issue[0]] = *withdrawal.Find("half-in-18-months");
  EXPECT_FALSE(SatisfiesConstraints(t, o));
  o[issue[0]] = *withdrawal.Find("full-in-14-months");
  EXPECT_TRUE(SatisfiesConstraints(t, o));
  o[issue[3]] = *ceasefire.Find("reduction-in-violence");
  o[issue[0]] = *withdrawal.Find("none");
  EXPECT_TRUE(SatisfiesConstraints(t, o));
}

// "A ZOPA exists but is narrow": brute force over the 1,536 outcomes.
TEST(Builtin, DohaZopaIsNarrowButNotEmpty) {
  auto s = LoadBuiltinScenario("doha-2019");
  ASSERT_TRUE(s.ok());
  std::vector<CompiledProfile> profiles;
  for (const auto& p : s->parties) profiles.emplace_back(p.profile);
  Outcome o(s->space.NumIssues(), 0);
  uint64_t zopa = 0;
  do {
    bool all = true;
    for (const auto& p : profiles)
      all = all && p.Acceptable(o) && p.Utility(o) > p.reservation_value();
    zopa += all;
  } while (s->space.Next(o));
  const double share = static_cast<double>(zopa) / s->space.Size();
  EXPECT_GT(zopa, 0u);
  EXPECT_LT(share, 0.03) << zopa << " of " << s->space.Size();
}

}  // namespace
}  // namespace parley
