#include <gtest/gtest.h>

#include "parley/protocol/protocol.h"
#include "testing.h"

namespace parley {
namespace {

using testing::ScriptedNegotiator;

TEST(AmopTest, EveryPartyOffersThenVotes) {
  PreparedScenario s(testing::RandomAdditiveScenario(3, 2, 3, 3));
  // Round 0: offers a, b, c; votes on a: P1 rejects -> next; on b: P0 rejects -> next; on c: P0
  // accepts, P1 accepts -> agreement c.
  const Outcome a{0, 0}, b{1, 1}, c{2, 2};
  ScriptedNegotiator p0({Offer{a}, Reject{}, Accept{}}), p1({Offer{b}, Reject{}, Accept{}}),
      p2({Offer{c}});
  auto result = testing::Run(s, "amop", {&p0, &p1, &p2});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kAgreement);
  EXPECT_EQ(result->agreement, c);
  EXPECT_EQ(result->rounds, 1);
  EXPECT_EQ(p0.turns[0].kind, TurnKind::kOffer);
  EXPECT_FALSE(p0.turns[0].allowed.Contains(ActionKind::kAccept));
  EXPECT_EQ(p0.turns[1].kind, TurnKind::kRespond);
  EXPECT_EQ(p0.turns[1].offer_from, 1);
  EXPECT_EQ(p0.offers_seen[1], b);
}

TEST(AmopTest, NoAgreementWithoutUnanimity) {
  PreparedScenario s(testing::RandomAdditiveScenario(3, 2, 3, 2));
  ScriptedNegotiator p0({Offer{{0, 0}}, Reject{}}), p1({Offer{{1, 1}}, Reject{}});
  // The script repeats its last action: offers after round 0 would be Reject: illegal.
  auto result = testing::Run(s, "amop", {&p0, &p1}, 3);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kFailure);
  EXPECT_EQ(result->failure->kind, FailureKind::kIllegalAction);
  EXPECT_EQ(result->rounds, 2);
}

}  // namespace
}  // namespace parley
