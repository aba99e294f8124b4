#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "frontier_internal.h"
#include "parley/analysis/hyper_rectangle_frontier.h"
#include "parley/core/text.h"
#include "parley/preference/compiled_profile.h"
#include "skyline.h"

namespace parley {
namespace analysis_internal {
namespace {

std::string Count(double n) {
  if (!std::isfinite(n)) return FormatCount(n);
  if (n < 1e15) return std::to_string(static_cast<uint64_t>(n));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", n);
  return buf;
}

// The size of a space, correct beyond 2^64 and beyond double's range.
std::string SpaceSize(const OutcomeSpace& space) {
  std::vector<uint64_t> sizes;
  for (const Issue& issue : space.issues()) sizes.push_back(issue.Cardinality());
  return FormatProduct(sizes);
}

Error TooManyPoints(double distinct, const AnalysisOptions& options) {
  return Error::Unsupported("the Pareto frontier has more than " +
                            Count(options.max_frontier_points) +
                            " distinct utility vectors (found " + Count(distinct) +
                            " so far); raise max_frontier_points to compute it");
}

// One component step of the issue-by-issue construction: the distinct non-dominated partial
// utility vectors (nodes) and, for each, the (parent node, combination) pairs reaching it.
struct Stage {
  size_t component = 0;
  std::vector<uint32_t> edge_begin;  // nodes + 1 offsets into the edge arrays
  std::vector<uint32_t> edge_parent;
  std::vector<uint32_t> edge_combo;
};

// Appends every outcome of `node` at stage `s` (all paths back to the root) to `out`.
void Expand(const std::vector<Stage>& stages, const AdditiveModel& model, size_t s, uint32_t node,
            Outcome& current, std::vector<Outcome>& out) {
  const Stage& stage = stages[s];
  const Component& comp = model.components[stage.component];
  for (uint32_t e = stage.edge_begin[node]; e < stage.edge_begin[node + 1]; ++e) {
    const ValueIndex* combo = comp.combo(stage.edge_combo[e]);
    for (size_t j = 0; j < comp.issues.size(); ++j) current[comp.issues[j]] = combo[j];
    if (s == 0) {
      out.push_back(current);
    } else {
      Expand(stages, model, s - 1, stage.edge_parent[e], current, out);
    }
  }
}

}  // namespace

bool Enumerable(const Scenario& scenario, const AnalysisOptions& options) {
  return scenario.space.Indexable() && scenario.space.Size() <= options.max_enumeration;
}

void FinishFrontier(const Scenario& scenario, std::vector<Outcome> outcomes,
                    ParetoFrontier& frontier) {
  std::vector<CompiledProfile> compiled;
  compiled.reserve(scenario.NumParties());
  for (const Party& party : scenario.parties) compiled.emplace_back(party.profile);
  frontier.points.clear();
  frontier.points.reserve(outcomes.size());
  for (Outcome& o : outcomes) {
    UtilityPoint point;
    point.utilities.reserve(compiled.size());
    for (const CompiledProfile& c : compiled) point.utilities.push_back(c.Utility(o));
    point.outcome = std::move(o);
    frontier.points.push_back(std::move(point));
  }
  std::sort(frontier.points.begin(), frontier.points.end(),
            [](const UtilityPoint& a, const UtilityPoint& b) {
              if (a.utilities != b.utilities)
                return std::lexicographical_compare(b.utilities.begin(), b.utilities.end(),
                                                    a.utilities.begin(), a.utilities.end());
              return a.outcome < b.outcome;
            });
}

Result<ParetoFrontier> AdditiveFrontier(const Scenario& scenario, const AdditiveModel& model,
                                        const AnalysisOptions& options, const Deadline& deadline) {
  const size_t parties = model.parties;
  const size_t n_issues = scenario.space.NumIssues();
  const size_t n_comp = model.components.size();
  ParetoFrontier frontier;
  frontier.method = "additive issue-by-issue";
  const double max_nodes = std::min(options.max_frontier_points, 2e9);

  // A combination dominated within its own component is dominated in every outcome using it.
  std::vector<std::vector<uint32_t>> kept(n_comp);
  for (size_t c = 0; c < n_comp; ++c) {
    kept[c] = NonDominated(model.components[c].keys, parties, &deadline);
    if (deadline.Expired()) return deadline.TimeoutError("the Pareto frontier");
    if (kept[c].empty()) return frontier;  // no acceptable outcome at all
  }
  // Components with many surviving combinations first: they multiply a small partial frontier
  // early instead of a large one late.
  std::vector<size_t> order(n_comp);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return kept[a].size() > kept[b].size(); });

