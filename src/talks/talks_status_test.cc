#include "parley/talks/talks_status.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace parley {
namespace {

using testing::SmallTalks;

// Issue indices and value indices of SmallTalks().
constexpr size_t kWithdrawal = 0, kCounterterrorism = 1, kDialogue = 2, kCeasefire = 3;
constexpr size_t kUs = 0, kTaliban = 1, kGovernment = 2;
constexpr ValueIndex kHalf = 1, kFull = 2, kAssurances = 1, kWithGovernment = 1, kAnnounced = 1;

/// Builds a LedgerState in memory, one entry at a time, dated one day apart.
class Record {
 public:
  explicit Record(bool single_undertaking = true) {
    state_.structure = SmallTalks(single_undertaking);
  }
  Record& Agree(std::optional<size_t> party, std::vector<IssueValue> values,
                std::vector<Constraint> conditions = {}) {
    LedgerEntry e = Next(EntryKind::kAgreement);
    e.party = party;
    e.values = std::move(values);
    e.conditions = std::move(conditions);
    return Add(std::move(e));
  }
  Record& Reopen(size_t issue) {
    LedgerEntry e = Next(EntryKind::kReopening);
    e.values = {{issue, std::nullopt}};
    return Add(std::move(e));
  }
  Record& Vote(size_t party, bool accept) {
    LedgerEntry e = Next(EntryKind::kVote);
    e.party = party;
    e.accept = accept;
    return Add(std::move(e));
  }
  Record& State(size_t party, Constraint condition) {
    LedgerEntry e = Next(EntryKind::kPosition);
    e.party = party;
    e.conditions = {std::move(condition)};
    return Add(std::move(e));
  }
  /// Agrees the whole package withdrawal=half, counterterrorism=assurances, dialogue=with-gov,
  /// ceasefire=announced, track by track.
  Record& AgreeAll() {
    Agree(std::nullopt, {{kWithdrawal, kHalf}, {kCounterterrorism, kAssurances}});
    return Agree(std::nullopt, {{kDialogue, kWithGovernment}, {kCeasefire, kAnnounced}});
  }
  TalksStatus Status() const { return ComputeStatus(state_); }

