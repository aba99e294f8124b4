#include "output.h"

#include <gtest/gtest.h>

namespace parley::cli {
namespace {

TEST(FormatTest, UtilityHasFourDecimalsAndNoNegativeZero) {
  EXPECT_EQ(FormatUtility(0.5), "0.5000");
  EXPECT_EQ(FormatUtility(1), "1.0000");
  EXPECT_EQ(FormatUtility(0.123456), "0.1235");
  EXPECT_EQ(FormatUtility(-0.00001), "0.0000");
  EXPECT_EQ(FormatUtility(-0.25), "-0.2500");
}

TEST(FormatTest, CountGroupsThousandsAndFallsBackToScientific) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(390625), "390,625");
  EXPECT_EQ(FormatCount(1e10), "10,000,000,000");
  EXPECT_EQ(FormatCount(1e40), "1.00e+40");
  EXPECT_EQ(FormatCount(2.5), "2.50e+00");
}

TEST(FormatTest, PercentAndCountJson) {
  EXPECT_EQ(FormatPercent(0.123456), "12.35%");
  EXPECT_EQ(FormatPercent(1), "100.00%");
  EXPECT_EQ(CountJson(6480).dump(), "6480");
  EXPECT_TRUE(CountJson(6480).is_number_integer());
  EXPECT_TRUE(CountJson(1e40).is_number_float());
}

TEST(DisplayWidthTest, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Kalai–Smorodinsky"), 17u);
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(TextTableTest, AlignsColumnsAndTrimsTrailingSpaces) {
  TextTable table;
  table.AddColumn("name");
  table.AddColumn("u", TextTable::Align::kRight);
  table.AddColumn("note");
  table.AddRow({"a", "1.0000", "x"});
  table.AddRow({"longer", "0.5", ""});
  table.AddLine("... 3 more");
  EXPECT_EQ(table.Render(2, 2),
            "  name         u  note\n"
            "  a       1.0000  x\n"
            "  longer     0.5\n"
            "  ... 3 more\n");
}

TEST(TextTableTest, NoHeaderRowWhenHeadersAreEmptyAndWideCharactersAlign) {
  TextTable table;
  table.AddColumn("");
  table.AddColumn("");
  table.AddRow({"Kalai–Smorodinsky", "1"});
  table.AddRow({"Nash", "2"});
  EXPECT_EQ(table.Render(0, 1),
            "Kalai–Smorodinsky 1\n"
            "Nash              2\n");
}

TEST(OutcomeJsonTest, UsesTheDomainsOwnValues) {
  const OutcomeSpace space({Issue::Discrete("colour", {"red", "blue"}), Issue::Integer("n", 3, 9),
                            Issue::Real("price", 0, 1, 5)});
  const Outcome outcome{1, 2, 3};
  EXPECT_EQ(OutcomeJson(space, outcome).dump(), R"({"colour":"blue","n":5,"price":0.75})");
  EXPECT_TRUE(OutcomeJson(space, outcome)["n"].is_number_integer());
  EXPECT_EQ(OutcomeText(space, outcome), "colour=blue, n=5, price=0.75");
}

TEST(IssueTest, SummaryAndJsonDescribeTheDomain) {
  EXPECT_EQ(IssueSummary(Issue::Discrete("c", {"x"})), "1 value");
  EXPECT_EQ(IssueSummary(Issue::Integer("n", 0, 9)), "integers 0..9");
  EXPECT_EQ(IssueSummary(Issue::Real("p", 0.5, 2, 11)), "reals 0.5..2 (11 points)");
  EXPECT_EQ(IssueJson(Issue::Real("p", 0.5, 2, 11)).dump(),
            R"({"name":"p","kind":"real","min":0.5,"max":2.0,"resolution":11})");
}

TEST(ErrorLineTest, NamesFileLineAndField) {
  EXPECT_EQ(ErrorLine(Error::BadInput("expected a number", "a.xml", 12, "weight")),
            "parley: a.xml:12: weight: expected a number");
  EXPECT_EQ(ErrorLine(Error::NotFound("no such scenario 'x'")), "parley: no such scenario 'x'");
  EXPECT_EQ(Error::Internal("bug").ExitCode(), 1);
  EXPECT_EQ(Error::BadInput("bad").ExitCode(), 2);
}

}  // namespace
}  // namespace parley::cli

namespace parley::cli {
namespace {

TEST(WrapTextTest, BreaksAtSpacesWithinTheWidth) {
  EXPECT_EQ(WrapText("", 10), std::vector<std::string>{});
  EXPECT_EQ(WrapText("  \n ", 10), std::vector<std::string>{});
  EXPECT_EQ(WrapText("one two three four", 9),
            (std::vector<std::string>{"one two", "three", "four"}));
  EXPECT_EQ(WrapText("one\n  two", 80), (std::vector<std::string>{"one two"}));
  EXPECT_EQ(WrapText("a verylongword b", 4), (std::vector<std::string>{"a", "verylongword", "b"}));
  EXPECT_EQ(WrapText("Kalai–Smorodinsky x", 19), (std::vector<std::string>{"Kalai–Smorodinsky x"}));
}

}  // namespace
}  // namespace parley::cli
