#include "skyline.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace parley::analysis_internal {
namespace {

std::vector<uint32_t> NonDominated1(std::span<const int64_t> keys) {
  std::vector<uint32_t> out;
  if (keys.empty()) return out;
  const int64_t best = *std::max_element(keys.begin(), keys.end());
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == best) out.push_back(static_cast<uint32_t>(i));
  return out;
}

// Sort by first coordinate descending, then second descending. A point survives when its second
// coordinate beats every point with a strictly larger first coordinate and equals the best second
// coordinate among the points sharing its first coordinate.
std::vector<uint32_t> NonDominated2(std::span<const int64_t> keys) {
  const size_t n = keys.size() / 2;
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (keys[2 * a] != keys[2 * b]) return keys[2 * a] > keys[2 * b];
    return keys[2 * a + 1] > keys[2 * b + 1];
  });
  std::vector<uint32_t> out;
  bool have_best = false;
  int64_t best_second = 0;
  for (size_t g = 0; g < n;) {
    const int64_t first = keys[2 * order[g]];
    const int64_t top = keys[2 * order[g] + 1];
    size_t end = g;
    while (end < n && keys[2 * order[end]] == first) ++end;
    if (!have_best || top > best_second) {
      for (size_t j = g; j < end && keys[2 * order[j] + 1] == top; ++j) out.push_back(order[j]);
      best_second = top;
      have_best = true;
    }
    g = end;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Static k-d tree with per-node bounding boxes, for dominance queries in 3+ dimensions.
class DominanceTree {
 public:
  DominanceTree(std::span<const int64_t> keys, size_t dims) : keys_(keys), dims_(dims) {
    const size_t n = keys.size() / dims;
    index_.resize(n);
    std::iota(index_.begin(), index_.end(), 0u);
    nodes_.reserve(2 * (n / kLeafSize + 1));
    if (n > 0) Build(0, static_cast<uint32_t>(n));
  }

  // True when some point is >= p in every coordinate and differs from p.
  bool Dominated(const int64_t* p) const {
    uint32_t stack[128];
    size_t top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const Node& node = nodes_[stack[--top]];
      const int64_t* lo = box_.data() + node.box;
      const int64_t* hi = lo + dims_;
      bool reaches = true, covers = true, all_equal = true;
      for (size_t d = 0; d < dims_; ++d) {
        if (hi[d] < p[d]) {
          reaches = false;
          break;
        }
        if (lo[d] < p[d]) covers = false;
        if (lo[d] != p[d] || hi[d] != p[d]) all_equal = false;
      }
      if (!reaches) continue;
      // Every point of the node is >= p; one of them differs from p unless all equal p.
      if (covers) {
        if (!all_equal) return true;
        continue;
      }
      if (node.left == kNoChild) {
        for (uint32_t i = node.begin; i < node.end; ++i) {
          const int64_t* q = keys_.data() + static_cast<size_t>(index_[i]) * dims_;
          bool ge = true, gt = false;
          for (size_t d = 0; d < dims_; ++d) {
            if (q[d] < p[d]) {
              ge = false;
              break;
            }
            gt |= q[d] > p[d];
          }
          if (ge && gt) return true;
        }
        continue;
      }
      assert(top + 2 <= std::size(stack));
      // The left child holds the larger values of the split coordinate: look there first.
      stack[top++] = node.right;
      stack[top++] = node.left;
    }
    return false;
  }

 private:
  static constexpr uint32_t kLeafSize = 12;
  static constexpr uint32_t kNoChild = ~0u;
  struct Node {
    uint32_t begin, end;
    uint32_t left = kNoChild, right = kNoChild;
    size_t box;  // offset of min[dims] then max[dims] in box_
  };

  uint32_t Build(uint32_t begin, uint32_t end) {
    const uint32_t id = static_cast<uint32_t>(nodes_.size());
    const size_t box = box_.size();
    nodes_.push_back({begin, end, kNoChild, kNoChild, box});
    box_.resize(box + 2 * dims_);
    int64_t* lo = box_.data() + box;
    int64_t* hi = lo + dims_;
    for (size_t d = 0; d < dims_; ++d) {
      lo[d] = hi[d] = keys_[static_cast<size_t>(index_[begin]) * dims_ + d];
    }
    for (uint32_t i = begin + 1; i < end; ++i) {
      const int64_t* q = keys_.data() + static_cast<size_t>(index_[i]) * dims_;
      for (size_t d = 0; d < dims_; ++d) {
        lo[d] = std::min(lo[d], q[d]);
        hi[d] = std::max(hi[d], q[d]);
      }
    }
    if (end - begin <= kLeafSize) return id;
    // Split the widest coordinate (relative to nothing: keys share one scale per coordinate,
    // and a plain widest split keeps boxes compact where the points are).
    size_t split = 0;
    long double widest = -1;
    for (size_t d = 0; d < dims_; ++d) {
      const long double width = static_cast<long double>(hi[d]) - lo[d];
      if (width > widest) {
        widest = width;
        split = d;
      }
    }
    if (widest == 0) return id;  // all points equal: a leaf, however large
    const uint32_t mid = begin + (end - begin) / 2;
    std::nth_element(index_.begin() + begin, index_.begin() + mid, index_.begin() + end,
                     [&](uint32_t a, uint32_t b) {
                       return keys_[static_cast<size_t>(a) * dims_ + split] >
                              keys_[static_cast<size_t>(b) * dims_ + split];
                     });
    const uint32_t left = Build(begin, mid);
    const uint32_t right = Build(mid, end);
    nodes_[id].left = left;
    nodes_[id].right = right;
    return id;
  }

  std::span<const int64_t> keys_;
  size_t dims_;
  std::vector<uint32_t> index_;
  std::vector<Node> nodes_;
  std::vector<int64_t> box_;
};

