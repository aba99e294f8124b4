// The record that cannot be rewritten: recording times set by the ledger, the two replays (as
// happened by a date, as known at a time), future dates, late marks, corrections, retractions,
// the hash chain and its verification on a file changed behind the ledger's back, and the
// migration of an older file into the chain.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "parley/talks/ledger.h"
#include "parley/talks/talks_status.h"
#include "test_util.h"

namespace parley {
namespace {

using testing::Entry;
using testing::SmallTalks;
using testing::TempLedgerPath;

int RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

/// A clock the test moves: each call returns the current time; `Set` changes it.
struct TestClock {
  std::shared_ptr<std::string> now = std::make_shared<std::string>("2019-03-01T10:00:00Z");
  void Set(std::string time) { *now = std::move(time); }
  std::function<std::string()> Function() const {
    return [now = now] { return *now; };
  }
};

struct Fixture {
  TempLedgerPath path;
  TestClock clock;
  Ledger ledger = Open();
  int64_t id = Create();

  Ledger Open() {
    auto opened = Ledger::Open(path.path(), {.create = true, .clock = clock.Function()});
    EXPECT_TRUE(opened.ok()) << opened.error().ToString();
    return std::move(*opened);
  }
  int64_t Create() {
    TalksInfo info;
    info.name = "small";
    return ledger.CreateTalks(info, SmallTalks())->id;
  }
  int64_t Note(const std::string& date, const std::string& text) {
    LedgerEntry note = Entry(EntryKind::kNote, date);
    note.text = text;
    auto seq = ledger.Append(id, note);
    EXPECT_TRUE(seq.ok()) << seq.error().ToString();
    return seq.ok() ? *seq : 0;
  }
  int64_t Round(const std::string& date, bool correction = false) {
    LedgerEntry round = Entry(EntryKind::kRound, date);
    round.title = "round of " + date;
    round.correction = correction;
    auto seq = ledger.Append(id, round);
    EXPECT_TRUE(seq.ok()) << seq.error().ToString();
    return seq.ok() ? *seq : 0;
  }
  std::vector<std::string> Texts(const Replay& replay) {
    std::vector<std::string> out;
    const auto state = ledger.Load(id, replay);
    for (const LedgerEntry& e : state->entries) out.push_back(e.text);
    return out;
  }
};

TEST(LedgerRecordTest, TheLedgerSetsTheRecordingTimeAndItNeverGoesBack) {
  Fixture f;
  f.Note("2019-02-20", "first");
  f.clock.Set("2019-02-01T00:00:00Z");  // the machine's clock set back
  f.Note("2019-02-21", "second");
  auto state = f.ledger.Load(f.id);
  ASSERT_EQ(state->entries.size(), 2u);
  EXPECT_EQ(state->entries[0].recorded_at, "2019-03-01T10:00:00Z");
  EXPECT_EQ(state->entries[1].recorded_at, "2019-03-01T10:00:00Z")
      << "a recording time earlier than the last entry's would reorder the record";
  // Whatever the caller puts there is replaced.
  LedgerEntry note = Entry(EntryKind::kNote, "2019-02-22");
  note.text = "third";
  note.recorded_at = "2000-01-01T00:00:00Z";
  f.clock.Set("2019-03-02T08:00:00Z");
  ASSERT_TRUE(f.ledger.Append(f.id, note).ok());
  EXPECT_EQ(f.ledger.Load(f.id)->entries.back().recorded_at, "2019-03-02T08:00:00Z");
}

TEST(LedgerRecordTest, TwoReplaysAsHappenedByADateAndAsKnownAtATime) {
  Fixture f;
  f.clock.Set("2019-01-25T09:00:00Z");
  f.Round("2019-01-21");
  f.Note("2019-01-24", "known on the 25th");
  f.clock.Set("2019-03-10T12:00:00Z");
  // Recorded in March about January: "as happened by" January shows it now; "as known at"
  // January 31 does not.
  f.Note("2019-01-22", "learned in March");
  f.Note("2019-03-09", "in March");

  EXPECT_EQ(f.Texts({.as_of = "2019-01-31"}),
            (std::vector<std::string>{"", "learned in March", "known on the 25th"}));
  EXPECT_EQ(f.Texts({.known_at = "2019-01-31T00:00:00Z"}),
            (std::vector<std::string>{"", "known on the 25th"}));
  // A date alone is the end of that day; both together intersect.
  EXPECT_EQ(f.Texts({.known_at = "2019-03-10"}).size(), 4u);
  EXPECT_EQ(f.Texts({.as_of = "2019-01-31", .known_at = "2019-01-31"}),
            (std::vector<std::string>{"", "known on the 25th"}));
  EXPECT_EQ(f.ledger.Load(f.id, {.known_at = "2019-01-31"})->known_at, "2019-01-31T23:59:59Z");
  EXPECT_EQ(f.ledger.Load(f.id, {.known_at = "yesterday"}).error().field, "known-at");
  EXPECT_EQ(f.ledger.Load(f.id, {.known_at = "2019-01-31T25:00:00Z"}).error().field, "known-at");
}

TEST(LedgerRecordTest, FutureDatesAreRefusedAndADayAheadIsAccepted) {
  Fixture f;
  LedgerEntry note = Entry(EntryKind::kNote, "2999-01-01");
  note.text = "from the future";
  auto refused = f.ledger.Append(f.id, note);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "date");
  EXPECT_NE(refused.error().message.find("in the future"), std::string::npos);
  note.date = "2019-03-03";  // two days after the clock's 2019-03-01
  EXPECT_FALSE(f.ledger.Append(f.id, note).ok());
  note.date = "2019-03-02";  // a day ahead: another time zone
  EXPECT_TRUE(f.ledger.Append(f.id, note).ok());
  EXPECT_EQ(f.ledger.Load(f.id)->entries.size(), 1u);
}

TEST(LedgerRecordTest, EntriesDatedBeforeTheLastRoundAreMarkedLate) {
  Fixture f;
  f.Round("2019-01-21");
  f.Note("2019-01-23", "on time");
  f.Round("2019-02-25");
  f.Note("2019-01-24", "late");  // dated in round 1, recorded after round 2 opened
  f.Note("2019-02-26", "on time too");
  const auto state = f.ledger.Load(f.id);
  for (const LedgerEntry& e : state->entries) EXPECT_EQ(e.late, e.text == "late") << e.text;
}

TEST(LedgerRecordTest, ARoundBeforeAnEarlierRoundNeedsTheCorrectionFlag) {
  Fixture f;
  f.Round("2019-02-25");
  LedgerEntry earlier = Entry(EntryKind::kRound, "2019-01-21");
  auto refused = f.ledger.Append(f.id, earlier);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "date");
  EXPECT_NE(refused.error().message.find("correction"), std::string::npos);
  earlier.correction = true;
  ASSERT_TRUE(f.ledger.Append(f.id, earlier).ok());
  auto state = f.ledger.Load(f.id);
  ASSERT_EQ(state->entries.size(), 2u);
  EXPECT_TRUE(state->entries[0].correction);
  EXPECT_EQ(state->entries[0].round, 2);  // numbered in order of recording
  EXPECT_TRUE(state->entries[0].late);
  LedgerEntry note = Entry(EntryKind::kNote, "2019-02-26");
  note.text = "x";
  note.correction = true;
  EXPECT_EQ(f.ledger.Append(f.id, note).error().field, "correction");
}