  std::vector<int64_t> node_keys(parties, 0);  // the root: nothing chosen yet
  std::vector<double> node_counts(1, 1.0);
  std::vector<Outcome> node_reps(1, Outcome(n_issues, 0));  // lowest-index outcome per node
  std::vector<Stage> stages;
  stages.reserve(n_comp);
  std::vector<int64_t> key(parties);
  for (size_t c : order) {
    if (deadline.Expired()) return deadline.TimeoutError("the Pareto frontier");
    const Component& comp = model.components[c];
    const size_t nodes = node_counts.size();
    FrontierAccumulator acc(parties);
    acc.set_deadline(&deadline);
    // Checked by candidates, not by nodes: one node can have 10^5 candidates (a real issue at a
    // fine resolution), and 4096 nodes of them took minutes.
    DeadlineCheck check(&deadline, 1 << 16);
    for (size_t node = 0; node < nodes; ++node) {
      if (check.Expired(kept[c].size())) return deadline.TimeoutError("the Pareto frontier");
      const int64_t* base = node_keys.data() + node * parties;
      for (uint32_t combo : kept[c]) {
        const int64_t* add = comp.key(combo, parties);
        for (size_t p = 0; p < parties; ++p) key[p] = base[p] + add[p];
        acc.Add(key.data(), (static_cast<uint64_t>(node) << 32) | combo);
      }
    }
    acc.Reduce();
    if (deadline.Expired()) return deadline.TimeoutError("the Pareto frontier");

    // Group equal vectors into nodes; their entries become the nodes' edges.
    std::vector<uint32_t> entries(acc.size());
    std::iota(entries.begin(), entries.end(), 0u);
    std::sort(entries.begin(), entries.end(), [&](uint32_t a, uint32_t b) {
      if (!std::equal(acc.key(a), acc.key(a) + parties, acc.key(b)))
        return std::lexicographical_compare(acc.key(a), acc.key(a) + parties, acc.key(b),
                                            acc.key(b) + parties);
      return acc.payload(a) < acc.payload(b);
    });
    Stage stage;
    stage.component = c;
    std::vector<int64_t> next_keys;
    std::vector<double> next_counts;
    std::vector<Outcome> next_reps;
    Outcome candidate;
    for (size_t j = 0; j < entries.size(); ++j) {
      const uint32_t i = entries[j];
      const bool new_node =
          j == 0 || !std::equal(acc.key(i), acc.key(i) + parties, acc.key(entries[j - 1]));
      const uint32_t parent = static_cast<uint32_t>(acc.payload(i) >> 32);
      const uint32_t combo = static_cast<uint32_t>(acc.payload(i) & 0xffffffffu);
      candidate = node_reps[parent];
      const ValueIndex* values = comp.combo(combo);
      for (size_t k = 0; k < comp.issues.size(); ++k) candidate[comp.issues[k]] = values[k];
      if (new_node) {
        if (static_cast<double>(next_counts.size()) >= max_nodes)
          return TooManyPoints(static_cast<double>(next_counts.size()) + 1, options);
        stage.edge_begin.push_back(static_cast<uint32_t>(stage.edge_parent.size()));
        next_keys.insert(next_keys.end(), acc.key(i), acc.key(i) + parties);
        next_counts.push_back(0);
        next_reps.push_back(candidate);
      } else if (candidate < next_reps.back()) {
        next_reps.back() = candidate;
      }
      next_counts.back() += node_counts[parent];
      stage.edge_parent.push_back(parent);
      stage.edge_combo.push_back(combo);
    }
    stage.edge_begin.push_back(static_cast<uint32_t>(stage.edge_parent.size()));
    stages.push_back(std::move(stage));
    node_keys = std::move(next_keys);
    node_counts = std::move(next_counts);
    node_reps = std::move(next_reps);
  }

  frontier.outcome_count = std::accumulate(node_counts.begin(), node_counts.end(), 0.0);
  std::vector<Outcome> outcomes;
  if (frontier.outcome_count <= options.max_frontier_points) {
    outcomes.reserve(static_cast<size_t>(frontier.outcome_count));
    Outcome current(n_issues, 0);
    for (uint32_t node = 0; node < node_counts.size(); ++node)
      Expand(stages, model, stages.size() - 1, node, current, outcomes);
  } else {
    frontier.all_equivalents_listed = false;
    outcomes = std::move(node_reps);
  }
  FinishFrontier(scenario, std::move(outcomes), frontier);
  return frontier;
}

