#include "zopa.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>

#include "parley/core/random.h"

namespace parley::analysis_internal {
namespace {

// Depth-first count with bounds; nullopt when the node budget runs out.
class BoundedSearch {
 public:
  BoundedSearch(const AdditiveModel& model, std::span<const int64_t> thresholds, double budget,
                const Deadline* deadline)
      : model_(model),
        thresholds_(thresholds),
        budget_(budget),
        check_(deadline),
        parties_(model.parties) {
    // Components whose keys spread most decide the bounds soonest: visit them first.
    order_.resize(model.components.size());
    std::iota(order_.begin(), order_.end(), size_t{0});
    std::vector<long double> spread(order_.size(), 0);
    for (size_t c = 0; c < order_.size(); ++c) {
      const Component& comp = model.components[c];
      for (size_t p = 0; p < parties_; ++p) {
        int64_t lo = comp.key(0, parties_)[p], hi = lo;
        for (size_t k = 1; k < comp.size; ++k) {
          lo = std::min(lo, comp.key(k, parties_)[p]);
          hi = std::max(hi, comp.key(k, parties_)[p]);
        }
        spread[c] += static_cast<long double>(hi - lo);
      }
    }
    std::stable_sort(order_.begin(), order_.end(),
                     [&](size_t a, size_t b) { return spread[a] > spread[b]; });
    const size_t levels = order_.size();
    suffix_min_.assign((levels + 1) * parties_, 0);
    suffix_max_.assign((levels + 1) * parties_, 0);
    suffix_count_.assign(levels + 1, 1);
    for (size_t l = levels; l-- > 0;) {
      const Component& comp = model.components[order_[l]];
      suffix_count_[l] = suffix_count_[l + 1] * static_cast<double>(comp.size);
      for (size_t p = 0; p < parties_; ++p) {
        int64_t lo = comp.key(0, parties_)[p], hi = lo;
        for (size_t k = 1; k < comp.size; ++k) {
          lo = std::min(lo, comp.key(k, parties_)[p]);
          hi = std::max(hi, comp.key(k, parties_)[p]);
        }
        suffix_min_[l * parties_ + p] = suffix_min_[(l + 1) * parties_ + p] + lo;
        suffix_max_[l * parties_ + p] = suffix_max_[(l + 1) * parties_ + p] + hi;
      }
    }
  }

  struct Count {
    double outcomes = 0;
    double share = 0;  // of the acceptable outcomes, summed directly: finite when counts are not
  };
  std::optional<Count> Run() {
    std::vector<int64_t> partial(parties_ * (order_.size() + 1), 0);
    share_ = 0;
    const double count = Visit(0, partial, 1.0);
    if (nodes_ > budget_) return std::nullopt;
    return Count{count, share_};
  }

 private:
  // `weight`: the share of the acceptable outcomes below this node.
  double Visit(size_t level, std::vector<int64_t>& partial, double weight) {
    if (++nodes_ > budget_) return 0;
    if (check_.Expired()) {  // out of time: as over budget, the caller falls back to sampling
      nodes_ = budget_ + 1;
      return 0;
    }
    const int64_t* sum = partial.data() + level * parties_;
    bool all_clear = true;
    for (size_t p = 0; p < parties_; ++p) {
      if (sum[p] + suffix_max_[level * parties_ + p] <= thresholds_[p]) return 0;
      if (sum[p] + suffix_min_[level * parties_ + p] <= thresholds_[p]) all_clear = false;
    }
    if (all_clear) {
      share_ += weight;
      return suffix_count_[level];
    }
    // Not decided, so some completion is left: level < number of components.
    const Component& comp = model_.components[order_[level]];
    int64_t* next = partial.data() + (level + 1) * parties_;
    double count = 0;
    for (size_t k = 0; k < comp.size && nodes_ <= budget_; ++k) {
      const int64_t* add = comp.key(k, parties_);
      for (size_t p = 0; p < parties_; ++p) next[p] = sum[p] + add[p];
      count += Visit(level + 1, partial, weight / static_cast<double>(comp.size));
    }
    return count;
  }

