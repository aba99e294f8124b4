#include "analysis_test_util.h"

#include <algorithm>
#include <cmath>

namespace parley::analysis_testing {
namespace {

size_t Between(Rng& rng, size_t lo, size_t hi) { return lo + rng.Below(hi - lo + 1); }

std::vector<double> RandomWeights(Rng& rng, size_t n, bool dyadic, bool decimal = false) {
  std::vector<double> w(n, 0);
  if (dyadic || decimal) {
    // Units of 1/8, or of 1/20 counted in integers and divided once, as a file would write them.
    const int units = dyadic ? 8 : 20;
    std::vector<int> count(n, 0);
    for (int unit = 0; unit < units; ++unit) count[rng.Below(n)] += 1;
    for (size_t i = 0; i < n; ++i) w[i] = count[i] / static_cast<double>(units);
    return w;
  }
  double sum = 0;
  for (double& x : w) sum += (x = rng.Uniform(0.01, 1));
  for (double& x : w) x /= sum;
  return w;
}

double RandomValue(Rng& rng, bool dyadic, bool decimal = false) {
  if (dyadic) return 0.25 * static_cast<double>(rng.Below(5));
  if (decimal) return static_cast<double>(rng.Below(11)) / 10;
  // A few repeated values so that ties happen even with random weights.
  if (rng.Bernoulli(0.3)) return std::vector<double>{0, 0.3, 0.7, 1}[rng.Below(4)];
  return rng.Uniform();
}

RectangleNode RandomNode(Rng& rng, const OutcomeSpace& space, int depth) {
  RectangleNode node;
  node.aggregation = static_cast<RectangleNode::Aggregation>(rng.Below(3));
  node.weight = rng.Uniform(0.5, 1);
  const size_t rects = Between(rng, 1, 4);
  for (size_t r = 0; r < rects; ++r) {
    HyperRectangle rect;
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      if (!rng.Bernoulli(0.6)) continue;
      const auto card = static_cast<ValueIndex>(space.issue(i).Cardinality());
      ValueIndex a = static_cast<ValueIndex>(rng.Below(card));
      ValueIndex b = static_cast<ValueIndex>(rng.Below(card));
      if (a > b) std::swap(a, b);
      (rng.Bernoulli(0.8) ? rect.includes : rect.excludes).push_back({i, a, b});
    }
    rect.utility = rng.Bernoulli(0.3) ? 0.5 : rng.Uniform(0, 1);
    node.rectangles.push_back(rect);
  }
  if (depth < 1 && rng.Bernoulli(0.3)) node.children.push_back(RandomNode(rng, space, depth + 1));
  return node;
}

Clause RandomClause(Rng& rng, const OutcomeSpace& space) {
  Clause clause;
  clause.issue = rng.Below(space.NumIssues());
  const auto card = static_cast<ValueIndex>(space.issue(clause.issue).Cardinality());
  for (ValueIndex v = 0; v < card; ++v)
    if (rng.Bernoulli(0.6)) clause.allowed.push_back(v);
  if (clause.allowed.empty()) clause.allowed.push_back(static_cast<ValueIndex>(rng.Below(card)));
  return clause;
}

}  // namespace

Scenario RandomScenario(Rng& rng, const RandomScenarioSpec& spec) {
  Scenario s;
  s.name = "random";
  std::vector<Issue> issues;
  const size_t n_issues = Between(rng, 1, spec.max_issues);
  double size = 1;
  for (size_t i = 0; i < n_issues; ++i) {
    const size_t card = Between(rng, 1, spec.max_values);
    if (size * static_cast<double>(card) > spec.max_outcomes) break;
    size *= static_cast<double>(card);
    std::vector<std::string> names;
    for (size_t v = 0; v < card; ++v) names.push_back("v" + std::to_string(v));
    issues.push_back(Issue::Discrete("i" + std::to_string(i), names));
  }
  s.space = OutcomeSpace(std::move(issues));
  const size_t parties = Between(rng, spec.min_parties, spec.max_parties);
  for (size_t p = 0; p < parties; ++p) {
    Party party;
    party.name = "p" + std::to_string(p);
    party.profile.name = party.name;
    if (spec.non_additive && rng.Bernoulli(0.7)) {
      HyperRectangleUtility h;
      h.nodes.push_back(RandomNode(rng, s.space, 0));
      if (rng.Bernoulli(0.5)) h.nodes.push_back(RandomNode(rng, s.space, 0));
      h.max_utility = rng.Uniform(1, 3);
      party.profile.utility = h;
    } else {
      AdditiveUtility a;
      a.weights = RandomWeights(rng, s.space.NumIssues(), spec.dyadic, spec.decimal);
      for (size_t i = 0; i < s.space.NumIssues(); ++i) {
        ValueFunction f;
        for (size_t v = 0; v < s.space.issue(i).Cardinality(); ++v)
          f.table.push_back(RandomValue(rng, spec.dyadic, spec.decimal));
        a.issues.push_back(f);
      }
      party.profile.utility = a;
    }
    if (spec.reservations && rng.Bernoulli(0.7))
      party.profile.reservation_value = spec.dyadic    ? 0.125 * static_cast<double>(rng.Below(7))
                                        : spec.decimal ? static_cast<double>(rng.Below(9)) / 10
                                                       : rng.Uniform(0, 0.8);
    if (spec.constraints && rng.Bernoulli(0.5)) {
      const size_t n = Between(rng, 1, 2);
      for (size_t c = 0; c < n; ++c) {
        Constraint constraint;
        constraint.description = "random";
        if (rng.Bernoulli(0.7)) constraint.when.push_back(RandomClause(rng, s.space));
        constraint.then = RandomClause(rng, s.space);
        party.profile.constraints.push_back(constraint);
      }
    }
    s.parties.push_back(party);
  }
  // Values every additive party values alike make outcomes with equal utility vectors.
  if (rng.Bernoulli(0.4)) {
    const size_t i = rng.Below(s.space.NumIssues());
    const size_t card = s.space.issue(i).Cardinality();
    const size_t a = rng.Below(card), b = rng.Below(card);
    for (Party& party : s.parties)
      if (party.profile.IsAdditive()) {
        auto& table = std::get<AdditiveUtility>(party.profile.utility).issues[i].table;
        table[b] = table[a];
      }
  }
  return s;
}

