#include "parley/tournament/schedule.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "parley/core/random.h"

namespace parley {
namespace {

using Tuple = std::vector<uint32_t>;

ScheduleOptions Options(size_t agents, std::vector<size_t> parties, bool rotate, bool self_play,
                        int repetitions = 1) {
  ScheduleOptions o;
  o.num_agents = agents;
  o.parties = std::move(parties);
  o.rotate_profiles = rotate;
  o.self_play = self_play;
  o.repetitions = repetitions;
  o.seed = 7;
  return o;
}

std::vector<Tuple> Assignments(const std::vector<ScheduledSession>& s) {
  std::vector<Tuple> out;
  for (const auto& x : s) out.push_back(x.agents);
  return out;
}

TEST(ScheduleTest, TwoAgentsTwoPartiesWithoutSelfPlay) {
  auto s = BuildSchedule(Options(2, {2}, false, false));
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(Assignments(*s), (std::vector<Tuple>{{0, 1}, {1, 0}}));
  for (const auto& x : *s) {
    EXPECT_EQ(x.rotation, 0u);
    EXPECT_EQ(x.Profile(0), 0u);
    EXPECT_EQ(x.Profile(1), 1u);
  }
}

TEST(ScheduleTest, SelfPlayAddsTheAllSameAssignments) {
  auto s = BuildSchedule(Options(2, {2}, false, true));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(Assignments(*s), (std::vector<Tuple>{{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
}

TEST(ScheduleTest, RotationSwapsTheProfilesOfTwoParties) {
  auto s = BuildSchedule(Options(2, {2}, true, false));
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 4u);
  EXPECT_EQ(Assignments(*s), (std::vector<Tuple>{{0, 1}, {1, 0}, {0, 1}, {1, 0}}));
  EXPECT_EQ((*s)[0].rotation, 0u);
  EXPECT_EQ((*s)[2].rotation, 1u);
  // Rotation 1: position 0 plays profile 1 and position 1 profile 0.
  EXPECT_EQ((*s)[2].Profile(0), 1u);
  EXPECT_EQ((*s)[2].Profile(1), 0u);
}

TEST(ScheduleTest, ThreePartiesDropOnlyTheAllSameTuples) {
  auto s = BuildSchedule(Options(2, {3}, false, false));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(Assignments(*s),
            (std::vector<Tuple>{{0, 0, 1}, {0, 1, 0}, {0, 1, 1}, {1, 0, 0}, {1, 0, 1}, {1, 1, 0}}));
}

TEST(ScheduleTest, ThreePartiesRotateEveryProfileThroughEveryPosition) {
  auto s = BuildSchedule(Options(2, {3}, true, true));
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 3u * 8u);
  // Rotation r: position p plays profile (p - r) mod 3.
  const std::vector<std::vector<size_t>> expected = {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}};
  for (const auto& x : *s) {
    for (size_t p = 0; p < 3; ++p) EXPECT_EQ(x.Profile(p), expected[x.rotation][p]);
  }
  // Each profile at each position once over the rotations of one assignment.
  std::set<std::pair<size_t, size_t>> seen;
  for (const auto& x : *s)
    if (x.agents == Tuple{0, 0, 0})
      for (size_t p = 0; p < 3; ++p) seen.insert({p, x.Profile(p)});
  EXPECT_EQ(seen.size(), 9u);
}

TEST(ScheduleTest, RepetitionsAreConsecutiveWithTheirOwnSeeds) {
  auto s = BuildSchedule(Options(2, {2}, false, false, 3));
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 6u);
  for (size_t i = 0; i < s->size(); ++i) {
    EXPECT_EQ((*s)[i].index, i);
    EXPECT_EQ((*s)[i].repetition, i % 3);
    EXPECT_EQ((*s)[i].agents, (i < 3 ? Tuple{0, 1} : Tuple{1, 0}));
    EXPECT_EQ((*s)[i].seed, DeriveSeed(7, i));
  }
}

TEST(ScheduleTest, OrderIsScenarioThenRotationThenAssignmentThenRepetition) {
  auto s = BuildSchedule(Options(2, {2, 3}, true, false, 2));
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 2u * 2u * 2u + 3u * 6u * 2u);
  std::vector<std::tuple<uint32_t, uint32_t, Tuple, uint32_t>> keys;
  for (const auto& x : *s) keys.emplace_back(x.scenario, x.rotation, x.agents, x.repetition);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::set(keys.begin(), keys.end()).size(), keys.size());
}

TEST(ScheduleTest, TheBenchmarkTournamentHas288Sessions) {
  // 6 agents, 4 bilateral scenarios, rotated, with self-play: 4 * 2 * 36.
  EXPECT_EQ(ScheduleSize(Options(6, {2, 2, 2, 2}, true, true)), 288u);
  auto s = BuildSchedule(Options(6, {2, 2, 2, 2}, true, true));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 288u);
}

TEST(ScheduleTest, SizeMatchesBruteForceOnRandomShapes) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Rng rng(seed);
    ScheduleOptions o;
    o.num_agents = 1 + rng.Below(4);
    for (size_t k = 1 + rng.Below(3); k > 0; --k) o.parties.push_back(2 + rng.Below(3));
    o.repetitions = 1 + static_cast<int>(rng.Below(3));
    o.rotate_profiles = rng.Bernoulli(0.5);
    o.self_play = rng.Bernoulli(0.5);
    // Brute force: count every tuple of agents by decoding integers in base A.
    uint64_t expected = 0;
    for (size_t n : o.parties) {
      uint64_t all = 1;
      for (size_t i = 0; i < n; ++i) all *= o.num_agents;
      for (uint64_t code = 0; code < all; ++code) {
        std::set<uint64_t> distinct;
        for (uint64_t c = code, i = 0; i < n; ++i, c /= o.num_agents)
          distinct.insert(c % o.num_agents);
        if (o.self_play || distinct.size() > 1)
          expected += (o.rotate_profiles ? n : 1) * static_cast<uint64_t>(o.repetitions);
      }
    }
    EXPECT_EQ(ScheduleSize(o), expected);
    auto s = BuildSchedule(o);
    if (expected == 0) {
      EXPECT_FALSE(s.ok());
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    EXPECT_EQ(s->size(), expected);
    std::set<std::tuple<uint32_t, uint32_t, Tuple, uint32_t>> keys;
    for (const auto& x : *s) keys.emplace(x.scenario, x.rotation, x.agents, x.repetition);
    EXPECT_EQ(keys.size(), expected);
  }
}

TEST(ScheduleTest, ErrorsNameTheProblem) {
  auto one_agent = BuildSchedule(Options(1, {2}, false, false));
  ASSERT_FALSE(one_agent.ok());
  EXPECT_NE(one_agent.error().message.find("--self-play"), std::string::npos);
  EXPECT_FALSE(BuildSchedule(Options(0, {2}, false, true)).ok());
  EXPECT_FALSE(BuildSchedule(Options(2, {}, false, true)).ok());
  EXPECT_FALSE(BuildSchedule(Options(2, {1}, false, true)).ok());
  EXPECT_FALSE(BuildSchedule(Options(2, {2}, false, true, 0)).ok());
  auto big = BuildSchedule(Options(10, {6}, true, true), 1000);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("6000000"), std::string::npos);
  EXPECT_EQ(ScheduleSize(Options(1000, {20}, false, true)), UINT64_MAX);
}

}  // namespace
}  // namespace parley
