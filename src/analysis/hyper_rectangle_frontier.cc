#include "parley/analysis/hyper_rectangle_frontier.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace parley {
namespace {

__extension__ typedef __int128 Int128;

constexpr ValueIndex kUnassigned = std::numeric_limits<ValueIndex>::max();
/// GENIUS starts MIN and MAX aggregation from Integer.MAX_VALUE and its negation.
constexpr double kGeniusIntMax = 2147483647.0;

/// The GENIUS utility tree of any profile: additive profiles become one SUM node of single-issue
/// rectangles worth w_i * f_i(v), with no division and no cap.
struct UtilityTree {
  std::vector<RectangleNode> nodes;
  double max_utility = 1;
  bool hyper = true;  ///< Divide by max_utility and cap at 1 (GENIUS NonlinearUtilitySpace).
};

UtilityTree ToTree(const Profile& profile) {
  UtilityTree tree;
  if (!profile.IsAdditive()) {
    tree.nodes = profile.rectangles().nodes;
    tree.max_utility = profile.rectangles().max_utility;
    return tree;
  }
  tree.hyper = false;
  const AdditiveUtility& add = profile.additive();
  RectangleNode node;
  for (size_t i = 0; i < add.issues.size(); ++i)
    for (size_t v = 0; v < add.issues[i].table.size(); ++v) {
      const double u = add.weights[i] * add.issues[i].table[v];
      if (u != 0)
        node.rectangles.push_back(
            {{{i, static_cast<ValueIndex>(v), static_cast<ValueIndex>(v)}}, {}, u});
    }
  tree.nodes.push_back(std::move(node));
  return tree;
}

/// One bound of a rectangle seen from value dominance: being inside [lo, hi] is good for the
/// party (sign > 0), bad (sign < 0), or either depending on the rest (sign 0).
struct SignedBound {
  size_t issue = 0;
  ValueIndex lo = 0, hi = 0;
  int sign = 0;
};

/// An axis-aligned box as one interval per bounded issue; nullopt when empty.
using Box = std::vector<RectangleBound>;

std::optional<Box> Intersect(Box box, const std::vector<RectangleBound>& more) {
  for (const auto& b : more) {
    auto it =
        std::find_if(box.begin(), box.end(), [&](const auto& x) { return x.issue == b.issue; });
    if (it == box.end()) {
      box.push_back(b);
    } else {
      it->min = std::max(it->min, b.min);
      it->max = std::min(it->max, b.max);
      if (it->min > it->max) return std::nullopt;
    }
  }
  return box;
}

/// A party's bound during the search. The search assigns issues in order; `Apply` and `Undo`
/// are called in strict stack order with the depth of the assignment.
class PartyBound {
 public:
  virtual ~PartyBound() = default;
  virtual void Apply(size_t issue, ValueIndex value, int depth) = 0;
  virtual void Undo(size_t issue, ValueIndex value, int depth) = 0;
  /// An upper bound, in utility, of every completion of the current partial assignment.
  virtual double UpperBound() const = 0;
  /// The utility the search compares once every issue is assigned; never above UpperBound().
  virtual double LeafValue(const Outcome& outcome) const = 0;
  /// Issue sets and magnitudes (in utility) of the terms, to choose the issue order.
  virtual void Scopes(std::vector<std::pair<std::vector<size_t>, double>>& out) const = 0;
  virtual void Signs(std::vector<SignedBound>& out) const = 0;
};

/// A SUM-only tree as c + sum_t q_t [outcome in box_t], in exact fixed point q = u * 2^scale.
class FixedPointBound final : public PartyBound {
 public:
  /// Null when the tree has a MIN or MAX node or its numbers do not fit 128-bit fixed point.
  static std::unique_ptr<FixedPointBound> Build(const UtilityTree& tree,
                                                const OutcomeSpace& space) {
    std::vector<std::pair<double, Box>> raw;  // an empty box is a constant
    bool sum_only = true;
    auto flatten = [&](auto&& self, const RectangleNode& node, double mult) -> void {
      if (node.aggregation != RectangleNode::Aggregation::kSum) sum_only = false;
      for (const auto& rect : node.rectangles) {
        const double u = rect.utility * mult;
        if (u == 0) continue;
        auto inc = Intersect({}, rect.includes);
        if (!inc) continue;
        raw.emplace_back(u, *inc);
        if (rect.excludes.empty()) continue;
        // Outside the excluded box = everywhere minus inside it.
        auto box = Intersect(*inc, rect.excludes);
        if (box) raw.emplace_back(-u, *box);
      }
      for (const auto& child : node.children) self(self, child, mult * child.weight);
    };
    for (const auto& root : tree.nodes) flatten(flatten, root, 1.0);
    if (!sum_only) return nullptr;

    // The smallest power of two that makes every number an integer.
    int scale = std::numeric_limits<int>::min();
    double magnitude = 0;
    auto need = [&](double x) {
      if (x == 0) return;
      if (!std::isfinite(x)) {
        scale = std::numeric_limits<int>::max();
        return;
      }
      int e = 0;
      const double m = std::frexp(std::abs(x), &e);  // x = m 2^e, m in [0.5, 1)
      const auto mantissa = static_cast<uint64_t>(std::ldexp(m, 53));
      scale = std::max(scale, 53 - e - std::countr_zero(mantissa));
    };
    for (const auto& [u, box] : raw) {
      need(u);
      magnitude += std::abs(u);
    }
    if (scale == std::numeric_limits<int>::min()) scale = 0;
    if (scale == std::numeric_limits<int>::max() || !(std::ldexp(magnitude, scale) < 0x1p100))
      return nullptr;

    auto bound = std::unique_ptr<FixedPointBound>(new FixedPointBound());
    bound->scale_ = scale;
    bound->hyper_ = tree.hyper;
    bound->max_utility_ = tree.max_utility;
    for (auto& [u, box] : raw) {
      const auto q = static_cast<Int128>(std::ldexp(u, scale));
      if (box.empty()) {
        bound->constant_ += q;
      } else {
        bound->terms_.push_back({q, std::move(box)});
      }
    }
    bound->offsets_.assign(1, 0);
    for (const auto& issue : space.issues())
      bound->offsets_.push_back(bound->offsets_.back() + issue.Cardinality());
    return bound;
  }

