#include "parley/io/genius.h"

#include <gtest/gtest.h>

#include <cmath>

#include "parley/preference/compiled_profile.h"

namespace parley {
namespace {

// Line 1 is the root; issues start on line 4.
constexpr char kDomain[] = R"(<negotiation_template>
<utility_space number_of_issues="3">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="color" vtype="discrete" type="discrete" etype="discrete">
  <item index="1" value="red"/>
  <item index="2" value="green"/>
  <item index="3" value="blue"/>
</issue>
<issue index="2" name="count" type="integer" lowerbound="-5" upperbound="5"/>
<issue index="3" name="price" vtype="real" type="real"><range lowerbound="0" upperbound="10"/></issue>
</objective>
</utility_space>
</negotiation_template>
)";

std::string Profile(const std::string& weights, const std::string& color_items,
                    const std::string& tail = "") {
  return R"(<utility_space>
<objective index="0" name="root">
<issue index="1" name="color" type="discrete">
)" + color_items +
         R"(</issue>
<issue index="2" name="count" type="integer" lowerbound="-5" upperbound="5">
  <evaluator ftype="linear" slope="0.08" offset="0.3"/>
</issue>
<issue index="3" name="price" type="real">
  <evaluator ftype="linear" parameter0="1.2" parameter1="-0.1"/>
</issue>
)" + weights +
         R"(</objective>
)" + tail +
         "</utility_space>\n";
}

const char kItems[] = R"(  <item index="1" value="red" evaluation="4"/>
  <item index="2" value="green" evaluation="2"/>
  <item index="3" value="blue" evaluation="0"/>
)";
const char kWeights[] = R"(<weight index="1" value="2"/>
<weight index="2" value="1"/>
<weight index="3" value="1"/>
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

const char kRealEvaluator[] = R"(<evaluator ftype="linear" parameter0="1.2" parameter1="-0.1"/>)";

GeniusDomain Domain() {
  auto d = ParseGeniusDomain(kDomain, "d.xml");
  EXPECT_TRUE(d.ok()) << d.error().ToString();
  return *d;
}

void ExpectError(const Result<parley::Profile>& r, int line, const std::string& field_part,
                 const std::string& message_part = "") {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "p.xml") << r.error().ToString();
  EXPECT_EQ(r.error().line, line) << r.error().ToString();
  EXPECT_NE(r.error().field.find(field_part), std::string::npos) << r.error().ToString();
  EXPECT_NE(r.error().message.find(message_part), std::string::npos) << r.error().ToString();
  EXPECT_EQ(r.error().ExitCode(), 2);
}

TEST(GeniusDomainTest, ReadsDiscreteIntegerAndRealIssues) {
  LoadOptions options;
  options.real_resolution = 6;
  auto d = ParseGeniusDomain(kDomain, "d.xml", options);
  ASSERT_TRUE(d.ok()) << d.error().ToString();
  ASSERT_EQ(d->space.NumIssues(), 3u);
  EXPECT_EQ(d->space.issue(0).values, (std::vector<std::string>{"red", "green", "blue"}));
  EXPECT_EQ(d->space.issue(1).kind, IssueKind::kInteger);
  EXPECT_EQ(d->space.issue(1).Cardinality(), 11u);
  EXPECT_EQ(d->space.issue(2).kind, IssueKind::kReal);
  EXPECT_EQ(d->space.issue(2).resolution, 6u);
  EXPECT_DOUBLE_EQ(d->space.issue(2).NumericValue(1), 2.0);
  EXPECT_EQ(d->issue_indices, (std::vector<long long>{1, 2, 3}));
}

