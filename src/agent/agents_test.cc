// Each agent's defining property, and every agent under every protocol without failures.

#include "parley/agent/agents.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../protocol/testing.h"
#include "parley/agent/boa.h"
#include "parley/protocol/protocol.h"

namespace parley {
namespace {

std::unique_ptr<Negotiator> MakeOrDie(const std::string& spec) {
  auto made = Agents().Make(spec);
  EXPECT_TRUE(made.ok()) << spec << ": " << made.error().ToString();
  return made.ok() ? std::move(*made) : nullptr;
}

Result<NegotiationResult> Play(const PreparedScenario& scenario, const std::string& protocol,
                               const std::vector<std::string>& specs, int64_t rounds,
                               uint64_t seed = 7) {
  std::vector<std::unique_ptr<Negotiator>> owned;
  std::vector<Negotiator*> parties;
  for (const auto& spec : specs) {
    owned.push_back(MakeOrDie(spec));
    parties.push_back(owned.back().get());
  }
  return testing::Run(scenario, protocol, parties, rounds, seed);
}

// Own utilities of the offers `party` made, in order.
std::vector<double> OwnOfferUtilities(const NegotiationResult& result, int party) {
  std::vector<double> out;
  for (const Move& m : result.moves)
    if (m.party == party && std::holds_alternative<Offer>(m.action))
      out.push_back(m.utilities[party]);
  return out;
}

TEST(AgentRegistryTest, KnowsTheBuiltinsAndChecksParameters) {
  EXPECT_EQ(Agents().KnownNames(),
            "aspiration, boa, boulware, conceder, conditional-hardliner, genius, hardheaded, "
            "hardliner, "
            "issue-by-issue, linear, logroller, misbehave, naive-tit-for-tat, nice-tit-for-tat, "
            "package-dealer, random, time-dependent");
  EXPECT_TRUE(Agents().Make("time-dependent:e=0.5").ok());
  EXPECT_FALSE(Agents().Make("time-dependent:e=-1").ok());
  auto unknown_param = Agents().Make("boulware:e=1");
  ASSERT_FALSE(unknown_param.ok());
  EXPECT_NE(unknown_param.error().message.find("unknown parameter 'e' for agent 'boulware'"),
            std::string::npos);
  auto unknown = Agents().Make("haggler");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("unknown agent 'haggler'; known: aspiration, boa"),
            std::string::npos);
  EXPECT_TRUE(Agents().Make("boa:bidding=time-dependent,e=0.5,accept=next-or-time,t=0.9").ok());
  EXPECT_FALSE(Agents().Make("boa:accept=next-or-soon").ok());
  EXPECT_FALSE(Agents().Make("boa:bidding=boulware,e=0.5").ok());  // e unused by boulware
  EXPECT_FALSE(Agents().Make("aspiration:type=stubborn").ok());
}

TEST(TimeDependentTest, TargetFormula) {
  EXPECT_DOUBLE_EQ(TimeDependentTarget(0, 0.2, 0.3, 0.9), 0.9);
  EXPECT_DOUBLE_EQ(TimeDependentTarget(1, 0.2, 0.3, 0.9), 0.3);
  EXPECT_DOUBLE_EQ(TimeDependentTarget(0.5, 1, 0, 1), 0.5);
  EXPECT_DOUBLE_EQ(TimeDependentTarget(0.5, 2, 0, 1), 1 - std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(TimeDependentTarget(0.7, 0, 0, 1), 1.0);  // hard-liner
}

TEST(TimeDependentTest, OffersTheOutcomeNearestTheTarget) {
  // GENIUS's TimeDependentAgent: the bid nearest the target, above or below; against brute force.
  PreparedScenario s(testing::RandomAdditiveScenario(11, 4, 5, 2, 0.1));
  auto result = Play(s, "sao", {"time-dependent:e=0.5", "hardliner"}, 40);
  ASSERT_TRUE(result.ok());
  const UtilityIndex& index = s.index(0);
  const double min = std::max(index.worst(), 0.1), max = index.best();
  int below = 0;
  for (const Move& m : result->moves) {
    if (m.party != 0 || !std::holds_alternative<Offer>(m.action)) continue;
    const double target = TimeDependentTarget(m.time, 0.5, min, max);
    double nearest = 1e9;
    Outcome o(s.space().NumIssues(), 0);
    do {
      nearest = std::min(nearest, std::abs(s.profile(0).Utility(o) - target));
    } while (s.space().Next(o));
    const double u = s.profile(0).Utility(*m.outcome);
    EXPECT_EQ(std::abs(u - target), nearest) << "round " << m.round;
    below += u < target;
  }
  EXPECT_GT(below, 0) << "never offered below the target: not 'nearest'";
}

TEST(TimeDependentTest, BoulwareConcedesSlowerThanConceder) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    PreparedScenario s(testing::RandomAdditiveScenario(seed, 5, 5, 2));
    // The opponent always offers party 0's worst outcome: nobody accepts before the very end.
    auto play = [&](const std::string& spec) {
      testing::LambdaNegotiator worst(
          [&](const Turn&) -> Action { return Offer{*s.index(0).AtLeast(-1)}; });
      auto agent = MakeOrDie(spec);
      std::vector<Negotiator*> parties{agent.get(), &worst};
      return *testing::Run(s, "sao", parties, 50);
    };
    auto b = OwnOfferUtilities(play("boulware"), 0), l = OwnOfferUtilities(play("linear"), 0),
         c = OwnOfferUtilities(play("conceder"), 0);
    // Conceders reach agreement earlier: compare the rounds all three played.
    const size_t n = std::min({b.size(), l.size(), c.size()});
    ASSERT_GE(n, 3u);
    double sum_b = 0, sum_l = 0, sum_c = 0;
    for (size_t r = 0; r < n; ++r) {
      EXPECT_GE(b[r], l[r]);
      EXPECT_GE(l[r], c[r]);
      sum_b += b[r], sum_l += l[r], sum_c += c[r];
    }
    EXPECT_GT(sum_b, sum_l);
    EXPECT_GT(sum_l, sum_c);
  }
}

