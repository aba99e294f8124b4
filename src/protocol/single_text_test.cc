#include <gtest/gtest.h>

#include "parley/protocol/protocol.h"
#include "testing.h"

namespace parley {
namespace {

using testing::LambdaNegotiator;

// Votes like a utility maximiser of the given party's profile.
LambdaNegotiator Voter(const PreparedScenario& s, size_t party) {
  return LambdaNegotiator([&s, party](const Turn& turn) -> Action {
    const CompiledProfile& p = s.profile(party);
    if (turn.kind == TurnKind::kRatify) return Accept{};
    return p.Utility(*turn.offer) >= p.Utility(*turn.reference) ? Action{Accept{}}
                                                                : Action{Reject{}};
  });
}

TEST(SingleTextTest, VetoKeepsTextOnAnyRejection) {
  PreparedScenario s(testing::RandomAdditiveScenario(4, 3, 3, 2));
  LambdaNegotiator yes([](const Turn&) -> Action { return Accept{}; });
  LambdaNegotiator no([](const Turn& t) -> Action {
    return t.kind == TurnKind::kRatify ? Action{Accept{}} : Action{Reject{}};
  });
  auto result = testing::Run(s, "single-text-veto", {&yes, &no}, 10);
  ASSERT_TRUE(result.ok());
  // The initial text never changes, and is ratified at the deadline.
  ASSERT_EQ(result->reason, EndReason::kAgreement);
  EXPECT_EQ(result->agreement, result->moves.front().outcome);
  EXPECT_EQ(result->moves.front().party, kMediator);
  EXPECT_EQ(result->rounds, 10);
}

TEST(SingleTextTest, TextMovesOnlyWhenAllPrefer) {
  PreparedScenario s(testing::RandomAdditiveScenario(5, 4, 4, 3));
  auto v0 = Voter(s, 0), v1 = Voter(s, 1), v2 = Voter(s, 2);
  for (const char* protocol : {"single-text-veto", "single-text-hill-climbing"}) {
    SCOPED_TRACE(protocol);
    auto result = testing::Run(s, protocol, {&v0, &v1, &v2}, 200);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result->reason, EndReason::kAgreement);
    // Replay: the text's utility never decreases for anyone.
    Outcome text = *result->moves.front().outcome;
    std::vector<double> u = s.Utilities(text);
    Outcome proposal;
    int changes = 0;
    for (size_t m = 1; m < result->moves.size(); ++m) {
      const Move& move = result->moves[m];
      if (move.party == kMediator) proposal = *move.outcome;
      if (move.note == "accepted by all: the text changes") {
        auto next = s.Utilities(proposal);
        for (size_t i = 0; i < 3; ++i) EXPECT_GE(next[i], u[i]);
        u = next;
        text = proposal;
        ++changes;
      }
    }
    EXPECT_GT(changes, 0);
    EXPECT_EQ(result->agreement, text);
  }
}

TEST(SingleTextTest, HillClimbingStopsAtLocalOptimum) {
  PreparedScenario s(testing::RandomAdditiveScenario(6, 3, 3, 2));
  auto v0 = Voter(s, 0), v1 = Voter(s, 1);
  auto result = testing::Run(s, "single-text-hill-climbing", {&v0, &v1}, 1000);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->reason, EndReason::kAgreement);
  EXPECT_LT(result->rounds, 1000);
  // No single-issue change is weakly better for both and strictly for one.
  const Outcome& text = *result->agreement;
  const auto u = s.Utilities(text);
  for (size_t i = 0; i < 3; ++i) {
    for (ValueIndex v = 0; v < 3; ++v) {
      Outcome n = text;
      n[i] = v;
      const auto w = s.Utilities(n);
      EXPECT_FALSE(w[0] >= u[0] && w[1] >= u[1] && (w[0] > u[0] || w[1] > u[1]));
    }
  }
  ASSERT_FALSE(result->summary.empty());
  EXPECT_EQ(result->summary.back(), "final vote on the text: accepted by all");
}

// Voters accept texts as good as the current one, so on a plateau (here an issue nobody cares
// about) a neighbour is accepted, the neighbours are regenerated, and the step back is accepted
// again: without remembering where it has been the climb cycles until the deadline.
TEST(SingleTextTest, HillClimbingStopsOnAPlateau) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Scenario base = testing::RandomAdditiveScenario(seed, 3, 4, 2);
    for (Party& party : base.parties)
      std::get<AdditiveUtility>(party.profile.utility).issues[2].table.assign(4, 1.0);
    PreparedScenario s(std::move(base));
    auto v0 = Voter(s, 0), v1 = Voter(s, 1);
    auto result = testing::Run(s, "single-text-hill-climbing", {&v0, &v1}, 2000, seed);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result->reason, EndReason::kAgreement);
    // 64 texts, 9 neighbours each: an optimum well before the deadline.
    EXPECT_LT(result->rounds, 64 * 10);
    const Outcome& text = *result->agreement;
    const auto u = s.Utilities(text);
    for (size_t i = 0; i < 3; ++i) {
      for (ValueIndex v = 0; v < 4; ++v) {
        Outcome n = text;
        n[i] = v;
        const auto w = s.Utilities(n);
        EXPECT_FALSE(w[0] >= u[0] && w[1] >= u[1] && (w[0] > u[0] || w[1] > u[1]));
      }
    }
  }
}

}  // namespace
}  // namespace parley
