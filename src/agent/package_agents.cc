// The four single-undertaking agents (docs/single-undertaking.md, "Agents"), on PackageAgent.

#include <algorithm>
#include <limits>

#include "package_agent.h"

namespace parley::agents {
namespace {

// Assignments enumerated per proposal before falling back to a greedy search.
constexpr double kEnumerationLimit = 100'000;

// ---------------------------------------------------------------------------------------------
// issue-by-issue: one issue at a time, most important first, each judged on its own.

class IssueByIssue final : public PackageAgent {
 public:
  explicit IssueByIssue(double e) { e_ = e; }

 protected:
  bool ReopensDeadEnds() const override { return false; }

  // The score an issue's value must reach now: from 1 down to 0 along the concession curve.
  double IssueTarget(double t) const { return TimeDependentTarget(t, e_, 0.0, 1.0); }

  std::vector<IssueValue> Propose(const Turn& turn, const UndertakingState& state) override {
    std::vector<size_t> open = OpenIssues(state, state.track);
    if (open.empty()) return {};
    const size_t focus = *std::max_element(open.begin(), open.end(), [&](size_t a, size_t b) {
      return model().weight[a] < model().weight[b] ||
             (model().weight[a] == model().weight[b] && a > b);
    });
    const double target = IssueTarget(StageTime(turn.time, state, state.track));
    const auto card = static_cast<ValueIndex>(setup().space().issue(focus).Cardinality());
    std::optional<IssueValue> best;
    double best_key = -std::numeric_limits<double>::infinity();
    for (ValueIndex v = 0; v < card; ++v) {
      const IssueValue iv{focus, v};
      const double score = model().Score(focus, v);
      if (score < target || !KeepsMyCommitments(state, {&iv, 1})) continue;
      if (!Reachable(state, {&iv, 1})) continue;
      // Among the values good enough for me, the one the others seem to like most.
      const double key = OpponentScore(state, {&iv, 1}) + 1e-6 * score;
      if (key > best_key) best = iv, best_key = key;
    }
    if (!best) best = IssueValue{focus, model().best[focus]};
    return {*best};
  }

  Acceptance Consider(const Turn& turn, const UndertakingState& state,
                      const StandingProposal& proposal) override {
    double weighted = 0, total = 0;
    for (const IssueValue& iv : proposal.values) {
      weighted += model().weight[iv.issue] * model().Score(iv.issue, iv.value);
      total += model().weight[iv.issue];
    }
    const double mean = total > 0 ? weighted / total : 1.0;
    Acceptance a;
    a.accept = mean >= IssueTarget(StageTime(turn.time, state, state.track)) &&
               KeepsMyCommitments(state, proposal.values) && Reachable(state, proposal.values);
    return a;
  }

 private:
  // It judges issues one by one until a final vote shows it what that costs: once it has
  // rejected a package, it never again agrees to a value that makes its reservation value
  // unreachable even if everything else went its way.
  bool Reachable(const UndertakingState& state, std::span<const IssueValue> values) {
    if (state.last_vote) {
      const FinalVote& v = *state.last_vote;
      for (size_t k = 0; k < v.ratifiers.size() && k < v.accepted.size(); ++k)
        learnt_ = learnt_ || (v.ratifiers[k] == setup().self() && !v.accepted[k]);
    }
    return !learnt_ || model().Estimate(With(state, values), 1.0) >= Reservation();
  }

  bool learnt_ = false;
};

// ---------------------------------------------------------------------------------------------
// Shared by the package-level agents: the best assignment of the open issues of the track.

struct Choice {
  std::vector<IssueValue> values;
  double estimate = 0;
};

// ---------------------------------------------------------------------------------------------
// package-dealer: whole track packages, nearest above a time-dependent target.

class PackageDealer : public PackageAgent {
 public:
  PackageDealer(double e, double expect) {
    e_ = e;
    expect_ = expect;
  }

 protected:
  /// True: among the packages at the target, prefer what the others seem to like.
  virtual bool UsesOpponentModel() const { return true; }

