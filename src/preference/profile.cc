#include "parley/preference/profile.h"

#include <algorithm>
#include <cmath>

namespace parley {
namespace {

bool BoundHolds(const RectangleBound& bound, std::span<const ValueIndex> outcome) {
  const ValueIndex v = outcome[bound.issue];
  return v >= bound.min && v <= bound.max;
}

bool Covers(const HyperRectangle& rect, std::span<const ValueIndex> outcome) {
  for (const auto& b : rect.includes)
    if (!BoundHolds(b, outcome)) return false;
  if (rect.excludes.empty()) return true;
  for (const auto& b : rect.excludes)
    if (!BoundHolds(b, outcome)) return true;  // outside the excluded box
  return false;
}

// GENIUS UtilityFunction.getUtility: every rectangle and child is a term (uncovered rectangles
// count 0), folded from GENIUS's start values; the node's own weight is its parent's business.
double EvaluateNode(const RectangleNode& node, std::span<const ValueIndex> outcome) {
  constexpr double kGeniusIntMax = 2147483647.0;
  double acc = 0;
  if (node.aggregation == RectangleNode::Aggregation::kMin) acc = kGeniusIntMax;
  if (node.aggregation == RectangleNode::Aggregation::kMax) acc = -kGeniusIntMax;
  auto add = [&](double u) {
    switch (node.aggregation) {
      case RectangleNode::Aggregation::kSum:
        acc += u;
        break;
      case RectangleNode::Aggregation::kMin:
        acc = std::min(acc, u);
        break;
      case RectangleNode::Aggregation::kMax:
        acc = std::max(acc, u);
        break;
    }
  };
  for (const auto& rect : node.rectangles) add(Covers(rect, outcome) ? rect.utility : 0.0);
  for (const auto& child : node.children) add(EvaluateNode(child, outcome) * child.weight);
  return acc;
}

}  // namespace

double EvaluateUtility(const Profile& profile, std::span<const ValueIndex> outcome) {
  if (profile.IsAdditive()) {
    const auto& add = profile.additive();
    double u = 0;
    for (size_t i = 0; i < add.weights.size(); ++i)
      u += add.weights[i] * add.issues[i].table[outcome[i]];
    return add.capped && u > 1 ? 1.0 : u;
  }
  const auto& nl = profile.rectangles();
  double u = 0;
  for (const auto& node : nl.nodes) u += EvaluateNode(node, outcome);
  if (nl.max_utility > 0) u /= nl.max_utility;
  return std::min(u, 1.0);  // GENIUS caps at 1, not below
}

bool SatisfiesConstraints(const Profile& profile, std::span<const ValueIndex> outcome) {
  for (const auto& c : profile.constraints) {
    bool triggered = true;
    for (const auto& w : c.when)
      if (!ClauseHolds(w, outcome)) {
        triggered = false;
        break;
      }
    if (triggered && !ClauseHolds(c.then, outcome)) return false;
  }
  return true;
}

double Discounted(double utility, double discount_factor, double time) {
  if (discount_factor >= 1 || time <= 0) return utility;
  return utility * std::pow(discount_factor, std::min(time, 1.0));
}

namespace {

Status ValidateBound(const RectangleBound& b, const OutcomeSpace& space, const std::string& file) {
  if (b.issue >= space.NumIssues())
    return Error::BadInput("hyper-rectangle bound on an issue the domain lacks", file, 0,
                           "hyperRectangle");
  if (b.min > b.max || b.max >= space.issue(b.issue).Cardinality())
    return Error::BadInput(
        "hyper-rectangle bound outside issue '" + space.issue(b.issue).name + "'", file, 0,
        "hyperRectangle");
  return {};
}

Status ValidateNode(const RectangleNode& node, const OutcomeSpace& space, const std::string& file) {
  if (!std::isfinite(node.weight))
    return Error::BadInput("ufun weight is not a finite number", file, 0, "ufun.weight");
  for (const auto& rect : node.rectangles) {
    if (!std::isfinite(rect.utility))
      return Error::BadInput("hyper-rectangle utility is not a finite number", file, 0,
                             "hyperRectangle.utility");
    for (const auto& b : rect.includes) PARLEY_RETURN_IF_ERROR(ValidateBound(b, space, file));
    for (const auto& b : rect.excludes) PARLEY_RETURN_IF_ERROR(ValidateBound(b, space, file));
  }
  for (const auto& child : node.children) PARLEY_RETURN_IF_ERROR(ValidateNode(child, space, file));
  return {};
}

}  // namespace

Status ValidateProfile(const Profile& profile, const OutcomeSpace& space, const std::string& file) {
  const std::string who = profile.name.empty() ? std::string("profile") : profile.name;
  if (!std::isfinite(profile.reservation_value))
    return Error::BadInput("reservation value is not a finite number", file, 0, "reservation");
  if (!(profile.discount_factor > 0 && profile.discount_factor <= 1))
    return Error::BadInput("discount factor must be in (0, 1]", file, 0, "discount_factor");
  if (profile.IsAdditive()) {
    const auto& add = profile.additive();
    if (add.weights.size() != space.NumIssues() || add.issues.size() != space.NumIssues())
      return Error::BadInput(who + " values " + std::to_string(add.weights.size()) +
                                 " issues, the domain has " + std::to_string(space.NumIssues()),
                             file, 0, "weights");
    double sum = 0;
    for (size_t i = 0; i < add.weights.size(); ++i) {
      const std::string& issue = space.issue(i).name;
      if (!std::isfinite(add.weights[i]) || add.weights[i] < 0)
        return Error::BadInput("weight must be a finite number >= 0", file, 0, "weights." + issue);
      sum += add.weights[i];
      if (add.issues[i].table.size() != space.issue(i).Cardinality())
        return Error::BadInput("expected one utility per value (" +
                                   std::to_string(space.issue(i).Cardinality()) + "), found " +
                                   std::to_string(add.issues[i].table.size()),
                               file, 0, "issues." + issue);
      for (double u : add.issues[i].table)
        if (!std::isfinite(u) || u < -1e-9 || u > 1 + 1e-9)
          return Error::BadInput("value utility must be a number in [0, 1]", file, 0,
                                 "issues." + issue);
    }
    if (!add.capped && std::abs(sum - 1) > 1e-6 && sum != 0)
      return Error::BadInput("weights must sum to 1, they sum to " + std::to_string(sum), file, 0,
                             "weights");
  } else {
    const auto& nl = profile.rectangles();
    if (!(std::isfinite(nl.max_utility) && nl.max_utility > 0))
      return Error::BadInput("maxutility must be a number > 0", file, 0, "utility.maxutility");
    for (const auto& node : nl.nodes) PARLEY_RETURN_IF_ERROR(ValidateNode(node, space, file));
  }
  for (const auto& c : profile.constraints) {
    auto check = [&](const Clause& clause) -> Status {
      if (clause.issue >= space.NumIssues())
        return Error::BadInput("constraint on an issue the domain lacks", file, 0, "constraints");
      for (ValueIndex v : clause.allowed)
        if (v >= space.issue(clause.issue).Cardinality())
          return Error::BadInput("constraint names a value the issue lacks", file, 0,
                                 "constraints");
      return {};
    };
    for (const auto& w : c.when) PARLEY_RETURN_IF_ERROR(check(w));
    PARLEY_RETURN_IF_ERROR(check(c.then));
  }
  return {};
}

Result<AdditiveUtility> NormalizeAdditive(std::vector<double> weights,
                                          std::vector<std::vector<double>> evaluations) {
  AdditiveUtility out;
  double sum = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0)
      return Error::BadInput("weight must be a finite number >= 0", {}, 0,
                             "weight " + std::to_string(i + 1));
    sum += weights[i];
  }
  if (!(sum > 0)) return Error::BadInput("weights sum to 0", {}, 0, "weights");
  for (double& w : weights) w /= sum;
  out.weights = std::move(weights);
  for (auto& evals : evaluations) {
    double max = 0;
    for (double e : evals) {
      if (!std::isfinite(e) || e < 0)
        return Error::BadInput("evaluation must be a finite number >= 0", {}, 0, "evaluation");
      max = std::max(max, e);
    }
    ValueFunction f;
    f.table.resize(evals.size(), 0.0);
    if (max > 0)
      for (size_t v = 0; v < evals.size(); ++v) f.table[v] = evals[v] / max;
    out.issues.push_back(std::move(f));
  }
  return out;
}

}  // namespace parley