  /// Fixes the issue order (positions per issue) and sets up the search state.
  void Prepare(std::span<const size_t> position) {
    const size_t issues = offsets_.size() - 1;
    by_issue_.assign(issues, {});
    table_.assign(offsets_.back(), 0);
    for (size_t t = 0; t < terms_.size(); ++t) {
      auto& term = terms_[t];
      std::sort(term.box.begin(), term.box.end(), [&](const auto& a, const auto& b) {
        return position[a.issue] < position[b.issue];
      });
      for (size_t k = 0; k + 1 < term.box.size(); ++k)
        by_issue_[term.box[k].issue].push_back(static_cast<uint32_t>(t));
    }
    killed_at_.assign(terms_.size(), -1);
    satisfied_.assign(terms_.size(), 0);
    for (size_t t = 0; t < terms_.size(); ++t) AddToCharge(t, Contribution(t), false);
    max_.assign(issues, 0);
    free_sum_ = 0;
    for (size_t i = 0; i < issues; ++i) {
      max_[i] = RangeMax(i);
      free_sum_ += max_[i];
    }
    decided_ = constant_;
  }

  void Apply(size_t issue, ValueIndex value, int depth) override {
    decided_ += table_[offsets_[issue] + value];
    free_sum_ -= max_[issue];
    for (uint32_t t : by_issue_[issue]) {
      if (killed_at_[t] >= 0) continue;
      const RectangleBound& b = BoundOn(t, issue);
      if (value < b.min || value > b.max) {
        killed_at_[t] = depth;
        if (Int128 c = Contribution(t); c != 0) AddToCharge(t, -c, true);
      } else if (++satisfied_[t] == Others(t) && terms_[t].q < 0) {
        AddToCharge(t, terms_[t].q, true);  // now certain to pay if its last bound holds
      }
    }
  }

