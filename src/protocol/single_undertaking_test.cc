#include "parley/protocol/single_undertaking.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "parley/protocol/protocol.h"

namespace parley {
namespace {

// Issues i0, i1, i2 with values v0, v1, v2; parties A, B, C with additive profiles that need not
// matter (the scripted parties decide). `tracks`: false gives the one default track.
Scenario MakeScenario(bool tracks, std::vector<size_t> ratifiers = {}) {
  Scenario s;
  s.name = "test";
  std::vector<Issue> issues;
  for (int i = 0; i < 3; ++i)
    issues.push_back(Issue::Discrete("i" + std::to_string(i), {"v0", "v1", "v2"}));
  s.space = OutcomeSpace(issues);
  for (const char* name : {"A", "B", "C"}) {
    AdditiveUtility u;
    u.weights = {0.5, 0.3, 0.2};
    for (int i = 0; i < 3; ++i) u.issues.push_back(ValueFunction{.table = {0.0, 0.5, 1.0}});
    Profile p;
    p.name = name;
    p.utility = u;
    p.reservation_value = 0.25;
    s.parties.push_back({name, p});
  }
  if (tracks) {
    s.rules.tracks.push_back({"first", {0, 1}, {0, 1}, std::nullopt});
    s.rules.tracks.push_back({"second", {2}, {1, 2}, size_t{0}});
  }
  s.rules.ratifiers = std::move(ratifiers);
  return s;
}

// A party driven by a function of the turn; records the turns it was given. Unless `votes` is
// set, it accepts in every final vote without asking the script.
class Scripted : public Negotiator {
 public:
  using Script = std::function<Action(const Turn&, const UndertakingState&)>;
  explicit Scripted(Script script, bool votes = false)
      : script_(std::move(script)), votes_(votes) {}
  void Start(const NegotiatorSetup&) override {}
  Action Act(const Turn& turn) override {
    const auto* state = dynamic_cast<const UndertakingState*>(turn.details);
    if (state == nullptr) throw std::runtime_error("no undertaking state");
    turns.push_back({turn.kind, turn.round, state->track});
    if (turn.kind == TurnKind::kRatify && !votes_) return Accept{};
    return script_(turn, *state);
  }
  struct Seen {
    TurnKind kind;
    int round;
    size_t track;
  };
  std::vector<Seen> turns;

 private:
  Script script_;
  bool votes_;
};

Action Pass() { return Reject{}; }
Action Propose(std::vector<IssueValue> values) { return PartialOffer{std::move(values)}; }

// Accepts every standing proposal and votes yes.
Scripted::Script Agreeable() {
  return [](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.allowed.Contains(ActionKind::kAccept)) return Accept{};
    return Pass();
  };
}

struct Ran {
  NegotiationResult result;
  UndertakingRecord details;
};

Ran RunIt(const Scenario& scenario, std::vector<Negotiator*> parties, int rounds = 6,
          SingleUndertakingOptions options = {}) {
  PreparedScenario prepared(scenario);
  auto protocol = MakeSingleUndertaking(options);
  RunOptions run;
  run.deadline = Deadline::Rounds(rounds);
  auto result = RunNegotiation(prepared, *protocol, parties, run);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString());
  EXPECT_TRUE(result->undertaking) << "the protocol leaves its record";
  Ran out{*result, result->undertaking.value_or(UndertakingRecord{})};
  return out;
}

std::string Status(const Ran& run, size_t issue) {
  return std::string(DraftStatusName(run.details.issues.at(issue).status));
}

int CountKind(const Scripted& s, TurnKind kind) {
  int n = 0;
  for (const auto& t : s.turns) n += t.kind == kind;
  return n;
}

