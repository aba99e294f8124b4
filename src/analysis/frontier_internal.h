#pragma once

/// \file
/// Internal: the frontier algorithms behind ComputeParetoFrontier and Analyze, exposed to the
/// module's other files and its tests.

#include <cstdint>
#include <vector>

#include "additive_model.h"
#include "parley/analysis/analysis.h"

namespace parley::analysis_internal {

/// Issue-by-issue (component-by-component) frontier of an all-additive scenario: keeps only the
/// non-dominated partial sums after each component, with back-pointers to recover outcomes.
Result<ParetoFrontier> AdditiveFrontier(const Scenario& scenario, const AdditiveModel& model,
                                        const AnalysisOptions& options, const Deadline& deadline);

/// One streaming pass over every outcome (index order): the frontier, each party's best and
/// worst acceptable outcome, the acceptable count and the ZOPA count. Needs an indexable space.
struct EnumerationResult {
  ParetoFrontier frontier;
  std::vector<uint64_t> best_index, worst_index;  ///< Per party; lowest index on ties.
  double acceptable = 0;
  double zopa = 0;
};
Result<EnumerationResult> EnumerateScenario(const Scenario& scenario,
                                            const AnalysisOptions& options,
                                            const Deadline& deadline);

/// True when the space is small enough to enumerate (options.max_enumeration).
bool Enumerable(const Scenario& scenario, const AnalysisOptions& options);

/// The single dispatch point for scenarios with a non-additive profile: exact algorithms for
/// special structures first, then enumeration when the space is small enough.
Result<ParetoFrontier> NonAdditiveFrontier(const Scenario& scenario, const AnalysisOptions& options,
                                           const Deadline& deadline);

/// Fills utilities (CompiledProfile::Utility) for `outcomes` and sorts the points in frontier
/// order (utilities descending, then outcome ascending).
void FinishFrontier(const Scenario& scenario, std::vector<Outcome> outcomes,
                    ParetoFrontier& frontier);

}  // namespace parley::analysis_internal