  const AdditiveModel& model_;
  std::span<const int64_t> thresholds_;
  double budget_;
  DeadlineCheck check_;
  double nodes_ = 0;
  double share_ = 0;
  size_t parties_;
  std::vector<size_t> order_;
  std::vector<int64_t> suffix_min_, suffix_max_;
  std::vector<double> suffix_count_;
};

// Every partial sum (one key per party, row after row) of one combination per component in
// `components`.
std::vector<int64_t> HalfSums(const AdditiveModel& model, const std::vector<size_t>& components) {
  const size_t k = model.parties;
  std::vector<int64_t> sums(k, 0);
  for (size_t c : components) {
    const Component& comp = model.components[c];
    std::vector<int64_t> next;
    next.reserve(sums.size() * comp.size);
    for (size_t row = 0; row < sums.size(); row += k)
      for (size_t j = 0; j < comp.size; ++j) {
        const int64_t* add = comp.key(j, k);
        for (size_t p = 0; p < k; ++p) next.push_back(sums[row + p] + add[p]);
      }
    sums = std::move(next);
  }
  return sums;
}

// Balanced split of the components by the product of their sizes; nullopt when a half exceeds
// the budget.
std::optional<std::pair<std::vector<size_t>, std::vector<size_t>>> SplitHalves(
    const AdditiveModel& model, double max_half) {
  std::vector<size_t> order(model.components.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return model.components[a].size > model.components[b].size;
  });
  std::vector<size_t> left, right;
  double left_size = 1, right_size = 1;
  for (size_t c : order) {
    const double size = static_cast<double>(model.components[c].size);
    if (left_size <= right_size) {
      left.push_back(c);
      left_size *= size;
    } else {
      right.push_back(c);
      right_size *= size;
    }
  }
  if (left_size > max_half || right_size > max_half) return std::nullopt;
  return std::make_pair(std::move(left), std::move(right));
}

// Offline dominance counting: the pairs (query q, data point r) with r >= q in every one of k
// coordinates. Divide and conquer on one coordinate at a time (a split by value sends every
// lower-half query and upper-half data point to the same question on the remaining
// coordinates), down to two coordinates, counted by a sweep with a Fenwick tree.
// O(n log^(k-1) n) for n points.
class DominanceCounter {
 public:
  DominanceCounter(size_t k, std::vector<int64_t> coords, std::vector<uint8_t> is_query,
                   const Deadline* deadline)
      : k_(k), coords_(std::move(coords)), query_(std::move(is_query)), check_(deadline, 1 << 16) {}

  /// The count, or 0 with expired() once the deadline has passed.
  bool expired() const { return check_.expired(); }
  uint64_t Run() {
    std::vector<uint32_t> ids(query_.size());
    std::iota(ids.begin(), ids.end(), 0u);
    return Count(ids, 0);
  }

 private:
  int64_t At(uint32_t id, size_t d) const { return coords_[static_cast<size_t>(id) * k_ + d]; }

  uint64_t Count(std::vector<uint32_t>& ids, size_t dim) {
    if (check_.Expired(ids.size())) return 0;
    bool any_query = false, any_data = false;
    for (uint32_t id : ids) (query_[id] ? any_query : any_data) = true;
    if (!any_query || !any_data) return 0;
    if (dim + 2 >= k_) return CountLastTwo(ids, dim);
    std::sort(ids.begin(), ids.end(),
              [&](uint32_t a, uint32_t b) { return At(a, dim) < At(b, dim); });
    if (At(ids.front(), dim) == At(ids.back(), dim)) return Count(ids, dim + 1);
    // Split into two non-empty parts by value: lower < upper in this coordinate.
    const int64_t middle = At(ids[ids.size() / 2], dim);
    auto split = std::upper_bound(ids.begin(), ids.end(), middle,
                                  [&](int64_t v, uint32_t id) { return v < At(id, dim); });
    if (split == ids.end())
      split = std::lower_bound(ids.begin(), ids.end(), middle,
                               [&](uint32_t id, int64_t v) { return At(id, dim) < v; });
    std::vector<uint32_t> lower(ids.begin(), split), upper(split, ids.end()), cross;
    for (uint32_t id : lower)
      if (query_[id]) cross.push_back(id);
    for (uint32_t id : upper)
      if (!query_[id]) cross.push_back(id);
    ids.clear();
    ids.shrink_to_fit();
    return Count(cross, dim + 1) + Count(lower, dim) + Count(upper, dim);
  }

