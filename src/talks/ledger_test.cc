#include "parley/talks/ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "test_util.h"

namespace parley {
namespace {

using testing::Entry;
using testing::SmallTalks;
using testing::TempLedgerPath;

TalksInfo Info(std::string name) {
  TalksInfo info;
  info.name = std::move(name);
  info.title = "Test talks";
  info.source = "test";
  return info;
}

// Runs SQL on the file behind the ledger's back, as an attacker or a careless tool would.
int RawExec(const std::string& path, const std::string& sql, std::string* result = nullptr) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  auto callback = [](void* out, int, char** values, char**) {
    if (out && values[0]) *static_cast<std::string*>(out) = values[0];
    return 0;
  };
  const int rc = sqlite3_exec(db, sql.c_str(), callback, result, nullptr);
  sqlite3_close(db);
  return rc;
}

TEST(LedgerTest, CreatesWalFileAndReloadsStructure) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  ASSERT_TRUE(ledger.ok()) << ledger.error().ToString();
  EXPECT_EQ(*ledger->SchemaVersion(), Ledger::LatestSchemaVersion());
  auto talks = ledger->CreateTalks(Info("small"), SmallTalks());
  ASSERT_TRUE(talks.ok()) << talks.error().ToString();
  auto state = ledger->Load(talks->id);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  const Scenario expected = SmallTalks();
  EXPECT_EQ(state->structure.space, expected.space);
  EXPECT_EQ(state->structure.rules, expected.rules);
  ASSERT_EQ(state->structure.parties.size(), 3u);
  EXPECT_EQ(state->structure.parties[1].name, "Taliban");
  EXPECT_EQ(state->info.title, "Test talks");
  std::string mode;
  RawExec(path.path(), "PRAGMA journal_mode", &mode);
  EXPECT_EQ(mode, "wal");
}

TEST(LedgerTest, RefusesDuplicateAndMalformedNames) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  ASSERT_TRUE(ledger->CreateTalks(Info("a"), SmallTalks()).ok());
  auto again = ledger->CreateTalks(Info("a"), SmallTalks());
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
  EXPECT_FALSE(ledger->CreateTalks(Info("bad name; DROP"), SmallTalks()).ok());
  Scenario one_party = SmallTalks();
  one_party.parties.resize(1);
  one_party.rules = {};
  EXPECT_FALSE(ledger->CreateTalks(Info("b"), one_party).ok());
}

TEST(LedgerTest, AppendsAndReplaysToAnyDate) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  auto talks = ledger->CreateTalks(Info("small"), SmallTalks());
  LedgerEntry round = Entry(EntryKind::kRound, "2019-01-21");
  round.title = "January round";
  round.place = "Doha";
  round.end_date = "2019-01-26";
  ASSERT_TRUE(ledger->Append(talks->id, round).ok());
  LedgerEntry proposal = Entry(EntryKind::kProposal, "2019-01-22");
  proposal.party = 0;
  proposal.round = 1;
  proposal.values = {{0, 1}};
  proposal.text = "draft framework";
  auto proposal_seq = ledger->Append(talks->id, proposal);
  ASSERT_TRUE(proposal_seq.ok()) << proposal_seq.error().ToString();
  LedgerEntry late = Entry(EntryKind::kNote, "2019-03-12");
  late.text = "real strides";
  ASSERT_TRUE(ledger->Append(talks->id, late).ok());
  // Recorded last but dated in January: replay puts it in date order.
  LedgerEntry backdated = Entry(EntryKind::kNote, "2019-01-25");
  backdated.text = "recorded late";
  ASSERT_TRUE(ledger->Append(talks->id, backdated).ok());

  auto all = ledger->Load(talks->id);
  ASSERT_EQ(all->entries.size(), 4u);
  EXPECT_EQ(all->entries[0].kind, EntryKind::kRound);
  EXPECT_EQ(all->entries[0].round, 1);
  EXPECT_EQ(all->entries[0].place, "Doha");
  EXPECT_EQ(all->entries[1].seq, *proposal_seq);
  EXPECT_EQ(all->entries[1].values, (std::vector<IssueValue>{{0, 1}}));
  EXPECT_EQ(all->entries[2].text, "recorded late");
  EXPECT_EQ(all->entries[3].text, "real strides");

  auto january = ledger->Load(talks->id, "2019-01-31");
  ASSERT_TRUE(january.ok());
  ASSERT_EQ(january->entries.size(), 3u);
  EXPECT_EQ(january->as_of, "2019-01-31");
  auto before = ledger->Load(talks->id, "2019-01-20");
  EXPECT_TRUE(before->entries.empty());
  EXPECT_EQ(ledger->Load(talks->id, "2019-02-30").error().code, ErrorCode::kBadInput);
}