  void Undo(size_t issue, ValueIndex value, int depth) override {
    const auto& list = by_issue_[issue];
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      const uint32_t t = *it;
      if (killed_at_[t] == depth) {
        killed_at_[t] = -1;
        if (Int128 c = Contribution(t); c != 0) AddToCharge(t, c, true);
      } else if (killed_at_[t] < 0) {
        if (satisfied_[t] == Others(t) && terms_[t].q < 0) AddToCharge(t, -terms_[t].q, true);
        --satisfied_[t];
      }
    }
    free_sum_ += max_[issue];
    decided_ -= table_[offsets_[issue] + value];
  }

  double UpperBound() const override { return ToUtility(decided_ + free_sum_); }
  double LeafValue(const Outcome&) const override { return ToUtility(decided_); }

  void Scopes(std::vector<std::pair<std::vector<size_t>, double>>& out) const override {
    const double unit = std::ldexp(1.0, -scale_) / (hyper_ ? max_utility_ : 1.0);
    for (const auto& term : terms_) {
      std::vector<size_t> issues;
      for (const auto& b : term.box) issues.push_back(b.issue);
      out.emplace_back(std::move(issues), std::abs(static_cast<double>(term.q)) * unit);
    }
  }
  void Signs(std::vector<SignedBound>& out) const override {
    for (const auto& term : terms_)
      for (const auto& b : term.box) out.push_back({b.issue, b.min, b.max, term.q > 0 ? 1 : -1});
  }

 private:
  struct Term {
    Int128 q;
    Box box;  ///< Sorted by position in the issue order once prepared; the last is the charge.
  };

  FixedPointBound() = default;

  int Others(size_t t) const { return static_cast<int>(terms_[t].box.size()) - 1; }
  const RectangleBound& BoundOn(size_t t, size_t issue) const {
    for (const auto& b : terms_[t].box)
      if (b.issue == issue) return b;
    std::abort();  // by_issue_ lists only terms bounding the issue
  }
  /// What the term adds to its charge issue's table: its utility once every other bound holds,
  /// before that only if positive (it may still pay, or not).
  Int128 Contribution(size_t t) const {
    return (satisfied_[t] == Others(t) || terms_[t].q > 0) ? terms_[t].q : 0;
  }
  Int128 RangeMax(size_t issue) const {
    return *std::max_element(table_.begin() + offsets_[issue],
                             table_.begin() + offsets_[issue + 1]);
  }
  void AddToCharge(size_t t, Int128 delta, bool track_max) {
    const RectangleBound& c = terms_[t].box.back();
    Int128* row = table_.data() + offsets_[c.issue];
    for (ValueIndex v = c.min; v <= c.max; ++v) row[v] += delta;
    if (!track_max) return;
    Int128 updated = max_[c.issue];
    if (delta > 0) {
      for (ValueIndex v = c.min; v <= c.max; ++v) updated = std::max(updated, row[v]);
    } else {
      updated = RangeMax(c.issue);
    }
    free_sum_ += updated - max_[c.issue];
    max_[c.issue] = updated;
  }
  double ToUtility(Int128 f) const {
    double u = std::ldexp(static_cast<double>(f), -scale_);
    if (hyper_) u = std::min(u / max_utility_, 1.0);
    return u;
  }

