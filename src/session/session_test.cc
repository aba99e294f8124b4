// Sessions end to end: metrics, determinism, failures, multilateral runs on ANAC 2015.

#include "parley/session/session.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "../protocol/testing.h"
#include "parley/agent/agents.h"
#include "parley/session/report.h"
#include "session_test_util.h"

namespace parley {
namespace {

SessionConfig Config(std::vector<std::string> agents, std::string protocol = "sao",
                     int64_t rounds = 100, uint64_t seed = 1) {
  SessionConfig c;
  c.protocol = std::move(protocol);
  c.agents = std::move(agents);
  c.deadline = Deadline::Rounds(rounds);
  c.seed = seed;
  return c;
}

TEST(SessionTest, MetricsOfAnAgreement) {
  PreparedScenario s(testing::LoadOrDie("genius/y2012/CameraB"));
  const ReferencePoints reference = ComputeReferencePoints(s.scenario());
  ASSERT_TRUE(reference.frontier);
  ASSERT_TRUE(reference.nash);
  auto result = RunSession(s, Config({"boulware", "conceder"}), &reference);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  const SessionMetrics& m = result->metrics;
  ASSERT_TRUE(m.agreement);
  const auto u = s.Utilities(*result->negotiation.agreement);
  EXPECT_EQ(m.utilities, u);
  EXPECT_DOUBLE_EQ(m.welfare, u[0] + u[1]);
  EXPECT_DOUBLE_EQ(*m.pareto_distance, DistanceToPareto(u, *reference.frontier));
  EXPECT_DOUBLE_EQ(*m.nash_distance, Distance(u, reference.nash->utilities));
  // CameraB is discounted: the score is u * d^t at the time of agreement.
  for (size_t i = 0; i < 2; ++i) {
    const double d = s.profile(i).discount_factor();
    EXPECT_LT(d, 1.0);
    EXPECT_DOUBLE_EQ(m.discounted[i], u[i] * std::pow(d, result->negotiation.time));
  }
  EXPECT_EQ(m.rounds, result->negotiation.rounds);
}

TEST(SessionTest, DisagreementGivesReservationValues) {
  PreparedScenario s(testing::RandomAdditiveScenario(3, 3, 4, 2, 0.35));
  auto result = RunSession(s, Config({"hardliner", "hardliner"}, "sao", 10));
  ASSERT_TRUE(result.ok());
  const SessionMetrics& m = result->metrics;
  EXPECT_FALSE(m.agreement);
  EXPECT_EQ(result->negotiation.reason, EndReason::kDeadline);
  EXPECT_EQ(m.utilities, (std::vector<double>{0.35, 0.35}));
  EXPECT_EQ(m.advantages, (std::vector<double>{0, 0}));
  EXPECT_EQ(m.rounds, 10);
  SessionConfig zero = Config({"hardliner", "hardliner"}, "sao", 10);
  zero.reservation_on_disagreement = false;
  result = RunSession(s, zero);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->metrics.utilities, (std::vector<double>{0, 0}));
}

TEST(SessionTest, DiscountingAsGenius) {
  // GENIUS discounts u * d^t at the time of agreement, and the reservation value of a failed
  // session at the time of its last move, N / (N + 1): GENIUS's refrun on ANAC 2012 LaptopB
  // (d = 0.75, reservation 0.25) between two Boulwares over 6 rounds reports 0.25 utility and
  // 0.19536630514447662 discounted for each.
  PreparedScenario s(testing::LoadOrDie("genius/y2012/LaptopB"));
  auto failed = RunSession(s, Config({"hardliner", "hardliner"}, "sao", 6));
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE(failed->metrics.agreement);
  EXPECT_EQ(failed->negotiation.time, 6.0 / 7.0);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(failed->metrics.utilities[i], 0.25);
    EXPECT_NEAR(failed->metrics.discounted[i], 0.19536630514447662, 1e-15);
  }
  // An agreement in round r of N is discounted at r / (N + 1).
  PreparedScenario two(testing::RandomAdditiveScenario(5, 2, 3, 2));
  Scenario discounted = two.scenario();
  for (Party& p : discounted.parties) p.profile.discount_factor = 0.5;
  PreparedScenario d(std::move(discounted));
  auto agreed = RunSession(d, Config({"hardliner", "conceder"}, "sao", 9));
  ASSERT_TRUE(agreed.ok());
  ASSERT_TRUE(agreed->metrics.agreement);
  const int r = agreed->negotiation.rounds;
  EXPECT_EQ(agreed->negotiation.time, r / 10.0);
  for (size_t i = 0; i < 2; ++i)
    EXPECT_DOUBLE_EQ(agreed->metrics.discounted[i],
                     agreed->metrics.utilities[i] * std::pow(0.5, r / 10.0));
}

