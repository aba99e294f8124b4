#pragma once

/// \file
/// Internal: utilities as integers, so that dominance is decided exactly and independently of
/// the order of summation.
///
/// A key is a utility rounded to a decimal grid: key = round(u * 10^decimals). Scenario files
/// write weights and utilities as decimals, so a decimal grid makes sums that are mathematically
/// equal (0.45 + 0.15 and 0.3 + 0.3) exactly equal keys, where binary fractions would leave them
/// one unit apart and call one of two equal outcomes dominated.
///
/// An additive party's weighted value utilities w_i * f_i(v) are rounded once each (14 decimals
/// for normalised profiles); an outcome's key is the integer sum of its values' keys, so the key
/// of a partial sum plus the key of the rest is exactly the key of the whole. A non-additive
/// party's key is its utility rounded to 12 decimals.

#include <cstdint>
#include <span>
#include <vector>

#include "parley/core/result.h"
#include "parley/preference/profile.h"

namespace parley::analysis_internal {

/// One party's utility in key form.
struct PartyKeys {
  bool additive = false;
  double scale = 1e12;  ///< key = round(utility * scale); a power of ten, 10^decimals.
  /// Additive only: table[issue][value], the key of each weighted value utility.
  std::vector<std::vector<int64_t>> table;

  /// Additive only: the key of an outcome (sum of its values' keys).
  int64_t Key(std::span<const ValueIndex> outcome) const {
    int64_t k = 0;
    for (size_t i = 0; i < outcome.size(); ++i) k += table[i][outcome[i]];
    return k;
  }
  /// The key of a utility computed as a double (non-additive parties, reservation values).
  int64_t KeyOf(double utility) const;
  /// The key threshold T of a reservation value: a key k means "strictly above rv" iff k > T.
  int64_t Threshold(double reservation) const { return KeyOf(reservation); }
};

/// Keys for one profile. Fails (kUnsupported) for additive utilities too large for exact decimal
/// keys (sums of 10^14 or more), which no validated profile has.
Result<PartyKeys> MakePartyKeys(const Profile& profile, const OutcomeSpace& space);

}  // namespace parley::analysis_internal