  int scale_ = 0;
  bool hyper_ = true;
  double max_utility_ = 1;
  Int128 constant_ = 0;
  std::vector<Term> terms_;
  std::vector<size_t> offsets_;                  ///< Start of each issue's values in table_.
  std::vector<std::vector<uint32_t>> by_issue_;  ///< Terms with a non-charge bound on the issue.
  std::vector<Int128> table_;                    ///< Per issue and value: charged terms' total.
  std::vector<Int128> max_;                      ///< Per issue: the largest entry of its table.
  std::vector<int> killed_at_;                   ///< Depth at which a bound failed; -1: alive.
  std::vector<int> satisfied_;                   ///< Non-charge bounds that hold.
  Int128 decided_ = 0;                           ///< Constant plus terms certain to pay.
  Int128 free_sum_ = 0;                          ///< Sum of max_ over unassigned issues.
};

/// Any tree (MIN, MAX, weights of any sign), bounded by interval evaluation in doubles. Slower
/// (the whole tree per bound) and inflated by a relative 1e-12 against rounding.
class IntervalBound final : public PartyBound {
 public:
  IntervalBound(UtilityTree tree, const Profile& profile, const Outcome& assigned)
      : tree_(std::move(tree)), profile_(profile), assigned_(assigned) {
    double magnitude = 0;
    auto walk = [&](auto&& self, const RectangleNode& node, double mult) -> void {
      for (const auto& r : node.rectangles) magnitude += std::abs(r.utility * mult);
      for (const auto& c : node.children) self(self, c, mult * c.weight);
    };
    for (const auto& root : tree_.nodes) walk(walk, root, 1.0);
    slack_ = 1e-12 * (1 + magnitude);
  }

  void Apply(size_t, ValueIndex, int) override {}
  void Undo(size_t, ValueIndex, int) override {}
  double UpperBound() const override {
    double hi = 0;
    for (const auto& root : tree_.nodes) hi += Evaluate(root).hi;
    hi += slack_;
    if (tree_.hyper) hi = std::min(hi / tree_.max_utility, 1.0);
    return hi;
  }
  double LeafValue(const Outcome& outcome) const override {
    return EvaluateUtility(profile_, outcome);
  }
  void Scopes(std::vector<std::pair<std::vector<size_t>, double>>& out) const override {
    const double unit = 1 / (tree_.hyper ? tree_.max_utility : 1.0);
    auto walk = [&](auto&& self, const RectangleNode& node, double mult) -> void {
      for (const auto& r : node.rectangles) {
        std::vector<size_t> issues;
        for (const auto& b : r.includes) issues.push_back(b.issue);
        for (const auto& b : r.excludes) issues.push_back(b.issue);
        std::sort(issues.begin(), issues.end());
        issues.erase(std::unique(issues.begin(), issues.end()), issues.end());
        out.emplace_back(std::move(issues), std::abs(r.utility * mult) * unit);
      }
      for (const auto& c : node.children) self(self, c, mult * c.weight);
    };
    for (const auto& root : tree_.nodes) walk(walk, root, 1.0);
  }
  /// GENIUS's SUM, MIN and MAX are non-decreasing in every term, so a rectangle's direction is
  /// the sign of its utility times the signs of the weights above it (flipped for EXCLUDES).
  void Signs(std::vector<SignedBound>& out) const override {
    auto walk = [&](auto&& self, const RectangleNode& node, int sign) -> void {
      for (const auto& r : node.rectangles) {
        const int s = r.utility > 0 ? sign : (r.utility < 0 ? -sign : 0);
        if (r.utility == 0) continue;
        for (const auto& b : r.includes) out.push_back({b.issue, b.min, b.max, s});
        for (const auto& b : r.excludes) out.push_back({b.issue, b.min, b.max, -s});
      }
      for (const auto& c : node.children)
        if (c.weight != 0) self(self, c, c.weight > 0 ? sign : -sign);
    };
    for (const auto& root : tree_.nodes) walk(walk, root, 1);
  }

 private:
  struct Interval {
    double lo, hi;
  };

