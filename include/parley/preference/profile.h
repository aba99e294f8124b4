#pragma once

/// \file
/// What a party values: a utility function over an outcome space, a reservation value, a discount
/// factor, and hard constraints. Profiles are plain values (copyable, comparable) so that readers,
/// writers and converters see their whole structure; `CompiledProfile` (compiled_profile.h) is the
/// fast form that hot loops use.
///
/// Conventions (GENIUS, which the ANAC community's numbers use):
/// - Additive: U(o) = sum_i w_i * f_i(o_i), weights normalised to sum 1, each f_i in [0, 1]
///   (GENIUS divides each evaluation by the issue's maximum; readers do that normalisation, so a
///   profile here always holds normalised weights and value utilities).
/// - Hyper-rectangle (ANAC 2014 non-linear): U(o) = min(1, f(o) / max_utility), where f is the
///   GENIUS `UtilityFunction` tree evaluated on o (see `HyperRectangleUtility`).
/// - Discounting: U_t(o) = U(o) * d^t for normalised time t in [0, 1] (GENIUS).
/// - An outcome that violates a hard constraint is unacceptable to the party: it is never a valid
///   agreement for it, and analysis treats it as worth less than the reservation value.

#include <limits>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "parley/outcome/outcome_space.h"

namespace parley {

/// How one issue's values are valued, normalised to [0, 1]. `table` is always filled (one entry
/// per value index) and is the truth used for computing; `form` and its parameters remember an
/// analytic evaluator read from a file (GENIUS integer/real `linear`, `constant`, `triangular`),
/// so that writers can reproduce it.
struct ValueFunction {
  enum class Form { kTable, kLinear, kConstant, kTriangular };
  Form form = Form::kTable;
  std::vector<double> table;
  /// Form parameters in the file's own terms (linear: a = slope or parameter1, b = offset or
  /// parameter0; triangular: a = lower, b = upper, c = top; constant: a = value).
  double a = 0, b = 0, c = 0;

  bool operator==(const ValueFunction&) const = default;
};

/// Linear additive utility: U(o) = sum_i weights[i] * issues[i].table[o[i]], the terms added in
/// issue order from 0. With `capped`, GENIUS's rule: the weights are as the file gives them (they
/// need not sum to 1) and a sum above 1 counts as 1 (GENIUS's AdditiveUtilitySpace.getUtility).
struct AdditiveUtility {
  std::vector<double> weights;        ///< One per issue, >= 0, summing to 1 unless `capped`.
  std::vector<ValueFunction> issues;  ///< One per issue.
  bool capped = false;                ///< Set by the GENIUS reader (docs/formats.md).