TEST(GeniusDomainTest, ErrorsNameFileLineAndField) {
  auto not_xml = ParseGeniusDomain("0.5, 1.0\n0.7, 0.9\n", "pareto.xml");
  ASSERT_FALSE(not_xml.ok());
  EXPECT_EQ(not_xml.error().file, "pareto.xml");
  EXPECT_EQ(not_xml.error().line, 1);
  EXPECT_NE(not_xml.error().message.find("not XML"), std::string::npos);

  auto truncated =
      ParseGeniusDomain("<negotiation_template>\n<utility_space>\n<objective>", "d.xml");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().line, 3);

  auto wrong_root = ParseGeniusDomain("<utility_space/>", "d.xml");
  ASSERT_FALSE(wrong_root.ok());
  EXPECT_NE(wrong_root.error().message.find("negotiation_template"), std::string::npos);

  std::string dup = kDomain;
  dup.replace(dup.find("name=\"count\""), 12, "name=\"color\"");
  auto dup_issue = ParseGeniusDomain(dup, "d.xml");
  ASSERT_FALSE(dup_issue.ok());
  EXPECT_EQ(dup_issue.error().line, 9);
  EXPECT_NE(dup_issue.error().message.find("duplicate issue name"), std::string::npos);

  std::string dup_value = kDomain;
  dup_value.replace(dup_value.find("value=\"blue\""), 12, "value=\"red\"");
  auto dv = ParseGeniusDomain(dup_value, "d.xml");
  ASSERT_FALSE(dv.ok());
  EXPECT_EQ(dv.error().line, 7);
  EXPECT_EQ(dv.error().field, "issue 'color'.item");

  std::string empty = R"(<negotiation_template><utility_space><objective>
<issue index="1" name="e" type="discrete"></issue>
</objective></utility_space></negotiation_template>)";
  auto no_values = ParseGeniusDomain(empty, "d.xml");
  ASSERT_FALSE(no_values.ok());
  EXPECT_EQ(no_values.error().line, 2);
  EXPECT_NE(no_values.error().message.find("no values"), std::string::npos);

  std::string bad_bounds = kDomain;
  bad_bounds.replace(bad_bounds.find("upperbound=\"5\""), 14, "upperbound=\"-9\"");
  auto bb = ParseGeniusDomain(bad_bounds, "d.xml");
  ASSERT_FALSE(bb.ok());
  EXPECT_EQ(bb.error().line, 9);
  EXPECT_NE(bb.error().message.find("no values"), std::string::npos);

  std::string huge = kDomain;
  huge.replace(huge.find("upperbound=\"5\""), 14, "upperbound=\"9000000000000\"");
  EXPECT_FALSE(ParseGeniusDomain(huge, "d.xml").ok());

  std::string unknown = kDomain;
  unknown.replace(unknown.find("type=\"integer\""), 14, "type=\"price\"");
  auto uk = ParseGeniusDomain(unknown, "d.xml");
  ASSERT_FALSE(uk.ok());
  EXPECT_EQ(uk.error().field, "issue 'count'.type");
}

TEST(GeniusProfileTest, FollowsGeniusSemantics) {
  std::vector<std::string> notes;
  auto p = ParseGeniusProfile(Profile(kWeights, kItems, R"(<reservation value="0.25"/>
<discount_factor value="0.0"/>
)"),
                              "dir/p.xml", Domain(), &notes);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->name, "p");
  EXPECT_DOUBLE_EQ(p->reservation_value, 0.25);
  EXPECT_DOUBLE_EQ(p->discount_factor, 1.0);  // GENIUS discards 0
  const AdditiveUtility& add = p->additive();
  // Weights as the file gives them (2, 1, 1), as GENIUS: the sum is capped at 1.
  EXPECT_TRUE(add.capped);
  EXPECT_EQ(add.weights, (std::vector<double>{2, 1, 1}));
  // Discrete: divided by the largest evaluation.
  EXPECT_EQ(add.issues[0].table, (std::vector<double>{1.0, 0.5, 0.0}));
  // Integer: clamp(offset + slope * (v - lowerbound)), kept as a linear form.
  EXPECT_EQ(add.issues[1].form, ValueFunction::Form::kLinear);
  EXPECT_DOUBLE_EQ(add.issues[1].table[0], 0.3);
  EXPECT_DOUBLE_EQ(add.issues[1].table[5], 0.7);
  EXPECT_DOUBLE_EQ(add.issues[1].table[10], 1.0);  // 1.1 clamped
  // Real: clamp(parameter0 + parameter1 * x) on an 11-point grid over [0, 10].
  EXPECT_DOUBLE_EQ(add.issues[2].table[0], 1.0);  // 1.2 clamped
  EXPECT_DOUBLE_EQ(add.issues[2].table[5], 0.7);
  EXPECT_DOUBLE_EQ(add.issues[2].table[10], 0.2);
  EXPECT_EQ(EvaluateUtility(*p, Outcome{0, 5, 10}), 1.0);  // 2 + 0.7 + 0.2, capped
  EXPECT_DOUBLE_EQ(EvaluateUtility(*p, Outcome{2, 0, 10}), 0.3 + 0.2);
  EXPECT_EQ(CompiledProfile(*p).Utility(Outcome{1, 5, 5}), 1.0);  // 1 + 0.7 + 0.7, capped
  EXPECT_FALSE(notes.empty());  // weights summing to 4 are worth a note
}

