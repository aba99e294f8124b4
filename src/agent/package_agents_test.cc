// The single-undertaking agents: each one's defining behaviour, their models, and that they and
// the general-purpose agents play the single undertaking (and the other protocols) without
// failing.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "../protocol/testing.h"
#include "package_agent.h"
#include "parley/agent/agents.h"
#include "parley/io/scenario_io.h"
#include "parley/protocol/protocol.h"
#include "parley/protocol/single_undertaking.h"

namespace parley {
namespace {

using agents::IssueModel;
using agents::OpponentModel;

std::unique_ptr<Negotiator> Make(const std::string& spec) {
  auto made = Agents().Make(spec);
  EXPECT_TRUE(made.ok()) << spec << ": " << (made.ok() ? "" : made.error().ToString());
  return made.ok() ? std::move(*made) : nullptr;
}

// A scripted counterpart: `act` decides each package turn; votes accept.
class Counterpart : public Negotiator {
 public:
  using Act_ = std::function<Action(const Turn&, const UndertakingState&)>;
  explicit Counterpart(Act_ act) : act_(std::move(act)) {}
  void Start(const NegotiatorSetup&) override {}
  Action Act(const Turn& turn) override {
    if (turn.kind == TurnKind::kRatify) return Accept{};
    return act_(turn, *dynamic_cast<const UndertakingState*>(turn.details));
  }

