#include "parley/talks/talks_views.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace parley {
namespace {

using testing::SmallTalks;

LedgerState SmallState() {
  LedgerState state;
  state.info.name = "small";
  state.structure = SmallTalks();
  return state;
}

TEST(TalksViewsTest, ParsesAssignmentsAndConditions) {
  const Scenario s = SmallTalks();
  auto value = ParseAssignment(" withdrawal = half ", s.space);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->issue, 0u);
  EXPECT_EQ(value->value, 1u);
  EXPECT_NE(ParseAssignment("withdrawal=most", s.space).error().message.find("none, half, full"),
            std::string::npos);
  EXPECT_FALSE(ParseAssignment("troops=half", s.space).ok());
  EXPECT_FALSE(ParseAssignment("withdrawal", s.space).ok());

  auto condition = ParseCondition(
      "if ceasefire=announced and dialogue=none|with-government then "
      "withdrawal=full",
      s.space);
  ASSERT_TRUE(condition.ok()) << condition.error().ToString();
  ASSERT_EQ(condition->when.size(), 2u);
  EXPECT_EQ(condition->when[1].allowed, (std::vector<ValueIndex>{0, 1}));
  EXPECT_EQ(condition->then.issue, 0u);
  EXPECT_EQ(DescribeCondition(*condition, s.space),
            "if ceasefire=announced and dialogue=none|with-government then withdrawal=full");
  auto plain = ParseCondition("withdrawal=full|half", s.space);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->when.empty());
  EXPECT_FALSE(ParseCondition("if ceasefire=announced withdrawal=full", s.space).ok());
  EXPECT_FALSE(ParseCondition("if ceasefire=maybe then withdrawal=full", s.space).ok());
}

TEST(TalksViewsTest, BuildsEntriesFromJsonByName) {
  const LedgerState state = SmallState();
  auto body = nlohmann::json::parse(R"({"date": "2019-03-12", "party": "Taliban",
      "values": {"withdrawal": "half"},
      "conditions": ["if ceasefire=announced then withdrawal=full",
                     {"description": "x", "when": [], "then":
                      {"issue": "dialogue", "values": ["with-government"]}}],
      "text": "t", "source_kind": "statement", "source": "a commander"})");
  auto entry = EntryFromJson(body, EntryKind::kPosition, state, "body");
  ASSERT_TRUE(entry.ok()) << entry.error().ToString();
  EXPECT_EQ(entry->party, 1u);
  EXPECT_EQ(entry->values, (std::vector<IssueValue>{{0, 1}}));
  ASSERT_EQ(entry->conditions.size(), 2u);
  EXPECT_EQ(entry->conditions[1].description, "x");
  EXPECT_EQ(entry->source, "a commander");

  auto reopen = EntryFromJson(nlohmann::json::parse(R"({"date": "2019-03-12",
      "issues": ["ceasefire"]})"),
                              EntryKind::kReopening, state, "body");
  ASSERT_TRUE(reopen.ok());
  EXPECT_EQ(reopen->values, (std::vector<IssueValue>{{3, std::nullopt}}));
}

TEST(TalksViewsTest, RefusesMalformedEntriesNamingTheKey) {
  const LedgerState state = SmallState();
  struct Case {
    EntryKind kind;
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {EntryKind::kNote, "[]", "body"},
      {EntryKind::kNote, R"({"text": "no date"})", "date"},
      {EntryKind::kNote, R"({"date": 20190101})", "date"},
      {EntryKind::kNote, R"({"date": "2019-01-01", "values": {}})", "values"},
      {EntryKind::kProposal, R"({"date": "2019-01-01", "values": {"withdrawal": "most"}})",
       "values.withdrawal"},
      {EntryKind::kProposal, R"({"date": "2019-01-01", "values": {"withdrawal": 1}})",
       "values.withdrawal"},
      {EntryKind::kProposal, R"({"date": "2019-01-01", "party": "Nobody"})", "party"},
      {EntryKind::kProposal, R"({"date": "2019-01-01", "round": "one"})", "round"},
      {EntryKind::kVote, R"({"date": "2019-01-01", "party": "US"})", "accept"},
      {EntryKind::kVote, R"({"date": "2019-01-01", "party": "US", "accept": "yes"})", "accept"},
      {EntryKind::kPosition, R"({"date": "2019-01-01", "conditions": "x=y"})", "conditions"},
      {EntryKind::kPosition, R"({"date": "2019-01-01", "conditions": ["if x"]})", "conditions[0]"},
      {EntryKind::kReopening, R"({"date": "2019-01-01", "issues": ["nope"]})", "issues"},
      {EntryKind::kProfile, R"({"date": "2019-01-01", "party": "US"})", "profile"},
  };
  for (const Case& c : cases) {
    auto entry = EntryFromJson(nlohmann::json::parse(c.body), c.kind, state, "body");
    ASSERT_FALSE(entry.ok()) << c.body;
    EXPECT_EQ(entry.error().field, c.field) << c.body << ": " << entry.error().ToString();
  }
}

