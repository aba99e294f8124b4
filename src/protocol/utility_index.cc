#include "parley/protocol/utility_index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <utility>

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Slack for pruning on partial sums, whose rounding differs from the leaf's evaluation.
constexpr double kSlack = 1e-9;

bool EntryLess(double u1, uint64_t k1, double u2, uint64_t k2) {
  return u1 < u2 || (u1 == u2 && k1 < k2);
}

// Orders doubles as unsigned integers: flip all bits of negatives, the sign bit of the rest.
uint64_t SortKey(double u) {
  const uint64_t bits = std::bit_cast<uint64_t>(u == 0.0 ? 0.0 : u);  // -0.0 sorts as +0.0
  return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
}

// Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, wrapping.
uint32_t JavaStringHash(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + static_cast<size_t>(len) > utf8.size()) {
      add(c);  // not UTF-8: the byte as it is
      ++i;
      continue;
    }
    uint32_t cp = len == 1 ? c : c & (0x7Fu >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += static_cast<size_t>(len);
    if (cp >= 0x10000) {
      add(0xD800 + ((cp - 0x10000) >> 10));
      add(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      add(cp);
    }
  }
  return h;
}

// Java's Double.hashCode.
uint32_t JavaDoubleHash(double d) {
  const uint64_t bits = std::bit_cast<uint64_t>(d);
  return static_cast<uint32_t>(bits ^ (bits >> 32));
}

}  // namespace

// Depth-first branch and bound over the issues of an additive profile (kAdditiveSearch).
struct UtilityIndex::Search {
  enum class Goal { kLowest, kHighest, kFirstRandom, kCollect };

  const UtilityIndex& index;
  double lo, hi;
  Goal goal;
  Rng* rng = nullptr;
  size_t limit = 0;  // kCollect
  size_t nodes = 0;
  bool stop = false;
  bool found = false;
  double best_u = 0;
  Outcome best;
  Outcome current;
  std::vector<Outcome> collected;
  std::vector<ValueIndex> shuffled;

  Search(const UtilityIndex& idx, double lo_in, double hi_in, Goal g)
      : index(idx), lo(lo_in), hi(hi_in), goal(g), current(idx.space_->NumIssues(), 0) {}

  void Leaf() {
    const double u = index.profile_->Utility(current);
    if (u < lo || u > hi || !index.profile_->Acceptable(current)) return;
    switch (goal) {
      case Goal::kLowest:
        if (!found || u < best_u || (u == best_u && current < best)) best_u = u, best = current;
        break;
      case Goal::kHighest:
        if (!found || u > best_u || (u == best_u && current < best)) best_u = u, best = current;
        break;
      case Goal::kFirstRandom:
        best_u = u, best = current, stop = true;
        break;
      case Goal::kCollect:
        collected.push_back(current);
        if (collected.size() >= limit) stop = true;
        break;
    }
    found = true;
  }

  void Run(size_t issue, double partial) {
    if (stop) return;
    if (++nodes > index.options_.max_nodes) {
      stop = true;
      return;
    }
    if (issue == current.size()) {
      Leaf();
      return;
    }
    double reach_min = partial + index.suffix_min_[issue];
    double reach_max = partial + index.suffix_max_[issue];
    if (index.profile_->capped())
      reach_min = std::min(reach_min, 1.0), reach_max = std::min(reach_max, 1.0);
    if (reach_max < lo - kSlack || reach_min > hi + kSlack) return;
    if (found && goal == Goal::kLowest && reach_min > best_u + kSlack) return;
    if (found && goal == Goal::kHighest && reach_max < best_u - kSlack) return;
    const std::span<const double> table = index.profile_->IssueTable(issue);
    const std::vector<ValueIndex>& order = index.order_[issue];
    if (goal == Goal::kFirstRandom) {
      std::vector<ValueIndex> values = order;
      Shuffle(values.begin(), values.end(), *rng);
      for (ValueIndex v : values) {
        current[issue] = v;
        Run(issue + 1, partial + table[v]);
        if (stop) return;
      }
      return;
    }
    // Lowest-above-a-bound goes up from the smallest values: the first leaf that reaches `lo`
    // is then already close to it. Everything else goes down from the largest.
    if (goal == Goal::kLowest) {
      for (auto it = order.rbegin(); it != order.rend(); ++it) {
        current[issue] = *it;
        Run(issue + 1, partial + table[*it]);
        if (stop) return;
      }
      return;
    }
    for (ValueIndex v : order) {
      current[issue] = v;
      Run(issue + 1, partial + table[v]);
      if (stop) return;
    }
  }
};

