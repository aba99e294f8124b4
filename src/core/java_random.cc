#include "parley/core/java_random.h"

#include <cmath>

namespace parley {
namespace {
constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
constexpr uint64_t kMask = (uint64_t{1} << 48) - 1;
}  // namespace

void JavaRandom::SetSeed(int64_t seed) {
  seed_ = (static_cast<uint64_t>(seed) ^ kMultiplier) & kMask;
  have_next_gaussian_ = false;
}

int32_t JavaRandom::Next(int bits) {
  seed_ = (seed_ * kMultiplier + 0xBULL) & kMask;
  // Java: (int)(seed >>> (48 - bits)), a signed 32-bit value.
  return static_cast<int32_t>(static_cast<uint32_t>(seed_ >> (48 - bits)));
}

int32_t JavaRandom::NextInt() { return Next(32); }

int32_t JavaRandom::NextInt(int32_t bound) {
  if (bound <= 0) return 0;
  if ((bound & -bound) == bound)  // a power of two: the high bits
    return static_cast<int32_t>((static_cast<int64_t>(bound) * Next(31)) >> 31);
  int32_t bits, value;
  do {
    bits = Next(31);
    value = bits % bound;
    // Java rejects when bits - value + (bound - 1) overflows int; compute it in 64 bits.
  } while (static_cast<int64_t>(bits) - value + (bound - 1) > INT32_MAX);
  return value;
}

int64_t JavaRandom::NextLong() {
  const int64_t high = Next(32);
  const int64_t low = Next(32);
  // Java's ((long) next(32) << 32) + next(32) wraps; in unsigned arithmetic so does C++.
  return static_cast<int64_t>((static_cast<uint64_t>(high) << 32) + static_cast<uint64_t>(low));
}

bool JavaRandom::NextBoolean() { return Next(1) != 0; }

double JavaRandom::NextDouble() {
  const int64_t high = Next(26);
  const int64_t low = Next(27);
  return static_cast<double>((high << 27) + low) * 0x1.0p-53;
}

float JavaRandom::NextFloat() { return static_cast<float>(Next(24)) / static_cast<float>(1 << 24); }

double JavaRandom::NextGaussian() {
  if (have_next_gaussian_) {
    have_next_gaussian_ = false;
    return next_gaussian_;
  }
  double v1, v2, s;
  do {
    v1 = 2 * NextDouble() - 1;
    v2 = 2 * NextDouble() - 1;
    s = v1 * v1 + v2 * v2;
  } while (s >= 1 || s == 0);
  const double multiplier = std::sqrt(-2 * std::log(s) / s);
  next_gaussian_ = v2 * multiplier;
  have_next_gaussian_ = true;
  return v1 * multiplier;
}

int64_t GeniusRefSeed(int64_t base, int64_t k) {
  uint64_t z = static_cast<uint64_t>(base) * 0x9E3779B97F4A7C15ULL +
               static_cast<uint64_t>(k + 1) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return static_cast<int64_t>(z ^ (z >> 31));
}

}  // namespace parley