 private:
  Act_ act_;
};

Action Pass() { return Reject{}; }

// Two discrete issues A and B with three values each; party 0 (the agent under test) weighs
// A at `weight_a`; party 1 the opposite. Each issue's best value for party 0 is v2, for party 1
// v0.
Scenario TwoIssues(double weight_a, double reservation = 0) {
  Scenario s;
  s.name = "two-issues";
  s.space = OutcomeSpace(
      {Issue::Discrete("A", {"v0", "v1", "v2"}), Issue::Discrete("B", {"v0", "v1", "v2"})});
  for (int p = 0; p < 2; ++p) {
    AdditiveUtility u;
    u.weights = p == 0 ? std::vector<double>{weight_a, 1 - weight_a}
                       : std::vector<double>{1 - weight_a, weight_a};
    for (int i = 0; i < 2; ++i)
      u.issues.push_back(ValueFunction{.table = p == 0 ? std::vector<double>{0, 0.5, 1}
                                                       : std::vector<double>{1, 0.5, 0}});
    Profile profile;
    profile.name = p == 0 ? "me" : "other";
    profile.utility = u;
    profile.reservation_value = reservation;
    s.parties.push_back({profile.name, profile});
  }
  return s;
}

NegotiationResult Play(const Scenario& scenario, std::vector<Negotiator*> parties, int rounds,
                       const std::string& protocol = "single-undertaking") {
  PreparedScenario prepared(scenario);
  auto result = testing::Run(prepared, protocol, std::move(parties), rounds, 7);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString());
  return result.ok() ? *result : NegotiationResult{};
}

std::vector<const Move*> MovesOf(const NegotiationResult& r, int party, ActionKind kind) {
  std::vector<const Move*> out;
  for (const Move& m : r.moves)
    if (m.party == party && KindOf(m.action) == kind) out.push_back(&m);
  return out;
}

TEST(IssueModel, IsExactForAdditiveProfiles) {
  Scenario s = testing::RandomAdditiveScenario(5, 4, 5, 2);
  CompiledProfile profile(s.parties[0].profile);
  IssueModel m = IssueModel::Build(s.space, profile, Outcome(4, 0));
  Outcome o(4, 0);
  do {
    std::vector<std::optional<ValueIndex>> partial(o.begin(), o.end());
    EXPECT_NEAR(m.Estimate(partial, 0.5), profile.Utility(o), 1e-12);
  } while (s.space.Next(o));
  double total = 0;
  for (double w : m.weight) total += w;
  EXPECT_NEAR(total, 1.0, 1e-12);
  // Unknown issues count at lo + expect * (hi - lo).
  std::vector<std::optional<ValueIndex>> none(4);
  double lo = 0, hi = 0;
  for (size_t i = 0; i < 4; ++i) lo += m.lo[i], hi += m.hi[i];
  EXPECT_NEAR(m.Estimate(none, 0.0), lo, 1e-12);
  EXPECT_NEAR(m.Estimate(none, 1.0), hi, 1e-12);
}

TEST(OpponentModel, LearnsWeightsAndFavouritesFromProposals) {
  Scenario s = TwoIssues(0.5);
  OpponentModel m(s.space);
  // The other party holds A at v0 and moves on B.
  for (ValueIndex b : {ValueIndex{0}, ValueIndex{1}, ValueIndex{2}, ValueIndex{1}})
    m.ObserveProposal(std::vector<IssueValue>{{0, 0}, {1, b}});
  EXPECT_GT(m.Weights()[0], m.Weights()[1]);
  EXPECT_EQ(m.Favourite(0), ValueIndex{0});
  EXPECT_GT(m.Score(0, 0), m.Score(0, 2));
  // Reopening and conditions mark an issue as important.
  OpponentModel r(s.space);
  r.ObserveReopen(1);
  EXPECT_GT(r.Weights()[1], r.Weights()[0]);
  r.ObserveConditions(std::vector<Clause>{{0, {2}}, {0, {2}}});
  EXPECT_GT(r.Weights()[0], r.Weights()[1]);
  EXPECT_EQ(r.Favourite(0), ValueIndex{2});
}

TEST(PackageAgents, RegistryMakesThemAndChecksParameters) {
  for (const char* spec : {"issue-by-issue", "issue-by-issue:e=2", "logroller", "logroller:e=1",
                           "package-dealer:e=0.2,expect=0.3", "conditional-hardliner:e=0"})
    EXPECT_TRUE(Agents().Make(spec).ok()) << spec;
  EXPECT_FALSE(Agents().Make("logroller:e=-1").ok());
  EXPECT_FALSE(Agents().Make("package-dealer:expect=2").ok());
  EXPECT_FALSE(Agents().Make("issue-by-issue:expect=0.5").ok());
}

TEST(PackageAgents, IssueByIssueSettlesIssuesInTheOrderOfItsWeights) {
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    Scenario s = testing::RandomAdditiveScenario(seed, 4, 3, 2);
    auto agent = Make("issue-by-issue");
    Counterpart yes([](const Turn& turn, const UndertakingState&) -> Action {
      return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
    });
    NegotiationResult r = Play(s, {agent.get(), &yes}, 20);
    EXPECT_EQ(r.reason, EndReason::kAgreement);
    const auto proposals = MovesOf(r, 0, ActionKind::kPartialOffer);
    ASSERT_EQ(proposals.size(), 4u);
    // Its weights as it sees them: how much each issue can move its utility.
    std::vector<double> w;
    const auto& u = std::get<AdditiveUtility>(s.parties[0].profile.utility);
    for (size_t i = 0; i < 4; ++i) {
      const auto& t = u.issues[i].table;
      w.push_back(u.weights[i] *
                  (*std::max_element(t.begin(), t.end()) - *std::min_element(t.begin(), t.end())));
    }
    double previous = 2;
    for (const Move* m : proposals) {
      const auto& values = std::get<PartialOffer>(m->action).values;
      ASSERT_EQ(values.size(), 1u) << "one issue at a time";
      EXPECT_LE(w[values[0].issue], previous);
      previous = w[values[0].issue];
      // At the start it asks for its best value.
      const auto& table =
          std::get<AdditiveUtility>(s.parties[0].profile.utility).issues[values[0].issue].table;
      EXPECT_EQ(table[values[0].value], 1.0);
    }
  }
}

TEST(PackageAgents, PackageDealerProposesWholeTrackPackagesAndConcedesOverTime) {
  Scenario s = testing::RandomAdditiveScenario(11, 3, 4, 2, 0.3);
  auto agent = Make("package-dealer");
  Counterpart stubborn([](const Turn&, const UndertakingState&) { return Pass(); });
  NegotiationResult r = Play(s, {agent.get(), &stubborn}, 50);
  const auto proposals = MovesOf(r, 0, ActionKind::kPartialOffer);
  ASSERT_GE(proposals.size(), 40u);
  CompiledProfile own(s.parties[0].profile);
  double first = -1, last = -1, previous = 2;
  for (const Move* m : proposals) {
    const auto& values = std::get<PartialOffer>(m->action).values;
    ASSERT_EQ(values.size(), 3u) << "every open issue of the track";
    Outcome o(3);
    for (const IssueValue& iv : values) o[iv.issue] = iv.value;
    const double u = own.Utility(o);
    EXPECT_LE(u, previous + 1e-12) << "round " << m->round;
    EXPECT_GE(u, 0.3 - 1e-12) << "never below the reservation value";
    previous = u;
    if (first < 0) first = u;
    last = u;
  }
  EXPECT_NEAR(first, 1.0, 1e-9);
  EXPECT_LT(last, first);
}

