#pragma once

/// \file
/// The fast form of a profile for hot loops (enumeration, frontier, protocols, tournaments).
/// An additive profile becomes one flat array of weighted value utilities, so evaluating an
/// outcome is one load and add per issue. Non-additive profiles evaluate through the profile.
/// A CompiledProfile copies what it needs; the source profile need not outlive it.

#include <span>
#include <vector>

#include "parley/preference/profile.h"

namespace parley {

class CompiledProfile {
 public:
  CompiledProfile() = default;
  explicit CompiledProfile(const Profile& profile);

  /// Undiscounted utility, ignoring hard constraints.
  double Utility(std::span<const ValueIndex> outcome) const {
    if (!additive_) return EvaluateUtility(profile_, outcome);
    double u = 0;
    for (size_t i = 0; i < outcome.size(); ++i) u += table_[offsets_[i] + outcome[i]];
    return capped_ && u > 1 ? 1.0 : u;
  }
  /// True when the outcome violates none of the party's hard constraints.
  bool Acceptable(std::span<const ValueIndex> outcome) const {
    return !has_constraints_ || SatisfiesConstraints(profile_, outcome);
  }
  bool additive() const { return additive_; }
  bool has_constraints() const { return has_constraints_; }
  /// Additive only: utilities above 1 count as 1 (GENIUS's rule, AdditiveUtility::capped).
  bool capped() const { return capped_; }
  /// Additive only: weighted utility of each value of `issue` (w_i * f_i(v)).
  std::span<const double> IssueTable(size_t issue) const {
    return {table_.data() + offsets_[issue], offsets_[issue + 1] - offsets_[issue]};
  }
  double reservation_value() const { return profile_.reservation_value; }
  double discount_factor() const { return profile_.discount_factor; }
  const Profile& profile() const { return profile_; }

 private:
  Profile profile_;
  bool additive_ = false;
  bool has_constraints_ = false;
  bool capped_ = false;
  std::vector<double> table_;
  std::vector<size_t> offsets_;
};

}  // namespace parley
