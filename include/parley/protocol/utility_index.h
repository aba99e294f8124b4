#pragma once

/// \file
/// One party's outcomes ordered by its own utility: what time-dependent, tit-for-tat and BOA
/// agents ask every round ("the outcome nearest above my target"). Built once per scenario and
/// profile, immutable afterwards, and shared by every session that uses that profile (tournaments
/// build it once per scenario, not once per session).
///
/// Methods, chosen by `Build` from the size of the space and the kind of profile:
/// - kSorted: every acceptable outcome sorted by utility (spaces up to `Options::max_sorted`
///   outcomes). Queries are binary searches: O(log n). Building costs one utility evaluation per
///   outcome plus a bucketed sort, about 10 ms for 390,625 outcomes. Memory: 16 bytes an outcome.
/// - kAdditiveSearch: additive profiles over larger spaces. Nothing is enumerated: each query
///   is a depth-first branch and bound over issues (values ordered by weighted utility, pruned
///   with per-issue suffix bounds), limited to `Options::max_nodes` nodes per query. Within the
///   budget the answer is exact; past it the best answer found is returned (still in range).
/// - kSample: non-additive profiles over larger spaces (ANAC 2014 hyper-rectangles, 10^10+
///   outcomes). A seeded sample of `Options::sample_size` outcomes, each improved by a short
///   hill climb, plus the best outcome found, sorted as in kSorted. Approximate: `exact()` is
///   false and the agents only ever offer sampled outcomes.
///
/// Outcomes that violate the party's own hard constraints are never returned.
/// Ties in utility are broken by the lowest mixed-radix index, so every answer is deterministic.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/core/random.h"
#include "parley/outcome/outcome_space.h"
#include "parley/preference/compiled_profile.h"

namespace parley {

class UtilityIndex {
 public:
  struct Options {
    double max_sorted = 1e7;       ///< Largest space that is enumerated and sorted.
    size_t max_nodes = 200'000;    ///< kAdditiveSearch: node budget per query.
    size_t sample_size = 100'000;  ///< kSample: outcomes sampled.
    uint64_t seed = 0x5eed;        ///< kSample: sampling seed (the index is shared, so fixed).
  };
  enum class Method { kSorted, kAdditiveSearch, kSample };

  /// Builds the index. `space` and `profile` must outlive it (PreparedScenario owns all three).
  static std::unique_ptr<UtilityIndex> Build(const OutcomeSpace& space,
                                             const CompiledProfile& profile,
                                             const Options& options);
  static std::unique_ptr<UtilityIndex> Build(const OutcomeSpace& space,
                                             const CompiledProfile& profile) {
    return Build(space, profile, Options{});
  }

  Method method() const { return method_; }
  std::string_view MethodName() const;  ///< "sorted", "additive search", "sample"
  /// False for kSample: best/worst and the answers are those of the sample.
  bool exact() const { return method_ != Method::kSample; }
  /// False when the party's constraints exclude every outcome (queries then return nullopt).
  bool empty() const { return empty_; }

  /// Highest and lowest utility of an acceptable outcome.
  double best() const { return best_; }
  double worst() const { return worst_; }
  const Outcome& best_outcome() const { return best_outcome_; }

  /// The acceptable outcome with the lowest utility >= target; the best outcome when target is
  /// above best(); nullopt only when empty(). GeniusWeb's "bid nearest above the goal".
  std::optional<Outcome> AtLeast(double target) const;
  /// The acceptable outcome with the highest utility <= target; nullopt if none.
  std::optional<Outcome> AtMost(double target) const;
  /// GENIUS's "bid nearest the utility": of the lowest-utility outcome >= target and the
  /// highest-utility outcome < target, the one nearer the target (the one above when equally
  /// near). Among outcomes of equal utility: the lowest index above, the highest below (GENIUS's
  /// own choice is GeniusNearest). Same cost as AtLeast. kAdditiveSearch breaks ties by the
  /// lowest index on both sides.
  std::optional<Outcome> Nearest(double target) const;
  /// GENIUS's own answer to "the bid nearest this utility" (SortedOutcomeSpace.getBidNearUtility
  /// in GENIUS 10.4), reproduced exactly, ties included: GENIUS's list of every outcome by
  /// utility descending, equal utilities ordered by the hash code GENIUS gives the bid (Java's
  /// String.hashCode of the value names, summed) and then by GENIUS's enumeration order (first
  /// issue fastest); GENIUS's binary search on it and its neighbour rule (the element it lands on,
  /// or the next one if that is strictly nearer). Integer values hash to 0 as in GENIUS; real
  /// values, whose GENIUS hash is an object address, count as 0. Needs kSorted and no hard
  /// constraints (GENIUS has neither); otherwise it is Nearest(target). GENIUS's list is built on
  /// first use (thread-safe), 16 bytes an outcome.
  std::optional<Outcome> GeniusNearest(double target) const;
  /// Up to `limit` acceptable outcomes with utility in [lo, hi], lowest utility first (for
  /// kAdditiveSearch: the first `limit` the search meets, then sorted).
  std::vector<Outcome> InRange(double lo, double hi, size_t limit) const;
  /// A random acceptable outcome with utility in [lo, hi]: uniform for kSorted and kSample, a
  /// randomised search for kAdditiveSearch. nullopt when there is none.
  std::optional<Outcome> RandomInRange(double lo, double hi, Rng& rng) const;
  /// kSorted / kSample: how many indexed outcomes have utility >= u. kAdditiveSearch: nullopt.
  std::optional<uint64_t> CountAtLeast(double u) const;

  ~UtilityIndex();
  UtilityIndex(const UtilityIndex&) = delete;
  UtilityIndex& operator=(const UtilityIndex&) = delete;

 private:
  UtilityIndex(const OutcomeSpace& space, const CompiledProfile& profile, const Options& options);
  void BuildSorted();
  void BuildSample();
  void BuildAdditive();
  Outcome OutcomeAt(size_t rank) const;
  struct Search;
  friend struct Search;
  std::pair<size_t, size_t> RankRange(double lo, double hi) const;

  const OutcomeSpace* space_;
  const CompiledProfile* profile_;
  Options options_;
  Method method_ = Method::kSorted;
  bool empty_ = false;
  double best_ = 0, worst_ = 0;
  Outcome best_outcome_;
  // kSorted / kSample: entries by ascending utility, ties by ascending key. The key is the
  // mixed-radix index (kSorted) or the slot in `sample_outcomes_` (kSample, whose spaces need
  // not be indexable; slots are assigned in outcome order, so ties still go to the lowest).
  struct Entry {
    double utility;
    uint64_t key;
  };
  std::vector<Entry> entries_;
  // GeniusNearest: entries in GENIUS's SortedOutcomeSpace order, built once on demand.
  void BuildGeniusOrder() const;
  mutable std::once_flag genius_once_;
  mutable std::vector<Entry> genius_;
  std::vector<ValueIndex> sample_outcomes_;
  // kAdditiveSearch: per issue, value indices by weighted utility descending, and suffix bounds.
  std::vector<std::vector<ValueIndex>> order_;
  std::vector<double> suffix_max_, suffix_min_;
};

}  // namespace parley