  /// 1: the bound holds, 0: it fails, -1: its issue is open.
  int BoundState(const RectangleBound& b) const {
    const ValueIndex v = assigned_[b.issue];
    if (v == kUnassigned) return -1;
    return v >= b.min && v <= b.max ? 1 : 0;
  }
  int Covers(const HyperRectangle& r) const {
    bool open = false;
    for (const auto& b : r.includes) {
      const int s = BoundState(b);
      if (s == 0) return 0;
      open |= s < 0;
    }
    if (!r.excludes.empty()) {
      int inside = 1;
      for (const auto& b : r.excludes) {
        const int s = BoundState(b);
        if (s == 0) {
          inside = 0;
          break;
        }
        if (s < 0) inside = -1;
      }
      if (inside == 1) return 0;
      open |= inside < 0;
    }
    return open ? -1 : 1;
  }
  Interval Evaluate(const RectangleNode& node) const {
    Interval acc{0, 0};
    if (node.aggregation == RectangleNode::Aggregation::kMin) acc = {kGeniusIntMax, kGeniusIntMax};
    if (node.aggregation == RectangleNode::Aggregation::kMax)
      acc = {-kGeniusIntMax, -kGeniusIntMax};
    auto fold = [&](Interval t) {
      switch (node.aggregation) {
        case RectangleNode::Aggregation::kSum:
          acc = {acc.lo + t.lo, acc.hi + t.hi};
          break;
        case RectangleNode::Aggregation::kMin:
          acc = {std::min(acc.lo, t.lo), std::min(acc.hi, t.hi)};
          break;
        case RectangleNode::Aggregation::kMax:
          acc = {std::max(acc.lo, t.lo), std::max(acc.hi, t.hi)};
          break;
      }
    };
    for (const auto& r : node.rectangles) {
      const int c = Covers(r);
      if (c == 1) {
        fold({r.utility, r.utility});
      } else if (c == 0) {
        fold({0, 0});
      } else {
        fold({std::min(0.0, r.utility), std::max(0.0, r.utility)});
      }
    }
    for (const auto& child : node.children) {
      const Interval t = Evaluate(child);
      const double a = t.lo * child.weight, b = t.hi * child.weight;
      fold({std::min(a, b), std::max(a, b)});
    }
    return acc;
  }

  UtilityTree tree_;
  const Profile& profile_;
  const Outcome& assigned_;
  double slack_ = 0;
};

/// The non-dominated outcomes met so far, keyed by their utility vectors (one outcome per
/// vector, the first met). Two parties keep a staircase sorted by the first utility descending,
/// so that dominance is a binary search.
class Archive {
 public:
  explicit Archive(size_t parties) : parties_(parties) {}

  /// True when some point is >= `key` in every coordinate.
  bool Dominated(std::span<const double> key) const {
    if (parties_ == 2) {
      auto end = std::partition_point(points_.begin(), points_.end(),
                                      [&](const Point& p) { return p.key[0] >= key[0]; });
      return end != points_.begin() && std::prev(end)->key[1] >= key[1];
    }
    for (const auto& p : points_)
      if (WeaklyAbove(p.key, key)) return true;
    return false;
  }

  /// Adds a point that is not Dominated() and drops the points it dominates.
  void Insert(std::span<const double> key, const Outcome& outcome) {
    Point point{{key.begin(), key.end()}, outcome};
    if (parties_ == 2) {
      auto first = std::partition_point(points_.begin(), points_.end(),
                                        [&](const Point& p) { return p.key[0] > key[0]; });
      auto last = first;
      while (last != points_.end() && last->key[1] <= key[1]) ++last;
      first = points_.erase(first, last);
      points_.insert(first, std::move(point));
      return;
    }
    std::erase_if(points_, [&](const Point& p) { return WeaklyAbove(key, p.key); });
    points_.push_back(std::move(point));
  }

  struct Point {
    std::vector<double> key;
    Outcome outcome;
  };
  const std::vector<Point>& points() const { return points_; }