std::vector<uint32_t> NonDominatedN(std::span<const int64_t> keys, size_t dims,
                                    const Deadline* deadline) {
  const size_t n = keys.size() / dims;
  DominanceTree tree(keys, dims);
  std::vector<uint32_t> out;
  DeadlineCheck check(deadline, 1024);  // a query can visit many nodes
  for (size_t i = 0; i < n; ++i) {
    if (check.Expired()) break;
    if (!tree.Dominated(keys.data() + i * dims)) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

}  // namespace

std::vector<uint32_t> NonDominated(std::span<const int64_t> keys, size_t dims,
                                   const Deadline* deadline) {
  assert(dims > 0 && keys.size() % dims == 0);
  if (keys.empty()) return {};
  switch (dims) {
    case 1:
      return NonDominated1(keys);
    case 2:
      return NonDominated2(keys);
    default:
      return NonDominatedN(keys, dims, deadline);
  }
}

void FrontierAccumulator::Reduce() {
  if (payloads_.size() == reduced_size_) return;
  const std::vector<uint32_t> keep = NonDominated(keys_, dims_, deadline_);
  if (deadline_ != nullptr && deadline_->Expired()) stopped_ = true;
  size_t out = 0;
  for (uint32_t i : keep) {
    if (out != i) {
      std::copy_n(keys_.begin() + static_cast<ptrdiff_t>(i * dims_), dims_,
                  keys_.begin() + static_cast<ptrdiff_t>(out * dims_));
      payloads_[out] = payloads_[i];
      counts_[out] = counts_[i];
    }
    ++out;
  }
  keys_.resize(out * dims_);
  payloads_.resize(out);
  counts_.resize(out);
  if (!collapsed_ && static_cast<double>(payloads_.size()) > collapse_above_) collapsed_ = true;
  if (collapsed_) MergeEqual();
  reduced_size_ = payloads_.size();
  buffer_ = std::min(min_buffer_, 2 * buffer_);
  RefillCache();
}

// Points spread evenly over the frontier ordered by its first coordinate, so that every part of
// it has a dominating candidate at hand.
void FrontierAccumulator::RefillCache() {
  cache_.clear();
  const size_t n = payloads_.size();
  if (n == 0) return;
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return key(a)[0] > key(b)[0]; });
  const size_t rows = std::min(n, kCacheRows);
  for (size_t r = 0; r < rows; ++r) {
    const uint32_t i = order[rows == 1 ? 0 : r * (n - 1) / (rows - 1)];
    cache_.insert(cache_.end(), key(i), key(i) + dims_);
  }
}

void FrontierAccumulator::Collapse() {
  collapsed_ = true;
  Reduce();
  MergeEqual();
}

void FrontierAccumulator::MergeEqual() {
  const size_t n = payloads_.size();
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  auto key_less = [&](uint32_t a, uint32_t b) {
    return std::lexicographical_compare(key(a), key(a) + dims_, key(b), key(b) + dims_);
  };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (key_less(a, b)) return true;
    if (key_less(b, a)) return false;
    return payloads_[a] < payloads_[b];
  });
  std::vector<int64_t> keys;
  std::vector<uint64_t> payloads;
  std::vector<double> counts;
  for (size_t j = 0; j < n; ++j) {
    const uint32_t i = order[j];
    if (j > 0 && std::equal(key(i), key(i) + dims_, key(order[j - 1]))) {
      counts.back() += counts_[i];
      continue;
    }
    keys.insert(keys.end(), key(i), key(i) + dims_);
    payloads.push_back(payloads_[i]);
    counts.push_back(counts_[i]);
  }
  keys_ = std::move(keys);
  payloads_ = std::move(payloads);
  counts_ = std::move(counts);
  reduced_size_ = payloads_.size();
}

}  // namespace parley::analysis_internal
