#pragma once

/// \file
/// Random scenarios for tests, the schema check and fuzzer seeds: every construct of the model
/// (three issue kinds, value-function forms, hyper-rectangles, constraints, tracks), with names
/// chosen to stress YAML quoting. Deterministic for a seed (parley::Rng). Test-only.

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "native_internal.h"
#include "parley/core/random.h"
#include "parley/preference/scenario.h"

namespace parley {

/// `RandomScenario(seed).Make()` returns a scenario that passes ValidateScenario.
class RandomScenario {
 public:
  explicit RandomScenario(uint64_t seed) : rng_(seed) {}

  Scenario Make() {
    Scenario s;
    s.name = Name();
    if (rng_.Bernoulli(0.7)) s.description = Text();
    s.source = rng_.Bernoulli(0.8) ? Text() : std::string();
    std::vector<Issue> issues;
    const size_t num_issues = 1 + rng_.Below(5);
    for (size_t i = 0; i < num_issues; ++i)
      issues.push_back(MakeIssue("i" + Name() + std::to_string(i)));
    s.space = OutcomeSpace(issues);
    const size_t num_parties = 2 + rng_.Below(3);
    for (size_t p = 0; p < num_parties; ++p) {
      Party party;
      party.name = Name() + "#" + std::to_string(p);
      party.profile = MakeProfile(s.space);
      party.profile.name = rng_.Bernoulli(0.7) ? party.name : Name();
      s.parties.push_back(std::move(party));
    }
    s.rules = MakeRules(s);
    return s;
  }

 private:
  // Names stress quoting: YAML keywords, numbers, indicators, quotes, unicode, line breaks.
  std::string Name() {
    static const std::vector<std::string> kPieces = {"a",
                                                     "B",
                                                     "x y",
                                                     "null",
                                                     "true",
                                                     "no",
                                                     "~",
                                                     "1",
                                                     "-3",
                                                     ".5",
                                                     "0x1F",
                                                     ":",
                                                     ": ",
                                                     "#",
                                                     " #",
                                                     "- ",
                                                     "[",
                                                     "]",
                                                     "{",
                                                     "}",
                                                     ",",
                                                     "&a",
                                                     "*a",
                                                     "!",
                                                     "|",
                                                     ">",
                                                     "'",
                                                     "\"",
                                                     "\\",
                                                     "%",
                                                     "@",
                                                     "`",
                                                     "?",
                                                     "\t",
                                                     "\n",
                                                     "é",
                                                     "–",
                                                     "\xe2\x80\xa8",
                                                     "\xef\xbb\xbf",
                                                     "\x7f",
                                                     "\x01",
                                                     "US",
                                                     "Afghan government",
                                                     "  ",
                                                     "=",
                                                     "<<",
                                                     "_",
                                                     "(x)",
                                                     "a.b"};
    std::string out;
    const size_t n = 1 + rng_.Below(3);
    for (size_t k = 0; k < n; ++k) out += kPieces[rng_.Below(kPieces.size())];
    return out;
  }

  std::string Text() {
    std::string out;
    const size_t lines = rng_.Below(4);
    for (size_t k = 0; k <= lines; ++k) {
      if (k) out += rng_.Bernoulli(0.2) ? "\n\n" : "\n";
      out += Name();
      if (rng_.Bernoulli(0.3)) out += " more words";
    }
    if (rng_.Bernoulli(0.5)) out += "\n";
    if (rng_.Bernoulli(0.2)) out += "\n";
    return out;
  }

  Issue MakeIssue(std::string name) {
    switch (rng_.Below(3)) {
      case 0: {
        std::vector<std::string> values;
        const size_t n = 1 + rng_.Below(6);
        for (size_t v = 0; v < n; ++v) values.push_back(Name() + std::to_string(v));
        if (rng_.Bernoulli(0.2)) values[0] = "";
        return Issue::Discrete(std::move(name), std::move(values));
      }
      case 1: {
        int64_t lo = static_cast<int64_t>(rng_.Below(2000001)) - 1000000;
        if (rng_.Bernoulli(0.1)) lo = std::numeric_limits<int64_t>::min();
        const int64_t width = static_cast<int64_t>(rng_.Below(12));
        if (rng_.Bernoulli(0.1)) lo = std::numeric_limits<int64_t>::max() - width;
        return Issue::Integer(std::move(name), lo, lo + width);
      }
      default: {
        const double lo = rng_.Uniform(-1000, 1000);
        const double hi = lo + rng_.Uniform(0.001, 500);
        return Issue::Real(std::move(name), lo, hi, static_cast<uint32_t>(2 + rng_.Below(12)));
      }
    }
  }

  ValueFunction MakeFunction(const Issue& issue) {
    ValueFunction f;
    const size_t n = issue.Cardinality();
    if (issue.kind != IssueKind::kDiscrete && rng_.Bernoulli(0.5)) {
      const double lo = issue.NumericValue(0),
                   hi = issue.NumericValue(static_cast<ValueIndex>(n - 1));
      switch (rng_.Below(3)) {
        case 0:
          f.form = ValueFunction::Form::kLinear;
          f.a = hi > lo ? 1 / (hi - lo) : 0;
          f.b = -lo * f.a;
          break;
        case 1:
          f.form = ValueFunction::Form::kConstant;
          f.a = rng_.Uniform();
          break;
        default:
          f.form = ValueFunction::Form::kTriangular;
          f.a = lo;
          f.b = hi;
          f.c = rng_.Uniform(lo, hi);
          break;
      }
      f.table = native_internal::FormValues(f, issue);
      for (double& u : f.table) u = std::clamp(u, 0.0, 1.0);
      // A form whose table was normalised elsewhere (GENIUS): the writer must keep both.
      if (rng_.Bernoulli(0.3)) f.table[rng_.Below(n)] = rng_.Uniform();
      return f;
    }
    for (size_t v = 0; v < n; ++v) f.table.push_back(rng_.Bernoulli(0.1) ? 1.0 : rng_.Uniform());
    return f;
  }