Result<EnumerationResult> EnumerateScenario(const Scenario& scenario,
                                            const AnalysisOptions& options,
                                            const Deadline& deadline) {
  const OutcomeSpace& space = scenario.space;
  const size_t parties = scenario.NumParties();
  if (!space.Indexable() || space.Size() > options.max_enumeration)
    return Error::Unsupported("the outcome space has " + SpaceSize(space) +
                              " outcomes, more than the enumeration limit of " +
                              Count(options.max_enumeration));
  std::vector<PartyKeys> keys;
  std::vector<CompiledProfile> compiled;
  std::vector<int64_t> thresholds;
  for (const Party& party : scenario.parties) {
    PARLEY_ASSIGN_OR_RETURN(PartyKeys k, MakePartyKeys(party.profile, space));
    thresholds.push_back(k.Threshold(party.profile.reservation_value));
    keys.push_back(std::move(k));
    compiled.emplace_back(party.profile);
  }
  const bool any_constraints = std::any_of(compiled.begin(), compiled.end(),
                                           [](const auto& c) { return c.has_constraints(); });

  EnumerationResult result;
  result.frontier.method = "enumeration";
  result.best_index.assign(parties, 0);
  result.worst_index.assign(parties, 0);
  std::vector<int64_t> best(parties), worst(parties), key(parties);
  FrontierAccumulator acc(parties, options.max_frontier_points, size_t{1} << 20, 4096);
  acc.set_deadline(&deadline);
  const uint64_t size = space.SizeExact();
  Outcome outcome(space.NumIssues(), 0);
  for (uint64_t index = 0; index < size; ++index, space.Next(outcome)) {
    if ((index & 0xffff) == 0xffff && deadline.Expired())
      return deadline.TimeoutError("enumerating the outcome space");
    if (any_constraints &&
        !std::all_of(compiled.begin(), compiled.end(),
                     [&](const CompiledProfile& c) { return c.Acceptable(outcome); }))
      continue;
    bool in_zopa = true;
    for (size_t p = 0; p < parties; ++p) {
      key[p] =
          keys[p].additive ? keys[p].Key(outcome) : keys[p].KeyOf(compiled[p].Utility(outcome));
      in_zopa &= key[p] > thresholds[p];
      if (result.acceptable == 0 || key[p] > best[p]) {
        best[p] = key[p];
        result.best_index[p] = index;
      }
      if (result.acceptable == 0 || key[p] < worst[p]) {
        worst[p] = key[p];
        result.worst_index[p] = index;
      }
    }
    result.acceptable += 1;
    if (in_zopa) result.zopa += 1;
    acc.Add(key.data(), index);
  }
  acc.Reduce();
  if (deadline.Expired()) return deadline.TimeoutError("enumerating the outcome space");
  if (static_cast<double>(acc.size()) > options.max_frontier_points)
    return TooManyPoints(static_cast<double>(acc.size()), options);
  std::vector<Outcome> outcomes;
  outcomes.reserve(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    outcomes.push_back(space.FromIndex(acc.payload(i)));
    result.frontier.outcome_count += acc.count(i);
  }
  result.frontier.all_equivalents_listed = !acc.collapsed();
  FinishFrontier(scenario, std::move(outcomes), result.frontier);
  return result;
}

Result<ParetoFrontier> NonAdditiveFrontier(const Scenario& scenario, const AnalysisOptions& options,
                                           const Deadline& deadline) {
  if (Enumerable(scenario, options)) {
    PARLEY_ASSIGN_OR_RETURN(EnumerationResult result,
                            EnumerateScenario(scenario, options, deadline));
    return std::move(result.frontier);
  }
  // Too large to enumerate: branch and bound over the profiles' rectangles (ANAC 2014;
  // additive profiles join as single-issue rectangles). One outcome per utility vector.
  HyperRectangleSearchOptions search;
  // Like Deadline: a limit that is not positive has already expired.
  search.time_limit_seconds = options.time_limit_seconds > 0 ? options.time_limit_seconds : 1e-9;
  PARLEY_ASSIGN_OR_RETURN(ParetoFrontier frontier, HyperRectangleParetoFrontier(scenario, search));
  if (!frontier.exact && !options.allow_approximation) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", options.time_limit_seconds);
    return Error::Unsupported(
        "the outcome space has " + SpaceSize(scenario.space) +
        " outcomes and the branch and bound for its exact Pareto frontier did not finish within "
        "the time limit of " +
        limit + " s; raise the limit or allow an approximation (the best outcomes found)");
  }
  if (static_cast<double>(frontier.points.size()) > options.max_frontier_points)
    return TooManyPoints(static_cast<double>(frontier.points.size()), options);
  frontier.outcome_count = static_cast<double>(frontier.points.size());
  frontier.all_equivalents_listed = false;
  return frontier;
}

}  // namespace analysis_internal

Result<ParetoFrontier> ComputeParetoFrontier(const Scenario& scenario,
                                             const AnalysisOptions& options) {
  PARLEY_RETURN_IF_ERROR(ValidateScenario(scenario));
  const analysis_internal::Deadline deadline(options.time_limit_seconds);
  if (analysis_internal::AllAdditive(scenario)) {
    auto model = analysis_internal::BuildAdditiveModel(scenario, options, &deadline);
    if (model.ok()) return analysis_internal::AdditiveFrontier(scenario, *model, options, deadline);
    // Constraints tie too many issues to work component by component: enumerate if possible,
    // else branch and bound (NonAdditiveFrontier does both).
    if (model.error().code != ErrorCode::kUnsupported || deadline.Expired()) return model.error();
  }
  return analysis_internal::NonAdditiveFrontier(scenario, options, deadline);
}

}  // namespace parley
