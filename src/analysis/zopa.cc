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
  BoundedSearch(const AdditiveModel& model, std::span<const int64_t> thresholds, double budget)
      : model_(model), thresholds_(thresholds), budget_(budget), parties_(model.parties) {
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

  std::optional<double> Run() {
    std::vector<int64_t> partial(parties_ * (order_.size() + 1), 0);
    const double count = Visit(0, partial);
    if (nodes_ > budget_) return std::nullopt;
    return count;
  }

 private:
  double Visit(size_t level, std::vector<int64_t>& partial) {
    if (++nodes_ > budget_) return 0;
    const int64_t* sum = partial.data() + level * parties_;
    bool all_clear = true;
    for (size_t p = 0; p < parties_; ++p) {
      if (sum[p] + suffix_max_[level * parties_ + p] <= thresholds_[p]) return 0;
      if (sum[p] + suffix_min_[level * parties_ + p] <= thresholds_[p]) all_clear = false;
    }
    if (all_clear) return suffix_count_[level];
    // Not decided, so some completion is left: level < number of components.
    const Component& comp = model_.components[order_[level]];
    int64_t* next = partial.data() + (level + 1) * parties_;
    double count = 0;
    for (size_t k = 0; k < comp.size && nodes_ <= budget_; ++k) {
      const int64_t* add = comp.key(k, parties_);
      for (size_t p = 0; p < parties_; ++p) next[p] = sum[p] + add[p];
      count += Visit(level + 1, partial);
    }
    return count;
  }

  const AdditiveModel& model_;
  std::span<const int64_t> thresholds_;
  double budget_;
  double nodes_ = 0;
  size_t parties_;
  std::vector<size_t> order_;
  std::vector<int64_t> suffix_min_, suffix_max_;
  std::vector<double> suffix_count_;
};

// Every partial sum (2 parties) of one combination per component in `components`.
std::vector<std::pair<int64_t, int64_t>> HalfSums(const AdditiveModel& model,
                                                  const std::vector<size_t>& components) {
  std::vector<std::pair<int64_t, int64_t>> sums{{0, 0}};
  for (size_t c : components) {
    const Component& comp = model.components[c];
    std::vector<std::pair<int64_t, int64_t>> next;
    next.reserve(sums.size() * comp.size);
    for (const auto& s : sums)
      for (size_t k = 0; k < comp.size; ++k)
        next.emplace_back(s.first + comp.key(k, 2)[0], s.second + comp.key(k, 2)[1]);
    sums = std::move(next);
  }
  return sums;
}

// Balanced split of the components by log size; nullopt when a half exceeds the budget.
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

// Pairs (l, r) with l.first + r.first > t0 and l.second + r.second > t1.
double CountPairs(std::vector<std::pair<int64_t, int64_t>> left,
                  std::vector<std::pair<int64_t, int64_t>> right, int64_t t0, int64_t t1) {
  // As l.first grows, the bound t0 - l.first falls and more of `right` qualifies: sweep `left`
  // ascending, `right` descending in its first coordinate, a Fenwick tree over its second.
  std::sort(left.begin(), left.end());
  std::sort(right.begin(), right.end(), std::greater<>());
  std::vector<int64_t> seconds(right.size());
  for (size_t i = 0; i < right.size(); ++i) seconds[i] = right[i].second;
  std::sort(seconds.begin(), seconds.end());
  seconds.erase(std::unique(seconds.begin(), seconds.end()), seconds.end());
  std::vector<uint64_t> tree(seconds.size() + 1, 0);
  uint64_t inserted = 0;
  size_t next = 0;
  double total = 0;
  for (const auto& l : left) {
    const int64_t need0 = t0 - l.first;
    while (next < right.size() && right[next].first > need0) {
      const size_t rank =
          std::lower_bound(seconds.begin(), seconds.end(), right[next].second) - seconds.begin();
      for (size_t i = rank + 1; i < tree.size(); i += i & (~i + 1)) ++tree[i];
      ++inserted;
      ++next;
    }
    // Inserted entries with second <= t1 - l.second do not count.
    const size_t below =
        std::upper_bound(seconds.begin(), seconds.end(), t1 - l.second) - seconds.begin();
    uint64_t not_clear = 0;
    for (size_t i = below; i > 0; i -= i & (~i + 1)) not_clear += tree[i];
    total += static_cast<double>(inserted - not_clear);
  }
  return total;
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
  const uint64_t n = std::max<uint64_t>(budget.samples, 1);
  for (uint64_t s = 0; s < n; ++s) {
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
  result.outcomes = share * model.acceptable;
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

}  // namespace

ZopaCount CountAdditiveZopa(const AdditiveModel& model, std::span<const int64_t> thresholds,
                            const ZopaBudget& budget) {
  if (model.acceptable == 0) return {0, true, "no acceptable outcome", {}};
  const bool try_mitm =
      budget.method == ZopaMethod::kAuto || budget.method == ZopaMethod::kMeetInTheMiddle;
  const bool try_search =
      budget.method == ZopaMethod::kAuto || budget.method == ZopaMethod::kSearch;
  if (try_mitm && model.parties == 2) {
    if (auto halves = SplitHalves(model, budget.mitm_half)) {
      ZopaCount result;
      result.method = "meet in the middle";
      result.outcomes = CountPairs(HalfSums(model, halves->first), HalfSums(model, halves->second),
                                   thresholds[0], thresholds[1]);
      return result;
    }
  }
  if (try_search) {
    if (auto count = BoundedSearch(model, thresholds, budget.search_nodes).Run()) {
      ZopaCount result;
      result.method = "bounded search";
      result.outcomes = *count;
      return result;
    }
  }
  return Sample(model, thresholds, budget);
}

}  // namespace parley::analysis_internal