 private:
  static bool WeaklyAbove(std::span<const double> a, std::span<const double> b) {
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i] < b[i]) return false;
    return true;
  }

  size_t parties_;
  std::vector<Point> points_;
};

/// Greedy issue order: next the issue that most advances the heavy terms, each term counting its
/// magnitude divided by the number of its issues still open, so that terms complete early and the
/// bounds tighten near the root.
std::vector<size_t> ChooseOrder(size_t issues,
                                const std::vector<std::pair<std::vector<size_t>, double>>& scopes) {
  std::vector<size_t> open(scopes.size());
  std::vector<std::vector<size_t>> touching(issues);
  for (size_t t = 0; t < scopes.size(); ++t) {
    open[t] = scopes[t].first.size();
    for (size_t i : scopes[t].first) touching[i].push_back(t);
  }
  std::vector<size_t> order;
  std::vector<bool> used(issues, false);
  for (size_t step = 0; step < issues; ++step) {
    size_t best = issues;
    double best_score = -1;
    for (size_t i = 0; i < issues; ++i) {
      if (used[i]) continue;
      double score = 0;
      for (size_t t : touching[i]) score += scopes[t].second / static_cast<double>(open[t]);
      if (score > best_score) {
        best_score = score;
        best = i;
      }
    }
    used[best] = true;
    order.push_back(best);
    for (size_t t : touching[best]) --open[t];
  }
  return order;
}

/// The values of each issue worth trying: those no other value dominates for every party (see
/// the header), one per class of equivalent values (the smallest). Values between two consecutive
/// bound ends are equivalent, so only the first value of each such segment is a candidate; wide
/// integer issues with few bounds thus cost a few candidates. Issues in hard constraints keep
/// every value.
std::vector<std::vector<ValueIndex>> ReduceValues(const OutcomeSpace& space,
                                                  const std::vector<SignedBound>& signs,
                                                  const std::vector<bool>& constrained,
                                                  bool reduce) {
  std::vector<std::vector<ValueIndex>> values(space.NumIssues());
  std::vector<std::vector<const SignedBound*>> on(space.NumIssues());
  for (const auto& s : signs) on[s.issue].push_back(&s);
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    const auto card = static_cast<ValueIndex>(space.issue(i).Cardinality());
    if (!reduce || constrained[i]) {
      for (ValueIndex v = 0; v < card; ++v) values[i].push_back(v);
      continue;
    }
    const auto& bounds = on[i];
    std::vector<ValueIndex> starts = {0};
    for (const SignedBound* b : bounds) {
      starts.push_back(b->lo);
      if (b->hi + 1 < card) starts.push_back(b->hi + 1);
    }
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    if (card == 0) starts.clear();
    if (static_cast<double>(starts.size()) * static_cast<double>(starts.size()) *
            static_cast<double>(bounds.size() + 1) >
        5e7) {
      values[i] = std::move(starts);
      continue;
    }
    auto dominates = [&](ValueIndex v, ValueIndex w) {
      for (const SignedBound* b : bounds) {
        const bool in_v = v >= b->lo && v <= b->hi, in_w = w >= b->lo && w <= b->hi;
        if (b->sign > 0 && in_w && !in_v) return false;
        if (b->sign < 0 && in_v && !in_w) return false;
        if (b->sign == 0 && in_v != in_w) return false;
      }
      return true;
    };
    for (ValueIndex w : starts) {
      bool dropped = false;
      for (size_t k = 0; k < starts.size() && !dropped; ++k) {
        const ValueIndex v = starts[k];
        dropped = v != w && dominates(v, w) && (v < w || !dominates(w, v));
      }
      if (!dropped) values[i].push_back(w);
    }
  }
  return values;
}

/// Depth-first multi-objective branch and bound.
class Search {
 public:
  Search(const Scenario& scenario, const HyperRectangleSearchOptions& options)
      : scenario_(scenario),
        options_(options),
        parties_(scenario.NumParties()),
        issues_(scenario.space.NumIssues()),
        archive_(parties_) {}