TEST(PackageAgents, HardlinerConcedesLaterThanPackageDealer) {
  Scenario s = testing::RandomAdditiveScenario(12, 3, 5, 2, 0.2);
  auto mid_utility = [&](const std::string& spec) {
    auto agent = Make(spec);
    Counterpart stubborn([](const Turn&, const UndertakingState&) { return Pass(); });
    NegotiationResult r = Play(s, {agent.get(), &stubborn}, 50);
    CompiledProfile own(s.parties[0].profile);
    for (const Move* m : MovesOf(r, 0, ActionKind::kPartialOffer)) {
      if (m->round < 25) continue;
      Outcome o(3);
      for (const IssueValue& iv : std::get<PartialOffer>(m->action).values) o[iv.issue] = iv.value;
      return own.Utility(o);
    }
    return -1.0;
  };
  EXPECT_GT(mid_utility("conditional-hardliner"), mid_utility("package-dealer"));
}

TEST(PackageAgents, LogrollerGivesWayFirstOnWhatMattersLittleToIt) {
  // It weighs A at 0.8, B at 0.2; the other always asks for v0 on both. The logroller's first
  // concession is on B, while A stays at its best.
  Scenario s = TwoIssues(0.8, 0.3);
  auto agent = Make("logroller");
  Counterpart other([](const Turn& turn, const UndertakingState& st) -> Action {
    if (st.standing[0] && st.standing[0]->proposer == 1) return Pass();
    (void)turn;
    return PartialOffer{{{0, 0}, {1, 0}}};
  });
  NegotiationResult r = Play(s, {agent.get(), &other}, 40);
  std::optional<int> b_conceded, a_conceded;
  for (const Move* m : MovesOf(r, 0, ActionKind::kPartialOffer)) {
    const auto& v = std::get<PartialOffer>(m->action).values;
    if (!b_conceded && v[1].value != 2) b_conceded = m->round;
    if (!a_conceded && v[0].value != 2) a_conceded = m->round;
  }
  ASSERT_TRUE(b_conceded) << "it never conceded on B";
  EXPECT_TRUE(!a_conceded || *a_conceded > *b_conceded);
}

TEST(PackageAgents, LogrollerMakesItsConcessionConditional) {
  // The other proposes only B (the logroller's low-weight issue) at its worst value; when the
  // logroller accepts, it asks for A, still undecided, to come out well.
  Scenario s = TwoIssues(0.8, 0.3);
  auto agent = Make("logroller");
  Counterpart other([](const Turn&, const UndertakingState& st) -> Action {
    if (st.issues[1].status == DraftStatus::kOpen) return PartialOffer{{{1, 0}}};
    return Pass();
  });
  NegotiationResult r = Play(s, {agent.get(), &other}, 40);
  const auto accepts = MovesOf(r, 0, ActionKind::kAccept);
  ASSERT_FALSE(accepts.empty());
  const auto& conditions = std::get<Accept>(accepts.front()->action).conditions;
  ASSERT_EQ(conditions.size(), 1u);
  EXPECT_EQ(conditions[0].issue, 0u);
  EXPECT_EQ(std::count(conditions[0].allowed.begin(), conditions[0].allowed.end(), ValueIndex{2}),
            1);
  EXPECT_EQ(std::count(conditions[0].allowed.begin(), conditions[0].allowed.end(), ValueIndex{0}),
            0);
}

