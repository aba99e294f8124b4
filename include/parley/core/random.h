#pragma once

/// \file
/// Seeded random numbers. Every random choice in parley draws from an `Rng` whose seed is derived
/// from a user-visible seed, so runs are reproducible whatever the thread or process count.
/// The generator is SplitMix64-seeded xoshiro256**: fast, portable, and identical on every
/// platform (std::mt19937 is too, but the standard distributions are not, so we do our own).

#include <cstdint>

namespace parley {

/// Mixes a seed and a stream index into a new, well-spread seed (SplitMix64 finaliser).
/// Used to derive a session's seed from a tournament seed and the session's index.
uint64_t DeriveSeed(uint64_t seed, uint64_t stream);

/// A small, fast, reproducible pseudo-random generator.
class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();
  /// Uniform in [0, n); n > 0. Unbiased (rejection sampling).
  uint64_t Below(uint64_t n);
  /// Uniform in [0, 1).
  double Uniform();
  /// Uniform in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Bernoulli(double p) { return Uniform() < p; }

  // For use with <algorithm> (std::shuffle).
  using result_type = uint64_t;
  static constexpr uint64_t min() { return 0; }
  static constexpr uint64_t max() { return ~uint64_t{0}; }
  uint64_t operator()() { return Next(); }

 private:
  uint64_t s_[4];
};

}  // namespace parley