UtilityIndex::UtilityIndex(const OutcomeSpace& space, const CompiledProfile& profile,
                           const Options& options)
    : space_(&space), profile_(&profile), options_(options) {}

UtilityIndex::~UtilityIndex() = default;

std::unique_ptr<UtilityIndex> UtilityIndex::Build(const OutcomeSpace& space,
                                                  const CompiledProfile& profile,
                                                  const Options& options) {
  std::unique_ptr<UtilityIndex> index(new UtilityIndex(space, profile, options));
  if (space.NumIssues() == 0) {
    index->empty_ = true;
  } else if (space.Indexable() && space.Size() <= options.max_sorted &&
             space.SizeExact() < (uint64_t{1} << 32)) {
    index->BuildSorted();
  } else if (profile.additive()) {
    index->BuildAdditive();
  } else {
    index->BuildSample();
  }
  return index;
}

std::string_view UtilityIndex::MethodName() const {
  switch (method_) {
    case Method::kSorted:
      return "sorted";
    case Method::kAdditiveSearch:
      return "additive search";
    case Method::kSample:
      return "sample";
  }
  return "unknown";
}

void UtilityIndex::BuildSorted() {
  method_ = Method::kSorted;
  const uint64_t n = space_->SizeExact();
  const size_t k = space_->NumIssues();
  std::vector<uint64_t> cards(k);
  for (size_t i = 0; i < k; ++i) cards[i] = space_->issue(i).Cardinality();

  // Utilities in index order, straight into the entries. Additive profiles keep prefix sums
  // per issue so that each outcome costs one addition, summed in issue order exactly as
  // CompiledProfile::Utility does (so the index and the profile agree to the last bit).
  entries_.clear();
  entries_.reserve(n);
  Outcome o(k, 0);
  std::vector<double> prefix(k + 1, 0.0);
  const bool additive = profile_->additive();
  const bool capped = additive && profile_->capped();
  const bool constrained = profile_->has_constraints();
  std::vector<std::span<const double>> tables;
  if (additive) {
    for (size_t i = 0; i < k; ++i) tables.push_back(profile_->IssueTable(i));
    for (size_t i = 0; i < k; ++i) prefix[i + 1] = prefix[i] + tables[i][0];
  }
  for (uint64_t idx = 0; idx < n; ++idx) {
    if (!constrained || profile_->Acceptable(o))
      entries_.push_back(
          {additive ? (capped && prefix[k] > 1 ? 1.0 : prefix[k]) : profile_->Utility(o), idx});
    size_t i = k - 1;
    while (++o[i] == cards[i] && i > 0) o[i--] = 0;
    if (additive && idx + 1 < n)
      for (size_t j = i; j < k; ++j) prefix[j + 1] = prefix[j] + tables[j][o[j]];
  }
  if (entries_.empty()) {
    empty_ = true;
    return;
  }

  // LSD radix sort on the utility's bits, 16 bits a pass. Stable, and the entries start in
  // index order, so equal utilities stay in ascending index order: the tie rule for free.
  // Passes whose digit is the same for every entry are skipped (typically the top one or two).
  std::vector<Entry> buffer(entries_.size());
  std::vector<uint64_t> count(1 << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (const Entry& e : entries_) ++count[(SortKey(e.utility) >> shift) & 0xFFFF];
    if (*std::max_element(count.begin(), count.end()) == entries_.size()) continue;
    uint64_t sum = 0;
    for (uint64_t& c : count) sum += std::exchange(c, sum);
    for (const Entry& e : entries_) buffer[count[(SortKey(e.utility) >> shift) & 0xFFFF]++] = e;
    entries_.swap(buffer);
  }
  entries_.shrink_to_fit();
  worst_ = entries_.front().utility;
  best_ = entries_.back().utility;
  best_outcome_ = OutcomeAt(RankRange(best_, best_).first);
}