  void Run(HyperRectangleSearchStats& stats) {
    const auto start = std::chrono::steady_clock::now();
    deadline_ = options_.time_limit_seconds > 0 && options_.time_limit_seconds < 1e9
                    ? start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(options_.time_limit_seconds))
                    : std::chrono::steady_clock::time_point::max();
    assigned_.assign(issues_, kUnassigned);
    std::vector<std::pair<std::vector<size_t>, double>> scopes;
    std::vector<SignedBound> signs;
    std::vector<FixedPointBound*> fixed;
    for (const auto& party : scenario_.parties) {
      UtilityTree tree = ToTree(party.profile);
      auto fp = options_.fixed_point ? FixedPointBound::Build(tree, scenario_.space) : nullptr;
      stats.fixed_point.push_back(fp != nullptr);
      if (fp) {
        fixed.push_back(fp.get());
        bounds_.push_back(std::move(fp));
      } else {
        bounds_.push_back(
            std::make_unique<IntervalBound>(std::move(tree), party.profile, assigned_));
      }
      bounds_.back()->Scopes(scopes);
      bounds_.back()->Signs(signs);
    }
    order_ = ChooseOrder(issues_, scopes);
    std::vector<size_t> position(issues_);
    for (size_t d = 0; d < issues_; ++d) position[order_[d]] = d;
    for (auto* fp : fixed) fp->Prepare(position);

    // Hard constraints, each checked as soon as its last issue is assigned.
    std::vector<bool> constrained(issues_, false);
    checks_.assign(issues_, {});
    for (const auto& party : scenario_.parties)
      for (const auto& c : party.profile.constraints) {
        size_t last = 0;
        auto note = [&](const Clause& clause) {
          constrained[clause.issue] = true;
          last = std::max(last, position[clause.issue]);
        };
        for (const auto& w : c.when) note(w);
        note(c.then);
        checks_[last].push_back(&c);
      }
    values_ = ReduceValues(scenario_.space, signs, constrained, options_.reduce_values);

    stats.order = order_;
    for (const auto& v : values_) stats.values.push_back(v.size());
    children_.assign(issues_, {});
    bound_buffers_.assign(issues_, {});
    keys_.assign((issues_ + 1) * parties_, 0);
    if (issues_ == 0) {
      Leaf();
    } else if (std::none_of(values_.begin(), values_.end(),
                            [](const auto& v) { return v.empty(); })) {
      Descend(0);
    }
    stats.nodes = nodes_;
    stats.leaves = leaves_;
    stats.complete = !stopped_;
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  const Archive& archive() const { return archive_; }

 private:
  struct Child {
    ValueIndex value;
    double score;
    size_t slot;  ///< Index of its upper bounds in the depth's bound buffer.
  };

  bool Violates(int depth) const {
    for (const Constraint* c : checks_[depth]) {
      bool triggered = true;
      for (const auto& w : c->when) triggered = triggered && ClauseHolds(w, assigned_);
      if (triggered && !ClauseHolds(c->then, assigned_)) return true;
    }
    return false;
  }

  void Assign(size_t issue, ValueIndex value, int depth) {
    assigned_[issue] = value;
    for (auto& b : bounds_) b->Apply(issue, value, depth);
    ++nodes_;
  }
  void Unassign(size_t issue, ValueIndex value, int depth) {
    for (auto it = bounds_.rbegin(); it != bounds_.rend(); ++it) (*it)->Undo(issue, value, depth);
    assigned_[issue] = kUnassigned;
  }

  bool OutOfBudget() {
    if (stopped_) return true;
    if (options_.node_limit > 0 && nodes_ >= options_.node_limit) stopped_ = true;
    if ((nodes_ & 1023) == 0 && std::chrono::steady_clock::now() >= deadline_) stopped_ = true;
    return stopped_;
  }