TEST(TimeDependentTest, HardlinerNeverConcedes) {
  PreparedScenario s(testing::RandomAdditiveScenario(3, 4, 4, 2));
  auto result = Play(s, "sao", {"hardliner", "conceder"}, 30);
  ASSERT_TRUE(result.ok());
  for (double u : OwnOfferUtilities(*result, 0)) EXPECT_EQ(u, s.index(0).best());
  if (result->agreement) {
    EXPECT_EQ(s.profile(0).Utility(*result->agreement), s.index(0).best());
  }
}

TEST(MisbehaveTest, MisbehavesAtItsNthMoveAsAsked) {
  PreparedScenario s(testing::RandomAdditiveScenario(13, 4, 5, 2));
  // Opposite a hardliner nothing is agreed early: the misbehaving move is reached.
  auto thrown = Play(s, "sao", {"hardliner", "misbehave:mode=throw,at=3"}, 20);
  ASSERT_TRUE(thrown.ok());
  ASSERT_TRUE(thrown->failure.has_value());
  EXPECT_EQ(thrown->failure->party, 1u);
  EXPECT_EQ(thrown->failure->kind, FailureKind::kException);
  EXPECT_NE(thrown->failure->message.find("misbehave: throws at move 3"), std::string::npos)
      << thrown->failure->message;
  int own_moves = 0;  // two moves before the third threw
  for (const Move& m : thrown->moves) own_moves += m.party == 1;
  EXPECT_EQ(own_moves, 2);

  auto illegal = Play(s, "sao", {"misbehave:mode=illegal", "hardliner"}, 20);
  ASSERT_TRUE(illegal.ok());
  ASSERT_TRUE(illegal->failure.has_value());
  EXPECT_EQ(illegal->failure->party, 0u);
  EXPECT_EQ(illegal->failure->kind, FailureKind::kIllegalAction);

  // A short hang is only slow; the move time limit turns it into a timeout.
  auto hung = Play(s, "sao", {"hardliner", "misbehave:mode=hang,at=2,seconds=0.01"}, 20);
  ASSERT_TRUE(hung.ok());
  EXPECT_FALSE(hung->failure.has_value());

  // Before its move, it plays like linear.
  auto honest = Play(s, "sao", {"linear", "misbehave:at=1000"}, 20);
  auto linear = Play(s, "sao", {"linear", "linear"}, 20);
  ASSERT_TRUE(honest.ok() && linear.ok());
  EXPECT_FALSE(honest->failure.has_value());
  EXPECT_EQ(honest->agreement, linear->agreement);

  EXPECT_FALSE(Agents().Make("misbehave:mode=segfault").ok());
  EXPECT_FALSE(Agents().Make("misbehave:at=0").ok());
}

TEST(AspirationTest, FollowsThePolynomialCurve) {
  PreparedScenario s(testing::RandomAdditiveScenario(12, 4, 5, 2));
  auto result = Play(s, "sao", {"aspiration:exponent=2", "hardliner"}, 20);
  ASSERT_TRUE(result.ok());
  const UtilityIndex& index = s.index(0);
  for (const Move& m : result->moves) {
    if (m.party != 0 || !std::holds_alternative<Offer>(m.action)) continue;
    const double level = index.worst() + (index.best() - index.worst()) * (1 - m.time * m.time);
    EXPECT_EQ(*m.outcome, *index.AtLeast(level));
  }
}