TEST(LedgerRecordTest, RetractedEntriesStayMarkedAndStopCounting) {
  Fixture f;
  f.clock.Set("2019-01-22T10:00:00Z");
  LedgerEntry agree = Entry(EntryKind::kAgreement, "2019-01-22");
  agree.values = {{1, 1}};  // counterterrorism=assurances, by the whole track
  const int64_t agreed = *f.ledger.Append(f.id, agree);
  EXPECT_EQ(ComputeStatus(*f.ledger.Load(f.id)).issues[1].status, IssueStatus::kAgreedInDraft);

  f.clock.Set("2019-02-01T10:00:00Z");
  LedgerEntry retraction = Entry(EntryKind::kRetraction, "");
  retraction.retracts = agreed;
  retraction.text = "recorded from a misread cable";
  auto seq = f.ledger.Append(f.id, retraction);
  ASSERT_TRUE(seq.ok()) << seq.error().ToString();

  auto state = f.ledger.Load(f.id);
  ASSERT_EQ(state->entries.size(), 2u);
  EXPECT_EQ(state->entries[0].retracted_by, *seq);
  EXPECT_EQ(state->entries[0].retraction_reason, "recorded from a misread cable");
  EXPECT_EQ(state->entries[1].kind, EntryKind::kRetraction);
  EXPECT_EQ(state->entries[1].date, "2019-02-01") << "dated when recorded";
  const TalksStatus status = ComputeStatus(*state);
  EXPECT_EQ(status.issues[1].status, IssueStatus::kOpen);
  ASSERT_FALSE(status.notes.empty());
  EXPECT_NE(status.notes.back().find("retracted"), std::string::npos);
  // As happened by January 25, the record now says the agreement is void...
  EXPECT_TRUE(f.ledger.Load(f.id, {.as_of = "2019-01-25"})->entries[0].retracted_by);
  // ... but as known on January 25, it stood.
  auto then = f.ledger.Load(f.id, {.known_at = "2019-01-25"});
  EXPECT_FALSE(then->entries[0].retracted_by);
  EXPECT_EQ(ComputeStatus(*then).issues[1].status, IssueStatus::kAgreedInDraft);

  // Refused: twice, a retraction, no reason, a missing entry, a party's.
  auto expect_bad = [&](LedgerEntry e, const std::string& field) {
    auto r = f.ledger.Append(f.id, e);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.error().field, field) << r.error().ToString();
  };
  expect_bad(retraction, "retracts");
  LedgerEntry again = retraction;
  again.retracts = *seq;
  expect_bad(again, "retracts");
  again.retracts = 999;
  expect_bad(again, "retracts");
  again.retracts = agreed;
  again.text.clear();
  expect_bad(again, "text");
  again.text = "x";
  again.party = 0;
  expect_bad(again, "party");
}