TEST(SingleUndertaking, AgreementWhenEverythingIsAgreed) {
  Scenario s = MakeScenario(false);
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 0) return Propose({{0, 1}, {1, 2}, {2, 0}});
    return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
  });
  Scripted b(Agreeable()), c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kAgreement);
  ASSERT_TRUE(run.result.agreement);
  EXPECT_EQ(*run.result.agreement, (Outcome{1, 2, 0}));
  EXPECT_EQ(run.result.rounds, 1);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(Status(run, i), "final");
  ASSERT_TRUE(run.details.final_vote);
  EXPECT_TRUE(run.details.final_vote->passed);
  EXPECT_EQ(run.details.final_vote->ratifiers.size(), 3u);  // every party ratifies by default
  EXPECT_EQ(run.details.final_vote->accepted, std::vector<bool>(3, true));
  EXPECT_EQ(run.details.issues[1].value, ValueIndex{2});
  EXPECT_EQ(run.details.binding, Binding::kSingleUndertaking);
}

TEST(SingleUndertaking, NothingIsAgreedUntilEverythingIsAgreed) {
  // Two of three issues agreed in draft is no agreement, however long it lasts.
  Scenario s = MakeScenario(false);
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 0) return Propose({{0, 1}, {1, 2}});
    return Pass();
  });
  Scripted b(Agreeable()), c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kDeadline);
  EXPECT_EQ(CountKind(a, TurnKind::kRatify), 0);
  EXPECT_EQ(Status(run, 0), "agreed-in-draft");
  EXPECT_EQ(Status(run, 2), "open");
}

TEST(SingleUndertaking, ConditionThatFailsOnTheFinalPackageBlocksIt) {
  for (ValueIndex required : {ValueIndex{0}, ValueIndex{2}}) {
    SCOPED_TRACE("condition i2 in {v" + std::to_string(required) + "}");
    Scenario s = MakeScenario(false);
    // A proposes i0 and i1 first, i2 later; B accepts the first with a condition on i2.
    Scripted a([](const Turn& turn, const UndertakingState& st) -> Action {
      if (turn.round == 0) return Propose({{0, 1}, {1, 1}});
      if (st.issues[2].status == DraftStatus::kOpen && !st.standing[0]) return Propose({{2, 2}});
      return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
    });
    Scripted b([required](const Turn& turn, const UndertakingState&) -> Action {
      if (!turn.allowed.Contains(ActionKind::kAccept)) return Pass();
      if (turn.round == 0) return Accept{{Clause{2, {required}}}};
      return Accept{};
    });
    Scripted c(Agreeable());
    Ran run = RunIt(s, {&a, &b, &c});
    if (required == 2) {
      EXPECT_EQ(run.result.reason, EndReason::kAgreement);
      continue;
    }
    EXPECT_EQ(run.result.reason, EndReason::kDeadline);
    EXPECT_FALSE(run.result.agreement);
    EXPECT_EQ(CountKind(a, TurnKind::kRatify), 0) << "a blocked package goes to no vote";
    EXPECT_FALSE(run.details.final_vote);
    ASSERT_EQ(run.details.blockers.size(), 1u);
    EXPECT_NE(run.details.blockers[0].find("condition of B"), std::string::npos);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(Status(run, i), "agreed-in-draft");
  }
}

TEST(SingleUndertaking, HardConstraintThatFailsBlocksThePackage) {
  Scenario s = MakeScenario(false);
  // C: when i0 = v1 then i1 must be v0.
  s.parties[2].profile.constraints.push_back(
      {"no v1 without v0", {Clause{0, {1}}}, Clause{1, {0}}});
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 0) return Propose({{0, 1}, {1, 2}, {2, 2}});
    return Pass();
  });
  Scripted b(Agreeable()), c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kDeadline);
  EXPECT_EQ(CountKind(c, TurnKind::kRatify), 0);
  ASSERT_EQ(run.details.blockers.size(), 1u);
  EXPECT_NE(run.details.blockers[0].find("hard constraint of C"), std::string::npos);
}