  std::vector<IssueValue> Propose(const Turn& turn, const UndertakingState& state) override {
    const std::vector<size_t> open = OpenIssues(state, state.track);
    const double target =
        Target(StageTime(turn.time, state, state.track), BestReachable(state, state.track));
    // Among the packages at or above the target: the one the others seem to like most, ties to
    // the one nearest the target (without an opponent model: the one nearest the target). Below
    // the target, the best I can do.
    std::optional<Choice> chosen, fallback;
    double chosen_key = -std::numeric_limits<double>::infinity();
    const bool enumerated = ForEachAssignment(open, kEnumerationLimit, [&](auto values) {
      if (!KeepsMyCommitments(state, values)) return;
      const double est = EstimateWith(state, values);
      if (!fallback || est > fallback->estimate)
        fallback = Choice{{values.begin(), values.end()}, est};
      if (est < target - 1e-12) return;
      const double key = UsesOpponentModel() ? OpponentScore(state, values) - 1e-3 * est : -est;
      if (!chosen || key > chosen_key + 1e-12) {
        chosen = Choice{{values.begin(), values.end()}, est};
        chosen_key = key;
      }
    });
    if (!enumerated) return Greedy(state, open, target);
    if (chosen) return chosen->values;
    if (fallback) return fallback->values;
    return {};
  }

  /// For tracks too large to enumerate: start from my best values and concede, issue by
  /// issue, the change that costs me least per point the others gain, while above the target.
  std::vector<IssueValue> Greedy(const UndertakingState& state, const std::vector<size_t>& open,
                                 double target) {
    std::vector<IssueValue> values;
    for (size_t i : open) values.push_back({i, model().best[i]});
    for (size_t step = 0; step < 4 * open.size(); ++step) {
      double best_ratio = -1;
      std::optional<IssueValue> change;
      for (size_t k = 0; k < values.size(); ++k) {
        const size_t i = values[k].issue;
        const auto card = static_cast<ValueIndex>(setup().space().issue(i).Cardinality());
        const IssueValue current = values[k];
        for (ValueIndex v = 0; v < card; ++v) {
          if (v == current.value) continue;
          values[k].value = v;
          const double est = EstimateWith(state, values);
          if (est >= target && KeepsMyCommitments(state, values)) {
            const double gain =
                OpponentScore(state, {&values[k], 1}) - OpponentScore(state, {&current, 1});
            const double cost = model().contribution[i][current.value] - model().contribution[i][v];
            const double ratio = gain / std::max(cost, 1e-9);
            if (gain > 0 && ratio > best_ratio) best_ratio = ratio, change = IssueValue{i, v};
          }
        }
        values[k] = current;
      }
      if (!change) break;
      for (IssueValue& iv : values)
        if (iv.issue == change->issue) iv.value = change->value;
    }
    return values;
  }

  Acceptance Consider(const Turn& turn, const UndertakingState& state,
                      const StandingProposal& proposal) override {
    const double target =
        Target(StageTime(turn.time, state, state.track), BestReachable(state, state.track));
    Acceptance a;
    a.accept = EstimateWith(state, proposal.values) >= target &&
               KeepsMyCommitments(state, proposal.values);
    return a;
  }
};

// ---------------------------------------------------------------------------------------------
// conditional-hardliner: concedes late and little, and accepts only with its hard constraints
// attached as conditions.

class ConditionalHardliner final : public PackageDealer {
 public:
  ConditionalHardliner(double e, double expect) : PackageDealer(e, expect) {}

 protected:
  bool UsesOpponentModel() const override { return false; }

  Acceptance Consider(const Turn& turn, const UndertakingState& state,
                      const StandingProposal& proposal) override {
    Acceptance a = PackageDealer::Consider(turn, state, proposal);
    if (!a.accept) return a;
    std::optional<std::vector<Clause>> conditions = Conditions(state, proposal);
    if (!conditions) return Acceptance{};
    a.conditions = std::move(*conditions);
    return a;
  }