  // The last one or two coordinates: sweep the first descending (data before queries on ties,
  // since >= counts), a Fenwick tree over the data points' second coordinate.
  uint64_t CountLastTwo(const std::vector<uint32_t>& ids, size_t dim) {
    const size_t b = dim + 2 == k_ ? dim + 1 : dim;
    struct Point {
      int64_t a, b;
      bool query;
    };
    std::vector<Point> points;
    points.reserve(ids.size());
    std::vector<int64_t> values;
    for (uint32_t id : ids) {
      points.push_back({At(id, dim), At(id, b), query_[id] != 0});
      if (!query_[id]) values.push_back(At(id, b));
    }
    std::sort(points.begin(), points.end(), [](const Point& x, const Point& y) {
      if (x.a != y.a) return x.a > y.a;
      return !x.query && y.query;
    });
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::vector<uint64_t> tree(values.size() + 1, 0);
    uint64_t inserted = 0, total = 0;
    for (const Point& point : points) {
      const size_t rank = std::lower_bound(values.begin(), values.end(), point.b) - values.begin();
      if (!point.query) {
        for (size_t i = rank + 1; i < tree.size(); i += i & (~i + 1)) ++tree[i];
        ++inserted;
        continue;
      }
      uint64_t below = 0;  // data points with a smaller second coordinate
      for (size_t i = rank; i > 0; i -= i & (~i + 1)) below += tree[i];
      total += inserted - below;
    }
    return total;
  }

  size_t k_;
  std::vector<int64_t> coords_;
  std::vector<uint8_t> query_;
  DeadlineCheck check_;
};

// Pairs (l, r) of half sums with l_p + r_p > t_p for every party p: r >= t - l + 1.
// nullopt when the deadline passed first.
std::optional<double> CountPairs(const std::vector<int64_t>& left,
                                 const std::vector<int64_t>& right,
                                 std::span<const int64_t> thresholds, const Deadline* deadline) {
  const size_t k = thresholds.size();
  std::vector<int64_t> coords;
  coords.reserve(left.size() + right.size());
  std::vector<uint8_t> is_query;
  for (size_t row = 0; row < left.size(); row += k) {
    for (size_t p = 0; p < k; ++p) coords.push_back(thresholds[p] - left[row + p] + 1);
    is_query.push_back(true);
  }
  coords.insert(coords.end(), right.begin(), right.end());
  is_query.resize(is_query.size() + right.size() / k, false);
  DominanceCounter counter(k, std::move(coords), std::move(is_query), deadline);
  const uint64_t count = counter.Run();
  if (counter.expired()) return std::nullopt;
  return static_cast<double>(count);
}

// Rough operation count of the meet in the middle for halves of these sizes.
double MeetInTheMiddleCost(double points, size_t parties) {
  const double log_n = std::max(1.0, std::log2(std::max(points, 2.0)));
  return points * std::pow(log_n, static_cast<double>(parties) - 1);
}

ZopaCount Sample(const AdditiveModel& model, std::span<const int64_t> thresholds,
                 const ZopaBudget& budget) {
  ZopaCount result;
  result.exact = false;
  result.method = "sampling";
  Rng rng(budget.seed);
  const size_t parties = model.parties;
  std::vector<int64_t> sum(parties);
  uint64_t hits = 0;
  uint64_t n = std::max<uint64_t>(budget.samples, 1);
  // Out of time, the samples drawn so far make the estimate (at least a thousand: a fraction of
  // a millisecond), and its interval says how good it is.
  DeadlineCheck check(budget.deadline);
  for (uint64_t s = 0; s < n; ++s) {
    if (s >= 1000 && check.Expired()) {
      n = s;
      break;
    }
    std::fill(sum.begin(), sum.end(), 0);
    for (const Component& comp : model.components) {
      const int64_t* add = comp.key(rng.Below(comp.size), parties);
      for (size_t p = 0; p < parties; ++p) sum[p] += add[p];
    }
    bool clear = true;
    for (size_t p = 0; p < parties && clear; ++p) clear = sum[p] > thresholds[p];
    hits += clear;
  }
  const double share = static_cast<double>(hits) / static_cast<double>(n);
  result.share = share;
  result.outcomes = hits == 0 ? 0 : share * model.acceptable;  // never 0 * inf
  const double half_width = 1.96 * std::sqrt(share * (1 - share) / static_cast<double>(n));
  char buf[256];
  if (hits == 0 || hits == n) {
    // The normal interval collapses at the extremes; the "rule of three" bound does not.
    std::snprintf(buf, sizeof buf,
                  "ZOPA estimated from %llu uniform samples of the acceptable outcomes: %s of "
                  "them (95%% bound: the true share is %s %.4g%%)",
                  static_cast<unsigned long long>(n), hits == 0 ? "none" : "all",
                  hits == 0 ? "below" : "above", 100 * (hits == 0 ? 3.0 / n : 1 - 3.0 / n));
  } else {
    std::snprintf(buf, sizeof buf,
                  "ZOPA estimated from %llu uniform samples of the acceptable outcomes: "
                  "%.4f%% of them (95%% interval +/- %.4f%%)",
                  static_cast<unsigned long long>(n), 100 * share, 100 * half_width);
  }
  result.note = buf;
  return result;
}

// An exact count's share of the acceptable outcomes (0 when they are beyond double's range: an
// exact count is always finite, so its share of them is below 10^-290).
ZopaCount WithShare(ZopaCount count, const AdditiveModel& model) {
  count.share = std::isfinite(model.acceptable) ? count.outcomes / model.acceptable : 0;
  return count;
}

}  // namespace