TEST(LedgerTest, NothingCanBeOverwrittenOrDeleted) {
  TempLedgerPath path;
  {
    auto ledger = Ledger::Open(path.path());
    auto talks = ledger->CreateTalks(Info("small"), SmallTalks());
    LedgerEntry note = Entry(EntryKind::kNote, "2019-01-01");
    note.text = "original";
    ASSERT_TRUE(ledger->Append(talks->id, note).ok());
    int64_t token_id = 0;
    ASSERT_TRUE(ledger->IssueToken(talks->id, std::nullopt, "mediator", &token_id).ok());
  }
  for (const char* sql :
       {"UPDATE entries SET text = 'changed'", "DELETE FROM entries", "DELETE FROM talks",
        "UPDATE parties SET name = 'x'", "DELETE FROM options", "UPDATE tokens SET label = 'x'",
        "DELETE FROM tokens"}) {
    EXPECT_NE(RawExec(path.path(), sql), SQLITE_OK) << sql;
  }
  auto ledger = Ledger::Open(path.path());
  auto state = ledger->Load(ledger->FindTalks("")->id);
  ASSERT_EQ(state->entries.size(), 1u);
  EXPECT_EQ(state->entries[0].text, "original");
}

TEST(LedgerTest, ValidatesEntriesAgainstTheStructure) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  auto talks = ledger->CreateTalks(Info("small"), SmallTalks());
  auto expect_bad = [&](LedgerEntry entry, const std::string& field) {
    auto seq = ledger->Append(talks->id, entry);
    ASSERT_FALSE(seq.ok()) << field;
    EXPECT_EQ(seq.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(seq.error().field, field) << seq.error().ToString();
  };
  expect_bad(Entry(EntryKind::kNote, "2019-13-01"), "date");
  expect_bad(Entry(EntryKind::kNote, "yesterday"), "date");
  LedgerEntry e = Entry(EntryKind::kProposal, "2019-01-01");
  e.values = {{7, 0}};
  expect_bad(e, "values");
  e.values = {{0, 3}};
  expect_bad(e, "values");
  e.values = {{0, 1}, {0, 2}};
  expect_bad(e, "values");
  e.values = {{0, 1}};
  e.round = 1;
  expect_bad(e, "round");
  e.round.reset();
  e.party = 3;
  expect_bad(e, "party");
  LedgerEntry agree = Entry(EntryKind::kAgreement, "2019-01-01");
  agree.party = 2;  // Government is not in the US-Taliban track.
  agree.values = {{0, 1}};
  expect_bad(agree, "party");
  LedgerEntry vote = Entry(EntryKind::kVote, "2019-01-01");
  expect_bad(vote, "party");
  vote.party = 0;
  vote.conditions = {Constraint{"", {}, Clause{0, {2}}}};
  expect_bad(vote, "conditions");
  LedgerEntry position = Entry(EntryKind::kPosition, "2019-01-01");
  position.party = 1;
  position.source_kind = "rumour";
  position.text = "x";
  expect_bad(position, "source_kind");
  position.source_kind = "leak";
  position.conditions = {Constraint{"", {Clause{3, {1}}}, Clause{0, {5}}}};
  expect_bad(position, "conditions[0]");
  LedgerEntry round = Entry(EntryKind::kRound, "2019-01-05");
  round.end_date = "2019-01-04";
  expect_bad(round, "end_date");
  LedgerEntry profile = Entry(EntryKind::kProfile, "2019-01-01");
  profile.party = 0;
  profile.profile_origin = "guessed";
  expect_bad(profile, "origin");
  EXPECT_TRUE(ledger->Load(talks->id)->entries.empty()) << "a refused entry left a trace";
}