TEST(SingleUndertaking, RatifierRejectionBlocksThePackage) {
  for (bool approve : {false, true}) {
    SCOPED_TRACE(approve ? "C approves" : "C rejects");
    Scenario s = MakeScenario(true, {2});  // C ratifies; it sits only in the second track
    Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
      if (turn.round == 0) return Propose({{0, 1}, {1, 1}});
      return Pass();
    });
    Scripted b([](const Turn& turn, const UndertakingState& st) -> Action {
      if (turn.allowed.Contains(ActionKind::kAccept)) return Accept{};
      if (st.track == 1 && st.issues[2].status == DraftStatus::kOpen) return Propose({{2, 0}});
      return Pass();
    });
    Scripted c(
        [approve](const Turn& turn, const UndertakingState&) -> Action {
          if (turn.kind == TurnKind::kRatify) return approve ? Action(Accept{}) : Action(Reject{});
          return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
        },
        true);
    Ran run = RunIt(s, {&a, &b, &c});
    EXPECT_EQ(CountKind(c, TurnKind::kRatify), 1) << "one vote per completed package";
    EXPECT_EQ(CountKind(a, TurnKind::kRatify), 0) << "only ratifiers vote";
    ASSERT_TRUE(run.details.final_vote);
    ASSERT_FALSE(run.details.final_vote->accepted.empty());
    EXPECT_EQ(run.details.final_vote->ratifiers[0], 2u);  // C
    EXPECT_EQ(run.details.final_vote->accepted[0], approve);
    if (approve) {
      EXPECT_EQ(run.result.reason, EndReason::kAgreement);
      EXPECT_EQ(*run.result.agreement, (Outcome{1, 1, 0}));
    } else {
      EXPECT_EQ(run.result.reason, EndReason::kDeadline);
      EXPECT_FALSE(run.result.agreement);
      EXPECT_FALSE(run.details.final_vote->passed);
      for (size_t i = 0; i < 3; ++i) EXPECT_EQ(Status(run, i), "agreed-in-draft");
    }
  }
}