  RectangleBound Bound(const OutcomeSpace& space) {
    RectangleBound b;
    b.issue = rng_.Below(space.NumIssues());
    const auto card = space.issue(b.issue).Cardinality();
    b.min = static_cast<ValueIndex>(rng_.Below(card));
    b.max = rng_.Bernoulli(0.3) ? b.min : static_cast<ValueIndex>(b.min + rng_.Below(card - b.min));
    return b;
  }

  RectangleNode Node(const OutcomeSpace& space, int depth) {
    RectangleNode node;
    node.aggregation = static_cast<RectangleNode::Aggregation>(rng_.Below(3));
    if (rng_.Bernoulli(0.5)) node.weight = rng_.Uniform(-2, 2);
    const size_t rects = rng_.Below(4);
    for (size_t r = 0; r < rects; ++r) {
      HyperRectangle rect;
      rect.utility = rng_.Uniform(-10, 100);
      for (size_t k = rng_.Below(3); k > 0; --k) rect.includes.push_back(Bound(space));
      for (size_t k = rng_.Below(2); k > 0; --k) rect.excludes.push_back(Bound(space));
      node.rectangles.push_back(std::move(rect));
    }
    if (depth < 3)
      for (size_t c = rng_.Below(3); c > 0; --c) node.children.push_back(Node(space, depth + 1));
    return node;
  }

  Clause MakeClause(const OutcomeSpace& space) {
    Clause c;
    c.issue = rng_.Below(space.NumIssues());
    const auto card = space.issue(c.issue).Cardinality();
    for (size_t k = rng_.Below(4); k > 0; --k)
      c.allowed.push_back(static_cast<ValueIndex>(rng_.Below(card)));
    return c;
  }

  Profile MakeProfile(const OutcomeSpace& space) {
    Profile p;
    if (rng_.Bernoulli(0.75)) {
      AdditiveUtility add;
      double sum = 0;
      for (size_t i = 0; i < space.NumIssues(); ++i) {
        add.weights.push_back(rng_.Bernoulli(0.15) ? 0.0 : rng_.Uniform());
        sum += add.weights.back();
        add.issues.push_back(MakeFunction(space.issue(i)));
        if (add.weights.back() == 0 && rng_.Bernoulli(0.5))
          add.issues.back() = ValueFunction{ValueFunction::Form::kTable,
                                            std::vector<double>(space.issue(i).Cardinality(), 0.0)};
      }
      if (sum > 0)
        for (double& w : add.weights) w /= sum;
      p.utility = std::move(add);
    } else {
      HyperRectangleUtility nl;
      nl.max_utility = rng_.Uniform(0.5, 200);
      for (size_t n = rng_.Below(3); n > 0; --n) nl.nodes.push_back(Node(space, 1));
      p.utility = std::move(nl);
    }
    p.reservation_value = rng_.Bernoulli(0.3) ? 0.0 : rng_.Uniform(0, 1);
    p.discount_factor = rng_.Bernoulli(0.5) ? 1.0 : rng_.Uniform(0.01, 1);
    for (size_t k = rng_.Below(3); k > 0; --k) {
      Constraint c;
      if (rng_.Bernoulli(0.6)) c.description = Text();
      for (size_t w = rng_.Below(3); w > 0; --w) c.when.push_back(MakeClause(space));
      c.then = MakeClause(space);
      p.constraints.push_back(std::move(c));
    }
    return p;
  }

  Rules MakeRules(const Scenario& s) {
    Rules rules;
    rules.single_undertaking = rng_.Bernoulli(0.7);
    for (size_t p = 0; p < s.parties.size(); ++p)
      if (rng_.Bernoulli(0.4)) rules.ratifiers.push_back(p);
    Shuffle(rules.ratifiers.begin(), rules.ratifiers.end(), rng_);
    if (rng_.Bernoulli(0.3)) return rules;
    const size_t num_tracks = 1 + rng_.Below(s.space.NumIssues());
    rules.tracks.resize(num_tracks);
    std::vector<size_t> order(s.space.NumIssues());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    Shuffle(order.begin(), order.end(), rng_);
    for (size_t k = 0; k < order.size(); ++k)  // every track gets one issue, then at random
      rules.tracks[k < num_tracks ? k : rng_.Below(num_tracks)].issues.push_back(order[k]);
    for (size_t t = 0; t < num_tracks; ++t) {
      Track& track = rules.tracks[t];
      track.name = Name() + "/" + std::to_string(t);
      std::vector<size_t> parties(s.parties.size());
      for (size_t p = 0; p < parties.size(); ++p) parties[p] = p;
      Shuffle(parties.begin(), parties.end(), rng_);
      parties.resize(1 + rng_.Below(parties.size()));
      track.parties = parties;
      if (t > 0 && rng_.Bernoulli(0.6)) track.opens_after = rng_.Below(t);
    }
    // Opening conditions point backwards here; shuffle so that they also point forwards.
    std::vector<size_t> perm(num_tracks);
    for (size_t t = 0; t < num_tracks; ++t) perm[t] = t;
    Shuffle(perm.begin(), perm.end(), rng_);
    std::vector<Track> shuffled(num_tracks);
    for (size_t t = 0; t < num_tracks; ++t) {
      shuffled[perm[t]] = rules.tracks[t];
      if (rules.tracks[t].opens_after)
        shuffled[perm[t]].opens_after = perm[*rules.tracks[t].opens_after];
    }
    rules.tracks = std::move(shuffled);
    return rules;
  }

  Rng rng_;
};

}  // namespace parley