TEST(LedgerTest, StoresHostileStringsVerbatim) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  auto talks = ledger->CreateTalks(Info("small"), SmallTalks());
  const std::string hostile = "x'); DROP TABLE entries; -- \"\\ \xe2\x9c\x93 <script>";
  LedgerEntry note = Entry(EntryKind::kNote, "2019-01-01");
  note.text = hostile;
  note.source = hostile;
  ASSERT_TRUE(ledger->Append(talks->id, note).ok());
  auto state = ledger->Load(talks->id);
  ASSERT_EQ(state->entries.size(), 1u);
  EXPECT_EQ(state->entries[0].text, hostile);
  EXPECT_EQ(state->entries[0].source, hostile);
  EXPECT_FALSE(ledger->FindTalks("' OR 1=1 --").ok());
}

TEST(LedgerTest, RoundsAreNumberedInOrder) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  auto talks = ledger->CreateTalks(Info("small"), SmallTalks());
  for (const char* date : {"2019-01-21", "2019-02-25"}) {
    LedgerEntry round = Entry(EntryKind::kRound, date);
    round.round = 42;  // ignored: the ledger numbers rounds
    ASSERT_TRUE(ledger->Append(talks->id, round).ok());
  }
  auto state = ledger->Load(talks->id);
  EXPECT_EQ(state->entries[0].round, 1);
  EXPECT_EQ(state->entries[1].round, 2);
}

TEST(LedgerTest, MigratesAnOlderFileKeepingItsRecord) {
  TempLedgerPath path;
  {
    auto v1 = Ledger::Open(path.path(), {.create = true, .migrate_to = 1});
    ASSERT_TRUE(v1.ok()) << v1.error().ToString();
    EXPECT_EQ(*v1->SchemaVersion(), 1);
    auto talks = v1->CreateTalks(Info("small"), SmallTalks());
    LedgerEntry note = Entry(EntryKind::kNote, "2019-01-01");
    note.text = "from version 1";
    ASSERT_TRUE(v1->Append(talks->id, note).ok());
    // Version 1 has no tokens table.
    EXPECT_FALSE(v1->IssueToken(talks->id, std::nullopt, "m").ok());
  }
  auto latest = Ledger::Open(path.path());
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(*latest->SchemaVersion(), Ledger::LatestSchemaVersion());
  auto talks = latest->FindTalks("small");
  ASSERT_TRUE(talks.ok());
  EXPECT_EQ(latest->Load(talks->id)->entries.at(0).text, "from version 1");
  EXPECT_TRUE(latest->IssueToken(talks->id, std::nullopt, "m").ok());
  // Opening again is a no-op.
  auto again = Ledger::Open(path.path());
  EXPECT_EQ(*again->SchemaVersion(), Ledger::LatestSchemaVersion());
}

TEST(LedgerTest, RefusesANewerSchemaAndForeignFiles) {
  TempLedgerPath path;
  { ASSERT_TRUE(Ledger::Open(path.path()).ok()); }
  RawExec(path.path(), "PRAGMA user_version = 99");
  auto newer = Ledger::Open(path.path());
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().code, ErrorCode::kUnsupported);

  TempLedgerPath text;
  std::ofstream(text.path()) << "this is not a database, just some text that is long enough";
  auto foreign = Ledger::Open(text.path());
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("not a parley ledger"), std::string::npos)
      << foreign.error().ToString();

  TempLedgerPath other;
  RawExec(other.path(), "CREATE TABLE accounts (id INTEGER)");
  auto other_program = Ledger::Open(other.path());
  ASSERT_FALSE(other_program.ok());
  EXPECT_NE(other_program.error().message.find("another program"), std::string::npos);

  TempLedgerPath missing;
  auto absent = Ledger::Open(missing.path(), {.create = false});
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
}