 private:
  /// The clauses that keep my hard constraints once this proposal is agreed; nullopt when it
  /// would break one whatever happens next.
  std::optional<std::vector<Clause>> Conditions(const UndertakingState& state,
                                                const StandingProposal& proposal) const {
    const auto partial = With(state, proposal.values);
    auto in_proposal = [&](size_t issue) {
      return std::any_of(proposal.values.begin(), proposal.values.end(),
                         [&](const IssueValue& iv) { return iv.issue == issue; });
    };
    auto truth = [&](const Clause& c) -> int {  // 1 holds, 0 fails, -1 unknown
      if (!partial[c.issue]) return -1;
      return std::find(c.allowed.begin(), c.allowed.end(), *partial[c.issue]) != c.allowed.end();
    };
    std::vector<Clause> out;
    auto add = [&](Clause clause) -> bool {
      for (Clause& c : out) {
        if (c.issue != clause.issue) continue;
        std::vector<ValueIndex> both;
        for (ValueIndex v : c.allowed)
          if (std::find(clause.allowed.begin(), clause.allowed.end(), v) != clause.allowed.end())
            both.push_back(v);
        c.allowed = std::move(both);
        return !c.allowed.empty();
      }
      out.push_back(std::move(clause));
      return true;
    };
    for (const Constraint& c : setup().profile().profile().constraints) {
      int holding = 0, unknown = 0;
      const Clause* open_when = nullptr;
      for (const Clause& w : c.when) {
        const int v = truth(w);
        holding += v == 1;
        if (v == -1) ++unknown, open_when = &w;
      }
      const bool fails_somewhere = holding + unknown < static_cast<int>(c.when.size());
      if (fails_somewhere) continue;  // the constraint does not apply
      const int then = truth(c.then);
      if (unknown == 0) {
        if (then == 0) return std::nullopt;
        // "Only if": protect the required value even if it is reopened later.
        if (!in_proposal(c.then.issue) && !add(c.then)) return std::nullopt;
      } else if (unknown == 1 && then == 0) {
        // The requirement already fails: the trigger must not happen.
        Clause never{open_when->issue, {}};
        const auto card = static_cast<ValueIndex>(setup().space().issue(never.issue).Cardinality());
        for (ValueIndex v = 0; v < card; ++v)
          if (std::find(open_when->allowed.begin(), open_when->allowed.end(), v) ==
              open_when->allowed.end())
            never.allowed.push_back(v);
        if (never.allowed.empty() || !add(std::move(never))) return std::nullopt;
      }
    }
    std::sort(out.begin(), out.end(),
              [](const Clause& a, const Clause& b) { return a.issue < b.issue; });
    return out;
  }
};

// ---------------------------------------------------------------------------------------------
// logroller: gives way first on the issues that matter little to it and much to the others,
// holds its high-weight issues, and makes concessions conditional on them.

class Logroller final : public PackageAgent {
 public:
  Logroller(double e, double expect) {
    e_ = e;
    expect_ = expect;
  }

 protected:
  std::vector<IssueValue> Propose(const Turn& turn, const UndertakingState& state) override {
    const std::vector<size_t> open = OpenIssues(state, state.track);
    const double target =
        Target(StageTime(turn.time, state, state.track), BestReachable(state, state.track));
    std::vector<IssueValue> values;
    for (size_t i : open) values.push_back({i, model().best[i]});
    // Trade order: lowest own weight per unit of the others' estimated weight first.
    std::vector<size_t> order(values.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    auto ratio = [&](size_t k) {
      const size_t i = values[k].issue;
      return model().weight[i] / std::max(OpponentWeight(state, i), 1e-9);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return ratio(a) < ratio(b); });
    for (size_t k : order) {
      const size_t i = values[k].issue;
      const IssueValue mine = values[k];
      const auto card = static_cast<ValueIndex>(setup().space().issue(i).Cardinality());
      // The value the others like best among those that keep me at the target.
      std::optional<ValueIndex> pick;
      double pick_key = OpponentScore(state, {&mine, 1});
      for (ValueIndex v = 0; v < card; ++v) {
        values[k].value = v;
        if (EstimateWith(state, values) < target || !KeepsMyCommitments(state, values)) continue;
        const double key = OpponentScore(state, {&values[k], 1});
        if (key > pick_key + 1e-12) pick = v, pick_key = key;
      }
      values[k].value = pick.value_or(mine.value);
    }
    if (!KeepsMyCommitments(state, values)) return {};
    return values;
  }

