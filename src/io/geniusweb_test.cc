#include "parley/io/geniusweb.h"

#include <gtest/gtest.h>

#include "json_locator.h"

namespace parley {
namespace {

// Issue "b" is listed before "a" on purpose: the file's key order is the issue order.
constexpr char kProfile[] = R"({
  "LinearAdditiveUtilitySpace": {
    "issueUtilities": {
      "b": {"DiscreteValueSetUtilities": {"valueUtilities": {"x": 0.2, "y": 1.0}}},
      "a": {"DiscreteValueSetUtilities": {"valueUtilities": {"p": 1.0, "q": 0.5, "r": 0.0}}},
      "n": {"NumberValueSetUtilities": {"lowValue": 0, "lowUtility": 1, "highValue": 10, "highUtility": 0}}
    },
    "issueWeights": {"b": 0.25, "a": 0.5, "n": 0.25},
    "domain": {
      "name": "toy",
      "issuesValues": {
        "b": {"values": ["x", "y"]},
        "a": {"values": ["p", "q", "r"]},
        "n": {"range": {"low": 0, "high": 10, "step": 1}}
      }
    },
    "name": "alice"
  }
}
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void ExpectError(const Result<GeniusWebProfile>& r, int line, const std::string& field,
                 const std::string& message_part) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "p.json") << r.error().ToString();
  EXPECT_EQ(r.error().line, line) << r.error().ToString();
  EXPECT_EQ(r.error().field, field) << r.error().ToString();
  EXPECT_NE(r.error().message.find(message_part), std::string::npos) << r.error().ToString();
}

TEST(GeniusWebTest, ReadsProfileWithGeniusWebSemantics) {
  auto p = ParseGeniusWebProfile(kProfile, "dir/p.json");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  const OutcomeSpace& space = p->domain.space;
  ASSERT_EQ(space.NumIssues(), 3u);
  EXPECT_EQ(space.issue(0).name, "b");
  EXPECT_EQ(space.issue(1).name, "a");
  EXPECT_EQ(space.issue(2).kind, IssueKind::kInteger);
  EXPECT_EQ(p->domain.name, "toy");
  EXPECT_EQ(p->profile.name, "alice");
  const AdditiveUtility& add = p->profile.additive();
  EXPECT_EQ(add.weights, (std::vector<double>{0.25, 0.5, 0.25}));
  // No max-normalisation: 0.2 stays 0.2.
  EXPECT_EQ(add.issues[0].table, (std::vector<double>{0.2, 1.0}));
  EXPECT_DOUBLE_EQ(add.issues[2].table[3], 0.7);
  EXPECT_DOUBLE_EQ(p->profile.reservation_value, 0);
}

TEST(GeniusWebTest, ReservationBidGivesReservationValue) {
  std::vector<std::string> notes;
  auto p = ParseGeniusWebProfile(
      Replace(
          kProfile, R"("name": "alice")",
          R"("name": "alice", "reservationBid": {"issuevalues": {"a": "q", "b": "x", "n": 10}})"),
      "p.json", {}, &notes);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_DOUBLE_EQ(p->profile.reservation_value, 0.25 * 0.2 + 0.5 * 0.5 + 0.25 * 0.0);
  EXPECT_EQ(notes.size(), 1u);
}

// Weights may sum to 1 within 1e-6; a reservation bid's utility that exceeds 1 by rounding is 1,
// never a reservation value above every outcome's utility.
TEST(GeniusWebTest, ReservationValueStaysInUnitInterval) {
  std::string text = Replace(kProfile, R"("issueWeights": {"b": 0.25, "a": 0.5, "n": 0.25})",
                             R"("issueWeights": {"b": 0.2500004, "a": 0.5, "n": 0.25})");
  text = Replace(
      text, R"("name": "alice")",
      R"("name": "alice", "reservationBid": {"issuevalues": {"b": "y", "a": "p", "n": 0}})");
  auto p = ParseGeniusWebProfile(text, "p.json");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->profile.reservation_value, 1.0);
}

TEST(GeniusWebTest, RealRange) {
  auto p = ParseGeniusWebProfile(Replace(Replace(kProfile, R"({"low": 0, "high": 10, "step": 1})",
                                                 R"({"low": 0, "high": 1, "step": 0.25})"),
                                         R"("highValue": 10)", R"("highValue": 1)"),
                                 "p.json");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  const Issue& n = p->domain.space.issue(2);
  EXPECT_EQ(n.kind, IssueKind::kReal);
  EXPECT_EQ(n.resolution, 5u);
  EXPECT_DOUBLE_EQ(p->profile.additive().issues[2].table[1], 0.75);
}