TEST(LedgerTest, FindsTalksByName) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  EXPECT_EQ(ledger->FindTalks("").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(ledger->CreateTalks(Info("a"), SmallTalks()).ok());
  EXPECT_EQ(ledger->FindTalks("")->name, "a");
  ASSERT_TRUE(ledger->CreateTalks(Info("b"), SmallTalks()).ok());
  EXPECT_EQ(ledger->FindTalks("").error().code, ErrorCode::kBadInput);
  EXPECT_EQ(ledger->FindTalks("b")->name, "b");
  EXPECT_EQ(ledger->ListTalks()->size(), 2u);
}

TEST(LedgerTest, TokensAuthenticateUntilRevoked) {
  TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  auto a = ledger->CreateTalks(Info("a"), SmallTalks());
  auto b = ledger->CreateTalks(Info("b"), SmallTalks());
  int64_t mediator_id = 0, party_id = 0;
  auto mediator = ledger->IssueToken(a->id, std::nullopt, "mediator", &mediator_id);
  auto taliban = ledger->IssueToken(a->id, 1, "Taliban", &party_id);
  ASSERT_TRUE(mediator.ok() && taliban.ok());
  EXPECT_NE(*mediator, *taliban);
  EXPECT_EQ(mediator->rfind("plt_", 0), 0u);
  auto who = ledger->Authenticate(*taliban);
  ASSERT_TRUE(who.ok() && who->has_value());
  EXPECT_EQ((*who)->party, 1u);
  EXPECT_EQ((*who)->talks_id, a->id);
  auto med = ledger->Authenticate(*mediator);
  EXPECT_FALSE((*med)->party.has_value());
  EXPECT_FALSE(ledger->Authenticate("plt_0000")->has_value());
  EXPECT_FALSE(ledger->Authenticate("")->has_value());
  EXPECT_FALSE(ledger->Authenticate(*taliban + "x")->has_value());
  EXPECT_FALSE(ledger->IssueToken(a->id, 9, "nobody").ok());
  // Revocation is per negotiation: b cannot revoke a's token.
  EXPECT_EQ(ledger->RevokeToken(b->id, party_id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(ledger->RevokeToken(a->id, party_id).ok());
  EXPECT_FALSE(ledger->Authenticate(*taliban)->has_value());
  EXPECT_TRUE(ledger->Authenticate(*mediator)->has_value());
  EXPECT_EQ(ledger->RevokeToken(a->id, party_id).error().code, ErrorCode::kBadInput);
  auto tokens = ledger->ListTokens(a->id);
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_FALSE((*tokens)[0].revoked);
  EXPECT_TRUE((*tokens)[1].revoked);
  // The secret itself is not in the file.
  std::string found;
  RawExec(path.path(), "SELECT count(*) FROM tokens WHERE secret_sha256 = '" + *taliban + "'",
          &found);
  EXPECT_EQ(found, "0");
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

TEST(LedgerTest, AppendAllIsAllOrNothing) {
  testing::TempLedgerPath path;
  auto ledger = Ledger::Open(path.path());
  TalksInfo info;
  info.name = "small";
  auto talks = ledger->CreateTalks(info, testing::SmallTalks());
  std::vector<LedgerEntry> batch = {testing::Entry(EntryKind::kRound, "2019-01-01"),
                                    testing::Entry(EntryKind::kRound, "2019-02-01"),
                                    testing::Entry(EntryKind::kNote, "2019-02-02")};
  batch[2].round = 2;  // valid only because the batch's first entries are rounds 1 and 2
  batch[2].text = "a note";
  auto seqs = ledger->AppendAll(talks->id, batch);
  ASSERT_TRUE(seqs.ok()) << seqs.error().ToString();
  EXPECT_EQ(seqs->size(), 3u);
  std::vector<LedgerEntry> bad = {testing::Entry(EntryKind::kNote, "2019-03-01"),
                                  testing::Entry(EntryKind::kNote, "not a date")};
  for (LedgerEntry& e : bad) e.text = "a note";
  auto refused = ledger->AppendAll(talks->id, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("entry 2"), std::string::npos);
  EXPECT_EQ(ledger->Load(talks->id)->entries.size(), 3u);
}

}  // namespace
}  // namespace parley