  bool operator==(const AdditiveUtility&) const = default;
};

/// One axis-aligned bound of a hyper-rectangle, in value indices of `issue` (inclusive).
struct RectangleBound {
  size_t issue = 0;
  ValueIndex min = 0, max = 0;
  bool operator==(const RectangleBound&) const = default;
};

/// A hyper-rectangle constraint. It covers an outcome when every `includes` bound holds and the
/// outcome is not inside the box of the `excludes` bounds (not all of them hold; no `excludes`
/// bounds means nothing is excluded). It is worth `utility` where it covers and 0 elsewhere; the
/// 0 counts in MIN and MAX aggregation.
///
/// GENIUS (InclusiveHyperRectangle / ExclusiveHyperRectangle): a rectangle with only INCLUDES
/// bounds pays inside their box, one with EXCLUDES bounds pays outside their box (one failing
/// bound suffices), one with neither pays everywhere: all three are this model exactly. GENIUS
/// ignores the INCLUDES of a rectangle that also has EXCLUDES, and multiplies `utility` by the
/// optional `weight` attribute; readers reproduce both (drop the INCLUDES with a note, fold the
/// weight into `utility`). Bounds are value indices, so readers subtract an integer issue's
/// lower bound and clamp the file's bounds to the issue's range.
struct HyperRectangle {
  std::vector<RectangleBound> includes;
  std::vector<RectangleBound> excludes;
  double utility = 0;
  bool operator==(const HyperRectangle&) const = default;
};

/// A GENIUS non-linear utility function node (`<ufun aggregation=... weight=...>`). Its value
/// aggregates, with SUM, MIN or MAX, one term per rectangle (its `utility` where it covers the
/// outcome, else 0) and one term per child (the child's value times the child's `weight`).
/// As in GENIUS, a node with no terms is worth 0 (SUM), 2147483647 (MIN) or -2147483647 (MAX),
/// and a node's own `weight` is applied by its parent only: a root node's weight is unused.
struct RectangleNode {
  enum class Aggregation { kSum, kMin, kMax };
  Aggregation aggregation = Aggregation::kSum;
  double weight = 1;  ///< Applied by the parent node; ignored on root nodes (GENIUS).
  std::vector<HyperRectangle> rectangles;
  std::vector<RectangleNode> children;
  bool operator==(const RectangleNode&) const = default;
};

/// ANAC 2014 non-linear utility (GENIUS NonlinearUtilitySpace):
/// U(o) = min(1, f(o) / max_utility), f(o) the sum of the root nodes' values. GENIUS reads one
/// root `ufun` (the first) and caps the quotient at 1 but not below 0; several roots are a parley
/// extension (their values add up). The ANAC 2014 files use one SUM root of INCLUDES rectangles
/// with integer utilities; their `maxutility` is not always the largest f (in 17 of the 24
/// profiles some outcomes exceed it, and the cap makes them all worth 1; docs/anac2014.md).
struct HyperRectangleUtility {
  std::vector<RectangleNode> nodes;
  double max_utility = 1;  ///< The file's `maxutility`; utilities are divided by it.
  bool operator==(const HyperRectangleUtility&) const = default;
};

/// A hard constraint: when every `when` clause holds, the `then` clause must hold, otherwise the
/// outcome is unacceptable. An empty `when` makes `then` unconditional. Models conditional
/// positions such as "a ceasefire only after foreign forces leave":
/// when {ceasefire in {announced}} then {withdrawal in {full}}.
struct Clause {
  size_t issue = 0;
  std::vector<ValueIndex> allowed;  ///< The clause holds when the outcome's value is one of these.
  /// `value` (of `issue`) is one of `allowed`. Linear in `allowed` (a handful of values).
  bool Allows(ValueIndex value) const {
    for (ValueIndex v : allowed)
      if (v == value) return true;
    return false;
  }
  bool operator==(const Clause&) const = default;
};
/// The clause holds for `outcome` (false if the outcome has no value for its issue). The one
/// definition, used by profiles, the analysis, the single undertaking and the talks status;
/// inline, as the analysis calls it in its inner loops.
inline bool ClauseHolds(const Clause& clause, std::span<const ValueIndex> outcome) {
  return clause.issue < outcome.size() && clause.Allows(outcome[clause.issue]);
}
struct Constraint {
  std::string description;
  std::vector<Clause> when;
  Clause then;
  bool operator==(const Constraint&) const = default;
};

/// A party's preferences.
struct Profile {
  std::string name;  ///< Usually the file or profile name.
  std::variant<AdditiveUtility, HyperRectangleUtility> utility;
  double reservation_value = 0;  ///< Utility of no agreement (GENIUS default 0).
  double discount_factor = 1;    ///< d in (0, 1]; 1 means no discounting.
  std::vector<Constraint> constraints;

  bool IsAdditive() const { return std::holds_alternative<AdditiveUtility>(utility); }
  const AdditiveUtility& additive() const { return std::get<AdditiveUtility>(utility); }
  const HyperRectangleUtility& rectangles() const {
    return std::get<HyperRectangleUtility>(utility);
  }
  bool operator==(const Profile&) const = default;
};

/// Raw utility of an outcome (no constraints, no discount). Slow path; see CompiledProfile.
double EvaluateUtility(const Profile& profile, std::span<const ValueIndex> outcome);
/// True when the outcome satisfies every hard constraint of the profile.
bool SatisfiesConstraints(const Profile& profile, std::span<const ValueIndex> outcome);
/// GENIUS discounting: utility * d^t, t in [0, 1].
double Discounted(double utility, double discount_factor, double time);

/// Checks the profile against the space: sizes, ranges, finite non-negative weights summing to 1,
/// value utilities in [0, 1], bounds inside the issues. Error names `file` and the field.
Status ValidateProfile(const Profile& profile, const OutcomeSpace& space, const std::string& file);

/// Builds an additive profile from raw (unnormalised) weights and evaluations the GENIUS way:
/// weights divided by their sum, each issue's evaluations divided by that issue's maximum (an
/// issue whose maximum is 0 contributes 0). Fails on negative or non-finite numbers.
Result<AdditiveUtility> NormalizeAdditive(std::vector<double> weights,
                                          std::vector<std::vector<double>> evaluations);

}  // namespace parley
