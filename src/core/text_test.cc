#include "parley/core/text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace parley {
namespace {

TEST(TextTest, EscapeMarkupEscapesEveryMarkupCharacter) {
  EXPECT_EQ(EscapeMarkup("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(EscapeMarkup("plain text, ünïcode"), "plain text, ünïcode");
  EXPECT_EQ(EscapeMarkup(""), "");
}

TEST(TextTest, FormatFixedNeverPrintsNegativeZero) {
  EXPECT_EQ(FormatFixed(1.25, 1), "1.2");  // round half to even, as printf
  EXPECT_EQ(FormatFixed(-0.0, 1), "0.0");
  EXPECT_EQ(FormatFixed(-0.004, 2), "0.00");
  EXPECT_EQ(FormatFixed(-0.006, 2), "-0.01");
  EXPECT_EQ(FormatFixed(-12.5, 0), "-12");
  EXPECT_EQ(FormatFixed(3, 3), "3.000");
}

TEST(TextTest, FormatCountNeverPrintsInfOrNan) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(390625), "390,625");
  EXPECT_EQ(FormatCount(1e40), "1.00e+40");
  EXPECT_EQ(FormatCount(std::numeric_limits<double>::infinity()), "more than 1.80e+308");
  EXPECT_EQ(FormatCount(std::nan("")), "unknown");
}

TEST(TextTest, FormatCountLog10WritesAnyMagnitude) {
  EXPECT_EQ(FormatCountLog10(400), "1.00e+400");
  EXPECT_EQ(FormatCountLog10(400 + std::log10(2.5)), "2.50e+400");
  EXPECT_EQ(FormatCountLog10(400 + std::log10(9.999)), "1.00e+401");  // the carry
  EXPECT_EQ(FormatCountLog10(std::log10(390625.0)), "390,625");
  EXPECT_EQ(FormatCountLog10(40), "1.00e+40");
  EXPECT_EQ(FormatCountLog10(-std::numeric_limits<double>::infinity()), "0");
}

TEST(TextTest, FormatProductIsCorrectBeyond64BitsAndBeyondDouble) {
  const std::vector<uint64_t> small = {5, 5, 5, 5, 5, 5, 5, 5};
  EXPECT_EQ(FormatProduct(small), "390,625");
  // 10^25: past 2^64, where a cast to uint64_t is undefined.
  const std::vector<uint64_t> wide(5, 100'000);
  EXPECT_EQ(FormatProduct(wide), "1.00e+25");
  // 2^64 exactly, then (2^32)^10 = 2^320, beyond double.
  EXPECT_EQ(FormatProduct(std::vector<uint64_t>{uint64_t{1} << 32, uint64_t{1} << 32}), "1.84e+19");
  const std::vector<uint64_t> huge(10, uint64_t{1} << 32);
  EXPECT_EQ(FormatProduct(huge), "2.14e+96");
  const std::vector<uint64_t> beyond(120, 1000);
  EXPECT_EQ(FormatProduct(beyond), "1.00e+360");
  EXPECT_EQ(Log10Product(beyond), 360);
  EXPECT_EQ(FormatProduct(std::vector<uint64_t>{7, 0, 1000}), "0");
  EXPECT_EQ(FormatProduct(std::vector<uint64_t>{}), "1");
}

TEST(TextTest, DidYouMeanSuggestsTheClosestName) {
  const std::vector<std::string> agents = {"boulware", "conceder", "linear", "random"};
  EXPECT_EQ(DidYouMean("Boulware", agents), "; did you mean 'boulware'?");  // case alone
  EXPECT_EQ(DidYouMean("bulware", agents), "; did you mean 'boulware'?");   // a typo
  EXPECT_EQ(DidYouMean("conced", agents), "; did you mean 'conceder'?");    // a truncation
  EXPECT_EQ(DidYouMean("bulldozer", agents), "");                           // nothing close
  EXPECT_EQ(DidYouMean("linear", agents), "");                              // itself
  EXPECT_EQ(DidYouMean("--round", {"--rounds", "--seed"}), "; did you mean '--rounds'?");
  EXPECT_EQ(DidYouMean("analyse", {"agents", "analyze", "convert"}), "; did you mean 'analyze'?");
  EXPECT_EQ(EditDistance("kitten", "sitting", 5), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting", 2), 3u);  // limit + 1
}

}  // namespace
}  // namespace parley
