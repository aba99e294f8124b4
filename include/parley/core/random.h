#pragma once

/// \file
/// Seeded random numbers. Every random choice in parley draws from an `Rng` whose seed is derived
/// from a user-visible seed, so runs are reproducible whatever the thread or process count.
/// The generator is SplitMix64-seeded xoshiro256**: fast, portable, and identical on every
/// platform (std::mt19937 is too, but the standard distributions are not, so we do our own).

#include <cstdint>
#include <utility>

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

  // Deliberately not a UniformRandomBitGenerator: std::shuffle and the std distributions are
  // implementation-defined, so they would give other results on another standard library. Use
  // Shuffle below.

 private:
  uint64_t s_[4];
};

/// Shuffles [first, last) uniformly (Fisher-Yates from the back, one Below per position), the
/// same on every platform. Linear.
template <typename RandomIt>
void Shuffle(RandomIt first, RandomIt last, Rng& rng) {
  for (auto n = last - first; n > 1; --n) {
    const auto j = static_cast<decltype(n)>(rng.Below(static_cast<uint64_t>(n)));
    using std::swap;
    swap(first[n - 1], first[j]);
  }
}

}  // namespace parley