TEST(PackageAgents, ConditionalHardlinerAttachesItsHardConstraints) {
  // Its constraint: when A = v2 then B = v2. The other proposes B = v0 (so A = v2 must never
  // happen), then A = v1.
  Scenario s = TwoIssues(0.5, 0.0);
  s.parties[0].profile.constraints.push_back({"A=v2 needs B=v2", {Clause{0, {2}}}, Clause{1, {2}}});
  auto agent = Make("conditional-hardliner:e=1");
  Counterpart other([](const Turn&, const UndertakingState& st) -> Action {
    if (st.standing[0] && st.standing[0]->proposer == 1) return Pass();
    if (st.issues[1].status == DraftStatus::kOpen) return PartialOffer{{{1, 0}}};
    if (st.issues[0].status == DraftStatus::kOpen) return PartialOffer{{{0, 1}}};
    return Pass();
  });
  NegotiationResult r = Play(s, {agent.get(), &other}, 40);
  const auto accepts = MovesOf(r, 0, ActionKind::kAccept);
  ASSERT_FALSE(accepts.empty());
  const auto& conditions = std::get<Accept>(accepts.front()->action).conditions;
  ASSERT_EQ(conditions.size(), 1u);
  EXPECT_EQ(conditions[0], (Clause{0, {0, 1}}));
  // And it never agrees to break the constraint: no agreement has A = v2 with B != v2.
  if (r.agreement) {
    EXPECT_FALSE((*r.agreement)[0] == 2 && (*r.agreement)[1] != 2);
  }
}

TEST(PackageAgents, ConditionalHardlinerRefusesWhatBreaksItsConstraint) {
  Scenario s = TwoIssues(0.5, 0.0);
  s.parties[0].profile.constraints.push_back({"A=v2 needs B=v2", {Clause{0, {2}}}, Clause{1, {2}}});
  auto agent = Make("conditional-hardliner:e=1");
  // B is drafted at v0 first (the agent proposes only its best, so the other's offers decide).
  Counterpart other([](const Turn& turn, const UndertakingState& st) -> Action {
    if (st.issues[1].status == DraftStatus::kOpen) return PartialOffer{{{1, 0}}};
    if (st.issues[0].status == DraftStatus::kOpen && !turn.allowed.Contains(ActionKind::kAccept))
      return PartialOffer{{{0, 2}}};
    return Pass();
  });
  NegotiationResult r = Play(s, {agent.get(), &other}, 40);
  for (const Move* m : MovesOf(r, 0, ActionKind::kAccept)) {
    ASSERT_TRUE(m->outcome);
    EXPECT_FALSE((*m->outcome)[0] == 2 && (*m->outcome)[1] == 0) << "round " << m->round;
  }
}

TEST(PackageAgents, RatifyExactlyWhatBeatsTheReservationValue) {
  Scenario s = TwoIssues(0.5, 0.5);
  PreparedScenario prepared(s);
  for (const char* spec :
       {"issue-by-issue", "logroller", "package-dealer", "conditional-hardliner"}) {
    SCOPED_TRACE(spec);
    auto agent = Make(spec);
    ProtocolInfo info;
    NegotiatorSetup setup(prepared, 0, info, Deadline::Rounds(10), 1, 0);
    agent->Start(setup);
    Turn turn;
    turn.kind = TurnKind::kRatify;
    turn.allowed = {ActionKind::kAccept, ActionKind::kReject};
    Outcome good{2, 1}, bad{1, 0};  // 0.75 and 0.25 for party 0
    turn.offer = &good;
    EXPECT_TRUE(std::holds_alternative<Accept>(agent->Act(turn)));
    turn.offer = &bad;
    EXPECT_TRUE(std::holds_alternative<Reject>(agent->Act(turn)));
  }
}