  Acceptance Consider(const Turn& turn, const UndertakingState& state,
                      const StandingProposal& proposal) override {
    const double target =
        Target(StageTime(turn.time, state, state.track), BestReachable(state, state.track));
    Acceptance a;
    if (EstimateWith(state, proposal.values) < target ||
        !KeepsMyCommitments(state, proposal.values))
      return a;
    a.accept = true;
    // The trade, made explicit: if I give way on an issue, I want my most important undecided
    // issue (outside this proposal) to come out well enough to keep me at the target.
    double conceded_weight = 0;
    for (const IssueValue& iv : proposal.values)
      if (model().Score(iv.issue, iv.value) < 1.0)
        conceded_weight = std::max(conceded_weight, model().weight[iv.issue]);
    if (conceded_weight == 0) return a;
    const auto partial = With(state, proposal.values);
    std::optional<size_t> high;
    for (size_t i = 0; i < partial.size(); ++i)
      if (!partial[i] && model().weight[i] > conceded_weight &&
          (!high || model().weight[i] > model().weight[*high]))
        high = i;
    if (!high) return a;
    Clause clause{*high, {}};
    std::vector<IssueValue> with = proposal.values;
    with.push_back({*high, 0});
    const auto card = static_cast<ValueIndex>(setup().space().issue(*high).Cardinality());
    for (ValueIndex v = 0; v < card; ++v) {
      with.back().value = v;
      if (EstimateWith(state, with) >= target) clause.allowed.push_back(v);
    }
    if (clause.allowed.empty()) return Acceptance{};
    if (clause.allowed.size() < card) a.conditions.push_back(std::move(clause));
    return a;
  }
};

template <typename T>
Result<std::unique_ptr<Negotiator>> MakeWith(SpecParams& params, double e_default) {
  PARLEY_ASSIGN_OR_RETURN(double e, params.Double("e", e_default, 0.0, 100.0));
  PARLEY_ASSIGN_OR_RETURN(double expect, params.Double("expect", 0.5, 0.0, 1.0));
  return std::unique_ptr<Negotiator>(std::make_unique<T>(e, expect));
}

}  // namespace

void RegisterPackageAgents(Registry<Negotiator>& registry) {
  const ParameterInfo expect{"expect", "0.5",
                             "expected score (0 worst, 1 best) of issues not yet decided"};
  auto add = [&](RegistryEntry<Negotiator> entry) {
    Status s = registry.Register(std::move(entry));
    (void)s;  // built-in names are valid and distinct
  };
  add({"issue-by-issue",
       "single undertaking: settles one issue at a time, most important first, each value "
       "judged on its own against a time-dependent target",
       {{"e", "1", "concession exponent of the per-issue target (1 linear)"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(double e, params.Double("e", 1.0, 0.0, 100.0));
         return std::unique_ptr<Negotiator>(std::make_unique<IssueByIssue>(e));
       }});
  add({"logroller",
       "single undertaking: trades its low-weight issues for its high-weight ones, using a model "
       "of the others' weights learnt from their moves; conditions its concessions",
       {{"e", "0.5", "concession exponent (below 1: Boulware)"}, expect},
       [](SpecParams& params) { return MakeWith<Logroller>(params, 0.5); }});
  add({"package-dealer",
       "single undertaking: proposes whole track packages nearest above a time-dependent target, "
       "preferring what the others seem to like",
       {{"e", "0.5", "concession exponent (below 1: Boulware)"}, expect},
       [](SpecParams& params) { return MakeWith<PackageDealer>(params, 0.5); }});
  add({"conditional-hardliner",
       "single undertaking: concedes late and little, and accepts only with its hard constraints "
       "attached as conditions",
       {{"e", "0.1", "concession exponent (0: never concedes)"}, expect},
       [](SpecParams& params) { return MakeWith<ConditionalHardliner>(params, 0.1); }});
}

}  // namespace parley::agents