TEST(SingleUndertaking, ReopenedIssueReturnsToOpenAndIsCounted) {
  Scenario s = MakeScenario(false);
  // Round 0: i0 = v1 agreed with B's condition i1 in {v0}. Round 1: A reopens i0 (dropping the
  // condition). Round 2: i0 = v2 agreed again. Round 3: the rest; the condition is gone, so the
  // package passes.
  Scripted a([](const Turn& turn, const UndertakingState& st) -> Action {
    switch (turn.round) {
      case 0:
        return Propose({{0, 1}});
      case 1:
        EXPECT_EQ(st.issues[0].status, DraftStatus::kAgreedInDraft);
        EXPECT_TRUE(turn.allowed.Contains(ActionKind::kReopen));
        return Reopen{0};
      case 2:
        EXPECT_EQ(st.issues[0].status, DraftStatus::kOpen);
        EXPECT_FALSE(st.issues[0].value);
        EXPECT_EQ(st.issues[0].reopened, 1);
        EXPECT_EQ(st.reopenings, 1);
        EXPECT_TRUE(st.issues[0].conditions.empty());
        return Propose({{0, 2}});
      case 3:
        return Propose({{1, 2}, {2, 2}});
      default:
        return Pass();
    }
  });
  Scripted b([](const Turn& turn, const UndertakingState&) -> Action {
    if (!turn.allowed.Contains(ActionKind::kAccept)) return Pass();
    if (turn.round == 0) return Accept{{Clause{1, {0}}}};
    return Accept{};
  });
  Scripted c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kAgreement);
  EXPECT_EQ(*run.result.agreement, (Outcome{2, 2, 2}));
  EXPECT_EQ(run.details.issues[0].reopened, 1);
  EXPECT_EQ(run.details.issues[1].reopened, 0);
  EXPECT_EQ(run.details.reopenings, 1);
  // The transcript notes the reopening on the move.
  bool noted = false;
  for (const Move& m : run.result.moves)
    noted = noted || m.note.find("i0 reopened (1st time)") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(SingleUndertaking, SecondTrackStaysClosedUntilTheFirstIsAgreedInDraft) {
  Scenario s = MakeScenario(true);
  // A and B agree i0 in round 1 and i1 in round 3; only then may C (second track only) move.
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 1) return Propose({{0, 1}});
    if (turn.round == 3) return Propose({{1, 1}});
    return Pass();
  });
  Scripted b([](const Turn& turn, const UndertakingState& st) -> Action {
    if (st.track == 0) {
      if (turn.round < 3) {
        EXPECT_FALSE(st.tracks[1].open) << "round " << turn.round;
      }
      return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
    }
    return Pass();
  });
  Scripted c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c}, 6);
  ASSERT_FALSE(c.turns.empty());
  EXPECT_EQ(c.turns.front().round, 3) << "C's first turn comes in the round track 1 is agreed";
  EXPECT_EQ(c.turns.front().track, 1u);
  EXPECT_EQ(run.details.tracks[1].opened_round, 3);  // 0-based; 4 in JSON
  EXPECT_EQ(run.details.tracks[0].opened_round, 0);
  // B sits in both tracks: from round 3 on it moves twice a round.
  int b_turns_round_4 = 0;
  for (const auto& t : b.turns) b_turns_round_4 += t.round == 4;
  EXPECT_EQ(b_turns_round_4, 2);
  bool noted = false;
  for (const Move& m : run.result.moves)
    noted = noted || m.note.find("track 'second' opens") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(SingleUndertaking, ProposingOnAClosedTrackIsAFailureOfThatParty) {
  Scenario s = MakeScenario(true);
  Scripted a(Agreeable());
  Scripted b([](const Turn&, const UndertakingState&) -> Action { return Propose({{2, 1}}); });
  Scripted c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kFailure);
  ASSERT_TRUE(run.result.failure);
  EXPECT_EQ(run.result.failure->party, 1u);
  EXPECT_EQ(run.result.failure->kind, FailureKind::kIllegalAction);
  EXPECT_NE(run.result.failure->message.find("(closed)"), std::string::npos)
      << run.result.failure->message;
}

TEST(SingleUndertaking, ProposingOnAnAgreedIssueIsAFailure) {
  Scenario s = MakeScenario(false);
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 0) return Propose({{0, 1}});
    if (turn.round == 1) return Propose({{0, 2}});
    return Pass();
  });
  Scripted b(Agreeable()), c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kFailure);
  EXPECT_EQ(run.result.failure->party, 0u);
  EXPECT_NE(run.result.failure->message.find("reopen it first"), std::string::npos);
}

TEST(SingleUndertaking, ReopeningAnOpenIssueIsAFailure) {
  Scenario s = MakeScenario(false);
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 0) return Propose({{0, 1}});
    return Reopen{1};  // i1 was never agreed
  });
  Scripted b(Agreeable()), c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kFailure);
  EXPECT_EQ(run.result.failure->party, 0u);
}

