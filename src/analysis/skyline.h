#pragma once

/// \file
/// Internal: non-dominance filtering ("skyline") of integer utility vectors, the workhorse of
/// every frontier algorithm. A point is dominated when another point is >= in every coordinate
/// and different (so > in at least one); points with equal vectors never dominate each other and
/// are all kept.
///
/// Algorithms: 1 dimension keeps the maxima; 2 dimensions sort and sweep, O(n log n); 3 or more
/// build a static k-d tree over all points (each node knowing its bounding box) and ask, for each
/// point, whether the tree holds a dominating point, pruning every subtree whose box maximum
/// falls short in some coordinate. A dominated point only needs some dominating point, not a
/// non-dominated one (dominance is transitive), so the tree is static and built once.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "deadline.h"

namespace parley::analysis_internal {

/// Indices, ascending, of the points (rows of `dims` keys) that no other point dominates.
/// Requires keys.size() == count * dims with count < 2^32. With a `deadline` (3+ dimensions,
/// where a reduction can take seconds) it stops when the deadline expires, and the result is
/// then incomplete: callers check the deadline.
std::vector<uint32_t> NonDominated(std::span<const int64_t> keys, size_t dims,
                                   const Deadline* deadline = nullptr);

/// Accumulates points with a 64-bit payload each and keeps only the non-dominated ones, in
/// bounded memory: points are buffered and the buffer is reduced together with the current
/// frontier whenever it outgrows both the current buffer size (`first_buffer` at first, doubling
/// up to `min_buffer`) and twice the frontier. Streams of unknown length (enumeration) start
/// small so that the cache below is soon useful; batches known to be modest start large.
///
/// A point dominated by any point seen before can never be on the frontier, so Add() first
/// checks a small cache of good points (spread over the last reduced frontier, the most useful
/// first) and drops the point at once when one of them dominates it: in enumeration order most
/// points go no further.
///
/// In "collapsed" mode points with equal vectors are merged into one, keeping the smallest
/// payload and summing their counts (used when listing every equivalent outcome is too much).
class FrontierAccumulator {
 public:
  /// `collapse_above`: switch to collapsed mode when a reduction leaves more points than this.
  /// `min_buffer`: points buffered at least before a reduction, once grown (tests make it
  /// small); `first_buffer`: before the first reduction (0: min_buffer).
  explicit FrontierAccumulator(size_t dims, double collapse_above = 1e300,
                               size_t min_buffer = size_t{1} << 20, size_t first_buffer = 0)
      : dims_(dims),
        collapse_above_(collapse_above),
        min_buffer_(min_buffer),
        buffer_(first_buffer == 0 ? min_buffer : std::min(first_buffer, min_buffer)) {}

  void Add(const int64_t* key, uint64_t payload, double count = 1) {
    if (stopped_ || DominatedByCache(key)) return;
    keys_.insert(keys_.end(), key, key + dims_);
    payloads_.push_back(payload);
    counts_.push_back(count);
    if (payloads_.size() - reduced_size_ >= std::max(buffer_, 2 * reduced_size_)) Reduce();
  }
  /// Reduces to the non-dominated points. Cheap when nothing was added since the last call.
  void Reduce();
  /// Reductions stop when `deadline` expires (then the points held are not the frontier, and
  /// Add() drops every point): the caller checks the deadline after Add() and Reduce().
  void set_deadline(const Deadline* deadline) { deadline_ = deadline; }
  /// Switches to collapsed mode for good (and collapses what is held). Reduce() does so by itself
  /// when more than `collapse_above` points remain.
  void Collapse();
  bool collapsed() const { return collapsed_; }

  /// After Reduce(): the points held.
  size_t size() const { return payloads_.size(); }
  size_t dims() const { return dims_; }
  const int64_t* key(size_t i) const { return keys_.data() + i * dims_; }
  uint64_t payload(size_t i) const { return payloads_[i]; }
  double count(size_t i) const { return counts_[i]; }

 private:
  size_t dims_;
  const Deadline* deadline_ = nullptr;
  bool stopped_ = false;  // the deadline expired during a reduction
  double collapse_above_;
  size_t min_buffer_;
  size_t buffer_;
  bool collapsed_ = false;
  static constexpr size_t kCacheRows = 16;
  std::vector<int64_t> cache_;  // up to kCacheRows points, row after row
  size_t reduced_size_ = 0;
  std::vector<int64_t> keys_;
  std::vector<uint64_t> payloads_;
  std::vector<double> counts_;

  void MergeEqual();
  void RefillCache();
  bool DominatedByCache(const int64_t* key) {
    const size_t rows = cache_.size() / dims_;
    for (size_t r = 0; r < rows; ++r) {
      const int64_t* q = cache_.data() + r * dims_;
      bool ge = true, gt = false;
      for (size_t d = 0; d < dims_ && ge; ++d) {
        ge = q[d] >= key[d];
        gt |= q[d] > key[d];
      }
      if (ge && gt) {
        if (r > 0)  // move to front: the next point is likely dominated by the same one
          std::swap_ranges(cache_.begin() + static_cast<ptrdiff_t>(r * dims_),
                           cache_.begin() + static_cast<ptrdiff_t>((r + 1) * dims_),
                           cache_.begin());
        return true;
      }
    }
    return false;
  }
};

}  // namespace parley::analysis_internal
