#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "native_internal.h"
#include "native_test_util.h"
#include "parley/core/random.h"
#include "parley/io/native.h"

namespace parley {
namespace {

const std::string kDataDir = std::string(PARLEY_SOURCE_DIR) + "/tests/data/native/";

Scenario MustParse(const std::string& text, const std::string& name = "test.yaml") {
  auto result = ParseNative(text, name, LoadOptions{});
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString()) << "\n" << text;
  return result.ok() ? std::move(result).value() : Scenario{};
}

// ---------------------------------------------------------------------------------------------
// The hand-written example with every feature: each field of the result, then a round trip.

TEST(NativeYaml, EveryFeatureFile) {
  auto read = ReadNativeFile(kDataDir + "every-feature.yaml", LoadOptions{});
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  const Scenario& s = *read;
  EXPECT_EQ(s.name, "every-feature");
  EXPECT_NE(s.description.find("normalisation,\nhyper"), std::string::npos);
  EXPECT_EQ(s.description.back(), '\n');
  EXPECT_EQ(s.source, "tests/data/native/every-feature.yaml");

  ASSERT_EQ(s.space.NumIssues(), 4u);
  EXPECT_EQ(s.space.issue(0), Issue::Discrete("colour", {"red", "green", "blue: dark", "null"}));
  EXPECT_EQ(s.space.issue(1), Issue::Integer("quantity", -2, 2));
  EXPECT_EQ(s.space.issue(2), Issue::Real("price", 0, 1, 5));
  EXPECT_EQ(s.space.issue(3), Issue::Real("delivery", 10, 20, kDefaultRealResolution));

  ASSERT_EQ(s.parties.size(), 3u);
  const Profile& buyer = s.parties[0].profile;
  EXPECT_EQ(s.parties[0].name, "buyer");
  EXPECT_EQ(buyer.name, "buyer-profile-v2");
  EXPECT_EQ(buyer.reservation_value, 0.25);
  EXPECT_EQ(buyer.discount_factor, 0.9);
  ASSERT_TRUE(buyer.IsAdditive());
  EXPECT_EQ(buyer.additive().weights, (std::vector<double>{0.4, 0.2, 0.3, 0.1}));
  const auto& bf = buyer.additive().issues;
  EXPECT_EQ(bf[0].table, (std::vector<double>{1, 0.5, 0.25, 0}));
  EXPECT_EQ(bf[1].form, ValueFunction::Form::kLinear);
  EXPECT_EQ(bf[1].a, 0.25);
  EXPECT_EQ(bf[1].b, 0.5);
  EXPECT_EQ(bf[1].table, (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(bf[2].form, ValueFunction::Form::kTriangular);
  ASSERT_EQ(bf[2].table.size(), 5u);
  EXPECT_EQ(bf[2].table[0], 0);
  EXPECT_EQ(bf[2].table[1], 1);
  EXPECT_NEAR(bf[2].table[2], 2.0 / 3, 1e-12);
  EXPECT_EQ(bf[2].table[4], 0);
  EXPECT_EQ(bf[3].form, ValueFunction::Form::kConstant);
  EXPECT_EQ(bf[3].table, std::vector<double>(kDefaultRealResolution, 0.75));

  ASSERT_EQ(buyer.constraints.size(), 3u);
  EXPECT_EQ(buyer.constraints[0].description, "No dark blue in bulk");
  ASSERT_EQ(buyer.constraints[0].when.size(), 1u);
  EXPECT_EQ(buyer.constraints[0].when[0], (Clause{0, {2}}));
  EXPECT_EQ(buyer.constraints[0].then, (Clause{1, {0, 1, 2}}));
  EXPECT_TRUE(buyer.constraints[1].when.empty());
  EXPECT_EQ(buyer.constraints[1].then, (Clause{2, {0, 1, 2, 3}}));
  ASSERT_EQ(buyer.constraints[2].when.size(), 2u);
  EXPECT_EQ(buyer.constraints[2].when[0], (Clause{1, {3, 4}}));
  EXPECT_EQ(buyer.constraints[2].when[1], (Clause{1, {4}}));
  EXPECT_EQ(buyer.constraints[2].then, (Clause{3, {0}}));

  const Profile& seller = s.parties[1].profile;
  EXPECT_EQ(seller.name, "seller");
  EXPECT_EQ(seller.additive().weights, (std::vector<double>{0.5, 0.25, 0.25, 0}));
  const auto& sf = seller.additive().issues;
  EXPECT_EQ(sf[0].table, (std::vector<double>{0.25, 0.5, 1, 0}));
  EXPECT_EQ(sf[1].table, (std::vector<double>{0.2, 0.4, 0.6, 0.8, 1}));
  EXPECT_EQ(sf[2].form, ValueFunction::Form::kLinear);
  EXPECT_EQ(sf[2].a, 3);
  EXPECT_EQ(sf[2].table, (std::vector<double>{0.25, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(sf[3].table, std::vector<double>(kDefaultRealResolution, 0.0));

  const Profile& regulator = s.parties[2].profile;
  ASSERT_FALSE(regulator.IsAdditive());
  const auto& nl = regulator.rectangles();
  EXPECT_EQ(nl.max_utility, 50);
  ASSERT_EQ(nl.nodes.size(), 2u);
  EXPECT_EQ(nl.nodes[0].aggregation, RectangleNode::Aggregation::kSum);
  ASSERT_EQ(nl.nodes[0].rectangles.size(), 2u);
  EXPECT_EQ(nl.nodes[0].rectangles[0].utility, 20);
  EXPECT_EQ(nl.nodes[0].rectangles[0].includes,
            (std::vector<RectangleBound>{{0, 1, 1}, {2, 1, 3}}));
  EXPECT_EQ(nl.nodes[0].rectangles[1].excludes, (std::vector<RectangleBound>{{0, 0, 0}}));
  ASSERT_EQ(nl.nodes[0].children.size(), 1u);
  EXPECT_EQ(nl.nodes[0].children[0].aggregation, RectangleNode::Aggregation::kMax);
  EXPECT_EQ(nl.nodes[0].children[0].weight, 0.5);
  EXPECT_EQ(nl.nodes[0].children[0].rectangles[0].includes,
            (std::vector<RectangleBound>{{3, 0, 5}}));
  EXPECT_EQ(nl.nodes[0].children[0].rectangles[1].includes,
            (std::vector<RectangleBound>{{0, 0, 2}}));
  EXPECT_EQ(nl.nodes[1].aggregation, RectangleNode::Aggregation::kMin);
  EXPECT_EQ(nl.nodes[1].weight, 2);
  EXPECT_TRUE(nl.nodes[1].rectangles[0].includes.empty());

  EXPECT_FALSE(s.rules.single_undertaking);
  EXPECT_EQ(s.rules.ratifiers, (std::vector<size_t>{2, 0}));
  ASSERT_EQ(s.rules.tracks.size(), 2u);
  EXPECT_EQ(s.rules.tracks[0].name, "goods");
  EXPECT_EQ(s.rules.tracks[0].issues, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(s.rules.tracks[0].parties, (std::vector<size_t>{0, 1}));
  EXPECT_FALSE(s.rules.tracks[0].opens_after.has_value());
  EXPECT_EQ(s.rules.tracks[1].issues, (std::vector<size_t>{2, 3}));
  EXPECT_EQ(s.rules.tracks[1].parties, (std::vector<size_t>{1, 0, 2}));
  EXPECT_EQ(s.rules.tracks[1].opens_after, std::optional<size_t>(0));

  EXPECT_TRUE(ValidateScenario(s).ok());
  const std::string text = NativeText(s);
  auto again = ParseNative(text, "again.yaml", LoadOptions{});
  ASSERT_TRUE(again.ok()) << again.error().ToString() << "\n" << text;
  EXPECT_EQ(*again, s) << text;
}

// The complete example in docs/scenario-format.md must stay valid.
TEST(NativeYaml, DocumentedExampleParses) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/docs/scenario-format.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const size_t heading = text.find("## A complete example");
  ASSERT_NE(heading, std::string::npos);
  const size_t start = text.find("```yaml\n", heading);
  ASSERT_NE(start, std::string::npos);
  const size_t end = text.find("```\n", start + 8);
  ASSERT_NE(end, std::string::npos);
  Scenario s = MustParse(text.substr(start + 8, end - start - 8), "scenario-format.md");
  EXPECT_EQ(s.name, "car-sale");
  EXPECT_EQ(s.parties.size(), 3u);
  EXPECT_EQ(s.parties[0].profile.constraints.size(), 1u);
  EXPECT_EQ(s.parties[1].profile.additive().issues[0].table, (std::vector<double>{0.5, 1, 1}));
  EXPECT_FALSE(s.parties[2].profile.IsAdditive());
  EXPECT_EQ(s.rules.tracks.size(), 2u);
}

TEST(NativeYaml, RealResolutionOption) {
  LoadOptions options;
  options.real_resolution = 3;
  auto s = ReadNativeFile(kDataDir + "every-feature.yaml", options);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(s->space.issue(3).resolution, 3u);  // stated nowhere: the option
  EXPECT_EQ(s->space.issue(2).resolution, 5u);  // stated in the file: kept
  // Asked for (`--resolution`), the option replaces the file's grid: this file's 5-point table
  // for 'price' then misses the new points, and the error says which.
  options.override_resolution = true;
  options.real_resolution = 9;
  auto replaced = ReadNativeFile(kDataDir + "every-feature.yaml", options);
  ASSERT_FALSE(replaced.ok());
  EXPECT_NE(replaced.error().message.find("missing: 0.125, 0.375"), std::string::npos)
      << replaced.error().ToString();
  const std::string stated = R"(version: 1
name: stated
issues:
  - {name: price, type: real, min: 0, max: 1, resolution: 5}
parties:
  - name: a
    profile:
      weights: {price: 1}
      values: {price: {linear: {slope: 1, offset: 0}}}
  - name: b
    profile:
      weights: {price: 1}
      values: {price: {linear: {slope: -1, offset: 1}}}
)";
  EXPECT_EQ(ParseNative(stated, "stated.yaml", {}).value().space.issue(0).resolution, 5u);
  EXPECT_EQ(ParseNative(stated, "stated.yaml", options).value().space.issue(0).resolution, 9u);
  options.override_resolution = false;
  options.real_resolution = 1;
  auto bad = ReadNativeFile(kDataDir + "every-feature.yaml", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "issues[3]");
  EXPECT_NE(bad.error().message.find("requested one (1)"), std::string::npos);
}

TEST(NativeYaml, SourceDefaultsToFileName) {
  const std::string text =
      "issues: [{name: a, values: [x, y]}]\n"
      "parties:\n"
      "  - {name: p, profile: {weights: {a: 1}, values: {a: {x: 0, y: 1}}}}\n"
      "  - {name: q, profile: {weights: {a: 1}, values: {a: {x: 1, y: 0}}}}\n";
  Scenario s = MustParse(text, "dir/minimal.yaml");
  EXPECT_EQ(s.source, "dir/minimal.yaml");
  EXPECT_EQ(s.name, "");
  EXPECT_TRUE(s.rules.single_undertaking);
  EXPECT_TRUE(s.rules.tracks.empty());
  EXPECT_EQ(s.parties[1].profile.reservation_value, 0);
  EXPECT_EQ(s.parties[1].profile.discount_factor, 1);
  EXPECT_EQ(ParseNative(NativeText(s), "other.yaml", {}).value(), s);
}

// ---------------------------------------------------------------------------------------------
// Random scenarios: every construct of the model, nasty names, then ParseNative(NativeText(s)).

TEST(NativeYaml, RandomRoundTrips) {
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    SCOPED_TRACE("seed=" + std::to_string(seed));
    const Scenario s = RandomScenario(seed).Make();
    ASSERT_TRUE(ValidateScenario(s).ok()) << ValidateScenario(s).error().ToString();
    const std::string text = NativeText(s);
    auto back = ParseNative(text, "random.yaml", LoadOptions{});
    ASSERT_TRUE(back.ok()) << back.error().ToString() << "\n" << text;
    ASSERT_EQ(*back, s) << text;
    // Writing is deterministic and a fixed point.
    ASSERT_EQ(NativeText(*back), text);
  }
}

TEST(NativeYaml, DohaRoundTrip) {
  auto s = ReadNativeFile(std::string(PARLEY_SOURCE_DIR) + "/scenarios/doha-2019.yaml", {});
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  const std::string text = NativeText(*s);
  auto back = ParseNative(text, "doha.yaml", {});
  ASSERT_TRUE(back.ok()) << back.error().ToString() << "\n" << text;
  EXPECT_EQ(*back, *s) << text;
}

// Files saved on Windows: a byte-order mark and CRLF line ends read the same.
TEST(NativeYaml, ByteOrderMarkAndCrlf) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/scenarios/doha-2019.yaml", std::ios::binary);
  std::stringstream file;
  file << in.rdbuf();
  std::string windows = "\xef\xbb\xbf";
  for (char c : file.str()) {
    if (c == '\n') windows += '\r';
    windows += c;
  }
  auto plain = ParseNative(file.str(), "doha.yaml", {});
  auto crlf = ParseNative(windows, "doha.yaml", {});
  ASSERT_TRUE(plain.ok() && crlf.ok());
  EXPECT_EQ(*crlf, *plain);
  auto bad = ParseNative("\xef\xbb\xbfissues: []\r\nparties: []\r\n", "w.yaml", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().line, 1);
}

TEST(NativeYaml, WriterQuotesWhatYamlWouldMisread) {
  Scenario s = MustParse(
      "issues: [{name: a, values: [\"yes\", \"1\", \"null\", \"x: y\", \"#c\", \"é–\"]}]\n"
      "parties:\n"
      "  - {name: p, profile: {weights: {a: 1}, values: {a: {\"yes\": 0, \"1\": 1, \"null\": 0,"
      " \"x: y\": 0, \"#c\": 0, \"é–\": 0}}}}\n"
      "  - {name: q, profile: {weights: {a: 0}}}\n");
  const std::string text = NativeText(s);
  EXPECT_NE(text.find("values: [\"yes\", \"1\", \"null\", \"x: y\", \"#c\", é–]"),
            std::string::npos)
      << text;
}

TEST(NativeYaml, FormatDoubleReadsBackAndIsYaml11Float) {
  using native_internal::FormatDouble;
  using native_internal::ParseDouble;
  EXPECT_EQ(FormatDouble(1e-05), "1.0e-05");
  EXPECT_EQ(FormatDouble(1.5e300), "1.5e+300");
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(2), "2");
  Rng rng(7);
  for (int k = 0; k < 10000; ++k) {
    const double x = std::ldexp(rng.Uniform(-1, 1), static_cast<int>(rng.Below(200)) - 100);
    ASSERT_EQ(ParseDouble(FormatDouble(x)), x) << FormatDouble(x);
  }
  EXPECT_FALSE(ParseDouble("inf"));
  EXPECT_FALSE(ParseDouble(".nan"));
  EXPECT_FALSE(ParseDouble("1e999"));
  EXPECT_FALSE(ParseDouble("0x10"));
  EXPECT_FALSE(ParseDouble("1.5abc"));
  EXPECT_EQ(ParseDouble("+.5"), 0.5);
}

// ---------------------------------------------------------------------------------------------
// Bad input: one error, naming file, line and field, saying what was expected.

struct BadCase {
  const char* what;
  std::string text;
  int line;
  std::string field;
  std::string message_part;
};

// A valid scenario with one line replaced by `line_text` (1-based `at`); lines are numbered as
// in the list below so that expected line numbers are easy to read.
std::string Base(int at = 0, const std::string& line_text = "", int remove = 0) {
  std::vector<std::string> lines = {
      /* 1 */ "name: base",
      /* 2 */ "issues:",
      /* 3 */ "  - name: withdrawal",
      /* 4 */ "    values: [none, partial, full]",
      /* 5 */ "  - name: troops",
      /* 6 */ "    type: integer",
      /* 7 */ "    min: 0",
      /* 8 */ "    max: 10",
      /* 9 */ "parties:",
      /* 10 */ "  - name: us",
      /* 11 */ "    profile:",
      /* 12 */ "      reservation_value: 0.2",
      /* 13 */ "      weights: {withdrawal: 0.5, troops: 0.5}",
      /* 14 */ "      values:",
      /* 15 */ "        withdrawal: {none: 0, partial: 0.5, full: 1}",
      /* 16 */ "        troops: {linear: {slope: 0.1, offset: 0}}",
      /* 17 */ "  - name: taliban",
      /* 18 */ "    profile:",
      /* 19 */ "      weights: {withdrawal: 1, troops: 0}",
      /* 20 */ "      values:",
      /* 21 */ "        withdrawal: {none: 1, partial: 0.5, full: 0}",
      /* 22 */ "      constraints:",
      /* 23 */ "        - when: {withdrawal: [full]}",
      /* 24 */ "          then: {troops: [0, 1]}",
      /* 25 */ "rules:",
      /* 26 */ "  ratifiers: [us]",
      /* 27 */ "  tracks:",
      /* 28 */ "    - name: one",
      /* 29 */ "      issues: [withdrawal]",
      /* 30 */ "      parties: [us, taliban]",
      /* 31 */ "    - name: two",
      /* 32 */ "      issues: [troops]",
      /* 33 */ "      parties: [taliban]",
      /* 34 */ "      opens_after: one",
  };
  if (at > 0) {
    lines[at - 1] = line_text;
    lines.erase(lines.begin() + at, lines.begin() + at + remove);
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(NativeYaml, BaseIsValid) { MustParse(Base()); }

TEST(NativeYaml, BadInputNamesFileLineAndField) {
  const std::vector<BadCase> cases = {
      {"not YAML", "issues: [a, b\nparties: {", 2, "", "not valid YAML"},
      {"empty file", "", 0, "", "empty"},
      {"not a mapping", "- a\n- b\n", 1, "", "expected a scenario"},
      {"two documents", Base() + "---\nname: x\n", 35, "", "one YAML document"},
      {"unknown top key", Base(1, "nmae: base"), 1, "nmae",
       "unknown key 'nmae' (allowed: version, name, description, source, issues, parties, "
       "rules); did you mean 'name'?"},
      {"duplicate key", Base(1, "name: base\nname: again"), 2, "name", "duplicate key"},
      {"wrong version", "version: 2\n" + Base(), 1, "version", "version 1"},
      {"missing issues", Base(2, "", 6), 1, "issues", "missing 'issues'"},
      {"issues not a list", Base(2, "issues: 3", 6), 2, "issues", "expected a list"},
      {"no issues", Base(2, "issues: []", 6), 2, "issues", "at least one issue"},
      {"issue without name", Base(3, "  - values: [none, partial, full]", 1), 3, "issues[0].name",
       "missing 'name'"},
      {"unknown issue key", Base(4, "    valeus: [none, partial, full]"), 4, "issues[0].valeus",
       "allowed: name, type, values, min, max, resolution"},
      {"unknown issue type", Base(6, "    type: float"), 6, "issues[1].type",
       "expected discrete, integer or real"},
      {"no type", Base(6, "", 1), 5, "issues[1].type", "missing 'type'"},
      {"duplicate value", Base(4, "    values: [none, partial, none]"), 4, "issues[0].values[2]",
       "duplicate value 'none'"},
      {"empty values", Base(4, "    values: []"), 4, "issues[0].values", "at least one value"},
      {"value is a list", Base(4, "    values: [none, [a], full]"), 4, "issues[0].values[1]",
       "expected a string"},
      {"duplicate issue", Base(5, "  - name: withdrawal"), 5, "issues[1].name",
       "duplicate issue name"},
      {"min above max", Base(8, "    max: -1"), 8, "issues[1].max", "below min"},
      {"min not integer", Base(7, "    min: 0.5"), 7, "issues[1].min", "whole number"},
      {"huge integer range", Base(8, "    max: 9223372036854775807"), 8, "issues[1].max",
       "more than 1000000 values"},
      {"integer overflow", Base(8, "    max: 9223372036854775808"), 8, "issues[1].max",
       "whole number"},
      {"resolution on integer", Base(8, "    max: 10\n    resolution: 5"), 9,
       "issues[1].resolution", "does not apply to a integer issue"},
      {"real without range", Base(6, "    type: real\n    min: 1", 2), 5, "issues[1].max",
       "missing 'max'"},
      {"real empty range", Base(6, "    type: real\n    min: 10", 1), 8, "issues[1].max",
       "greater than min"},
      {"real huge resolution", Base(6, "    type: real\n    resolution: 100000000"), 7,
       "issues[1].resolution", "from 2 to 1000000"},
      {"real NaN bound", Base(6, "    type: real\n    min: .nan\n    max: 1", 2), 7,
       "issues[1].min", "finite number"},
      {"missing parties", Base(9, "", 25), 1, "parties", "missing 'parties'"},
      {"one party", Base(17, "rules: {}", 17), 10, "parties", "at least two parties, found 1"},
      {"party without name", Base(10, "  - profile:", 1), 10, "parties[0].name", "missing 'name'"},
      {"duplicate party", Base(17, "  - name: us"), 17, "parties[1].name", "duplicate party name"},
      {"unknown party key", Base(11, "    profil:"), 11, "parties[0].profil",
       "allowed: name, profile"},
      {"unknown profile key", Base(12, "      reservation: 0.2"), 12,
       "parties[0].profile.reservation", "did you mean 'reservation_value'?"},
      {"reservation not a number", Base(12, "      reservation_value: high"), 12,
       "parties[0].profile.reservation_value", "expected a finite number, found 'high'"},
      {"reservation quoted", Base(12, "      reservation_value: \"0.2\""), 12,
       "parties[0].profile.reservation_value", "quoted string"},
      {"discount out of range", Base(12, "      discount_factor: 1.5"), 12,
       "parties[0].profile.discount_factor", "(0, 1]"},
      {"negative weight", Base(13, "      weights: {withdrawal: -0.5, troops: 1.5}"), 13,
       "parties[0].profile.weights.withdrawal", "weight must be >= 0"},
      {"NaN weight", Base(13, "      weights: {withdrawal: .nan, troops: 0.5}"), 13,
       "parties[0].profile.weights.withdrawal", "finite number"},
      {"missing weight", Base(13, "      weights: {withdrawal: 1}"), 13,
       "parties[0].profile.weights.troops", "missing the weight of issue 'troops'"},
      {"weights sum", Base(13, "      weights: {withdrawal: 0.5, troops: 0.6}"), 13,
       "parties[0].profile.weights", "sum to 1.1, expected 1 (or set 'normalize: true'"},
      {"weight unknown issue",
       Base(13, "      weights: {withdrawal: 0.5, troops: 0.5, ceasefire: 0}"), 13,
       "parties[0].profile.weights.ceasefire",
       "unknown issue 'ceasefire' (issues: withdrawal, "
       "troops)"},
      {"value not in issue", Base(15, "        withdrawal: {none: 0, partial: 0.5, ful: 1}"), 15,
       "parties[0].profile.values.withdrawal.ful",
       "'ful' is not a value of issue 'withdrawal' (values: none, partial, full); did you mean "
       "'full'?"},
      {"value missing", Base(15, "        withdrawal: {none: 0, partial: 0.5}"), 15,
       "parties[0].profile.values.withdrawal", "missing: full"},
      {"value utility above 1", Base(15, "        withdrawal: {none: 0, partial: 2, full: 1}"), 15,
       "parties[0].profile.values.withdrawal.partial",
       "utility of 'partial' is 2, expected a number in [0, 1]"},
      {"value utility on its own line",
       Base(15, "        withdrawal:\n          none: 0\n          partial: -1\n          full: 1"),
       17, "parties[0].profile.values.withdrawal.partial", "utility of 'partial' is -1"},
      {"values missing for weighted issue", Base(16, ""), 15, "parties[0].profile.values.troops",
       "only an issue of weight 0 may omit them"},
      {"linear out of range", Base(16, "        troops: {linear: {slope: 1, offset: 0}}"), 16,
       "parties[0].profile.values.troops", "expected a number in [0, 1]"},
      {"linear missing slope", Base(16, "        troops: {linear: {offset: 0}}"), 16,
       "parties[0].profile.values.troops.linear.slope", "missing 'slope'"},
      {"two forms",
       Base(16, "        troops: {linear: {slope: 0.1, offset: 0}, constant: {value: 1}}"), 16,
       "parties[0].profile.values.troops.constant", "give one form"},
      {"triangular order", Base(16, "        troops: {triangular: {lower: 5, upper: 1, top: 3}}"),
       16, "parties[0].profile.values.troops.triangular", "lower <= top <= upper"},
      {"integer value off range", Base(16, "        troops: {table: {0: 1, 11: 0}}"), 16,
       "parties[0].profile.values.troops.table.11",
       "not a value of integer issue 'troops' (expected a whole number from 0 to 10)"},
      {"hyper-rectangle key in additive", Base(12, "      max_utility: 3"), 12,
       "parties[0].profile.max_utility", "unknown key"},
      {"unknown profile type", Base(12, "      type: linear"), 12, "parties[0].profile.type",
       "expected additive or hyper-rectangles"},
      {"constraint value unknown", Base(23, "        - when: {withdrawal: [fully]}"), 23,
       "parties[1].profile.constraints[0].when.withdrawal[0]",
       "'fully' is not a value of issue 'withdrawal'"},
      {"constraint without then", Base(24, "          description: x"), 23,
       "parties[1].profile.constraints[0].then", "missing 'then'"},
      {"constraint then two issues", Base(24, "          then: {troops: [0], withdrawal: [full]}"),
       24, "parties[1].profile.constraints[0].then", "exactly one issue"},
      {"constraint unknown issue", Base(24, "          then: {ceasefire: [none]}"), 24,
       "parties[1].profile.constraints[0].then.ceasefire", "unknown issue 'ceasefire'"},
      {"unknown ratifier", Base(26, "  ratifiers: [us, ghani]"), 26, "rules.ratifiers[1]",
       "unknown party 'ghani' (parties: us, taliban)"},
      {"ratifier twice", Base(26, "  ratifiers: [us, us]"), 26, "rules.ratifiers[1]",
       "listed twice"},
      {"single_undertaking not bool", Base(26, "  single_undertaking: maybe"), 26,
       "rules.single_undertaking", "expected true or false"},
      {"unknown rules key", Base(26, "  ratifier: [us]"), 26, "rules.ratifier",
       "allowed: tracks, ratifiers, single_undertaking"},
      {"track unknown issue", Base(29, "      issues: [withdrawl]"), 29,
       "rules.tracks[0].issues[0]",
       "unknown issue 'withdrawl' (issues: withdrawal, troops); did "
       "you mean 'withdrawal'?"},
      {"track unknown party", Base(30, "      parties: [us, taleban]"), 30,
       "rules.tracks[0].parties[1]",
       "unknown party 'taleban' (parties: us, taliban); did you "
       "mean 'taliban'?"},
      {"issue in two tracks", Base(32, "      issues: [troops, withdrawal]"), 32,
       "rules.tracks[1].issues[1]", "already in track 'one'"},
      {"issue in no track", Base(32, "      issues: []"), 32, "rules.tracks[1].issues",
       "at least one issue"},
      {"uncovered issue", Base(31, "", 3), 28, "rules.tracks", "issue 'troops' is in no track"},
      {"unknown track", Base(34, "      opens_after: three"), 34, "rules.tracks[1].opens_after",
       "unknown track 'three' (tracks: one, two)"},
      {"no suggestion when nothing is close", Base(26, "  ratifiers: [us, government]"), 26,
       "rules.ratifiers[1]", "(parties: us, taliban)"},
      {"duplicate track", Base(31, "    - name: one"), 31, "rules.tracks[1].name",
       "duplicate track name"},
      {"cyclic tracks", Base(30, "      parties: [us, taliban]\n      opens_after: two"), 31,
       "rules.tracks[0].opens_after", "form a cycle"},
      {"self-opening track", Base(34, "      opens_after: two"), 34, "rules.tracks[1].opens_after",
       "form a cycle"},
      {"null name", Base(10, "  - name: null"), 10, "parties[0].name", "quote names"},
      {"reservation above 1", Base(12, "      reservation_value: 1.5"), 12,
       "parties[0].profile.reservation_value", "expected a number in [0, 1]"},
      {"negative reservation", Base(12, "      reservation_value: -0.25"), 12,
       "parties[0].profile.reservation_value", "expected a number in [0, 1]"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto result = ParseNative(c.text, "bad.yaml", LoadOptions{});
    ASSERT_FALSE(result.ok()) << c.text;
    const Error& e = result.error();
    EXPECT_EQ(e.code, ErrorCode::kBadInput);
    EXPECT_EQ(e.file, "bad.yaml");
    EXPECT_EQ(e.line, c.line) << e.ToString();
    EXPECT_EQ(e.field, c.field) << e.ToString();
    EXPECT_NE(e.message.find(c.message_part), std::string::npos) << e.ToString();
    if (std::string_view(c.what).starts_with("no suggestion")) {
      EXPECT_EQ(e.message.find("did you mean"), std::string::npos) << e.ToString();
    }
  }
}

TEST(NativeYaml, HyperRectangleErrors) {
  const std::string head =
      "issues: [{name: a, values: [x, y, z]}]\n"
      "parties:\n"
      "  - {name: q, profile: {weights: {a: 1}, values: {a: {x: 1, y: 0, z: 0}}}}\n"
      "  - name: p\n"
      "    profile:\n"
      "      type: hyper-rectangles\n";
  struct Case {
    std::string body;
    int line;
    std::string field, part;
  };
  const std::vector<Case> cases = {
      {"      nodes: [{rectangles: [{utility: 1, includes: [{issue: a, min: z, max: x}]}]}]\n", 7,
       "parties[1].profile.nodes[0].rectangles[0].includes[0].max", "max comes before min"},
      {"      nodes: [{rectangles: [{utility: 1, includes: [{issue: b, value: x}]}]}]\n", 7,
       "parties[1].profile.nodes[0].rectangles[0].includes[0].issue", "unknown issue 'b'"},
      {"      nodes: [{rectangles: [{includes: [{issue: a, value: x}]}]}]\n", 7,
       "parties[1].profile.nodes[0].rectangles[0].utility", "missing 'utility'"},
      {"      nodes: [{aggregation: avg}]\n", 7, "parties[1].profile.nodes[0].aggregation",
       "expected sum, min or max"},
      {"      max_utility: 0\n      nodes: []\n", 7, "parties[1].profile.max_utility", "> 0"},
      {"      nodes: [{rectangles: [{utility: 1, includes: [{issue: a, value: x, min: x}]}]}]\n", 7,
       "parties[1].profile.nodes[0].rectangles[0].includes[0]", "either 'value'"},
      {"      weights: {a: 1}\n      nodes: []\n", 7, "parties[1].profile.weights", "unknown key"},
      {"      max_utility: 1\n", 6, "parties[1].profile.nodes", "missing 'nodes'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto result = ParseNative(head + c.body, "nl.yaml", {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().line, c.line) << result.error().ToString();
    EXPECT_EQ(result.error().field, c.field) << result.error().ToString();
    EXPECT_NE(result.error().message.find(c.part), std::string::npos) << result.error().ToString();
  }
}

TEST(NativeYaml, DeepNodesAreRefused) {
  std::string nodes = "{rectangles: [{utility: 1}]}";
  for (int d = 0; d < kNativeMaxNodeDepth + 5; ++d) nodes = "{children: [" + nodes + "]}";
  const std::string text =
      "issues: [{name: a, values: [x]}]\n"
      "parties:\n"
      "  - {name: q, profile: {weights: {a: 1}, values: {a: {x: 1}}}}\n"
      "  - {name: p, profile: {type: hyper-rectangles, nodes: [" +
      nodes + "]}}\n";
  auto result = ParseNative(text, "deep.yaml", {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("nested deeper"), std::string::npos)
      << result.error().ToString();
}

TEST(NativeYaml, DeepYamlIsRefused) {
  // yaml-cpp limits its own recursion; the error must come back as bad input, not a crash.
  const std::string text = std::string(100000, '[') + std::string(100000, ']');
  auto result = ParseNative(text, "deep.yaml", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(result.error().file, "deep.yaml");
}

TEST(NativeYaml, AliasBombIsRefused) {
  // Hyper-rectangle children are the one recursive construct: make them share a child.
  std::string doc =
      "issues: [{name: a, values: [x]}]\n"
      "parties:\n"
      "  - {name: q, profile: {weights: {a: 1}, values: {a: {x: 1}}}}\n"
      "  - name: p\n"
      "    profile:\n"
      "      type: hyper-rectangles\n"
      "      nodes:\n"
      "        - &n0 {rectangles: [{utility: 1}, {utility: 1}, {utility: 1}, {utility: 1}]}\n";
  for (int k = 1; k < 20; ++k)
    doc += "        - &n" + std::to_string(k) + " {children: [*n" + std::to_string(k - 1) + ", *n" +
           std::to_string(k - 1) + ", *n" + std::to_string(k - 1) + "]}\n";
  auto bomb = ParseNative(doc, "bomb.yaml", {});
  ASSERT_FALSE(bomb.ok());
  EXPECT_NE(bomb.error().message.find("aliases"), std::string::npos) << bomb.error().ToString();
}

TEST(NativeYaml, TableBudget) {
  std::string text = "issues:\n";
  for (int i = 0; i < 30; ++i)
    text += "  - {name: i" + std::to_string(i) + ", type: integer, min: 0, max: 999999}\n";
  text +=
      "parties:\n  - {name: a, profile: {weights: {}}}\n  - {name: b, profile: {weights: {}}}\n";
  auto result = ParseNative(text, "wide.yaml", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "parties");
  EXPECT_NE(result.error().message.find("value utilities"), std::string::npos)
      << result.error().ToString();
}

TEST(NativeYaml, ControlCharactersAreRefused) {
  auto result = ParseNative(
      Base(4, "    values: [none, partial, f" + std::string(1, '\0') + "ull]"), "c.yaml", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().line, 4);
  EXPECT_NE(result.error().message.find("control character 0x00"), std::string::npos)
      << result.error().ToString();
}

// Inputs the fuzzer found (fuzz/native_yaml_fuzzer.cc): each must come back, as an error or a
// scenario, quickly. tests/data/native/fuzz-regressions/ holds one file per finding.
TEST(NativeYaml, FuzzRegressions) {
  const std::filesystem::path dir = kDataDir + "fuzz-regressions";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto result = ParseNative(text.str(), "regression.yaml", {});
    if (!result.ok()) {
      EXPECT_EQ(result.error().code, ErrorCode::kBadInput) << result.error().ToString();
      EXPECT_EQ(result.error().file, "regression.yaml");
    } else {
      EXPECT_EQ(ParseNative(NativeText(*result), "regression.yaml", {}).value(), *result);
    }
    ++files;
  }
  EXPECT_GT(files, 0u);
}

TEST(NativeYaml, MissingFileIsNotFound) {
  auto result = ReadNativeFile(kDataDir + "no-such-file.yaml", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  auto dir = ReadNativeFile(kDataDir, {});
  ASSERT_FALSE(dir.ok());
}

TEST(NativeYaml, NormalizeChecks) {
  const std::string head =
      "issues: [{name: a, values: [x, y]}, {name: b, values: [u, v]}]\nparties:\n";
  const std::string other =
      "  - {name: q, profile: {weights: {a: 1, b: 0}, values: {a: {x: 1, y: 0}}}}\n";
  auto zero = ParseNative(
      head + other + "  - {name: p, profile: {normalize: true, weights: {a: 0, b: 0}}}\n", "n.yaml",
      {});
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("sum to 0"), std::string::npos);
  auto negative = ParseNative(head + other +
                                  "  - {name: p, profile: {normalize: true, weights: {a: 3, b: 1},"
                                  " values: {a: {x: -1, y: 2}, b: {u: 1, v: 1}}}}\n",
                              "n.yaml", {});
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().message.find(">= 0"), std::string::npos);
  auto ok = ParseNative(head + other +
                            "  - {name: p, profile: {normalize: true, weights: {a: 3, b: 1},"
                            " values: {a: {x: 0, y: 0}, b: {u: 1, v: 4}}}}\n",
                        "n.yaml", {});
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  const auto& add = ok->parties[1].profile.additive();
  EXPECT_EQ(add.weights, (std::vector<double>{0.75, 0.25}));
  EXPECT_EQ(add.issues[0].table, (std::vector<double>{0, 0}));  // max 0: contributes 0
  EXPECT_EQ(add.issues[1].table, (std::vector<double>{0.25, 1}));
}

TEST(NativeYaml, CappedIsGeniusRuleAndRoundTrips) {
  const std::string text =
      "issues: [{name: a, values: [x, y]}, {name: b, values: [u, v]}]\nparties:\n"
      "  - {name: q, profile: {weights: {a: 1, b: 0}, values: {a: {x: 1, y: 0}}}}\n"
      "  - {name: p, profile: {capped: true, weights: {a: 0.7, b: 0.6},"
      " values: {a: {x: 1, y: 0}, b: {u: 1, v: 0}}}}\n";
  auto s = ParseNative(text, "n.yaml", {});
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  const Profile& p = s->parties[1].profile;
  EXPECT_TRUE(p.additive().capped);
  EXPECT_EQ(p.additive().weights, (std::vector<double>{0.7, 0.6}));  // as given
  EXPECT_EQ(EvaluateUtility(p, Outcome{0, 0}), 1.0);                 // 1.3 counts as 1
  EXPECT_EQ(ParseNative(NativeText(*s), "back.yaml", {}).value(), *s);
  std::string uncapped = text;
  uncapped.replace(uncapped.find("capped: true, "), 14, "");
  auto bad = ParseNative(uncapped, "n.yaml", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'capped: true'"), std::string::npos);
}

}  // namespace
}  // namespace parley