void UtilityIndex::BuildSample() {
  method_ = Method::kSample;
  const size_t k = space_->NumIssues();
  Rng rng(options_.seed);
  std::vector<Outcome> sample;
  sample.reserve(options_.sample_size + options_.sample_size / 2);
  auto random_outcome = [&] {
    Outcome o(k);
    for (size_t i = 0; i < k; ++i)
      o[i] = static_cast<ValueIndex>(rng.Below(space_->issue(i).Cardinality()));
    return o;
  };
  // Half the budget on uniform samples (the spread of utilities), half on hill climbs that
  // record every improvement (the high-utility region a uniform sample would miss).
  const size_t uniform = std::max<size_t>(1, options_.sample_size / 2);
  for (size_t s = 0; s < uniform; ++s) {
    Outcome o = random_outcome();
    if (profile_->Acceptable(o)) sample.push_back(std::move(o));
  }
  const size_t steps_per_climb = std::max<size_t>(16, 8 * k);
  size_t evaluations = 0;
  while (evaluations < options_.sample_size - uniform + 1) {
    Outcome o = random_outcome();
    double u = profile_->Utility(o);
    for (size_t step = 0; step < steps_per_climb; ++step, ++evaluations) {
      const size_t i = rng.Below(k);
      const ValueIndex old = o[i];
      o[i] = static_cast<ValueIndex>(rng.Below(space_->issue(i).Cardinality()));
      const double v = profile_->Utility(o);
      if (v > u) {
        u = v;
        if (profile_->Acceptable(o)) sample.push_back(o);
      } else {
        o[i] = old;
      }
    }
  }
  std::sort(sample.begin(), sample.end());
  sample.erase(std::unique(sample.begin(), sample.end()), sample.end());
  if (sample.empty()) {
    empty_ = true;
    return;
  }
  sample_outcomes_.reserve(sample.size() * k);
  entries_.reserve(sample.size());
  for (size_t slot = 0; slot < sample.size(); ++slot) {
    sample_outcomes_.insert(sample_outcomes_.end(), sample[slot].begin(), sample[slot].end());
    entries_.push_back({profile_->Utility(sample[slot]), slot});
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return EntryLess(a.utility, a.key, b.utility, b.key);
  });
  worst_ = entries_.front().utility;
  best_ = entries_.back().utility;
  best_outcome_ = OutcomeAt(RankRange(best_, best_).first);
}

void UtilityIndex::BuildAdditive() {
  method_ = Method::kAdditiveSearch;
  const size_t k = space_->NumIssues();
  order_.resize(k);
  suffix_max_.assign(k + 1, 0.0);
  suffix_min_.assign(k + 1, 0.0);
  for (size_t i = 0; i < k; ++i) {
    const std::span<const double> table = profile_->IssueTable(i);
    auto& order = order_[i];
    order.resize(table.size());
    for (size_t v = 0; v < table.size(); ++v) order[v] = static_cast<ValueIndex>(v);
    std::stable_sort(order.begin(), order.end(),
                     [&](ValueIndex a, ValueIndex b) { return table[a] > table[b]; });
  }
  for (size_t i = k; i-- > 0;) {
    const std::span<const double> table = profile_->IssueTable(i);
    suffix_max_[i] = suffix_max_[i + 1] + *std::max_element(table.begin(), table.end());
    suffix_min_[i] = suffix_min_[i + 1] + *std::min_element(table.begin(), table.end());
  }
  Search high(*this, -kInf, kInf, Search::Goal::kHighest);
  high.Run(0, 0.0);
  Search low(*this, -kInf, kInf, Search::Goal::kLowest);
  low.Run(0, 0.0);
  if (!high.found || !low.found) {
    empty_ = true;
    return;
  }
  best_ = high.best_u;
  best_outcome_ = high.best;
  worst_ = low.best_u;
}

Outcome UtilityIndex::OutcomeAt(size_t rank) const {
  const uint64_t key = entries_[rank].key;
  if (method_ == Method::kSorted) return space_->FromIndex(key);
  const size_t k = space_->NumIssues();
  const auto first = sample_outcomes_.begin() + static_cast<ptrdiff_t>(key * k);
  return Outcome(first, first + static_cast<ptrdiff_t>(k));
}