TEST(TitForTatTest, NaiveMirrorsTheOpponentsConcession) {
  PreparedScenario s(testing::RandomAdditiveScenario(21, 5, 6, 2));
  const UtilityIndex& mine = s.index(0);
  // The opponent offers outcomes rising in TFT's utility: 0.2, 0.25, 0.30, ... (steps of 0.05).
  int k = 0;
  testing::LambdaNegotiator opponent(
      [&](const Turn&) -> Action { return Offer{*mine.AtLeast(0.2 + 0.05 * k++)}; });
  auto tft = MakeOrDie("naive-tit-for-tat");
  std::vector<Negotiator*> parties{tft.get(), &opponent};
  auto result = testing::Run(s, "sao", parties, 8);
  ASSERT_TRUE(result.ok());
  auto offers = OwnOfferUtilities(*result, 0);
  auto theirs = OwnOfferUtilities(*result, 1);
  ASSERT_GE(offers.size(), 4u);
  EXPECT_EQ(offers[0], mine.best());
  // From the third offer on, each concession equals the opponent's last rise (in TFT's utility)
  // plus at most one utility step.
  for (size_t r = 2; r < offers.size(); ++r) {
    std::vector<double> received;
    for (const Move& m : result->moves)
      if (m.party == 1 && m.round < static_cast<int>(r)) received.push_back(m.utilities[0]);
    const double rise = received[r - 1] - received[r - 2];
    const double concession = offers[r - 1] - offers[r];
    EXPECT_GE(concession, rise - 1e-12) << "round " << r;
    EXPECT_LT(concession, rise + 0.02) << "round " << r;
  }
  (void)theirs;
}

// Naive TFT computes its next offer before deciding to accept instead; that offer was never
// made and must not lower its level. Three parties under SAO: party 0 opens with TFT's best
// outcome, TFT accepts, party 2 counters, and then everyone offers TFT's worst outcome: TFT's
// first offer is its opening offer (its best), not a concession from the one it never made.
TEST(TitForTatTest, NaiveConcedesOnlyFromOffersItMade) {
  PreparedScenario s(testing::RandomAdditiveScenario(24, 4, 5, 3));
  const UtilityIndex& tft_index = s.index(1);
  ASSERT_LT(tft_index.worst(), tft_index.best());
  const Outcome worst = *tft_index.AtMost(tft_index.worst());
  int opened = 0;
  testing::LambdaNegotiator first([&](const Turn&) -> Action {
    return Offer{opened++ == 0 ? tft_index.best_outcome() : worst};
  });
  testing::LambdaNegotiator third([&](const Turn&) -> Action { return Offer{worst}; });
  auto tft = MakeOrDie("naive-tit-for-tat");
  std::vector<Negotiator*> parties{&first, tft.get(), &third};
  auto result = testing::Run(s, "sao", parties, 4);
  ASSERT_TRUE(result.ok());
  ASSERT_FALSE(result->moves.empty());
  EXPECT_TRUE(std::holds_alternative<Accept>(result->moves[1].action));
  const auto offers = OwnOfferUtilities(*result, 1);
  ASSERT_FALSE(offers.empty());
  EXPECT_EQ(offers[0], tft_index.best());
}

TEST(TitForTatTest, NaiveDoesNotChaseAHardliner) {
  PreparedScenario s(testing::RandomAdditiveScenario(22, 5, 6, 2, 0.3));
  auto result = Play(s, "sao", {"naive-tit-for-tat", "hardliner"}, 100);
  ASSERT_TRUE(result.ok());
  auto offers = OwnOfferUtilities(*result, 0);
  // Only the minimal step per round; never below its reservation value.
  for (double u : offers) EXPECT_GE(u, 0.3);
}

TEST(TitForTatTest, NiceStartsCooperativelyAndReachesAgreementWithAConceder) {
  PreparedScenario s(testing::RandomAdditiveScenario(23, 4, 5, 2));
  auto result = Play(s, "sao", {"nice-tit-for-tat", "conceder"}, 100);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->moves[0].utilities[0], s.index(0).best());
  EXPECT_EQ(result->reason, EndReason::kAgreement);
}

