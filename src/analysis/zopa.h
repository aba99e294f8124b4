#pragma once

/// \file
/// Internal: counting the zone of possible agreement of an all-additive scenario, i.e. the
/// acceptable outcomes whose key exceeds every party's threshold (PartyKeys::Threshold), without
/// enumerating the space where avoidable.
///
/// Methods, in the order kAuto tries them:
/// - meet in the middle: split the components into two halves of about equal size, list each
///   half's partial sums, and count the pairs whose sums clear every threshold: offline
///   dominance counting, divide and conquer on one party's coordinate at a time down to two,
///   which a sweep with a Fenwick tree counts. O(h log^(k-1) h) for halves of h and k parties;
///   first for 2 parties, after the bounded search for more.
/// - bounded search: depth-first over components with the partial sums; a subtree is counted
///   whole when its worst completion clears every threshold and skipped when its best misses
///   one, so only the outcomes near the thresholds' boundary are visited. Gives up after a
///   node budget.
/// - sampling: uniform samples of acceptable outcomes (deterministic seed); an estimate.

#include <cstdint>
#include <span>
#include <string>

#include "additive_model.h"

namespace parley::analysis_internal {

enum class ZopaMethod { kAuto, kMeetInTheMiddle, kSearch, kSampling };

struct ZopaBudget {
  ZopaMethod method = ZopaMethod::kAuto;
  double search_nodes = 3e7;  ///< Nodes the bounded search may visit before giving up.
  double mitm_half = 4e6;     ///< Largest half the meet-in-the-middle count may list.
  double mitm_cost = 3e9;     ///< Largest h log^(k-1) h it may take on.
  uint64_t samples = 1000000;
  uint64_t seed = 0x5a0f2023;
  /// Out of time, the exact methods give up for sampling, and sampling stops early (after at
  /// least 1000 samples).
  const Deadline* deadline = nullptr;
};

struct ZopaCount {
  double outcomes = 0;  ///< Infinite only for estimates over more than ~1.8e308 outcomes.
  double share = 0;     ///< outcomes / model.acceptable; finite even when the counts are not.
  bool exact = true;
  std::string method;
  std::string note;  ///< Set for estimates: how, and the 95% interval.
};

/// Counts the acceptable outcomes with key_p > thresholds[p] for every party p. A forced method
/// that cannot run (meet in the middle over budget, search over budget) falls back to sampling.
ZopaCount CountAdditiveZopa(const AdditiveModel& model, std::span<const int64_t> thresholds,
                            const ZopaBudget& budget = {});

}  // namespace parley::analysis_internal
