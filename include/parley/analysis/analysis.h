#pragma once

/// \file
/// Exact analysis of a scenario: the Pareto frontier and the solution points on it, the
/// opposition and the zone of possible agreement. Definitions follow GENIUS and ANL (see
/// docs/analysis.md and ../shared/DESIGN.md); they reproduce ANL 2023's specials.json.
///
/// Basic API: `Analyze(scenario)` computes everything `parley analyze` reports;
/// `ComputeParetoFrontier(scenario)` only the frontier. The point functions below pick solution
/// points from a frontier; `DistanceToPareto` and `Distance` score agreements.
///
/// Definitions (u_i is party i's undiscounted utility, rv_i its reservation value):
/// - Acceptable outcome: one that violates no party's hard constraint (Profile::constraints).
///   Unacceptable outcomes are never on the frontier and never a solution point.
/// - Pareto frontier: every acceptable outcome whose utility vector no other acceptable outcome
///   weakly dominates with at least one strict gain. Outcomes with equal utility vectors are all
///   kept (see ParetoFrontier::all_equivalents_listed for the one exception).
/// - Nash: maximises prod_i (u_i - rv_i) over outcomes with u_i >= rv_i for all i.
/// - Kalai (GENIUS/ANL): the frontier point minimising sum_{i<j} |u_i - u_j|.
/// - Kalai-Smorodinsky: the frontier point maximising min_i (u_i - rv_i) / (best_i - rv_i),
///   over the parties with best_i > rv_i.
/// - Egalitarian: the frontier point maximising min_i (u_i - rv_i).
/// - Max welfare: the frontier point maximising sum_i u_i (ANL's "social_welfare").
/// - Opposition (ANL): the distance from the Kalai point to the ideal point (1, ..., 1).
/// - ZOPA: the acceptable outcomes every party values strictly above its reservation value.
/// Every point is chosen among frontier points (the optimum of each objective is always attained
/// there). Ties: objective values within kTieTolerance of the best are tied, and the tie goes to
/// the outcome with the lowest mixed-radix index (lexicographically smallest value indices).
///
/// Numbers: dominance between utility vectors of additive profiles is decided exactly on
/// decimal fixed-point sums (each weighted value utility rounded to a multiple of 10^-14), so
/// the answer does not depend on the order of summation and mathematically equal decimal sums
/// are equal; non-additive utilities are compared rounded to 12 decimals. Reported utilities are
/// CompiledProfile::Utility of the outcome (docs/analysis.md, "the tolerance policy").

#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/core/result.h"
#include "parley/preference/scenario.h"