Scenario LinearScenario(uint64_t seed, size_t parties, size_t issues, size_t values) {
  Rng rng(seed);
  Scenario s;
  s.name = "linear-" + std::to_string(issues) + "x" + std::to_string(values);
  std::vector<Issue> list;
  for (size_t i = 0; i < issues; ++i) {
    std::vector<std::string> names;
    for (size_t v = 0; v < values; ++v) names.push_back("v" + std::to_string(v));
    list.push_back(Issue::Discrete("issue" + std::to_string(i), names));
  }
  s.space = OutcomeSpace(std::move(list));
  for (size_t p = 0; p < parties; ++p) {
    AdditiveUtility a;
    a.weights = RandomWeights(rng, issues, false);
    for (size_t i = 0; i < issues; ++i) {
      ValueFunction f;
      for (size_t v = 0; v < values; ++v) f.table.push_back(rng.Uniform());
      const double max = *std::max_element(f.table.begin(), f.table.end());
      for (double& x : f.table) x /= max;
      a.issues.push_back(f);
    }
    Party party;
    party.name = "party" + std::to_string(p);
    party.profile.name = party.name;
    party.profile.utility = a;
    s.parties.push_back(party);
  }
  return s;
}

Reference BruteForce(const Scenario& scenario) {
  Reference ref;
  const OutcomeSpace& space = scenario.space;
  const size_t parties = scenario.NumParties();
  // Keys independent of analysis_internal::PartyKeys: each utility as EvaluateUtility computes
  // it, rounded to 12 decimals. Sums that are mathematically equal (decimal inputs) meet.
  const auto key_of = [](double u) { return std::llround(u * 1e12); };
  std::vector<int64_t> thresholds;
  for (const Party& party : scenario.parties) {
    thresholds.push_back(key_of(party.profile.reservation_value));
    ref.rv.push_back(party.profile.reservation_value);
  }
  Outcome o(space.NumIssues(), 0);
  do {
    bool ok = true;
    for (const Party& party : scenario.parties) ok &= SatisfiesConstraints(party.profile, o);
    if (!ok) continue;
    std::vector<double> u;
    std::vector<int64_t> k;
    bool zopa = true, zopa_doubles = true;
    for (size_t p = 0; p < parties; ++p) {
      u.push_back(EvaluateUtility(scenario.parties[p].profile, o));
      k.push_back(key_of(u[p]));
      zopa &= k[p] > thresholds[p];
      zopa_doubles &= u[p] > ref.rv[p];
    }
    ref.zopa += zopa;
    ref.zopa_doubles += zopa_doubles;
    ref.acceptable.push_back(o);
    ref.utilities.push_back(u);
    ref.keys.push_back(k);
  } while (space.Next(o));
  const size_t n = ref.acceptable.size();
  for (size_t i = 0; i < n; ++i) {
    bool dominated = false;
    for (size_t j = 0; j < n && !dominated; ++j) {
      bool ge = true, gt = false;
      for (size_t p = 0; p < parties; ++p) {
        ge &= ref.keys[j][p] >= ref.keys[i][p];
        gt |= ref.keys[j][p] > ref.keys[i][p];
      }
      dominated = ge && gt;
    }
    if (!dominated) ref.frontier.push_back(i);
  }
  ref.best.assign(parties, -1e300);
  ref.worst.assign(parties, 1e300);
  for (const auto& u : ref.utilities)
    for (size_t p = 0; p < parties; ++p) {
      ref.best[p] = std::max(ref.best[p], u[p]);
      ref.worst[p] = std::min(ref.worst[p], u[p]);
    }
  return ref;
}

std::vector<Outcome> SortedOutcomes(const ParetoFrontier& frontier) {
  std::vector<Outcome> out;
  for (const auto& p : frontier.points) out.push_back(p.outcome);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Outcome> SortedFrontier(const Reference& ref) {
  std::vector<Outcome> out;
  for (size_t i : ref.frontier) out.push_back(ref.acceptable[i]);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace parley::analysis_testing
