// Failures are recorded against the agent and end the session; parley never crashes.

#include <gtest/gtest.h>

#include <thread>

#include "parley/protocol/protocol.h"
#include "testing.h"

namespace parley {
namespace {

using testing::LambdaNegotiator;
using testing::ScriptedNegotiator;

class TableTest : public ::testing::Test {
 protected:
  TableTest() : scenario_(testing::RandomAdditiveScenario(2, 2, 3, 2)) {}
  PreparedScenario scenario_;
};

// A cap on the moves kept: the first ones are kept, the rest only counted (the CLI's listing
// never needs more than a screen).
TEST_F(TableTest, MaxKeptMovesKeepsTheFirstAndCountsTheRest) {
  ScriptedNegotiator p0({Offer{{0, 0}}}), p1({Offer{{1, 1}}});
  PreparedScenario& s = scenario_;
  auto protocol = Protocols().Make("sao");
  ASSERT_TRUE(protocol.ok());
  RunOptions options;
  options.deadline = Deadline::Rounds(50);
  std::vector<Negotiator*> parties{&p0, &p1};
  auto all = RunNegotiation(s, **protocol, parties, options);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->moves.size(), 100u);
  EXPECT_FALSE(all->moves_dropped);
  options.max_kept_moves = 7;
  auto protocol2 = Protocols().Make("sao");
  ScriptedNegotiator q0({Offer{{0, 0}}}), q1({Offer{{1, 1}}});
  std::vector<Negotiator*> again{&q0, &q1};
  auto capped = RunNegotiation(s, **protocol2, again, options);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->num_moves, 100);
  EXPECT_TRUE(capped->moves_dropped);
  ASSERT_EQ(capped->moves.size(), 7u);
  EXPECT_EQ(capped->moves, std::vector<Move>(all->moves.begin(), all->moves.begin() + 7));
  EXPECT_EQ(capped->rounds, all->rounds);
}

TEST_F(TableTest, ThrowingAgentFails) {
  ScriptedNegotiator p0({Offer{{0, 0}}});
  LambdaNegotiator p1([](const Turn&) -> Action { throw std::runtime_error("boom"); });
  auto result = testing::Run(scenario_, "sao", {&p0, &p1});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kFailure);
  EXPECT_EQ(result->ended_by, 1u);
  EXPECT_EQ(result->failure->kind, FailureKind::kException);
  EXPECT_EQ(result->failure->message, "threw: boom");
  EXPECT_FALSE(result->agreement);
  EXPECT_EQ(p0.finished_reason, EndReason::kFailure);
}

TEST_F(TableTest, NonStandardExceptionAndThrowOnStart) {
  LambdaNegotiator p0([](const Turn&) -> Action { throw 42; });
  ScriptedNegotiator p1({Offer{{0, 0}}});
  auto result = testing::Run(scenario_, "sao", {&p0, &p1});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->failure->party, 0u);

  class BadStart : public ScriptedNegotiator {
   public:
    BadStart() : ScriptedNegotiator({Offer{{0, 0}}}) {}
    void Start(const NegotiatorSetup&) override { throw std::logic_error("no"); }
  } bad;
  result = testing::Run(scenario_, "sao", {&p1, &bad});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->failure->party, 1u);
  EXPECT_EQ(result->rounds, 0);
  EXPECT_EQ(result->num_moves, 0);
}

TEST_F(TableTest, OutOfSpaceOffersFail) {
  for (const Outcome& bad : {Outcome{0, 3}, Outcome{0}, Outcome{0, 0, 0}, Outcome{}}) {
    ScriptedNegotiator p0({Offer{{0, 0}}}), p1({Offer{bad}});
    auto result = testing::Run(scenario_, "sao", {&p0, &p1});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->reason, EndReason::kFailure);
    EXPECT_EQ(result->failure->party, 1u);
    EXPECT_EQ(result->failure->kind, FailureKind::kInvalidOutcome);
    EXPECT_EQ(result->moves.size(), 1u);  // the bad move is not recorded
  }
}

TEST_F(TableTest, PackageActionsAreIllegalInSao) {
  for (const Action& a :
       {Action{PartialOffer{{{0, 1}}}}, Action{Reopen{0}}, Action{Accept{{Clause{0, {1}}}}}}) {
    ScriptedNegotiator p0({Offer{{0, 0}}}), p1({a});
    auto result = testing::Run(scenario_, "sao", {&p0, &p1});
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->failure->kind, FailureKind::kIllegalAction) << result->failure->message;
  }
}

TEST_F(TableTest, SlowMoveTimesOut) {
  ScriptedNegotiator p0({Offer{{0, 0}}});
  LambdaNegotiator p1([](const Turn&) -> Action {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    return Offer{{1, 1}};
  });
  auto protocol = Protocols().Make("sao");
  RunOptions options;
  options.deadline = Deadline::Rounds(10);
  options.move_time_limit = 0.005;
  std::vector<Negotiator*> parties{&p0, &p1};
  auto result = RunNegotiation(scenario_, **protocol, parties, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kFailure);
  EXPECT_EQ(result->failure->kind, FailureKind::kTimeout);
  EXPECT_EQ(result->failure->party, 1u);
}

TEST_F(TableTest, WallClockDeadline) {
  ScriptedNegotiator p0({Offer{{0, 0}}}), p1({Offer{{1, 1}}});
  auto protocol = Protocols().Make("sao");
  RunOptions options;
  // Long enough that a loaded machine's scheduling stalls (tens of ms) cannot push the last turn
  // into the first half of the time (seen once with 0.05 s under a load average of 14).
  options.deadline = Deadline::Seconds(0.4);
  std::vector<Negotiator*> parties{&p0, &p1};
  auto result = RunNegotiation(scenario_, **protocol, parties, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason, EndReason::kDeadline);
  EXPECT_GT(result->rounds, 1);
  EXPECT_GE(result->elapsed_seconds, 0.4);
  EXPECT_LE(p1.turns.back().time, 1.0);
  EXPECT_GT(p1.turns.back().time, 0.5);
}

TEST_F(TableTest, BadSetupIsAnError) {
  ScriptedNegotiator p0({Offer{{0, 0}}});
  auto protocol = Protocols().Make("sao");
  std::vector<Negotiator*> one{&p0};
  auto result = RunNegotiation(scenario_, **protocol, one, {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("has 2 parties but 1 agents"), std::string::npos);
  std::vector<Negotiator*> two{&p0, &p0};
  RunOptions options;
  options.deadline = Deadline{0, 0};
  EXPECT_FALSE(RunNegotiation(scenario_, **protocol, two, options).ok());
  PreparedScenario single(testing::RandomAdditiveScenario(2, 2, 3, 1));
  std::vector<Negotiator*> alone{&p0};
  auto check = RunNegotiation(single, **protocol, alone, {});
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().message.find("needs at least 2 parties"), std::string::npos);
}

TEST_F(TableTest, RecordingOffStillCounts) {
  ScriptedNegotiator p0({Offer{{0, 0}}}), p1({Offer{{1, 1}}});
  auto protocol = Protocols().Make("sao");
  RunOptions options;
  options.deadline = Deadline::Rounds(5);
  options.record_moves = false;
  std::vector<Negotiator*> parties{&p0, &p1};
  auto result = RunNegotiation(scenario_, **protocol, parties, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->moves.empty());
  EXPECT_EQ(result->num_moves, 10);
}

}  // namespace
}  // namespace parley
