#include "parley/tournament/stats.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace parley {
namespace {

/// Continued fraction for the regularized incomplete beta function (modified Lentz).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  double c = 1;
  double d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 500; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEps) break;
  }
  return h;
}

/// I_x(a, b).
double RegularizedBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

double StudentTCdf(double t, double df) {
  const double tail = 0.5 * RegularizedBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

/// The x in [lo, hi] with cdf(x) = p, by bisection (cdf increasing).
double Invert(const std::function<double(double)>& cdf, double p, double lo, double hi) {
  while (cdf(hi) < p) hi *= 2;
  while (cdf(lo) > p) lo *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-13 * std::max(1.0, std::fabs(hi)); ++i) {
    const double mid = 0.5 * (lo + hi);
    (cdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

double NormalQuantile(double p) { return Invert(NormalCdf, p, -10, 10); }

double StudentTQuantile(double p, double df) {
  return Invert([df](double t) { return StudentTCdf(t, df); }, p, -10, 10);
}

MeanInterval MeanConfidence(std::span<const double> values, double level) {
  MeanInterval out;
  out.n = values.size();
  if (out.n == 0) return out;
  double sum = 0;
  for (double v : values) sum += v;
  out.mean = sum / static_cast<double>(out.n);
  if (out.n < 2) return out;
  double squares = 0;
  for (double v : values) squares += (v - out.mean) * (v - out.mean);
  out.sd = std::sqrt(squares / static_cast<double>(out.n - 1));
  const double t = StudentTQuantile(0.5 + level / 2, static_cast<double>(out.n - 1));
  out.half_width = t * out.sd / std::sqrt(static_cast<double>(out.n));
  return out;
}

ProportionInterval WilsonInterval(size_t successes, size_t n, double level) {
  ProportionInterval out;
  out.successes = successes;
  out.n = n;
  if (n == 0) return out;
  const double z = NormalQuantile(0.5 + level / 2);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nn;
  out.rate = p;
  const double denominator = 1 + z * z / nn;
  const double centre = (p + z * z / (2 * nn)) / denominator;
  const double spread = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denominator;
  out.low = std::max(0.0, centre - spread);
  out.high = std::min(1.0, centre + spread);
  return out;
}

}  // namespace parley