TEST(GeniusProfileTest, RealConstantAndTriangular) {
  const std::string text =
      Replace(Profile(kWeights, kItems), kRealEvaluator,
              R"(<evaluator ftype="triangular" parameter0="2" parameter1="8" parameter2="4"/>)");
  auto p = ParseGeniusProfile(text, "p.xml", Domain());
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  const ValueFunction& f = p->additive().issues[2];
  EXPECT_EQ(f.form, ValueFunction::Form::kTriangular);
  EXPECT_DOUBLE_EQ(f.table[1], 0.0);  // x = 1 below lower
  EXPECT_DOUBLE_EQ(f.table[3], 0.5);  // x = 3 rising
  EXPECT_DOUBLE_EQ(f.table[4], 1.0);  // top
  EXPECT_DOUBLE_EQ(f.table[6], 0.5);  // falling
  EXPECT_DOUBLE_EQ(f.table[9], 0.0);  // beyond upper

  const std::string constant = Replace(Profile(kWeights, kItems), kRealEvaluator,
                                       R"(<evaluator ftype="constant" parameter0="0.4"/>)");
  auto c = ParseGeniusProfile(constant, "p.xml", Domain());
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_DOUBLE_EQ(c->additive().issues[2].table[7], 0.4);

  const std::string faratin = Replace(Profile(kWeights, kItems), kRealEvaluator,
                                      R"(<evaluator ftype="faratin" parameter0="1"/>)");
  ExpectError(ParseGeniusProfile(faratin, "p.xml", Domain()), 12, "evaluator.ftype", "faratin");
}