TEST(SingleUndertaking, DeadlineGivesNoAgreementWithTheDraftRecordIntact) {
  Scenario s = MakeScenario(true);
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 0) return Propose({{0, 2}, {1, 0}});
    return Pass();
  });
  Scripted b(Agreeable());
  Scripted c([](const Turn&, const UndertakingState&) -> Action { return Pass(); });
  Ran run = RunIt(s, {&a, &b, &c}, 5);
  EXPECT_EQ(run.result.reason, EndReason::kDeadline);
  EXPECT_FALSE(run.result.agreement);
  EXPECT_EQ(Status(run, 0), "agreed-in-draft");
  EXPECT_EQ(run.details.issues[0].value, ValueIndex{2});
  EXPECT_EQ(run.details.issues[1].value, ValueIndex{0});
  EXPECT_EQ(Status(run, 2), "open");
  EXPECT_FALSE(run.details.issues[2].value);
  EXPECT_EQ(run.details.tracks.at(run.details.issues[2].track).name, "second");
  EXPECT_FALSE(run.details.final_vote);
  // One state per round; the transcript line only when something changed.
  ASSERT_EQ(run.result.round_states.size(), 5u);
  EXPECT_NE(run.result.round_states[0].text.find("i0=v2 (draft)"), std::string::npos)
      << run.result.round_states[0].text;
  EXPECT_TRUE(run.result.round_states[1].text.empty());
  const RoundState& last = run.result.round_states[4];
  EXPECT_EQ(last.round, 4);  // 0-based; 5 in JSON
  ASSERT_TRUE(last.undertaking);
  EXPECT_EQ(last.undertaking->issues[0].status, DraftStatus::kAgreedInDraft);
  EXPECT_EQ(last.undertaking->issues, run.details.issues) << "nothing moved in the last round";
  bool summarised = false;
  for (const std::string& line : run.result.summary)
    summarised = summarised || line.find("2 of 3 issues agreed in draft") != std::string::npos;
  EXPECT_TRUE(summarised);
}

TEST(SingleUndertaking, IssueByIssueBindingMakesIssuesFinal) {
  Scenario s = MakeScenario(false);
  Scripted a([](const Turn& turn, const UndertakingState& st) -> Action {
    if (turn.round == 0) return Propose({{0, 1}});
    if (turn.round == 1) {
      EXPECT_EQ(st.issues[0].status, DraftStatus::kFinal);
      EXPECT_FALSE(turn.allowed.Contains(ActionKind::kReopen));
      return Propose({{1, 0}, {2, 0}});
    }
    return Pass();
  });
  Scripted b(Agreeable()), c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c}, 6, {Binding::kIssueByIssue});
  EXPECT_EQ(run.result.reason, EndReason::kAgreement);
  EXPECT_EQ(*run.result.agreement, (Outcome{1, 0, 0}));
  EXPECT_EQ(CountKind(b, TurnKind::kRatify), 0) << "no vote under issue-by-issue binding";
  EXPECT_FALSE(run.details.final_vote);
  EXPECT_EQ(run.details.binding, Binding::kIssueByIssue);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(Status(run, i), "final");
}

TEST(SingleUndertaking, ScenarioRuleSelectsIssueByIssueBinding) {
  Scenario s = MakeScenario(false);
  s.rules.single_undertaking = false;
  Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
    if (turn.round == 0) return Propose({{0, 1}});
    return Reopen{0};  // not allowed once final
  });
  Scripted b(Agreeable()), c(Agreeable());
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kFailure);
  EXPECT_EQ(run.result.failure->party, 0u);
  EXPECT_EQ(Status(run, 0), "final");
}

TEST(SingleUndertaking, WholePackageOffersWorkForGeneralAgents) {
  // General-purpose agents send Offer and plain Accept: the offer is taken on the open issues of
  // the track, and after a failed vote a different offer reopens what differs.
  Scenario s = MakeScenario(false);
  Scripted a(
      [](const Turn& turn, const UndertakingState& st) -> Action {
        if (turn.kind == TurnKind::kRatify) return Accept{};
        if (turn.round == 0) return Offer{{1, 1, 1}};
        if (st.Stuck()) return Offer{{1, 1, 2}};
        return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
      },
      true);
  Scripted b(Agreeable());
  Scripted c(
      [](const Turn& turn, const UndertakingState&) -> Action {
        if (turn.kind == TurnKind::kRatify)
          return turn.offer && (*turn.offer)[2] == 2 ? Action(Accept{}) : Action(Reject{});
        return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
      },
      true);
  Ran run = RunIt(s, {&a, &b, &c});
  EXPECT_EQ(run.result.reason, EndReason::kAgreement);
  EXPECT_EQ(*run.result.agreement, (Outcome{1, 1, 2}));
  EXPECT_EQ(run.details.votes_held, 2);
  EXPECT_EQ(run.details.issues[2].reopened, 1);
  EXPECT_EQ(run.details.issues[0].reopened, 0);
}