ZopaCount CountAdditiveZopa(const AdditiveModel& model, std::span<const int64_t> thresholds,
                            const ZopaBudget& budget) {
  if (model.acceptable == 0) return {0, 0, true, "no acceptable outcome", {}};
  const bool auto_method = budget.method == ZopaMethod::kAuto;
  const bool try_mitm = auto_method || budget.method == ZopaMethod::kMeetInTheMiddle;
  const bool try_search = auto_method || budget.method == ZopaMethod::kSearch;
  auto meet_in_the_middle = [&]() -> std::optional<ZopaCount> {
    auto halves = SplitHalves(model, budget.mitm_half);
    if (!halves) return std::nullopt;
    double points = 0;
    for (const auto* half : {&halves->first, &halves->second}) {
      double size = 1;
      for (size_t c : *half) size *= static_cast<double>(model.components[c].size);
      points += size;
    }
    if (MeetInTheMiddleCost(points, model.parties) > budget.mitm_cost) return std::nullopt;
    const std::optional<double> pairs =
        CountPairs(HalfSums(model, halves->first), HalfSums(model, halves->second), thresholds,
                   budget.deadline);
    if (!pairs) return std::nullopt;  // out of time: sampling says what it can
    ZopaCount result;
    result.method = "meet in the middle";
    result.outcomes = *pairs;
    return result;
  };
  // Two parties: the meet in the middle is O(h log h), always the better start. More parties:
  // the bounded search often decides at once (reservation values of 0), so it goes first.
  if (try_mitm && model.parties == 2)
    if (auto result = meet_in_the_middle()) return WithShare(*result, model);
  if (try_search)
    if (auto count = BoundedSearch(model, thresholds, budget.search_nodes, budget.deadline).Run())
      return {count->outcomes, count->share, true, "bounded search", {}};
  if (try_mitm && model.parties > 2)
    if (auto result = meet_in_the_middle()) return WithShare(*result, model);
  return Sample(model, thresholds, budget);
}

}  // namespace parley::analysis_internal