TEST(GeniusProfileTest, BadInputNamesFileLineAndField) {
  const GeniusDomain d = Domain();
  // Line numbers: items start on line 4, issue 'count' is on line 8, weights start on line 14.
  ExpectError(ParseGeniusProfile(Profile(R"(<weight index="1" value="-1"/>
<weight index="2" value="1"/>
<weight index="3" value="1"/>
)",
                                         kItems),
                                 "p.xml", d),
              14, "weight 1", ">= 0");
  ExpectError(ParseGeniusProfile(Profile(R"(<weight index="1" value="NaN"/>
<weight index="2" value="1"/>
<weight index="3" value="1"/>
)",
                                         kItems),
                                 "p.xml", d),
              14, "weight 1", "finite");
  ExpectError(ParseGeniusProfile(Profile(R"(<weight index="1" value="1"/>
<weight index="3" value="1"/>
)",
                                         kItems),
                                 "p.xml", d),
              8, "weight 2", "missing weight");
  ExpectError(ParseGeniusProfile(Profile(R"(<weight index="1" value="1"/>
<weight index="1" value="1"/>
<weight index="2" value="1"/>
<weight index="3" value="1"/>
)",
                                         kItems),
                                 "p.xml", d),
              15, "weight 1", "duplicate");
  ExpectError(ParseGeniusProfile(Profile(kWeights, R"(  <item index="1" value="red" evaluation="4"/>
  <item index="2" value="purple" evaluation="2"/>
  <item index="3" value="blue" evaluation="0"/>
)"),
                                 "p.xml", d),
              5, "item 'purple'", "no value 'purple'");
  ExpectError(ParseGeniusProfile(Profile(kWeights, R"(  <item index="1" value="red" evaluation="4"/>
  <item index="2" value="green" evaluation="x"/>
  <item index="3" value="blue" evaluation="0"/>
)"),
                                 "p.xml", d),
              5, "item 'green'.evaluation", "expected a number");
  ExpectError(ParseGeniusProfile(Profile(kWeights, R"(  <item index="1" value="red" evaluation="4"/>
  <item index="3" value="blue" evaluation="0"/>
)"),
                                 "p.xml", d),
              3, "issue 'color'", "no evaluation for value 'green'");
  ExpectError(ParseGeniusProfile(Profile(kWeights, R"(  <item index="1" value="red" evaluation="4"/>
  <item index="2" value="green" evaluation="-2"/>
  <item index="3" value="blue" evaluation="0"/>
)"),
                                 "p.xml", d),
              5, "evaluation", ">= 0");
  // A profile of another domain: an issue renamed.
  std::string other = Profile(kWeights, kItems);
  other.replace(other.find("name=\"count\""), 12, "name=\"amount\"");
  ExpectError(ParseGeniusProfile(other, "p.xml", d), 8, "issue 'amount'", "another domain");
  // Integer bounds differing from the domain's.
  std::string bounds = Profile(kWeights, kItems);
  bounds.replace(bounds.find("lowerbound=\"-5\""), 15, "lowerbound=\"-4\"");
  ExpectError(ParseGeniusProfile(bounds, "p.xml", d), 8, "lowerbound", "another domain");
  // Not XML at all.
  ExpectError(ParseGeniusProfile("<utility_space>\n<objective>\n</utility_space>", "p.xml", d), 3,
              "xml", "not well-formed");
  // A domain file given as a profile.
  ExpectError(ParseGeniusProfile(kDomain, "p.xml", d), 1, "negotiation_template",
              "expected a GENIUS utility space");
  // A real issue without an evaluator (ANAC's 2nd-hand car dealer).
  const std::string no_eval = Replace(Profile(kWeights, kItems), kRealEvaluator, "");
  ExpectError(
      ParseGeniusProfile(no_eval, "p.xml", d), 11, "issue 'price'.evaluator",
      "expected <evaluator ftype=\"linear|constant|triangular\"> for a real issue; found none");
  // A missing issue.
  std::string missing = Profile(kWeights, kItems);
  missing.erase(missing.find("<issue index=\"3\""),
                missing.find("</issue>\n<weight") + 9 - missing.find("<issue index=\"3\""));
  ExpectError(ParseGeniusProfile(missing, "p.xml", d), 2, "issue 'price'", "does not value");
}

constexpr char kIntDomain[] = R"(<negotiation_template><utility_space><objective index="0">
<issue index="1" name="a" type="integer" lowerbound="0" upperbound="9"/>
<issue index="2" name="b" type="integer" lowerbound="0" upperbound="9"/>
</objective></utility_space></negotiation_template>)";

