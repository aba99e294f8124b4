#pragma once

/// \file
/// Exact analysis of a scenario: the Pareto frontier and the solution points on it, the
/// opposition and the zone of possible agreement. Definitions follow GENIUS and ANL (see
/// docs/analysis.md and ../shared/DESIGN.md):
/// - Pareto frontier: every acceptable outcome (one that violates no party's hard constraint)
///   whose utility vector no other acceptable outcome weakly dominates with one strict gain.
///   Outcomes with equal utility vectors are all kept.
/// - Nash: maximises prod (u_i - rv_i) over outcomes with u_i >= rv_i for all i.
/// - Kalai (GENIUS): the frontier point minimising sum_{i<j} |u_i - u_j|.
/// - Kalai-Smorodinsky: the frontier point maximising min_i (u_i - rv_i) / (best_i - rv_i).
/// - Egalitarian: the frontier point maximising min_i (u_i - rv_i).
/// - Max welfare: the frontier point maximising sum_i u_i.
/// - Opposition (ANL): the distance from the Kalai point to the ideal point (1, ..., 1).
/// - ZOPA: the outcomes every party values strictly above its reservation value.
/// Utilities are undiscounted. Ties go to the outcome with the lowest mixed-radix index.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/core/result.h"
#include "parley/preference/scenario.h"

namespace parley {

/// An outcome and every party's utility for it.
struct UtilityPoint {
  Outcome outcome;
  std::vector<double> utilities;
  bool operator==(const UtilityPoint&) const = default;
};

struct AnalysisOptions {
  /// Refuse (kUnsupported) rather than enumerate more outcomes than this when no exact
  /// algorithm avoids enumeration.
  double max_enumeration = 5e8;
  /// Non-additive spaces too large to solve exactly: return a labelled approximation instead of
  /// an error.
  bool allow_approximation = false;
  /// Seconds after which a search gives up (with an error, or an approximation if allowed).
  double time_limit_seconds = 60;
};

/// The Pareto frontier of a scenario, sorted by the first party's utility descending (then the
/// second's, ...). `exact` false means an approximation; `method` says how it was obtained
/// ("additive issue-by-issue", "enumeration", "branch and bound", ...).
struct ParetoFrontier {
  std::vector<UtilityPoint> points;
  bool exact = true;
  std::string method;
};

/// Per-party extremes over acceptable outcomes.
struct PartyRange {
  double best = 0;
  double worst = 0;
  double reservation = 0;
};

struct Zopa {
  double outcomes = 0;  ///< Count of outcomes every party values above its reservation value.
  double share = 0;     ///< outcomes / size of the space.
  bool exact = true;
};

/// Everything `parley analyze` reports.
struct Analysis {
  double outcomes = 0;  ///< Size of the outcome space.
  std::vector<PartyRange> ranges;
  ParetoFrontier frontier;
  std::optional<UtilityPoint> nash;  ///< nullopt when no outcome satisfies every rv.
  UtilityPoint kalai;
  UtilityPoint kalai_smorodinsky;
  UtilityPoint egalitarian;
  UtilityPoint max_welfare;
  double opposition = 0;
  Zopa zopa;
  std::vector<std::string> notes;  ///< Caveats: approximations, skipped constraints, ...
};

Result<ParetoFrontier> ComputeParetoFrontier(const Scenario& scenario,
                                             const AnalysisOptions& options = {});
Result<Analysis> Analyze(const Scenario& scenario, const AnalysisOptions& options = {});

/// Solution points chosen from a frontier (reservation values as given).
std::optional<UtilityPoint> NashPoint(const ParetoFrontier& frontier,
                                      std::span<const double> reservations);
UtilityPoint KalaiPoint(const ParetoFrontier& frontier);
UtilityPoint KalaiSmorodinskyPoint(const ParetoFrontier& frontier,
                                   std::span<const double> reservations,
                                   std::span<const double> best);
UtilityPoint EgalitarianPoint(const ParetoFrontier& frontier,
                              std::span<const double> reservations);
UtilityPoint MaxWelfarePoint(const ParetoFrontier& frontier);
double Opposition(const UtilityPoint& kalai);

/// Euclidean distance from a utility vector to the nearest frontier point.
double DistanceToPareto(std::span<const double> utilities, const ParetoFrontier& frontier);
double Distance(std::span<const double> a, std::span<const double> b);

}  // namespace parley