std::pair<size_t, size_t> UtilityIndex::RankRange(double lo, double hi) const {
  auto first = std::lower_bound(entries_.begin(), entries_.end(), lo,
                                [](const Entry& e, double u) { return e.utility < u; });
  auto last = std::upper_bound(first, entries_.end(), hi,
                               [](double u, const Entry& e) { return u < e.utility; });
  return {static_cast<size_t>(first - entries_.begin()),
          static_cast<size_t>(last - entries_.begin())};
}

std::optional<Outcome> UtilityIndex::AtLeast(double target) const {
  if (empty_) return std::nullopt;
  if (target >= best_) return best_outcome_;
  if (method_ == Method::kAdditiveSearch) {
    Search s(*this, target, kInf, Search::Goal::kLowest);
    s.Run(0, 0.0);
    return s.found ? s.best : best_outcome_;
  }
  return OutcomeAt(RankRange(target, kInf).first);
}

std::optional<Outcome> UtilityIndex::AtMost(double target) const {
  if (empty_ || target < worst_) return std::nullopt;
  if (method_ == Method::kAdditiveSearch) {
    Search s(*this, -kInf, target, Search::Goal::kHighest);
    s.Run(0, 0.0);
    if (!s.found) return std::nullopt;
    return s.best;
  }
  const auto [first, last] = RankRange(-kInf, target);
  if (last == first) return std::nullopt;
  const double u = entries_[last - 1].utility;
  return OutcomeAt(RankRange(u, u).first);  // lowest key among equal utilities
}

std::optional<Outcome> UtilityIndex::Nearest(double target) const {
  if (empty_) return std::nullopt;
  if (method_ == Method::kAdditiveSearch) {
    std::optional<Outcome> above = AtLeast(target);
    std::optional<Outcome> below = AtMost(std::nextafter(target, -kInf));
    if (!below ||
        (above && profile_->Utility(*above) - target <= target - profile_->Utility(*below)))
      return above;
    return below;
  }
  // Entries ascend by utility, ties by key: the boundary between < target and >= target.
  const size_t first_above = RankRange(target, kInf).first;
  std::optional<size_t> above, below;
  if (first_above < entries_.size()) {
    const double u = entries_[first_above].utility;
    above = RankRange(u, u).first;  // the lowest key among equal utilities
  }
  if (first_above > 0) {
    const double u = entries_[first_above - 1].utility;
    below = RankRange(u, u).second - 1;  // the highest key among equal utilities
  }
  if (!below || (above && entries_[*above].utility - target <= target - entries_[*below].utility))
    return OutcomeAt(*above);
  return OutcomeAt(*below);
}

void UtilityIndex::BuildGeniusOrder() const {
  // GENIUS sorts with BidDetailsSorterUtility (higher utility first, then the lower
  // BidDetails.hashCode) and a stable sort over BidIterator's order. BidDetails.hashCode is
  // 31 * (31 * (31 + bid hash) + hash(utility)) + hash(time = -1), in wrapping int arithmetic,
  // and a bid's hash is the sum of its values' hashes.
  const size_t k = space_->NumIssues();
  std::vector<std::vector<uint32_t>> value_hash(k);
  std::vector<uint64_t> stride(k, 1);
  for (size_t i = 0; i < k; ++i) {
    const Issue& issue = space_->issue(i);
    const uint64_t card = issue.Cardinality();
    value_hash[i].assign(card, 0);
    if (issue.kind == IssueKind::kDiscrete)
      for (uint64_t v = 0; v < card; ++v)
        value_hash[i][v] = JavaStringHash(issue.ValueName(static_cast<ValueIndex>(v)));
    if (i > 0) stride[i] = stride[i - 1] * space_->issue(i - 1).Cardinality();
  }
  const uint32_t time_hash = JavaDoubleHash(-1.0);
  struct Tied {
    int32_t hash;
    uint64_t rank;  // BidIterator's position: the first issue varies fastest
    uint64_t key;
  };
  std::vector<Tied> run;
  genius_.clear();
  genius_.reserve(entries_.size());
  for (size_t end = entries_.size(); end > 0;) {
    const double u = entries_[end - 1].utility;
    size_t begin = end - 1;
    while (begin > 0 && entries_[begin - 1].utility == u) --begin;
    run.clear();
    for (size_t r = begin; r < end; ++r) {
      const Outcome o = space_->FromIndex(entries_[r].key);
      uint32_t bid_hash = 0;
      uint64_t rank = 0;
      for (size_t i = 0; i < k; ++i) {
        bid_hash += value_hash[i][o[i]];
        rank += o[i] * stride[i];
      }
      const uint32_t h = 31 * (31 * (31 + bid_hash) + JavaDoubleHash(u)) + time_hash;
      run.push_back({static_cast<int32_t>(h), rank, entries_[r].key});
    }
    std::sort(run.begin(), run.end(), [](const Tied& a, const Tied& b) {
      return a.hash < b.hash || (a.hash == b.hash && a.rank < b.rank);
    });
    for (const Tied& t : run) genius_.push_back({u, t.key});
    end = begin;
  }
}

