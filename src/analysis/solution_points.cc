#include <cmath>
#include <limits>

#include "parley/analysis/analysis.h"

namespace parley {
namespace {

double At(std::span<const double> values, size_t i) { return i < values.size() ? values[i] : 0; }

// The eligible point with the best objective; ties (within kTieTolerance of the best) go to the
// lowest outcome index. Two passes so the answer does not depend on the order of the points.
template <typename Objective>
std::optional<size_t> ArgBest(const ParetoFrontier& frontier, Objective objective) {
  const size_t n = frontier.points.size();
  std::vector<std::optional<double>> values(n);
  double best = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < n; ++i) {
    values[i] = objective(frontier.points[i].utilities);
    if (values[i] && *values[i] > best) best = *values[i];
  }
  std::optional<size_t> chosen;
  for (size_t i = 0; i < n; ++i) {
    if (!values[i] || *values[i] < best - kTieTolerance) continue;
    if (!chosen || frontier.points[i].outcome < frontier.points[*chosen].outcome) chosen = i;
  }
  return chosen;
}

UtilityPoint PointOrEmpty(const ParetoFrontier& frontier, std::optional<size_t> i) {
  return i ? frontier.points[*i] : UtilityPoint{};
}

}  // namespace

std::optional<UtilityPoint> NashPoint(const ParetoFrontier& frontier,
                                      std::span<const double> reservations) {
  auto chosen = ArgBest(frontier, [&](const std::vector<double>& u) -> std::optional<double> {
    double product = 1;
    for (size_t i = 0; i < u.size(); ++i) {
      const double gain = u[i] - At(reservations, i);
      if (gain < -kTieTolerance) return std::nullopt;  // below a reservation value
      product *= std::max(gain, 0.0);
    }
    return product;
  });
  if (!chosen) return std::nullopt;
  return frontier.points[*chosen];
}

UtilityPoint KalaiPoint(const ParetoFrontier& frontier) {
  return PointOrEmpty(frontier, ArgBest(frontier, [](const std::vector<double>& u) {
                        double spread = 0;
                        for (size_t i = 0; i < u.size(); ++i)
                          for (size_t j = i + 1; j < u.size(); ++j) spread += std::abs(u[i] - u[j]);
                        return std::optional<double>(-spread);
                      }));
}

UtilityPoint KalaiSmorodinskyPoint(const ParetoFrontier& frontier,
                                   std::span<const double> reservations,
                                   std::span<const double> best) {
  return PointOrEmpty(frontier, ArgBest(frontier, [&](const std::vector<double>& u) {
                        double worst_ratio = std::numeric_limits<double>::infinity();
                        for (size_t i = 0; i < u.size(); ++i) {
                          const double rv = At(reservations, i);
                          const double range = At(best, i) - rv;
                          if (range <= 0) continue;  // this party can gain nothing anywhere
                          worst_ratio = std::min(worst_ratio, (u[i] - rv) / range);
                        }
                        return std::optional<double>(std::isinf(worst_ratio) ? 0.0 : worst_ratio);
                      }));
}

UtilityPoint EgalitarianPoint(const ParetoFrontier& frontier,
                              std::span<const double> reservations) {
  return PointOrEmpty(frontier, ArgBest(frontier, [&](const std::vector<double>& u) {
                        double least = std::numeric_limits<double>::infinity();
                        for (size_t i = 0; i < u.size(); ++i)
                          least = std::min(least, u[i] - At(reservations, i));
                        return std::optional<double>(least);
                      }));
}

UtilityPoint MaxWelfarePoint(const ParetoFrontier& frontier) {
  return PointOrEmpty(frontier, ArgBest(frontier, [](const std::vector<double>& u) {
                        double sum = 0;
                        for (double x : u) sum += x;
                        return std::optional<double>(sum);
                      }));
}

double Opposition(const UtilityPoint& kalai) {
  double sum = 0;
  for (double u : kalai.utilities) sum += (1 - u) * (1 - u);
  return std::sqrt(sum);
}

double Distance(std::span<const double> a, std::span<const double> b) {
  double sum = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(sum);
}

double DistanceToPareto(std::span<const double> utilities, const ParetoFrontier& frontier) {
  double best = std::numeric_limits<double>::infinity();
  for (const UtilityPoint& p : frontier.points)
    best = std::min(best, Distance(utilities, p.utilities));
  return best;
}

}  // namespace parley