TEST(GeniusProfileTest, NonlinearHyperRectangles) {
  auto d = ParseGeniusDomain(kIntDomain, "d.xml");
  ASSERT_TRUE(d.ok());
  const char* text = R"(<utility_space type="nonlinear">
<objective index="0" name="root">
<issue index="1" name="a" type="integer" lowerbound="0" upperbound="9"/>
<utility maxutility="40">
<ufun type="PlainUfun" weight="1" aggregation="sum">
<hyperRectangle utility="10"><INCLUDES index="1" min="0" max="4"/></hyperRectangle>
<hyperRectangle utility="30"><EXCLUDES index="1" min="3" max="3"/><EXCLUDES index="2" min="5" max="9"/></hyperRectangle>
</ufun>
</utility>
</objective>
<discount_factor value="0.5"/>
<reservation value="0.75"/>
</utility_space>)";
  auto p = ParseGeniusProfile(text, "p.xml", *d);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_FALSE(p->IsAdditive());
  EXPECT_DOUBLE_EQ(p->discount_factor, 0.5);
  EXPECT_DOUBLE_EQ(p->reservation_value, 0.75);
  const HyperRectangleUtility& nl = p->rectangles();
  EXPECT_DOUBLE_EQ(nl.max_utility, 40);
  ASSERT_EQ(nl.nodes.size(), 1u);
  ASSERT_EQ(nl.nodes[0].rectangles.size(), 2u);
  EXPECT_EQ(nl.nodes[0].rectangles[1].excludes.size(), 2u);
  // GENIUS: an exclusive rectangle counts when the outcome lies outside its box.
  EXPECT_DOUBLE_EQ(EvaluateUtility(*p, Outcome{3, 7}), 0.25);  // inside the excluded box: 10
  EXPECT_DOUBLE_EQ(EvaluateUtility(*p, Outcome{3, 2}), 1.0);   // outside it: 10 + 30
  EXPECT_DOUBLE_EQ(EvaluateUtility(*p, Outcome{6, 7}), 0.75);  // outside it via a: 30
  EXPECT_DOUBLE_EQ(EvaluateUtility(*p, Outcome{6, 2}), 0.75);  // outside it via both: 30

  // Bounds reaching outside an issue are clamped as GENIUS's comparisons behave.
  std::vector<std::string> notes;
  auto clamped = ParseGeniusProfile(Replace(text, "max=\"4\"", "max=\"12\""), "p.xml", *d, &notes);
  ASSERT_TRUE(clamped.ok()) << clamped.error().ToString();
  EXPECT_EQ(clamped->rectangles().nodes[0].rectangles[0].includes[0].max, 9u);
  EXPECT_EQ(notes.size(), 1u);
  auto never = ParseGeniusProfile(Replace(text, "min=\"0\" max=\"4\"", "min=\"20\" max=\"30\""),
                                  "p.xml", *d);
  ASSERT_TRUE(never.ok()) << never.error().ToString();
  EXPECT_DOUBLE_EQ(EvaluateUtility(*never, Outcome{3, 2}), 0.75);  // only the 30 pays
  auto always = ParseGeniusProfile(Replace(text, "min=\"3\" max=\"3\"", "min=\"-4\" max=\"-1\""),
                                   "p.xml", *d);
  ASSERT_TRUE(always.ok()) << always.error().ToString();
  EXPECT_DOUBLE_EQ(EvaluateUtility(*always, Outcome{3, 7}), 1.0);  // the 30 pays everywhere
  ExpectError(ParseGeniusProfile(Replace(text, "INCLUDES index=\"1\"", "INCLUDES index=\"7\""),
                                 "p.xml", *d),
              6, "INCLUDES.index", "no issue with index 7");
  std::string agg = text;
  agg.replace(agg.find("aggregation=\"sum\""), 17, "aggregation=\"avg\"");
  ExpectError(ParseGeniusProfile(agg, "p.xml", *d), 5, "ufun.aggregation", "sum, min or max");
  ExpectError(ParseGeniusProfile(Replace(text, "</ufun>\n</utility>",
                                         "</ufun>\n<ufun aggregation=\"sum\"/>\n</utility>"),
                                 "p.xml", *d),
              9, "ufun", "expected one <ufun>");
  std::string no_max = text;
  no_max.replace(no_max.find("maxutility=\"40\""), 15, "maxutility=\"0\"");
  ExpectError(ParseGeniusProfile(no_max, "p.xml", *d), 4, "maxutility", "> 0");
}