TEST(LedgerRecordTest, AnUntouchedFileVerifies) {
  Fixture f;
  f.Round("2019-01-21");
  f.Note("2019-01-22", "a");
  const int64_t b = f.Note("2019-01-23", "b");
  LedgerEntry retraction = Entry(EntryKind::kRetraction, "2019-01-24");
  retraction.retracts = b;
  retraction.text = "wrong";
  ASSERT_TRUE(f.ledger.Append(f.id, retraction).ok());
  auto verified = f.ledger.Verify();
  ASSERT_TRUE(verified.ok()) << verified.error().ToString();
  EXPECT_TRUE(verified->ok()) << verified->problem;
  EXPECT_EQ(verified->entries, 4);
  EXPECT_EQ(verified->head.size(), 64u);
  // The head moves with every entry.
  const std::string head = verified->head;
  f.Note("2019-01-25", "c");
  EXPECT_NE(f.ledger.Verify()->head, head);
}

// Each edit is what a tool that bypasses parley could do to the file; each must be caught and
// the first entry concerned named.
TEST(LedgerRecordTest, VerifyNamesTheFirstEntryChangedBehindTheLedgersBack) {
  struct Case {
    const char* what;
    const char* sql;
    std::optional<int64_t> first_bad;
    const char* says;
  };
  const Case cases[] = {
      {"a backdated event",
       "DROP TRIGGER entries_no_update; UPDATE entries SET date = "
       "'2019-01-01' WHERE seq = 3",
       3, "trigger"},
      {"a changed text, the trigger put back",
       "DROP TRIGGER entries_no_update; UPDATE entries SET text = 'changed' WHERE seq = 2; "
       "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, "
       "'x'); END;",
       2, "does not match its hash"},
      {"a changed value",
       "DROP TRIGGER entry_values_no_update; UPDATE entry_values SET "
       "option_idx = 2 WHERE seq = 3; CREATE TRIGGER entry_values_no_update "
       "BEFORE UPDATE ON entry_values BEGIN SELECT 1; END;",
       3, "does not match its hash"},
      {"a deleted entry",
       "DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE seq = 2; "
       "CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries BEGIN "
       "SELECT 1; END;",
       2, "deleted"},
      {"an inserted entry",
       "INSERT INTO entries (talks_id, kind, date, round, party_idx, text, "
       "source_kind, source, recorded_at) VALUES (1, 'note', '2019-01-30', "
       "NULL, NULL, 'forged', '', '', '2019-03-01T10:00:00Z')",
       5, "no chain row"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    TempLedgerPath path;
    {
      auto ledger = Ledger::Open(path.path());
      TalksInfo info;
      info.name = "small";
      const int64_t id = ledger->CreateTalks(info, SmallTalks())->id;
      ASSERT_TRUE(ledger->Append(id, Entry(EntryKind::kRound, "2019-01-21")).ok());
      LedgerEntry note = Entry(EntryKind::kNote, "2019-01-22");
      note.text = "a";
      ASSERT_TRUE(ledger->Append(id, note).ok());
      LedgerEntry proposal = Entry(EntryKind::kProposal, "2019-01-23");
      proposal.values = {{0, 1}};
      ASSERT_TRUE(ledger->Append(id, proposal).ok());
      note.text = "d";
      note.date = "2019-01-24";
      ASSERT_TRUE(ledger->Append(id, note).ok());
      ASSERT_TRUE(ledger->Verify()->ok());
    }
    ASSERT_EQ(RawExec(path.path(), c.sql), SQLITE_OK) << c.sql;
    auto ledger = Ledger::Open(path.path());
    ASSERT_TRUE(ledger.ok());
    auto verified = ledger->Verify();
    ASSERT_TRUE(verified.ok()) << verified.error().ToString();
    EXPECT_FALSE(verified->ok());
    if (std::string(c.says) == "trigger") {
      EXPECT_NE(verified->problem.find("entries_no_update"), std::string::npos)
          << verified->problem;
    } else {
      EXPECT_EQ(verified->first_bad, c.first_bad) << verified->problem;
      EXPECT_NE(verified->problem.find(c.says), std::string::npos) << verified->problem;
      EXPECT_EQ(verified->problem.rfind("entry " + std::to_string(*c.first_bad), 0), 0u)
          << verified->problem;
    }
  }
}

TEST(LedgerRecordTest, AnOlderFileMigratesIntoTheChainKeepingItsRecord) {
  TempLedgerPath path;
  {
    auto v2 = Ledger::Open(path.path(), {.create = true, .migrate_to = 2});
    ASSERT_EQ(*v2->SchemaVersion(), 2);
    TalksInfo info;
    info.name = "small";
    const int64_t id = v2->CreateTalks(info, SmallTalks())->id;
    ASSERT_TRUE(v2->Append(id, Entry(EntryKind::kRound, "2019-01-21")).ok());
    LedgerEntry note = Entry(EntryKind::kNote, "2019-01-22");
    note.text = "written by schema 2";
    ASSERT_TRUE(v2->Append(id, note).ok());
    LedgerEntry retraction = Entry(EntryKind::kRetraction, "2019-01-23");
    retraction.retracts = 2;
    retraction.text = "x";
    EXPECT_FALSE(v2->Append(id, retraction).ok()) << "schema 2 has no retractions";
  }
  auto latest = Ledger::Open(path.path());
  ASSERT_TRUE(latest.ok()) << latest.error().ToString();
  EXPECT_EQ(*latest->SchemaVersion(), Ledger::LatestSchemaVersion());
  auto verified = latest->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok()) << verified->problem;
  EXPECT_EQ(verified->entries, 2);
  const int64_t id = latest->FindTalks("small")->id;
  auto state = latest->Load(id);
  ASSERT_EQ(state->entries.size(), 2u);
  EXPECT_EQ(state->entries[1].text, "written by schema 2");
  EXPECT_FALSE(state->entries[0].correction);
  // New entries chain on after the migrated ones, and retractions now work.
  LedgerEntry retraction = Entry(EntryKind::kRetraction, "2019-01-23");
  retraction.retracts = state->entries[1].seq;
  retraction.text = "x";
  ASSERT_TRUE(latest->Append(id, retraction).ok());
  EXPECT_TRUE(latest->Verify()->ok());
  EXPECT_EQ(latest->Verify()->entries, 3);
}

}  // namespace
}  // namespace parley