TEST(SingleUndertaking, AcceptSeesTheWholePackageView) {
  // A party judging a partial proposal sees it completed with what was said in public: the
  // agreed values, its own latest proposals, the proposer's, then anyone's.
  Scenario s = MakeScenario(false);
  std::map<std::string, std::vector<Outcome>> seen;
  auto watcher = [&seen](std::string name, std::function<Action(int)> move) {
    return [&seen, name, move](const Turn& turn, const UndertakingState&) -> Action {
      if (turn.offer) seen[name].push_back(*turn.offer);
      Action action = move(turn.round);
      return turn.allowed.Contains(KindOf(action)) ? action : Pass();
    };
  };
  Scripted a(watcher("A", [](int round) -> Action {
    if (round == 1) return Propose({{0, 2}});
    if (round == 2) return Propose({{1, 0}});
    return Accept{};
  }));
  Scripted b(watcher("B", [](int round) -> Action {
    if (round == 0) return Offer{{1, 1, 1}};
    return Accept{};
  }));
  Scripted c(watcher("C", [](int round) -> Action { return round == 0 ? Pass() : Accept{}; }));
  RunIt(s, {&a, &b, &c}, 3);
  ASSERT_EQ(seen["B"].size(), 2u);
  EXPECT_EQ(seen["B"][0], (Outcome{2, 1, 1}));  // A's i0; B's own wishes elsewhere
  EXPECT_EQ(seen["B"][1], (Outcome{2, 0, 1}));  // i0 agreed; A's i1; B's own i2
  ASSERT_EQ(seen["C"].size(), 3u);
  EXPECT_EQ(seen["C"][0], (Outcome{1, 1, 1}));  // round 0: B's whole offer
  EXPECT_EQ(seen["C"][1], (Outcome{2, 1, 1}));  // A's i0; B's, the latest, elsewhere
}

TEST(SingleUndertaking, SameSeedSameResult) {
  auto run_once = [] {
    Scenario s = MakeScenario(true, {0, 1, 2});
    Scripted a([](const Turn& turn, const UndertakingState&) -> Action {
      if (turn.round == 0) return Propose({{0, 1}, {1, 2}});
      return turn.allowed.Contains(ActionKind::kAccept) ? Action(Accept{}) : Pass();
    });
    Scripted b([](const Turn& turn, const UndertakingState& st) -> Action {
      if (turn.allowed.Contains(ActionKind::kAccept)) return Accept{{Clause{2, {1, 2}}}};
      if (st.track == 1 && !st.standing[1] && st.issues[2].status == DraftStatus::kOpen)
        return Propose({{2, 1}});
      return Pass();
    });
    Scripted c(Agreeable());
    Ran run = RunIt(s, {&a, &b, &c});
    return std::make_pair(run.result.moves, run.result.undertaking);
  };
  auto first = run_once();
  auto second = run_once();
  EXPECT_EQ(first.first, second.first);
  EXPECT_EQ(first.second, second.second);
}

TEST(SingleUndertaking, RefusesABrokenAgenda) {
  Scenario s = MakeScenario(true);
  s.rules.tracks[1].issues.push_back(7);  // no such issue
  Scripted a(Agreeable()), b(Agreeable()), c(Agreeable());
  PreparedScenario prepared(s);
  auto protocol = MakeSingleUndertaking();
  std::vector<Negotiator*> parties{&a, &b, &c};
  RunOptions run;
  auto result = RunNegotiation(prepared, *protocol, parties, run);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadInput);
}

TEST(SingleUndertaking, RegistryMakesItWithBinding) {
  auto made = Protocols().Make("single-undertaking:binding=issue-by-issue");
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  EXPECT_EQ((*made)->info().name, "single-undertaking");
  auto bad = Protocols().Make("single-undertaking:binding=sometimes");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("issue-by-issue"), std::string::npos);
}

}  // namespace
}  // namespace parley