 private:
  LedgerEntry Next(EntryKind kind) {
    LedgerEntry e;
    e.kind = kind;
    e.seq = static_cast<int64_t>(state_.entries.size()) + 1;
    char date[16];
    std::snprintf(date, sizeof date, "2019-01-%02d", static_cast<int>(e.seq));
    e.date = date;
    return e;
  }
  Record& Add(LedgerEntry e) {
    state_.entries.push_back(std::move(e));
    return *this;
  }
  LedgerState state_;
};

bool HasBlocker(const TalksStatus& status, BlockerKind kind) {
  for (const Blocker& b : status.blockers)
    if (b.kind == kind) return true;
  return false;
}

TEST(TalksStatusTest, NothingAgreedMeansEverythingOpen) {
  TalksStatus status = Record().Status();
  for (const IssueState& issue : status.issues) EXPECT_EQ(issue.status, IssueStatus::kOpen);
  EXPECT_FALSE(status.final);
  EXPECT_TRUE(status.track_open[0]);
  EXPECT_FALSE(status.track_open[1]);
  EXPECT_TRUE(HasBlocker(status, BlockerKind::kOpenIssue));
  EXPECT_TRUE(HasBlocker(status, BlockerKind::kClosedTrack));
  EXPECT_TRUE(HasBlocker(status, BlockerKind::kMissingRatification));
}

TEST(TalksStatusTest, AgreedInDraftWhenEveryTrackPartyAcceptsTheSameValue) {
  Record record;
  record.Agree(kUs, {{kWithdrawal, kFull}});
  EXPECT_EQ(record.Status().issues[kWithdrawal].status, IssueStatus::kOpen);
  record.Agree(kTaliban, {{kWithdrawal, kHalf}});
  EXPECT_EQ(record.Status().issues[kWithdrawal].status, IssueStatus::kOpen);
  record.Agree(kUs, {{kWithdrawal, kHalf}});
  TalksStatus status = record.Status();
  EXPECT_EQ(status.issues[kWithdrawal].status, IssueStatus::kAgreedInDraft);
  EXPECT_EQ(status.issues[kWithdrawal].value, kHalf);
  EXPECT_EQ(status.issues[kWithdrawal].acceptances.size(), 2u);
  // A party moving away undoes the draft agreement.
  record.Agree(kTaliban, {{kWithdrawal, kFull}});
  EXPECT_EQ(record.Status().issues[kWithdrawal].status, IssueStatus::kOpen);
}

TEST(TalksStatusTest, AReopenedIssueReturnsToOpenAndIsCounted) {
  Record record;
  record.Agree(std::nullopt, {{kWithdrawal, kHalf}}).Reopen(kWithdrawal);
  TalksStatus status = record.Status();
  EXPECT_EQ(status.issues[kWithdrawal].status, IssueStatus::kReopened);
  EXPECT_EQ(status.issues[kWithdrawal].reopened, 1);
  EXPECT_FALSE(status.issues[kWithdrawal].value.has_value());
  EXPECT_TRUE(status.issues[kWithdrawal].acceptances.empty());
  record.Agree(std::nullopt, {{kWithdrawal, kFull}}).Reopen(kWithdrawal);
  EXPECT_EQ(record.Status().issues[kWithdrawal].reopened, 2);
  record.Agree(std::nullopt, {{kWithdrawal, kFull}});
  status = record.Status();
  EXPECT_EQ(status.issues[kWithdrawal].status, IssueStatus::kAgreedInDraft);
  EXPECT_EQ(status.issues[kWithdrawal].reopened, 2);
  // Reopening an open issue is noted, not counted.
  record.Reopen(kCeasefire);
  EXPECT_EQ(record.Status().issues[kCeasefire].reopened, 0);
  EXPECT_FALSE(record.Status().notes.empty());
}

TEST(TalksStatusTest, SecondTrackStaysClosedUntilTheFirstIsAgreed) {
  Record record;
  record.Agree(std::nullopt, {{kDialogue, kWithGovernment}});
  TalksStatus status = record.Status();
  EXPECT_EQ(status.issues[kDialogue].status, IssueStatus::kOpen);
  ASSERT_EQ(status.notes.size(), 1u);
  EXPECT_NE(status.notes[0].find("not open"), std::string::npos);
  record.Agree(std::nullopt, {{kWithdrawal, kHalf}});
  EXPECT_FALSE(record.Status().track_open[1]);
  record.Agree(std::nullopt, {{kCounterterrorism, kAssurances}});
  status = record.Status();
  EXPECT_TRUE(status.track_open[1]);
  EXPECT_FALSE(HasBlocker(status, BlockerKind::kClosedTrack));
  EXPECT_EQ(status.issues[kDialogue].status, IssueStatus::kOpen) << "early acceptance counted";
  record.Agree(std::nullopt, {{kDialogue, kWithGovernment}});
  EXPECT_EQ(record.Status().issues[kDialogue].status, IssueStatus::kAgreedInDraft);
  // Once open, a track stays open even if the first track is reopened.
  record.Reopen(kWithdrawal);
  EXPECT_TRUE(record.Status().track_open[1]);
}

TEST(TalksStatusTest, AgreementWhenEverythingIsAgreedAndRatified) {
  Record record;
  record.AgreeAll().Vote(kUs, true);
  TalksStatus status = record.Status();
  EXPECT_FALSE(status.final);
  ASSERT_EQ(status.blockers.size(), 1u);
  EXPECT_EQ(status.blockers[0].kind, BlockerKind::kMissingRatification);
  EXPECT_EQ(status.blockers[0].party, kGovernment);
  for (const IssueState& issue : status.issues)
    EXPECT_EQ(issue.status, IssueStatus::kAgreedInDraft);
  record.Vote(kGovernment, true);
  status = record.Status();
  EXPECT_TRUE(status.final);
  EXPECT_TRUE(status.blockers.empty());
  for (const IssueState& issue : status.issues) EXPECT_EQ(issue.status, IssueStatus::kFinal);
}

TEST(TalksStatusTest, ARatifiersRejectionBlocks) {
  Record record;
  record.AgreeAll().Vote(kUs, true).Vote(kGovernment, false);
  TalksStatus status = record.Status();
  EXPECT_FALSE(status.final);
  ASSERT_EQ(status.blockers.size(), 1u);
  EXPECT_NE(status.blockers[0].text.find("voted against"), std::string::npos);
  // A non-ratifier's vote does not matter either way.
  record.Vote(kTaliban, false).Vote(kGovernment, true);
  EXPECT_TRUE(record.Status().final);
}

TEST(TalksStatusTest, VotesCastBeforeThePackageChangedDoNotCount) {
  Record record;
  record.AgreeAll().Vote(kUs, true).Vote(kGovernment, true);
  ASSERT_TRUE(record.Status().final);
  Record changed;
  changed.AgreeAll().Vote(kUs, true).Reopen(kCeasefire);
  changed.Agree(std::nullopt, {{kCeasefire, kAnnounced}}).Vote(kGovernment, true);
  TalksStatus status = changed.Status();
  EXPECT_FALSE(status.final);
  ASSERT_EQ(status.blockers.size(), 1u);
  EXPECT_EQ(status.blockers[0].party, kUs);
  EXPECT_NE(status.blockers[0].text.find("before the package last changed"), std::string::npos);
  EXPECT_EQ(status.issues[kCeasefire].reopened, 1);
}

TEST(TalksStatusTest, AConditionThatFailsOnTheFinalPackageBlocksIt) {
  // The Taliban's stated condition: a ceasefire only after foreign forces leave.
  const Constraint ceasefire_after_withdrawal{"ceasefire only after foreign forces leave",
                                              {Clause{kCeasefire, {kAnnounced}}},
                                              Clause{kWithdrawal, {kFull}}};
  Record record;
  record.State(kTaliban, ceasefire_after_withdrawal);
  record.Agree(std::nullopt, {{kWithdrawal, kHalf}});
  EXPECT_EQ(record.Status().conditions.at(0).state, ConditionState::kPending);
  record.AgreeAll().Vote(kUs, true).Vote(kGovernment, true);
  TalksStatus status = record.Status();
  EXPECT_FALSE(status.final);
  ASSERT_EQ(status.conditions.size(), 1u);
  EXPECT_EQ(status.conditions[0].state, ConditionState::kViolated);
  EXPECT_TRUE(status.conditions[0].from_position);
  ASSERT_EQ(status.blockers.size(), 1u);
  EXPECT_EQ(status.blockers[0].kind, BlockerKind::kUnmetCondition);
  EXPECT_NE(status.blockers[0].text.find("if ceasefire=announced then withdrawal=full"),
            std::string::npos)
      << status.blockers[0].text;

  // An acceptance with a condition: the US accepts dialogue only if counterterrorism holds.
  Record conditional;
  conditional.AgreeAll();
  conditional.Agree(kTaliban, {{kDialogue, kWithGovernment}},
                    {Constraint{"", {}, Clause{kCounterterrorism, {0}}}});
  conditional.Vote(kUs, true).Vote(kGovernment, true);
  status = conditional.Status();
  EXPECT_FALSE(status.final);
  ASSERT_EQ(status.conditions.size(), 1u);
  EXPECT_FALSE(status.conditions[0].from_position);
  EXPECT_EQ(status.conditions[0].state, ConditionState::kViolated);
}

TEST(TalksStatusTest, CheckConditionOnPartialPackages) {
  const Constraint c{"", {Clause{kCeasefire, {kAnnounced}}}, Clause{kWithdrawal, {kFull}}};
  using P = std::vector<std::optional<ValueIndex>>;
  EXPECT_EQ(CheckCondition(c, P{std::nullopt, {}, {}, std::nullopt}), ConditionState::kPending);
  EXPECT_EQ(CheckCondition(c, P{kFull, {}, {}, std::nullopt}), ConditionState::kHolds);
  EXPECT_EQ(CheckCondition(c, P{kHalf, {}, {}, std::nullopt}), ConditionState::kPending);
  EXPECT_EQ(CheckCondition(c, P{std::nullopt, {}, {}, ValueIndex{0}}), ConditionState::kHolds);
  EXPECT_EQ(CheckCondition(c, P{kHalf, {}, {}, kAnnounced}), ConditionState::kViolated);
  EXPECT_EQ(CheckCondition(c, P{kFull, {}, {}, kAnnounced}), ConditionState::kHolds);
}

TEST(TalksStatusTest, IssueByIssueBindingMakesAgreedIssuesFinal) {
  Record record(/*single_undertaking=*/false);
  record.Agree(std::nullopt, {{kWithdrawal, kHalf}}).Reopen(kWithdrawal);
  TalksStatus status = record.Status();
  EXPECT_EQ(status.issues[kWithdrawal].status, IssueStatus::kFinal);
  EXPECT_EQ(status.issues[kWithdrawal].reopened, 0);
  EXPECT_FALSE(status.notes.empty());
  EXPECT_FALSE(status.final);
  record.Agree(std::nullopt, {{kCounterterrorism, kAssurances}});
  record.Agree(std::nullopt, {{kDialogue, kWithGovernment}, {kCeasefire, kAnnounced}});
  status = record.Status();
  EXPECT_TRUE(status.final) << "no vote is needed under issue-by-issue binding";
  EXPECT_TRUE(status.blockers.empty());
}

TEST(TalksStatusTest, StatusReplaysToAnyDate) {
  testing::TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  TalksInfo info;
  info.name = "small";
  auto talks = ledger->CreateTalks(info, SmallTalks());
  LedgerEntry agree;
  agree.kind = EntryKind::kAgreement;
  agree.date = "2019-01-26";
  agree.values = {{kWithdrawal, kHalf}};
  ASSERT_TRUE(ledger->Append(talks->id, agree).ok());
  LedgerEntry reopen;
  reopen.kind = EntryKind::kReopening;
  reopen.date = "2019-02-26";
  reopen.values = {{kWithdrawal, std::nullopt}};
  ASSERT_TRUE(ledger->Append(talks->id, reopen).ok());
  EXPECT_EQ(ComputeStatus(*ledger->Load(talks->id, "2019-01-25")).issues[0].status,
            IssueStatus::kOpen);
  EXPECT_EQ(ComputeStatus(*ledger->Load(talks->id, "2019-02-01")).issues[0].status,
            IssueStatus::kAgreedInDraft);
  EXPECT_EQ(ComputeStatus(*ledger->Load(talks->id)).issues[0].status, IssueStatus::kReopened);
}

}  // namespace
}  // namespace parley