TEST(GeniusWebTest, BadInputNamesFileLineAndField) {
  ExpectError(ParseGeniusWebProfile(
                  "{\n  \"LinearAdditiveUtilitySpace\": {\n    \"issueUtilities\"", "p.json"),
              3, "json", "not valid JSON");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"("a": 0.5)", R"("a": -0.5)"), "p.json"), 8,
              "LinearAdditiveUtilitySpace.issueWeights.a", ">= 0");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"("a": 0.5)", R"("a": "half")"), "p.json"),
              8, "LinearAdditiveUtilitySpace.issueWeights.a", "expected a number");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"("a": 0.5, )", ""), "p.json"), 8,
              "LinearAdditiveUtilitySpace.issueWeights", "missing key 'a'");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"("a": 0.5)", R"("a": 0.6)"), "p.json"), 8,
              "LinearAdditiveUtilitySpace.issueWeights", "sum to 1");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"("p": 1.0)", R"("z": 1.0)"), "p.json"), 5,
              "LinearAdditiveUtilitySpace.issueUtilities.a.DiscreteValueSetUtilities."
              "valueUtilities.z",
              "no value 'z'");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"("q": 0.5)", R"("q": 1.5)"), "p.json"), 5,
              "LinearAdditiveUtilitySpace.issueUtilities.a.DiscreteValueSetUtilities."
              "valueUtilities.q",
              "[0, 1]");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"(["p", "q", "r"])", R"(["p", "q", "q"])"),
                                    "p.json"),
              13, "LinearAdditiveUtilitySpace.domain.issuesValues.a.values.2", "duplicate value");
  ExpectError(ParseGeniusWebProfile(Replace(kProfile, R"(["x", "y"])", R"([])"), "p.json"), 12,
              "LinearAdditiveUtilitySpace.domain.issuesValues.b.values", "no values");
  ExpectError(
      ParseGeniusWebProfile(Replace(kProfile, R"("a": {"values")", R"("b": {"values")"), "p.json"),
      13, "LinearAdditiveUtilitySpace.domain.issuesValues.b", "duplicate key");
  ExpectError(
      ParseGeniusWebProfile(
          Replace(kProfile, "LinearAdditiveUtilitySpace", "SumOfGroupsUtilitySpace"), "p.json"),
      2, "SumOfGroupsUtilitySpace", "unsupported profile type");
  ExpectError(ParseGeniusWebProfile(
                  Replace(kProfile, R"("x": 0.2, "y": 1.0)", R"("x": 0.2, "y": 1.0, )"), "p.json"),
              4, "json", "not valid JSON");
}

TEST(GeniusWebTest, WriterRoundTrip) {
  auto p = ParseGeniusWebProfile(kProfile, "alice.json");
  ASSERT_TRUE(p.ok());
  Scenario s;
  s.name = "toy";
  s.space = p->domain.space;
  s.parties = {{"alice", p->profile}, {"bob", p->profile}};
  s.parties[1].profile.name = "bob";
  s.parties[1].profile.reservation_value = 0.25 * 1.0 + 0.5 * 0.5 + 0.25 * 0.5;  // a bid's
  auto files = GeniusWebText(s);
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  EXPECT_TRUE(files->dropped.empty()) << files->dropped[0];
  for (size_t i = 0; i < 2; ++i) {
    auto back = ParseGeniusWebProfile(files->profile_texts[i], files->profile_file_names[i]);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(back->domain.space, s.space);
    EXPECT_EQ(back->profile.additive().weights, s.parties[i].profile.additive().weights);
    EXPECT_EQ(back->profile.additive().issues[0].table,
              s.parties[i].profile.additive().issues[0].table);
    EXPECT_DOUBLE_EQ(back->profile.reservation_value, s.parties[i].profile.reservation_value);
  }
  s.parties[0].profile.discount_factor = 0.5;
  files = GeniusWebText(s);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->dropped.size(), 1u);
  EXPECT_NE(files->dropped[0].find("discount"), std::string::npos);
}

