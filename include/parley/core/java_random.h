#pragma once

/// \file
/// java.util.Random, bit for bit: the 48-bit linear congruential generator its Javadoc specifies
/// (seed scrambled with 0x5DEECE66D, next(bits), nextInt, nextInt(bound), nextLong, nextDouble,
/// nextFloat, nextBoolean, nextGaussian) and Collections.shuffle(list, rnd). Agents re-implemented
/// from GENIUS draw from it so that a seeded parley run repeats the seeded GENIUS run
/// (refrun.sh: party i gets seed S + i; an unseeded `new Random()` gets `GeniusRefSeed`).
/// Not for parley's own randomness (use `Rng`); O(1) per draw, no allocation.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace parley {

class JavaRandom {
 public:
  /// `new java.util.Random(seed)`.
  explicit JavaRandom(int64_t seed) { SetSeed(seed); }
  void SetSeed(int64_t seed);

  int32_t NextInt();
  /// Uniform in [0, bound); bound > 0 (Java throws otherwise; here a bound <= 0 gives 0).
  int32_t NextInt(int32_t bound);
  int64_t NextLong();
  bool NextBoolean();
  /// Uniform in [0, 1) with 53 random bits.
  double NextDouble();
  float NextFloat();
  /// Java's polar method, with its cached second value. Uses std::log/std::sqrt, which may
  /// differ from Java's StrictMath in the last bit on some platforms.
  double NextGaussian();

  /// Collections.shuffle(list, this): for i from size down to 2, swap i-1 with nextInt(i).
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i)
      std::swap(items[i - 1], items[static_cast<std::size_t>(NextInt(static_cast<int32_t>(i)))]);
  }

 private:
  int32_t Next(int bits);
  uint64_t seed_ = 0;
  double next_gaussian_ = 0;
  bool have_next_gaussian_ = false;
};

/// The seed that genius-ref's patched java.util.Random gives the k-th (0-based) unseeded
/// `new Random()` of a run with `-Dgenius.random.seed=base` (SplitMix64 of base and k; see
/// ../shared/genius-ref/driver/random-patch.txt).
int64_t GeniusRefSeed(int64_t base, int64_t k);

}  // namespace parley
