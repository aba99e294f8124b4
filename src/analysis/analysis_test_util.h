#pragma once

// Test-only helpers for the analysis tests: random scenarios and brute-force references that
// enumerate every outcome and apply the definitions literally (O(n^2) dominance).

#include <string>
#include <vector>

#include "parley/analysis/analysis.h"
#include "parley/core/random.h"

namespace parley::analysis_testing {

struct RandomScenarioSpec {
  size_t min_parties = 2, max_parties = 5;
  size_t max_issues = 4, max_values = 4;
  double max_outcomes = 400;  ///< Issues are dropped until the space is at most this large.
  /// Weights in multiples of 1/8 and values in multiples of 1/4: sums are exact in doubles and
  /// ties are frequent.
  bool dyadic = false;
  /// Weights in multiples of 1/20, values and reservations in tenths: decimals that doubles do not
  /// hold exactly, so outcomes with mathematically equal utility sum to doubles that differ.
  bool decimal = false;
  bool constraints = false;
  bool reservations = false;
  bool non_additive = false;  ///< Some parties get random hyper-rectangle utilities.
};

Scenario RandomScenario(Rng& rng, const RandomScenarioSpec& spec);

/// A 2-party additive scenario with `issues` issues of `values` values, random utilities.
Scenario LinearScenario(uint64_t seed, size_t parties, size_t issues, size_t values);

/// Everything about a scenario computed by enumeration.
struct Reference {
  std::vector<Outcome> acceptable;             ///< Index order.
  std::vector<std::vector<double>> utilities;  ///< Per acceptable outcome (EvaluateUtility).
  std::vector<std::vector<int64_t>> keys;      ///< Per acceptable outcome: round(u * 10^12).
  std::vector<size_t> frontier;                ///< Positions in `acceptable`, index order.
  double zopa = 0;                             ///< Using keys vs thresholds.
  double zopa_doubles = 0;                     ///< Using u > rv on doubles.
  std::vector<double> best, worst, rv;
};
Reference BruteForce(const Scenario& scenario);

/// The frontier's outcomes, sorted.
std::vector<Outcome> SortedOutcomes(const ParetoFrontier& frontier);
std::vector<Outcome> SortedFrontier(const Reference& ref);

}  // namespace parley::analysis_testing