namespace parley {

/// Objective values closer than this to the best are ties (broken by lowest outcome index).
inline constexpr double kTieTolerance = 1e-12;

/// An outcome and every party's utility for it.
struct UtilityPoint {
  Outcome outcome;
  std::vector<double> utilities;
  bool operator==(const UtilityPoint&) const = default;
};

/// Limits that keep every question answerable in bounded time and memory.
struct AnalysisOptions {
  /// Refuse (kUnsupported) rather than enumerate more outcomes than this when no exact
  /// algorithm avoids enumeration (non-additive profiles; constraints linking many issues).
  double max_enumeration = 5e8;
  /// The most frontier outcomes listed. When the outcomes on the frontier (counting outcomes with
  /// equal utility vectors) exceed it, only the lowest-index outcome of each utility vector is
  /// listed; when even the distinct utility vectors exceed it, the frontier is refused
  /// (kUnsupported).
  double max_frontier_points = 2e6;
  /// Non-additive spaces too large to solve exactly: return a labelled approximation instead of
  /// an error.
  bool allow_approximation = false;
  /// Seconds after which a search gives up (with an error, or an approximation if allowed).
  double time_limit_seconds = 60;
};

/// The Pareto frontier of a scenario, sorted by the first party's utility descending (then the
/// second's, ...; equal vectors by outcome index ascending). `exact` false means an
/// approximation; `method` says how it was obtained ("additive issue-by-issue", "enumeration",
/// "branch and bound", ...).
struct ParetoFrontier {
  std::vector<UtilityPoint> points;
  bool exact = true;
  std::string method;
  /// Outcomes on the frontier, counting outcomes with equal utility vectors (may exceed
  /// points.size() when all_equivalents_listed is false). Branch and bound does not count them:
  /// it sets points.size().
  double outcome_count = 0;
  /// False when only the lowest-index outcome of each utility vector is listed because the
  /// frontier holds more than AnalysisOptions::max_frontier_points outcomes, or when branch and
  /// bound (non-additive spaces too large to enumerate) lists the first outcome it met of each.
  bool all_equivalents_listed = true;
};

/// Per-party extremes over acceptable outcomes, and the reservation value used.
struct PartyRange {
  double best = 0;
  double worst = 0;
  double reservation = 0;
  bool exact = true;  ///< False when `worst` was estimated (non-enumerable non-additive spaces).
};

/// The zone of possible agreement.
struct Zopa {
  double outcomes = 0;  ///< Acceptable outcomes every party values above its reservation value.
  double share = 0;     ///< outcomes / size of the space.
  bool exact = true;    ///< False: estimated (see `method`).
  std::string method;   ///< "enumeration", "bounded search", "meet in the middle", "sampling".
};

/// Everything `parley analyze` reports.
struct Analysis {
  double outcomes = 0;    ///< Size of the outcome space.
  double acceptable = 0;  ///< Outcomes that violate no party's hard constraint.
  std::vector<PartyRange> ranges;
  ParetoFrontier frontier;
  std::optional<UtilityPoint> nash;  ///< nullopt when no outcome satisfies every rv.
  UtilityPoint kalai;
  UtilityPoint kalai_smorodinsky;
  UtilityPoint egalitarian;
  UtilityPoint max_welfare;
  double opposition = 0;
  Zopa zopa;
  std::vector<std::string> notes;  ///< Caveats: approximations, estimates, collapsed ties, ...
};

/// The exact Pareto frontier. Additive profiles (with or without hard constraints) never
/// enumerate the outcome space: the frontier is built issue by issue from non-dominated partial
/// sums. Other profiles are enumerated (streaming) up to options.max_enumeration outcomes.
/// Errors: kBadInput for an invalid scenario, kUnsupported when the question is too large.
Result<ParetoFrontier> ComputeParetoFrontier(const Scenario& scenario,
                                             const AnalysisOptions& options = {});

/// Frontier, ranges, every solution point, opposition and ZOPA. kBadInput also when no outcome
/// is acceptable to every party (their hard constraints exclude everything).
Result<Analysis> Analyze(const Scenario& scenario, const AnalysisOptions& options = {});

/// Solution points chosen from a frontier (reservation values as given, one per party). On an
/// empty frontier they return an empty UtilityPoint (NashPoint: nullopt). O(points * parties).
std::optional<UtilityPoint> NashPoint(const ParetoFrontier& frontier,
                                      std::span<const double> reservations);
UtilityPoint KalaiPoint(const ParetoFrontier& frontier);
UtilityPoint KalaiSmorodinskyPoint(const ParetoFrontier& frontier,
                                   std::span<const double> reservations,
                                   std::span<const double> best);
UtilityPoint EgalitarianPoint(const ParetoFrontier& frontier, std::span<const double> reservations);
UtilityPoint MaxWelfarePoint(const ParetoFrontier& frontier);
/// Distance from the point to the ideal point (1, ..., 1); 0 for an empty point.
double Opposition(const UtilityPoint& kalai);

/// Euclidean distance from a utility vector to the nearest frontier point; +infinity for an
/// empty frontier. O(points * parties).
double DistanceToPareto(std::span<const double> utilities, const ParetoFrontier& frontier);
/// Euclidean distance between two utility vectors of the same length.
double Distance(std::span<const double> a, std::span<const double> b);

}  // namespace parley
