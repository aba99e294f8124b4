#include "parley/protocol/registry.h"

#include <gtest/gtest.h>

#include "parley/protocol/protocol.h"

namespace parley {
namespace {

TEST(SpecTest, ParsesNameAndParameters) {
  auto spec = Spec::Parse(" time-dependent:e=0.5, k = 2 ");
  ASSERT_TRUE(spec.ok()) << spec.error().ToString();
  EXPECT_EQ(spec->name, "time-dependent");
  ASSERT_EQ(spec->params.size(), 2u);
  EXPECT_EQ(spec->params[0], (std::pair<std::string, std::string>{"e", "0.5"}));
  EXPECT_EQ(spec->params[1], (std::pair<std::string, std::string>{"k", "2"}));
  EXPECT_EQ(spec->ToString(), "time-dependent:e=0.5,k=2");
  EXPECT_EQ(Spec::Parse("sao")->ToString(), "sao");
}

TEST(SpecTest, RejectsMalformedText) {
  for (const char* bad : {"", ":e=1", "a:", "a:=1", "a:e=1,e=2", "a:e=1,", "a:x,y"}) {
    auto spec = Spec::Parse(bad);
    EXPECT_FALSE(spec.ok()) << bad;
  }
}

TEST(SpecTest, SplitsListsOfSpecsWithParameters) {
  EXPECT_EQ(SplitSpecList("boa:bidding=boulware,accept=next, conceder,time-dependent:e=2"),
            (std::vector<std::string>{"boa:bidding=boulware,accept=next", "conceder",
                                      "time-dependent:e=2"}));
  EXPECT_EQ(SplitSpecList("a,,b,"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitSpecList("").empty());
}

TEST(SpecTest, TypedParametersCheckRangeAndUse) {
  auto spec = *Spec::Parse("x:e=0.5,n=3,flag=yes,s=abc,bad=zz");
  SpecParams params(spec);
  EXPECT_EQ(*params.Double("e", 1, 0, 1), 0.5);
  EXPECT_EQ(*params.Int("n", 0, 0, 10), 3);
  EXPECT_TRUE(*params.Bool("flag", false));
  EXPECT_EQ(*params.String("s", ""), "abc");
  EXPECT_EQ(*params.Double("missing", 7, 0, 10), 7);
  auto unused = params.CheckAllUsed("agent 'x'", {"e", "n", "flag", "s"});
  ASSERT_FALSE(unused.ok());
  EXPECT_NE(unused.error().message.find("'bad'"), std::string::npos);
  EXPECT_NE(unused.error().message.find("known: e, n, flag, s"), std::string::npos);
  EXPECT_FALSE(params.Double("bad", 0, 0, 1).ok());
  auto spec2 = *Spec::Parse("x:e=5");
  SpecParams p2(spec2);
  auto out_of_range = p2.Double("e", 1, 0, 1);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_NE(out_of_range.error().message.find("from 0 to 1"), std::string::npos);
}

TEST(RegistryTest, NamesAreCheckedAndUnknownNamesListKnownOnes) {
  EXPECT_TRUE(CheckRegistryName("nice-tit-for-tat").ok());
  for (const char* bad : {"Nice", "a--b", "-a", "a-", "a b", "a_b", ""})
    EXPECT_FALSE(CheckRegistryName(bad).ok()) << bad;

  auto made = Protocols().Make("bargain");
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().message,
            "unknown protocol 'bargain'; known: amop, sao, single-text-hill-climbing, "
            "single-text-veto, single-undertaking");
  auto with_param = Protocols().Make("sao:x=1");
  ASSERT_FALSE(with_param.ok());
  EXPECT_NE(with_param.error().message.find("unknown parameter 'x'"), std::string::npos);
}

TEST(RegistryTest, RegisterRejectsDuplicates) {
  Registry<Protocol> registry("protocol");
  auto factory = [](SpecParams&) -> Result<std::unique_ptr<Protocol>> {
    return Error::Internal("unused");
  };
  EXPECT_TRUE(registry.Register({"mine", "d", {}, factory}).ok());
  EXPECT_FALSE(registry.Register({"mine", "d", {}, factory}).ok());
  EXPECT_FALSE(registry.Register({"Mine", "d", {}, factory}).ok());
  EXPECT_EQ(registry.KnownNames(), "mine");
}

TEST(RegistryTest, ABareFirstValueFillsThePositionalParameterOnly) {
  auto spec = *Spec::Parse("g:agents.Foo, k=2");
  EXPECT_EQ(spec.params[0], (std::pair<std::string, std::string>{"", "agents.Foo"}));
  EXPECT_EQ(spec.ToString(), "g:agents.Foo,k=2");
  Registry<Protocol> registry("protocol");
  std::string seen;
  auto factory = [&seen](SpecParams& p) -> Result<std::unique_ptr<Protocol>> {
    PARLEY_ASSIGN_OR_RETURN(seen, p.String("class", ""));
    return Protocols().Make("sao");
  };
  ASSERT_TRUE(registry.Register({"g", "d", {{"class", "", "c"}}, factory, "", "class"}).ok());
  ASSERT_TRUE(registry.Register({"h", "d", {{"class", "", "c"}}, factory}).ok());
  EXPECT_TRUE(registry.Make("g:agents.Foo").ok());
  EXPECT_EQ(seen, "agents.Foo");
  EXPECT_TRUE(registry.Make("g:class=agents.Bar").ok());
  EXPECT_EQ(seen, "agents.Bar");
  EXPECT_FALSE(registry.Make("g:agents.Foo,class=agents.Bar").ok());
  auto bare = registry.Make("h:agents.Foo");
  ASSERT_FALSE(bare.ok());
  EXPECT_NE(bare.error().message.find("expected key=value"), std::string::npos);
}

}  // namespace
}  // namespace parley
