// The SAOP rules, one test each, with scripted parties.

#include <gtest/gtest.h>

#include "parley/protocol/protocol.h"
#include "testing.h"

namespace parley {
namespace {

using testing::LambdaNegotiator;
using testing::ScriptedNegotiator;

class SaoTest : public ::testing::Test {
 protected:
  SaoTest() : scenario_(testing::RandomAdditiveScenario(1, 2, 3, 3)) {}
  PreparedScenario scenario_;
  const Outcome a_{0, 0}, b_{1, 1}, c_{2, 2};
};

TEST_F(SaoTest, FirstTurnCannotAccept) {
  ScriptedNegotiator p0({Accept{}}), p1({Accept{}});
  PreparedScenario two(testing::RandomAdditiveScenario(1, 2, 3, 2));
  auto result = testing::Run(two, "sao", {&p0, &p1});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kFailure);
  ASSERT_TRUE(result->failure);
  EXPECT_EQ(result->failure->party, 0u);
  EXPECT_EQ(result->failure->kind, FailureKind::kIllegalAction);
  EXPECT_FALSE(p0.turns[0].allowed.Contains(ActionKind::kAccept));
  EXPECT_TRUE(p0.turns[0].allowed.Contains(ActionKind::kOffer));
  EXPECT_TRUE(p0.turns[0].allowed.Contains(ActionKind::kEnd));
}

TEST_F(SaoTest, BilateralAgreementOnAcceptance) {
  PreparedScenario two(testing::RandomAdditiveScenario(1, 2, 3, 2));
  ScriptedNegotiator p0({Offer{a_}, Offer{b_}}), p1({Offer{c_}, Accept{}});
  auto result = testing::Run(two, "sao", {&p0, &p1});
  ASSERT_TRUE(result.ok());
  // Round 0: P0 offers a, P1 counters c. Round 1: P0 offers b, P1 accepts b.
  EXPECT_EQ(result->reason, EndReason::kAgreement);
  EXPECT_EQ(result->agreement, b_);
  EXPECT_EQ(result->rounds, 2);
  ASSERT_EQ(result->moves.size(), 4u);
  EXPECT_EQ(result->moves[3].party, 1);
  EXPECT_EQ(result->moves[3].outcome, b_);
  EXPECT_EQ(p1.offers_seen[1], b_);
  EXPECT_EQ(p1.turns[1].offer_from, 0);
  EXPECT_EQ(p0.finished_reason, EndReason::kAgreement);
}

TEST_F(SaoTest, AgreementNeedsEveryOtherPartyInSequence) {
  // P0 offers a; P1 accepts; P2 counters with b (resets); P0 accepts b; P1 accepts b: agreement.
  ScriptedNegotiator p0({Offer{a_}, Accept{}}), p1({Accept{}}), p2({Offer{b_}, Offer{c_}});
  auto result = testing::Run(scenario_, "sao", {&p0, &p1, &p2});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kAgreement);
  EXPECT_EQ(result->agreement, b_);
  EXPECT_EQ(result->num_moves, 5);
  EXPECT_EQ(result->rounds, 2);
}

TEST_F(SaoTest, OneAcceptIsNotEnoughWithThreeParties) {
  // P1 always accepts, P2 always counters: never agreement, ends at the deadline.
  ScriptedNegotiator p0({Offer{a_}}), p1({Accept{}}), p2({Offer{b_}});
  auto result = testing::Run(scenario_, "sao", {&p0, &p1, &p2}, 7);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kDeadline);
  EXPECT_FALSE(result->agreement);
  EXPECT_EQ(result->rounds, 7);
  EXPECT_EQ(result->num_moves, 21);
  EXPECT_DOUBLE_EQ(result->time, 7.0 / 8.0);
}

TEST_F(SaoTest, WalkAwayEndsForEveryone) {
  ScriptedNegotiator p0({Offer{a_}}), p1({Offer{b_}, EndNegotiation{}}), p2({Offer{c_}});
  auto result = testing::Run(scenario_, "sao", {&p0, &p1, &p2});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kWalkAway);
  EXPECT_EQ(result->ended_by, 1u);
  EXPECT_EQ(result->rounds, 2);
  EXPECT_EQ(result->moves.back().party, 1);
  EXPECT_FALSE(result->moves.back().outcome);
}

TEST_F(SaoTest, RejectIsNotASaoMove) {
  ScriptedNegotiator p0({Offer{a_}}), p1({Reject{}}), p2({Offer{c_}});
  auto result = testing::Run(scenario_, "sao", {&p0, &p1, &p2});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kFailure);
  EXPECT_EQ(result->failure->party, 1u);
  EXPECT_EQ(result->failure->kind, FailureKind::kIllegalAction);
  EXPECT_EQ(result->failure->message,
            "reject is not allowed on this propose turn (allowed: offer, accept or end)");
}