TEST(TalksViewsTest, PartiesSeeOnlyTheirOwnProfiles) {
  LedgerState state = SmallState();
  LedgerEntry note;
  note.kind = EntryKind::kNote;
  note.seq = 1;
  note.date = "2019-01-01";
  state.entries.push_back(note);
  for (size_t p = 0; p < 3; ++p) {
    LedgerEntry profile;
    profile.kind = EntryKind::kProfile;
    profile.seq = static_cast<int64_t>(p) + 2;
    profile.date = "2019-01-01";
    profile.party = p;
    profile.profile_origin = "entered";
    AdditiveUtility additive;
    for (const Issue& issue : state.structure.space.issues()) {
      additive.weights.push_back(0.25);
      ValueFunction f;
      f.table.assign(issue.Cardinality(), 0.5);
      additive.issues.push_back(f);
    }
    profile.profile.utility = additive;
    profile.profile.reservation_value = 0.1 * static_cast<double>(p + 1);
    state.entries.push_back(profile);
  }
  EXPECT_EQ(EntriesJson(state, Viewer::Mediator()).size(), 4u);
  const Json taliban = EntriesJson(state, Viewer::Party(1));
  ASSERT_EQ(taliban.size(), 2u);
  EXPECT_EQ(taliban[1]["party"], "Taliban");
  EXPECT_DOUBLE_EQ(taliban[1]["profile"]["reservation"].get<double>(), 0.2);
  const std::string dump = taliban.dump();
  EXPECT_EQ(dump.find("\"US\""), std::string::npos);
  EXPECT_EQ(EntriesJson(state, Viewer::Party(1), EntryKind::kNote).size(), 1u);
  EXPECT_EQ(RenderHistoryText(state, Viewer::Party(0)).find("Taliban"), std::string::npos);
}

TEST(TalksViewsTest, StatusJsonNamesEverything) {
  LedgerState state = SmallState();
  LedgerEntry agree;
  agree.kind = EntryKind::kAgreement;
  agree.seq = 1;
  agree.date = "2019-03-12";
  agree.values = {{1, 1}};
  state.entries.push_back(agree);
  const TalksStatus status = ComputeStatus(state);
  const Json json = StatusJson(state, status);
  EXPECT_EQ(json["rule"], "single-undertaking");
  EXPECT_EQ(json["final"], false);
  EXPECT_EQ(json["issues"][1]["name"], "counterterrorism");
  EXPECT_EQ(json["issues"][1]["status"], "agreed-in-draft");
  EXPECT_EQ(json["issues"][1]["value"], "assurances");
  EXPECT_EQ(json["issues"][1]["acceptances"].size(), 2u);
  EXPECT_EQ(json["tracks"][1]["open"], false);
  EXPECT_FALSE(json["blockers"].empty());
  const std::string text = RenderStatusText(state, status);
  EXPECT_NE(text.find("counterterrorism"), std::string::npos);
  EXPECT_NE(text.find("agreed-in-draft"), std::string::npos);
  EXPECT_NE(text.find("[not open yet]"), std::string::npos);
}

}  // namespace
}  // namespace parley