TEST(AcceptanceTest, ConditionsAcceptExactlyWhenTheyShould) {
  auto spec = *Spec::Parse("x:alpha=1,beta=0.02,c=0.8,t=0.9");
  SpecParams params(spec);
  auto next = *MakeAcceptance("next", params);
  auto constant = *MakeAcceptance("const", params);
  auto time = *MakeAcceptance("time", params);
  auto next_or_time = *MakeAcceptance("next-or-time", params);
  auto time_and_const = *MakeAcceptance("next-or-time-and-const", params);
  AcceptanceInput in;
  in.offer_utility = 0.7;
  in.next_utility = 0.72;
  in.time = 0.5;
  EXPECT_TRUE(next->Accept(in));  // 0.7 + 0.02 >= 0.72
  in.next_utility = 0.7201;
  EXPECT_FALSE(next->Accept(in));
  EXPECT_FALSE(constant->Accept(in));
  in.offer_utility = 0.8;
  EXPECT_TRUE(constant->Accept(in));
  EXPECT_FALSE(time->Accept(in));
  in.time = 0.9;
  EXPECT_TRUE(time->Accept(in));
  in.offer_utility = 0.5;
  EXPECT_TRUE(next_or_time->Accept(in));     // time
  EXPECT_FALSE(time_and_const->Accept(in));  // next fails, const fails
  in.offer_utility = 0.85;
  EXPECT_TRUE(time_and_const->Accept(in));  // time and const
  in.time = 0.1;
  in.next_utility = 0.9;
  EXPECT_FALSE(time_and_const->Accept(in));  // 0.87 < 0.9, too early
  EXPECT_FALSE(next_or_time->Accept(in));
  in.next_utility = 0.87;
  EXPECT_TRUE(next_or_time->Accept(in));  // next: 0.85 + 0.02 >= 0.87
}

TEST(BoaTest, AcTimeAgentAcceptsOnlyAfterT) {
  PreparedScenario s(testing::RandomAdditiveScenario(31, 4, 5, 2, 0.0));
  auto result = Play(s, "sao", {"hardliner", "boa:bidding=hardliner,accept=time,t=0.5"}, 20);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->reason, EndReason::kAgreement);
  const Move& accept = result->moves.back();
  EXPECT_EQ(accept.party, 1);
  EXPECT_TRUE(std::holds_alternative<Accept>(accept.action));
  EXPECT_EQ(accept.round, 10);  // first round with t >= 0.5
}

TEST(BoaTest, ModelPicksWhatTheOpponentLikes) {
  // With the frequency model, BOA's bids are at least as good for the opponent (as it revealed
  // by its repeated offers) as the plain time-dependent bids at the same target.
  PreparedScenario s(testing::RandomAdditiveScenario(32, 5, 5, 2));
  auto with = Play(s, "sao", {"boa:bidding=linear,model=frequency", "hardliner"}, 40);
  auto without = Play(s, "sao", {"boa:bidding=linear,model=none", "hardliner"}, 40);
  ASSERT_TRUE(with.ok() && without.ok());
  double sum_with = 0, sum_without = 0;
  for (const Move& m : with->moves)
    if (m.party == 0) sum_with += m.utilities[1];
  for (const Move& m : without->moves)
    if (m.party == 0) sum_without += m.utilities[1];
  EXPECT_GT(sum_with, sum_without);
}

TEST(AgentsTest, EveryAgentUnderEveryProtocolWithoutFailure) {
  const std::vector<std::string> specs = {
      "boulware",
      "linear",
      "conceder",
      "hardliner",
      "time-dependent:e=0.5",
      "random",
      "naive-tit-for-tat",
      "nice-tit-for-tat",
      "aspiration",
      "boa",
      "boa:bidding=conceder,accept=next-or-time-and-const,c=0.6,t=0.95"};
  for (size_t parties : {2, 3}) {
    PreparedScenario s(testing::RandomAdditiveScenario(40 + parties, 4, 4, parties, 0.2));
    for (const auto& protocol : {"sao", "amop", "single-text-veto", "single-text-hill-climbing"}) {
      for (const auto& a : specs) {
        for (const auto& b : {"boulware", "random", "nice-tit-for-tat"}) {
          std::vector<std::string> agents{a, b};
          if (parties == 3) agents.push_back("conceder");
          auto result = Play(s, protocol, agents, 30);
          ASSERT_TRUE(result.ok()) << result.error().ToString();
          EXPECT_FALSE(result->failure)
              << protocol << " " << a << " vs " << b << ": " << result->failure->message;
          if (result->agreement) {
            // Rational agents never agree below their reservation value.
            for (size_t p = 0; p < parties; ++p)
              EXPECT_GE(s.profile(p).Utility(*result->agreement), 0.2) << protocol << " " << a;
          }
        }
      }
    }
  }
}

TEST(AgentsTest, SameSeedSameRun) {
  PreparedScenario s(testing::RandomAdditiveScenario(50, 4, 4, 2));
  auto a = Play(s, "sao", {"random", "random:p_accept=0.05"}, 50, 99);
  auto b = Play(s, "sao", {"random", "random:p_accept=0.05"}, 50, 99);
  auto c = Play(s, "sao", {"random", "random:p_accept=0.05"}, 50, 100);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->moves, b->moves);
  EXPECT_NE(a->moves, c->moves);
}

}  // namespace
}  // namespace parley
