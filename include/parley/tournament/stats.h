#pragma once

/// \file
/// The few statistics a tournament summary needs, exact enough to print four decimals:
/// means with Student-t confidence intervals and Wilson intervals for rates. Pure functions.

#include <cstddef>
#include <span>

namespace parley {

/// The p-quantile of the standard normal distribution, 0 < p < 1.
double NormalQuantile(double p);
/// The p-quantile of Student's t distribution with `df` > 0 degrees of freedom, 0 < p < 1.
double StudentTQuantile(double p, double df);

/// A sample mean with the half-width of its two-sided confidence interval (Student's t with
/// n - 1 degrees of freedom; 0 for n < 2, where no interval exists).
struct MeanInterval {
  size_t n = 0;
  double mean = 0;
  double sd = 0;  ///< Sample standard deviation (n - 1 denominator).
  double half_width = 0;
};
MeanInterval MeanConfidence(std::span<const double> values, double level = 0.95);

/// A proportion with its Wilson score interval (good near 0 and 1, unlike the normal one).
struct ProportionInterval {
  size_t successes = 0;
  size_t n = 0;
  double rate = 0;
  double low = 0;
  double high = 0;
};
ProportionInterval WilsonInterval(size_t successes, size_t n, double level = 0.95);

}  // namespace parley