TEST_F(SaoTest, MovesCarryEveryPartysUtility) {
  ScriptedNegotiator p0({Offer{a_}}), p1({Offer{b_}}), p2({Offer{c_}});
  auto result = testing::Run(scenario_, "sao", {&p0, &p1, &p2}, 2);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->moves.size(), 6u);
  for (const Move& m : result->moves) {
    ASSERT_TRUE(m.outcome);
    ASSERT_EQ(m.utilities.size(), 3u);
    for (size_t i = 0; i < 3; ++i)
      EXPECT_EQ(m.utilities[i], scenario_.profile(i).Utility(*m.outcome));
  }
  EXPECT_EQ(result->moves[3].round, 1);
  EXPECT_DOUBLE_EQ(result->moves[3].time, 2.0 / 3.0);
  // Every party observes the others' moves, never its own.
  EXPECT_EQ(p0.events, (std::vector<int>{1, 2, 1, 2}));
}

// GENIUS's rules (../shared/genius-ref/README.md, "GENIUS semantics"), one test each.

TEST_F(SaoTest, GeniusClockIsRoundOverRoundsPlusOne) {
  // A deadline of N rounds plays rounds 1..N in full; in round r (1-based) every party moves at
  // t = r / (N + 1), so the first move is already past 0 and the last one short of 1.
  PreparedScenario two(testing::RandomAdditiveScenario(1, 2, 3, 2));
  ScriptedNegotiator p0({Offer{a_}}), p1({Offer{b_}});
  const int n = 9;
  auto result = testing::Run(two, "sao", {&p0, &p1}, n);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kDeadline);
  EXPECT_EQ(result->rounds, n);
  ASSERT_EQ(p0.turns.size(), static_cast<size_t>(n));
  ASSERT_EQ(p1.turns.size(), static_cast<size_t>(n));
  for (int r = 0; r < n; ++r) {
    const double t = static_cast<double>(r + 1) / (n + 1);
    EXPECT_EQ(p0.turns[r].round, r);
    EXPECT_EQ(p0.turns[r].time, t) << "round " << r + 1;
    EXPECT_EQ(p1.turns[r].time, t) << "round " << r + 1;  // the same t for both in a round
    EXPECT_EQ(result->moves[2 * r].time, t);
    EXPECT_EQ(result->moves[2 * r + 1].time, t);
    EXPECT_EQ(RoundTime(r, n), t);
  }
  // A failed session ends with party 1's move in round N, at t = N / (N + 1).
  EXPECT_EQ(result->moves.back().party, 1);
  EXPECT_EQ(result->moves.back().round, n - 1);
  EXPECT_EQ(result->time, static_cast<double>(n) / (n + 1));
}

TEST_F(SaoTest, PartyZeroMovesFirstAndOnlyOffersOrEnds) {
  PreparedScenario two(testing::RandomAdditiveScenario(1, 2, 3, 2));
  ScriptedNegotiator p0({Offer{a_}}), p1({Accept{}});
  auto result = testing::Run(two, "sao", {&p0, &p1}, 5);
  ASSERT_TRUE(result.ok());
  ASSERT_GE(result->moves.size(), 1u);
  EXPECT_EQ(result->moves[0].party, 0);
  EXPECT_EQ(p0.turns[0].allowed.ToString(), "offer or end");
  EXPECT_EQ(p0.turns[0].offer, nullptr);
  EXPECT_TRUE(p1.turns[0].allowed.Contains(ActionKind::kAccept));
}

TEST_F(SaoTest, AcceptEndsTheSessionAtOnceInTheSameRound) {
  // P1 accepts in round 1: the session ends there, at t = 1 / (N + 1); P0 is not asked again.
  PreparedScenario two(testing::RandomAdditiveScenario(1, 2, 3, 2));
  ScriptedNegotiator p0({Offer{a_}}), p1({Accept{}});
  auto result = testing::Run(two, "sao", {&p0, &p1}, 10);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kAgreement);
  EXPECT_EQ(result->agreement, a_);
  EXPECT_EQ(result->rounds, 1);
  EXPECT_EQ(result->num_moves, 2);
  EXPECT_EQ(p0.turns.size(), 1u);
  EXPECT_EQ(result->time, 1.0 / 11.0);
  EXPECT_EQ(result->moves.back().time, 1.0 / 11.0);
}

TEST_F(SaoTest, AcceptanceInTheLastRoundCounts) {
  // Round N is played in full: an accept by party 1 in round N is an agreement at N / (N + 1).
  PreparedScenario two(testing::RandomAdditiveScenario(1, 2, 3, 2));
  const int n = 4;
  LambdaNegotiator p1([&](const Turn& turn) -> Action {
    if (turn.round == n - 1) return Accept{};
    return Offer{c_};
  });
  ScriptedNegotiator p0({Offer{a_}, Offer{b_}, Offer{a_}, Offer{b_}});
  auto result = testing::Run(two, "sao", {&p0, &p1}, n);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kAgreement);
  EXPECT_EQ(result->agreement, b_);
  EXPECT_EQ(result->rounds, n);
  EXPECT_EQ(result->time, 4.0 / 5.0);
}

}  // namespace
}  // namespace parley
