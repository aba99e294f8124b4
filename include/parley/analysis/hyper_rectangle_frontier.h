#pragma once

/// \file
/// The Pareto frontier of scenarios too large to enumerate whose profiles are hyper-rectangle
/// utilities (ANAC 2014 non-linear, GENIUS `NonlinearUtilitySpace`), additive utilities, or any mix
/// of the two, found by multi-objective branch and bound over the issues. docs/anac2014.md
/// describes the method and its results on the ANAC 2014 scenarios.
///
/// Basic API: `HyperRectangleParetoFrontier(scenario, options)`.
///
/// How it works, in short:
/// - Every profile is compiled to a sum of signed terms, each paying its utility inside an
///   axis-aligned box (INCLUDES bounds; an EXCLUDES rectangle becomes "u everywhere minus u in its
///   box"; an additive issue becomes one single-issue term per value). Sums are kept in exact
///   128-bit fixed point, so bounds and leaf values agree to the last bit and ties prune.
///   Profiles with MIN or MAX nodes (or terms too far apart in magnitude for fixed point) are
///   bounded by interval evaluation of their GENIUS utility tree instead.
/// - Issues are assigned one at a time, in an order that completes heavy terms early. Each term
///   is charged to the last of its issues in that order; a party's upper bound is what is already
///   earned plus, for each open issue, the best value's total of the terms charged to it.
/// - Values of an issue that every term (of every party) treats at most as well as another value
///   are dropped (equal values keep the smallest index), so equivalent values are tried once.
/// - A node is pruned when its vector of upper bounds is weakly dominated by a frontier point
///   found so far; children are tried best bound first.
///
/// Contract: the result holds one outcome per distinct utility vector of the frontier (the first
/// one the search meets; enumeration lists all outcomes of a vector, which here can be
/// billions), sorted by the first party's utility descending, then the second's, and so on.
/// Outcomes that violate a party's hard constraint are never on it. When the search completes,
/// `exact` is true. When it hits `time_limit_seconds` or `node_limit` it stops and returns the
/// non-dominated outcomes it has met, with `exact` false and a method that says so. Utilities are
/// computed by `EvaluateUtility` (undiscounted).
///
/// Cost: exponential in the worst case; the 10-issue ANAC 2014 scenarios (10^10 outcomes) take
/// well under a second. Memory is linear in the size of the profiles plus the frontier.

#include <cstdint>
#include <vector>

#include "parley/analysis/analysis.h"
#include "parley/core/result.h"
#include "parley/preference/scenario.h"

namespace parley {

/// Limits and knobs of the search.
struct HyperRectangleSearchOptions {
  /// Wall-clock limit; <= 0 means none. Where the search stops then depends on the machine.
  double time_limit_seconds = 60;
  /// Limit on search nodes (assignments of one issue); 0 means none. Deterministic, unlike time.
  uint64_t node_limit = 0;
  /// Drop values of an issue that another value dominates for every party (see the file
  /// comment). Off only to measure what it buys.
  bool reduce_values = true;
  /// Bound SUM-only profiles in exact fixed point. Off: bound every profile by interval
  /// evaluation of its tree (slower; to measure, and to test that path).
  bool fixed_point = true;
};

/// What the search did, for benchmarks, documentation and tests.
struct HyperRectangleSearchStats {
  uint64_t nodes = 0;             ///< Assignments of one issue tried.
  uint64_t leaves = 0;            ///< Complete outcomes evaluated.
  double seconds = 0;             ///< Wall-clock time of the search.
  bool complete = false;          ///< False when a limit stopped the search.
  std::vector<size_t> order;      ///< Issue indices in the order they were assigned.
  std::vector<size_t> values;     ///< Per issue (in space order): values kept after reduction.
  std::vector<bool> fixed_point;  ///< Per party: bounded in exact fixed point (else intervals).
};

/// The Pareto frontier by branch and bound (see the file comment). Fails (kBadInput) only when the
/// scenario has no party or a profile does not match the space.
Result<ParetoFrontier> HyperRectangleParetoFrontier(const Scenario& scenario,
                                                    const HyperRectangleSearchOptions& options = {},
                                                    HyperRectangleSearchStats* stats = nullptr);

}  // namespace parley
