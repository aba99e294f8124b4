#include "parley/core/text.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace parley