  void Leaf() {
    ++leaves_;
    std::span<double> key(keys_.data() + issues_ * parties_, parties_);
    for (size_t p = 0; p < parties_; ++p) key[p] = bounds_[p]->LeafValue(assigned_);
    if (!archive_.Dominated(key)) archive_.Insert(key, assigned_);
  }

  void Descend(size_t depth) {
    const size_t issue = order_[depth];
    const int d = static_cast<int>(depth);
    const bool last = depth + 1 == issues_;
    auto& children = children_[depth];
    children.clear();
    std::vector<double>& buffer = bound_buffers_[depth];
    buffer.resize(values_[issue].size() * parties_);
    for (ValueIndex value : values_[issue]) {
      if (OutOfBudget()) return;
      Assign(issue, value, d);
      if (!Violates(d)) {
        if (last) {
          Leaf();
        } else {
          const size_t slot = children.size();
          std::span<double> ub(buffer.data() + slot * parties_, parties_);
          double score = 0;
          for (size_t p = 0; p < parties_; ++p) score += ub[p] = bounds_[p]->UpperBound();
          if (!archive_.Dominated(ub)) children.push_back({value, score, slot});
        }
      }
      Unassign(issue, value, d);
    }
    std::stable_sort(children.begin(), children.end(),
                     [](const Child& a, const Child& b) { return a.score > b.score; });
    for (const Child& child : children) {
      if (OutOfBudget()) return;
      if (archive_.Dominated({buffer.data() + child.slot * parties_, parties_})) continue;
      Assign(issue, child.value, d);
      Descend(depth + 1);
      Unassign(issue, child.value, d);
    }
  }

  const Scenario& scenario_;
  const HyperRectangleSearchOptions& options_;
  size_t parties_, issues_;
  Archive archive_;
  Outcome assigned_;
  std::vector<std::unique_ptr<PartyBound>> bounds_;
  std::vector<size_t> order_;
  std::vector<std::vector<ValueIndex>> values_;
  std::vector<std::vector<const Constraint*>> checks_;
  std::vector<std::vector<Child>> children_;
  std::vector<std::vector<double>> bound_buffers_;
  std::vector<double> keys_;
  std::chrono::steady_clock::time_point deadline_;
  uint64_t nodes_ = 0, leaves_ = 0;
  bool stopped_ = false;
};

}  // namespace

Result<ParetoFrontier> HyperRectangleParetoFrontier(const Scenario& scenario,
                                                    const HyperRectangleSearchOptions& options,
                                                    HyperRectangleSearchStats* stats) {
  if (scenario.parties.empty())
    return Error::BadInput("the scenario has no party", scenario.source, 0, "parties");
  for (const auto& party : scenario.parties)
    PARLEY_RETURN_IF_ERROR(ValidateProfile(party.profile, scenario.space, scenario.source));

  HyperRectangleSearchStats local;
  HyperRectangleSearchStats& s = stats ? *stats : local;
  s = {};
  Search search(scenario, options);
  search.Run(s);

  ParetoFrontier frontier;
  for (const auto& point : search.archive().points()) {
    UtilityPoint up{point.outcome, {}};
    for (const auto& party : scenario.parties)
      up.utilities.push_back(EvaluateUtility(party.profile, point.outcome));
    frontier.points.push_back(std::move(up));
  }
  std::sort(frontier.points.begin(), frontier.points.end(),
            [](const UtilityPoint& a, const UtilityPoint& b) {
              if (a.utilities != b.utilities)
                return std::lexicographical_compare(b.utilities.begin(), b.utilities.end(),
                                                    a.utilities.begin(), a.utilities.end());
              return a.outcome < b.outcome;
            });
  frontier.exact = s.complete;
  frontier.method =
      s.complete ? "branch and bound over hyper-rectangles (" + std::to_string(s.nodes) + " nodes)"
                 : "branch and bound, stopped at limit after " + std::to_string(s.nodes) +
                       " nodes: best found";
  return frontier;
}

}  // namespace parley