TEST(GeniusProfileTest, ReservationValueOutsideUnitIntervalIsAnError) {
  for (const char* rv : {"1.7", "-0.1", "1.0000001"}) {
    SCOPED_TRACE(rv);
    ExpectError(ParseGeniusProfile(
                    Profile(kWeights, kItems, "<reservation value=\"" + std::string(rv) + "\"/>\n"),
                    "p.xml", Domain()),
                18, "reservation.value", "expected a number in [0, 1]");
  }
  for (const char* rv : {"0", "1", "0.5"}) {
    auto ok = ParseGeniusProfile(
        Profile(kWeights, kItems, "<reservation value=\"" + std::string(rv) + "\"/>\n"), "p.xml",
        Domain());
    EXPECT_TRUE(ok.ok()) << rv << ": " << ok.error().ToString();
  }
}

TEST(GeniusWriterTest, RoundTripsThroughText) {
  const GeniusDomain d = Domain();
  auto p1 =
      ParseGeniusProfile(Profile(kWeights, kItems, R"(<reservation value="0.25"/>)"), "one.xml", d);
  auto p2 = ParseGeniusProfile(Profile(kWeights, kItems), "two.xml", d);
  ASSERT_TRUE(p1.ok() && p2.ok());
  Scenario s;
  s.name = "toy";
  s.space = d.space;
  s.parties = {{"one", *p1}, {"two", *p2}};
  auto files = GeniusText(s);
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  EXPECT_TRUE(files->dropped.empty());
  auto d2 = ParseGeniusDomain(files->domain_text, files->domain_file_name);
  ASSERT_TRUE(d2.ok()) << d2.error().ToString();
  EXPECT_EQ(d2->space, s.space);
  for (size_t i = 0; i < 2; ++i) {
    auto back = ParseGeniusProfile(files->profile_texts[i], files->profile_file_names[i], *d2);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(back->additive().issues, s.parties[i].profile.additive().issues);
    EXPECT_DOUBLE_EQ(back->reservation_value, s.parties[i].profile.reservation_value);
    for (size_t k = 0; k < 3; ++k)
      EXPECT_NEAR(back->additive().weights[k], s.parties[i].profile.additive().weights[k], 1e-15);
  }
}

TEST(GeniusWriterTest, NonLinearIntegerTableBecomesDiscrete) {
  Scenario s;
  s.name = "t";
  s.space = OutcomeSpace({Issue::Integer("n", 0, 2), Issue::Discrete("c", {"x", "y"})});
  AdditiveUtility add;
  add.weights = {0.5, 0.5};
  add.issues = {{ValueFunction::Form::kTable, {0.0, 1.0, 0.0}},
                {ValueFunction::Form::kTable, {1, 0}}};
  s.parties = {{"a", {"a", add}}, {"b", {"b", add}}};
  auto files = GeniusText(s);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->dropped.size(), 1u);
  EXPECT_NE(files->dropped[0].find("issue 'n'"), std::string::npos);
  auto d = ParseGeniusDomain(files->domain_text, "d.xml");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->space.issue(0).kind, IssueKind::kDiscrete);
  auto p = ParseGeniusProfile(files->profile_texts[0], "a.xml", *d);
  ASSERT_TRUE(p.ok()) << p.error().ToString();
  EXPECT_EQ(p->additive().issues[0].table, (std::vector<double>{0, 1, 0}));

  // A linear table on an integer issue is written as a GENIUS linear evaluator.
  add.issues[0] = {ValueFunction::Form::kTable, {0.25, 0.5, 0.75}};
  s.parties = {{"a", {"a", add}}, {"b", {"b", add}}};
  files = GeniusText(s);
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->dropped.empty());
  EXPECT_NE(files->profile_texts[0].find("slope=\"0.25\""), std::string::npos);
}

TEST(GeniusClassifyTest, Kinds) {
  EXPECT_EQ(ClassifyGeniusText(kDomain), GeniusFileKind::kDomain);
  EXPECT_EQ(ClassifyGeniusText(Profile(kWeights, kItems)), GeniusFileKind::kProfile);
  EXPECT_EQ(ClassifyGeniusText("<pareto/>"), GeniusFileKind::kNotGenius);
  EXPECT_EQ(ClassifyGeniusText("0.5, 1.0"), GeniusFileKind::kNotXml);
}

}  // namespace
}  // namespace parley