std::optional<Outcome> UtilityIndex::GeniusNearest(double target) const {
  if (empty_ || method_ != Method::kSorted || profile_->has_constraints()) return Nearest(target);
  std::call_once(genius_once_, [this] { BuildGeniusOrder(); });
  const std::vector<Entry>& list = genius_;
  auto u = [&list](int64_t i) { return list[static_cast<size_t>(i)].utility; };
  // SortedOutcomeSpace.searchIndexWith: halves [lo, hi] until the midpoint stops moving.
  int64_t mid = -1, lo = 0, hi = static_cast<int64_t>(list.size()) - 1, previous = 0;
  while (previous != mid) {
    previous = mid;
    mid = (lo + hi) / 2;
    if (u(mid) == target) break;
    if (u(mid) < target) hi = mid;
    if (u(mid) > target) lo = mid;
  }
  // getIndexOfBidNearUtility: the next element replaces it only when strictly nearer than both it
  // and the element before (which itself is never chosen).
  double distance = std::abs(u(mid) - target);
  if (mid > 0 && std::abs(u(mid - 1) - target) < distance) distance = std::abs(u(mid - 1) - target);
  int64_t chosen = mid;
  if (mid + 1 < static_cast<int64_t>(list.size()) && std::abs(u(mid + 1) - target) < distance)
    chosen = mid + 1;
  return space_->FromIndex(list[static_cast<size_t>(chosen)].key);
}

std::vector<Outcome> UtilityIndex::InRange(double lo, double hi, size_t limit) const {
  std::vector<Outcome> out;
  if (empty_ || limit == 0 || lo > hi) return out;
  if (method_ == Method::kAdditiveSearch) {
    Search s(*this, lo, hi, Search::Goal::kCollect);
    s.limit = limit;
    s.Run(0, 0.0);
    out = std::move(s.collected);
    std::vector<std::pair<double, Outcome>> keyed;
    for (auto& o : out) keyed.emplace_back(profile_->Utility(o), std::move(o));
    std::sort(keyed.begin(), keyed.end());
    out.clear();
    for (auto& [u, o] : keyed) out.push_back(std::move(o));
    return out;
  }
  const auto [first, last] = RankRange(lo, hi);
  for (size_t r = first; r < last && out.size() < limit; ++r) out.push_back(OutcomeAt(r));
  return out;
}

std::optional<Outcome> UtilityIndex::RandomInRange(double lo, double hi, Rng& rng) const {
  if (empty_ || lo > hi) return std::nullopt;
  if (method_ == Method::kAdditiveSearch) {
    Search s(*this, lo, hi, Search::Goal::kFirstRandom);
    s.rng = &rng;
    s.Run(0, 0.0);
    if (!s.found) return std::nullopt;
    return s.best;
  }
  const auto [first, last] = RankRange(lo, hi);
  if (first == last) return std::nullopt;
  return OutcomeAt(first + rng.Below(last - first));
}

std::optional<uint64_t> UtilityIndex::CountAtLeast(double u) const {
  if (method_ == Method::kAdditiveSearch) return std::nullopt;
  if (empty_) return 0;
  return entries_.size() - RankRange(u, kInf).first;
}

}  // namespace parley
