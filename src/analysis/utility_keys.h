#pragma once

/// \file
/// Internal: utilities as integers, so that dominance is decided exactly and independently of
/// the order of summation.
///
/// An additive party's weighted value utilities w_i * f_i(v) are rounded once to multiples of
/// 2^-shift (shift = 50 for normalised profiles); an outcome's key is the integer sum of its
/// values' keys, so the key of a partial sum plus the key of the rest is exactly the key of the
/// whole. A non-additive party's key is its double utility mapped to int64 in an
/// order-preserving way, so comparing keys is comparing the doubles exactly.

#include <cstdint>
#include <span>
#include <vector>

#include "parley/core/result.h"
#include "parley/preference/profile.h"

namespace parley::analysis_internal {

/// One party's utility in key form.
struct PartyKeys {
  bool additive = false;
  int shift = 50;  ///< Additive: key = round(weighted value utility * 2^shift).
  /// Additive only: table[issue][value].
  std::vector<std::vector<int64_t>> table;

  /// Additive only: the key of an outcome (sum of its values' keys).
  int64_t Key(std::span<const ValueIndex> outcome) const {
    int64_t k = 0;
    for (size_t i = 0; i < outcome.size(); ++i) k += table[i][outcome[i]];
    return k;
  }
  /// The key threshold T of a reservation value: a key k means "strictly above rv" iff k > T.
  int64_t Threshold(double reservation) const;
};

/// Keys for one profile. Fails (kUnsupported) for additive utilities too large for 62-bit sums,
/// which no validated profile has.
Result<PartyKeys> MakePartyKeys(const Profile& profile, const OutcomeSpace& space);

/// Maps a finite double to int64 so that a < b iff key(a) < key(b); -0.0 and +0.0 map alike.
int64_t DoubleOrderKey(double u);

}  // namespace parley::analysis_internal