TEST(GeniusWebTest, OneValueNumberIssueAndBigIntegersRoundTrip) {
  const std::string text =
      Replace(Replace(kProfile, R"({"low": 0, "high": 10, "step": 1})",
                      R"({"low": 9007199254740993, "high": 9007199254740993, "step": 1})"),
              R"("lowValue": 0, "lowUtility": 1, "highValue": 10)",
              R"("lowValue": 9007199254740992, "lowUtility": 1, "highValue": 9007199254740994)");
  auto p = ParseGeniusWebProfile(text, "p.json");
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  const Issue& n = p->domain.space.issue(2);
  ASSERT_EQ(n.kind, IssueKind::kInteger);
  EXPECT_EQ(n.int_min, 9007199254740993);  // exact, beyond a double's 2^53
  Scenario s;
  s.name = "toy";
  s.space = p->domain.space;
  s.parties = {{"a", p->profile}, {"b", p->profile}};
  auto files = GeniusWebText(s);
  ASSERT_TRUE(files.ok());
  auto back = ParseGeniusWebProfile(files->profile_texts[0], "a.json");
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->domain.space, s.space);
  EXPECT_EQ(back->profile.additive().issues[2].table, p->profile.additive().issues[2].table);
}

TEST(JsonLocatorTest, LinesOfKeysAndElements) {
  io_internal::JsonLocator loc("{\n \"a\": [1,\n 2],\n \"b\\u0041\": {\"c\": 3}\n}");
  EXPECT_EQ(loc.Line({}), 1);
  EXPECT_EQ(loc.Line({"a"}), 2);
  EXPECT_EQ(loc.Line({"a", "1"}), 3);
  EXPECT_EQ(loc.Line({"bA", "c"}), 4);
  EXPECT_EQ(loc.Line({"bA", "missing"}), 4);
  EXPECT_FALSE(loc.duplicate());
  io_internal::JsonLocator dup("{\"a\": 1,\n\"a\": 2}");
  ASSERT_TRUE(dup.duplicate());
  EXPECT_EQ(dup.duplicate()->line, 2);
  io_internal::JsonLocator nested("{\"x\": {\"y\": [0, {\"a\": 1,\n\n\"a\": 2}]}}");
  ASSERT_TRUE(nested.duplicate());
  EXPECT_EQ(nested.duplicate()->path, (io_internal::JsonPath{"x", "y", "1", "a"}));
  EXPECT_EQ(nested.duplicate()->line, 3);
  EXPECT_EQ(nested.Line({"x", "y", "1", "a"}), 1);  // the first occurrence's line
}

// A document nested 20000 deep: the locator's memory grows with the text, not with the square
// of the depth (it used to copy the whole path into every level and ran out of memory).
TEST(JsonLocatorTest, DeepNestingCostsLinearMemory) {
  constexpr int kDepth = 20000;
  std::string text = "{\"a\":";
  for (int d = 0; d < kDepth; ++d) text += "[\n";
  for (int d = 0; d < kDepth; ++d) text += "]";
  text += "}";
  io_internal::JsonLocator loc(text);
  io_internal::JsonPath path{"a"};
  for (int d = 1; d < kDepth; ++d) path.push_back("0");
  EXPECT_EQ(loc.Line(path), kDepth);
}

// A profile whose arrays, inside the outer object, nest `depth` deep: depth + 1 levels in all.
std::string DeepProfile(int depth) {
  std::string text = "{\"LinearAdditiveUtilitySpace\":\n";
  for (int d = 0; d < depth; ++d) text += "[";
  for (int d = 0; d < depth; ++d) text += "]";
  return text + "}";
}

TEST(GeniusWebTest, NestingDeeperThanTheLimitIsOneError) {
  for (int depth : {1, io_internal::kMaxJsonNesting - 1}) {
    SCOPED_TRACE(depth);
    auto ok = ParseGeniusWebProfile(DeepProfile(depth), "p.json");
    ASSERT_FALSE(ok.ok());  // not a profile, but parsed and judged
    EXPECT_EQ(ok.error().message.find("nesting"), std::string::npos) << ok.error().ToString();
  }
  for (int depth : {io_internal::kMaxJsonNesting, 300, 20000}) {
    SCOPED_TRACE(depth);
    ExpectError(ParseGeniusWebProfile(DeepProfile(depth), "p.json"), 2, "json",
                "nesting deeper than " + std::to_string(io_internal::kMaxJsonNesting));
  }
  // Brackets inside strings do not count.
  const std::string quoted = "{\"n\": \"" + std::string(1000, '[') + "\\\"\"}";
  EXPECT_TRUE(io_internal::CheckJsonNesting(quoted, "q.json").ok());
  EXPECT_EQ(ClassifyGeniusWebText(DeepProfile(20000)), GeniusWebFileKind::kNotJson);
}

}  // namespace
}  // namespace parley
