#include "parley/talks/talks_analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "parley/io/scenario_io.h"
#include "parley/talks/talks_setup.h"
#include "test_util.h"

namespace parley {
namespace {

class TalksAnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto doha = LoadBuiltinScenario("doha-2019");
    ASSERT_TRUE(doha.ok()) << doha.error().ToString();
    doha_ = std::move(*doha);
    auto ledger = Ledger::Open(path_.path());
    ASSERT_TRUE(ledger.ok());
    ledger_ = std::make_unique<Ledger>(std::move(*ledger));
    auto created = ImportDohaHistory(*ledger_, doha_);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    auto state = ledger_->Load(created->info.id);
    ASSERT_TRUE(state.ok());
    state_ = std::move(*state);
    status_ = ComputeStatus(state_);
  }

  testing::TempLedgerPath path_;
  Scenario doha_;
  std::unique_ptr<Ledger> ledger_;
  LedgerState state_;
  TalksStatus status_;
};

// Brute force over the full space: the packages consistent with the draft, acceptable to every
// party (its constraints and the conditions standing in the record).
TEST_F(TalksAnalysisTest, MatchesBruteForceOnTheDohaLedger) {
  auto analysis = AnalyzeDraft(state_, status_);
  ASSERT_TRUE(analysis.ok()) << analysis.error().ToString();
  const auto fixed = status_.Package();
  const auto ct = *doha_.space.FindIssue("counter_terrorism");
  ASSERT_TRUE(fixed[ct].has_value());
  EXPECT_EQ(analysis->fixed, fixed);
  EXPECT_EQ(analysis->origins, (std::vector<std::string>(3, "estimated")));

  std::vector<Profile> profiles;
  for (const Party& party : doha_.parties) profiles.push_back(party.profile);
  for (const ConditionCheck& check : status_.conditions)
    profiles[check.party].constraints.push_back(check.condition);
  std::vector<std::vector<double>> acceptable;
  std::vector<Outcome> outcomes;
  double zopa = 0;
  Outcome o(doha_.space.NumIssues(), 0);
  do {
    if (o[ct] != *fixed[ct]) continue;
    bool ok = true;
    std::vector<double> u;
    for (const Profile& p : profiles) {
      ok = ok && SatisfiesConstraints(p, o);
      u.push_back(EvaluateUtility(p, o));
    }
    if (!ok) continue;
    bool above = true;
    for (size_t p = 0; p < u.size(); ++p) above = above && u[p] > profiles[p].reservation_value;
    zopa += above;
    acceptable.push_back(u);
    outcomes.push_back(o);
  } while (doha_.space.Next(o));
  // Packages: consistent with the draft and acceptable under every constraint and condition.
  EXPECT_EQ(analysis->packages, static_cast<double>(acceptable.size()));
  EXPECT_EQ(analysis->zopa.outcomes, zopa);

  // Pareto set by brute force: utility vectors not dominated by another.
  auto dominates = [](const std::vector<double>& a, const std::vector<double>& b) {
    bool strict = false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] < b[i] - 1e-12) return false;
      strict = strict || a[i] > b[i] + 1e-12;
    }
    return strict;
  };
  size_t pareto = 0;
  for (size_t i = 0; i < acceptable.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < acceptable.size() && !dominated; ++j)
      dominated = dominates(acceptable[j], acceptable[i]);
    pareto += !dominated;
  }
  EXPECT_EQ(analysis->frontier.points.size(), pareto);
  for (const UtilityPoint& point : analysis->frontier.points) {
    EXPECT_EQ(point.outcome[ct], *fixed[ct]) << "a frontier package breaks the draft";
    EXPECT_EQ(point.outcome.size(), doha_.space.NumIssues());
  }

  // Nash by brute force.
  double best = -1;
  for (const auto& u : acceptable) {
    double product = 1;
    bool feasible = true;
    for (size_t p = 0; p < u.size(); ++p) {
      feasible = feasible && u[p] >= profiles[p].reservation_value;
      product *= u[p] - profiles[p].reservation_value;
    }
    if (feasible) best = std::max(best, product);
  }
  if (best < 0) {
    EXPECT_FALSE(analysis->nash.has_value());
  } else {
    ASSERT_TRUE(analysis->nash.has_value());
    double product = 1;
    for (size_t p = 0; p < profiles.size(); ++p)
      product *= analysis->nash->utilities[p] - profiles[p].reservation_value;
    EXPECT_NEAR(product, best, 1e-9);
    EXPECT_EQ(analysis->nash->outcome[ct], *fixed[ct]);
  }
}

TEST_F(TalksAnalysisTest, FixingMoreIssuesShrinksThePackages) {
  auto before = AnalyzeDraft(state_, status_);
  ASSERT_TRUE(before.ok());
  LedgerEntry agree;
  agree.kind = EntryKind::kAgreement;
  agree.date = "2019-05-01";
  agree.values = {{*doha_.space.FindIssue("troop_withdrawal"), 5}};
  ASSERT_TRUE(ledger_->Append(state_.info.id, agree).ok());
  auto state = ledger_->Load(state_.info.id);
  const TalksStatus status = ComputeStatus(*state);
  auto after = AnalyzeDraft(*state, status);
  ASSERT_TRUE(after.ok()) << after.error().ToString();
  EXPECT_GT(after->packages, 0);
  EXPECT_LT(after->packages * 2, before->packages);  // one of six withdrawal options left
  for (const UtilityPoint& point : after->frontier.points) EXPECT_EQ(point.outcome[0], 5u);
}

TEST(TalksAnalysisMissingTest, APartyWithoutAProfileIsNamed) {
  LedgerState state;
  state.structure = testing::SmallTalks();
  auto draft = DraftScenario(state, ComputeStatus(state));
  ASSERT_FALSE(draft.ok());
  EXPECT_NE(draft.error().message.find("US, Taliban, Government"), std::string::npos)
      << draft.error().message;
}

}  // namespace
}  // namespace parley