TEST(PackageAgents, EveryAgentPlaysTheSingleUndertakingWithoutFailure) {
  const std::vector<std::string> mine = {"issue-by-issue", "logroller", "package-dealer",
                                         "conditional-hardliner"};
  const std::vector<std::string> general = {"boulware",         "conceder",   "hardliner", "random",
                                            "nice-tit-for-tat", "aspiration", "boa"};
  for (size_t parties : {2, 3}) {
    Scenario s = testing::RandomAdditiveScenario(60 + parties, 4, 4, parties, 0.2);
    PreparedScenario prepared(s);
    std::vector<std::string> all = mine;
    all.insert(all.end(), general.begin(), general.end());
    for (const std::string& a : all) {
      for (const std::string& b : mine) {
        for (const char* protocol :
             {"single-undertaking", "single-undertaking:binding=issue-by-issue"}) {
          std::vector<std::unique_ptr<Negotiator>> owned;
          std::vector<Negotiator*> ps;
          for (const std::string& spec : {a, b, std::string("package-dealer")}) {
            if (ps.size() == parties) break;
            owned.push_back(Make(spec));
            ps.push_back(owned.back().get());
          }
          auto r = testing::Run(prepared, protocol, ps, 40, 3);
          ASSERT_TRUE(r.ok()) << r.error().ToString();
          EXPECT_FALSE(r->failure)
              << protocol << " " << a << " vs " << b << ": " << r->failure->message;
        }
      }
    }
  }
}

TEST(PackageAgents, PlayTheOtherProtocolsWithoutFailure) {
  Scenario s = testing::RandomAdditiveScenario(70, 4, 4, 2, 0.2);
  PreparedScenario prepared(s);
  for (const char* protocol : {"sao", "amop", "single-text-veto", "single-text-hill-climbing"}) {
    for (const char* spec :
         {"issue-by-issue", "logroller", "package-dealer", "conditional-hardliner"}) {
      auto a = Make(spec);
      auto b = Make("conceder");
      auto r = testing::Run(prepared, protocol, {a.get(), b.get()}, 40, 3);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
      EXPECT_FALSE(r->failure) << protocol << " " << spec << ": " << r->failure->message;
      if (r->agreement) {
        EXPECT_GE(prepared.profile(0).Utility(*r->agreement), 0.2) << protocol;
      }
    }
  }
}

// The default run of `parley`: doha-2019 under the single undertaking, US logroller, Taliban
// issue-by-issue, Afghan government conditional-hardliner.
NegotiationResult Doha(const std::string& protocol) {
  auto scenario = LoadBuiltinScenario("doha-2019");
  EXPECT_TRUE(scenario.ok());
  PreparedScenario prepared(*scenario);
  auto us = Make("logroller"), taliban = Make("issue-by-issue"),
       government = Make("conditional-hardliner");
  auto r = testing::Run(prepared, protocol, {us.get(), taliban.get(), government.get()}, 100, 1);
  EXPECT_TRUE(r.ok());
  return *r;
}

TEST(PackageAgents, DohaUnderTheSingleUndertakingEndsAtAnAgreementEveryoneRatifies) {
  NegotiationResult r = Doha("single-undertaking");
  ASSERT_EQ(r.reason, EndReason::kAgreement);
  auto scenario = LoadBuiltinScenario("doha-2019");
  PreparedScenario prepared(*scenario);
  for (size_t p = 0; p < 3; ++p) {
    EXPECT_GE(prepared.profile(p).Utility(*r.agreement), prepared.profile(p).reservation_value());
    EXPECT_TRUE(prepared.profile(p).Acceptable(*r.agreement));
  }
  ASSERT_TRUE(r.undertaking);
  EXPECT_GT(r.undertaking->votes_held, 1) << "a vote fails before one passes";
  EXPECT_GT(r.undertaking->reopenings, 0);
  // Same seed, same run.
  NegotiationResult again = Doha("single-undertaking");
  EXPECT_EQ(r.moves, again.moves);
  EXPECT_EQ(r.undertaking, again.undertaking);
}

TEST(PackageAgents, DohaUnderIssueByIssueBindingBindsAPartyBelowItsReservation) {
  NegotiationResult r = Doha("single-undertaking:binding=issue-by-issue");
  ASSERT_EQ(r.reason, EndReason::kAgreement);
  auto scenario = LoadBuiltinScenario("doha-2019");
  PreparedScenario prepared(*scenario);
  bool below = false;
  for (size_t p = 0; p < 3; ++p)
    below = below ||
            prepared.profile(p).Utility(*r.agreement) < prepared.profile(p).reservation_value();
  EXPECT_TRUE(below) << "the lesson of --compare: without the single undertaking, a party is "
                        "bound to a package it would have rejected as a whole";
}

}  // namespace
}  // namespace parley
