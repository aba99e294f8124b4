#pragma once

/// \file
/// Internal: an all-additive scenario as independent components. A party's hard constraints
/// tie together the issues they mention; each connected group of tied issues becomes one
/// component whose "values" are the group's combinations that every party accepts (found by
/// enumerating the group alone), and every other issue is a component of its own. Utilities
/// are additive over components and acceptability is a per-component property, so the
/// acceptable outcomes are exactly the products of one combination per component; the frontier,
/// the ranges and the ZOPA count all work component by component from here.

#include <chrono>
#include <cstdint>
#include <vector>

#include "deadline.h"
#include "parley/analysis/analysis.h"
#include "utility_keys.h"

namespace parley::analysis_internal {

/// A group of issues and the combinations of their values every party accepts, with each
/// combination's key for every party.
struct Component {
  std::vector<size_t> issues;      ///< Ascending issue indices.
  size_t size = 0;                 ///< Number of combinations.
  std::vector<ValueIndex> combos;  ///< size * issues.size() value indices.
  std::vector<int64_t> keys;       ///< size * parties keys.

  const ValueIndex* combo(size_t c) const { return combos.data() + c * issues.size(); }
  const int64_t* key(size_t c, size_t parties) const { return keys.data() + c * parties; }
};

struct AdditiveModel {
  size_t parties = 0;
  std::vector<PartyKeys> keys;        ///< One per party.
  std::vector<Component> components;  ///< Ordered by their first issue.
  double acceptable = 1;              ///< Product of component sizes (may be infinite).
  /// acceptable / size of the space, computed as a product of per-component shares so that it
  /// stays finite when the counts are not.
  double acceptable_share = 1;
};

/// True when every party's utility is additive.
bool AllAdditive(const Scenario& scenario);

/// Builds the model. kUnsupported when a constrained group of issues has more combinations
/// than options.max_enumeration, or more acceptable ones than can be held (2^22); the
/// enumeration of constrained groups stops with `deadline` (TimeoutError) when one is given.
Result<AdditiveModel> BuildAdditiveModel(const Scenario& scenario, const AnalysisOptions& options,
                                         const Deadline* deadline = nullptr);

}  // namespace parley::analysis_internal