TEST(SessionTest, ErrorsNameWhatIsKnown) {
  PreparedScenario s(testing::RandomAdditiveScenario(3, 3, 4, 2));
  auto bad_agent = RunSession(s, Config({"boulware", "bulldozer"}));
  ASSERT_FALSE(bad_agent.ok());
  EXPECT_NE(bad_agent.error().message.find("unknown agent 'bulldozer'; known: aspiration"),
            std::string::npos);
  auto bad_protocol = RunSession(s, Config({"boulware", "boulware"}, "auction"));
  ASSERT_FALSE(bad_protocol.ok());
  EXPECT_NE(bad_protocol.error().message.find("unknown protocol 'auction'; known: amop"),
            std::string::npos);
  auto count = RunSession(s, Config({"boulware"}));
  ASSERT_FALSE(count.ok());
  EXPECT_NE(count.error().message.find("has 2 parties but 1 agents"), std::string::npos);
}

// An agent registered by a test: throws on its third move.
class Fragile : public BasicNegotiator {
 protected:
  Outcome NextOffer(const Turn&) override {
    if (++moves_ == 3) throw std::runtime_error("out of ideas");
    return index().best_outcome();
  }
  bool Accepts(const Outcome&, const Turn&, const Outcome*) override { return false; }
  int moves_ = 0;
};

TEST(SessionTest, AThrowingAgentIsRecordedNotFatal) {
  static const bool registered =
      Agents()
          .Register({"fragile-test-agent",
                     "throws on move 3",
                     {},
                     [](SpecParams&) -> Result<std::unique_ptr<Negotiator>> {
                       return std::unique_ptr<Negotiator>(std::make_unique<Fragile>());
                     }})
          .ok();
  ASSERT_TRUE(registered);
  PreparedScenario s(testing::RandomAdditiveScenario(4, 3, 4, 2, 0.2));
  auto result = RunSession(s, Config({"boulware", "fragile-test-agent"}));
  ASSERT_TRUE(result.ok());
  const NegotiationResult& n = result->negotiation;
  EXPECT_EQ(n.reason, EndReason::kFailure);
  ASSERT_TRUE(n.failure);
  EXPECT_EQ(n.failure->party, 1u);
  EXPECT_EQ(n.failure->message, "threw: out of ideas");
  EXPECT_EQ(n.rounds, 3);
  EXPECT_EQ(result->metrics.utilities, (std::vector<double>{0.2, 0.2}));
  const auto json = SessionToJson(s, *result);
  EXPECT_EQ(json["end"], "failure");
  EXPECT_EQ(json["failure"]["agent"], "fragile-test-agent");
  EXPECT_EQ(json["failure"]["kind"], "exception");
}

TEST(SessionTest, SameSeedSameBytes) {
  PreparedScenario s(testing::LoadOrDie("genius/y2015/group2-dinner"));
  const ReferencePoints reference = ComputeReferencePoints(s.scenario());
  for (const char* protocol : {"sao", "amop", "single-text-veto", "single-text-hill-climbing"}) {
    SCOPED_TRACE(protocol);
    auto config = Config({"random", "boa", "nice-tit-for-tat"}, protocol, 60, 5);
    auto a = RunSession(s, config, &reference);
    auto b = RunSession(s, config, &reference);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(SessionToJson(s, *a).dump(), SessionToJson(s, *b).dump());
    config.seed = 6;
    auto c = RunSession(s, config, &reference);
    EXPECT_NE(SessionToJson(s, *a)["moves"].dump(), SessionToJson(s, *c)["moves"].dump());
  }
}

TEST(SessionTest, MultilateralRunsOnAnac2015) {
  // Every ANAC 2015 domain with every party at the table (3 to 9 parties), under SAO and AMOP.
  namespace fs = std::filesystem;
  std::vector<fs::path> domains;
  for (const auto& entry : fs::directory_iterator(testing::SharedData("genius/y2015")))
    domains.push_back(entry.path());
  std::sort(domains.begin(), domains.end());
  ASSERT_EQ(domains.size(), 14u);
  const std::vector<std::string> mix = {"boulware",          "conceder", "nice-tit-for-tat", "boa",
                                        "naive-tit-for-tat", "linear",   "aspiration"};
  int agreements = 0;
  for (const auto& domain : domains) {
    SCOPED_TRACE(domain.filename().string());
    PreparedScenario s(testing::LoadOrDie("genius/y2015/" + domain.filename().string()));
    ASSERT_GE(s.NumParties(), 3u);
    ReferencePoints none;  // distances are not the point here; keep the test fast
    for (size_t i = 0; i < s.NumParties(); ++i)
      none.reservations.push_back(s.profile(i).reservation_value());
    for (const char* protocol : {"sao", "amop"}) {
      std::vector<std::string> agents;
      for (size_t i = 0; i < s.NumParties(); ++i) agents.push_back(mix[i % mix.size()]);
      auto result = RunSession(s, Config(agents, protocol, 100), &none);
      ASSERT_TRUE(result.ok()) << result.error().ToString();
      EXPECT_FALSE(result->negotiation.failure) << protocol;
      if (result->metrics.agreement) {
        ++agreements;
        for (size_t i = 0; i < s.NumParties(); ++i)
          EXPECT_GE(result->metrics.utilities[i], s.profile(i).reservation_value());
      }
    }
  }
  EXPECT_GE(agreements, 14);
}

}  // namespace
}  // namespace parley
