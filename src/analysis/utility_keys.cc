#include "utility_keys.h"

#include <algorithm>
#include <cmath>

namespace parley::analysis_internal {
namespace {

// Keys stay below 2^62 in magnitude so that sums of a partial key and a rest never overflow.
constexpr double kMaxKeyMagnitude = 4611686018427387904.0;  // 2^62

// An additive party's largest |sum| times 10^decimals stays below 2^47: a double then carries
// the scaled product w * f * 10^decimals to within 1/100 of a unit, so rounding recovers the
// exact decimal.
constexpr double kMaxAdditiveKey = 140737488355328.0;  // 2^47
constexpr double kMaxScale = 1e14;                     // 14 decimals

}  // namespace

int64_t PartyKeys::KeyOf(double utility) const {
  const double scaled = utility * scale;
  if (scaled >= kMaxKeyMagnitude) return static_cast<int64_t>(kMaxKeyMagnitude);
  if (scaled <= -kMaxKeyMagnitude) return -static_cast<int64_t>(kMaxKeyMagnitude);
  return std::llround(scaled);
}

Result<PartyKeys> MakePartyKeys(const Profile& profile, const OutcomeSpace& space) {
  PartyKeys keys;
  if (!profile.IsAdditive()) return keys;
  keys.additive = true;
  const AdditiveUtility& add = profile.additive();
  if (add.weights.size() != space.NumIssues() || add.issues.size() != space.NumIssues())
    return Error::BadInput("profile '" + profile.name + "' does not match the outcome space");
  // The largest possible |sum| decides the number of decimals.
  double max_sum = 0;
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    if (add.issues[i].table.size() != space.issue(i).Cardinality())
      return Error::BadInput("profile '" + profile.name + "' does not match issue '" +
                             space.issue(i).name + "'");
    double max_abs = 0;
    for (double u : add.issues[i].table) {
      const double weighted = add.weights[i] * u;
      if (!std::isfinite(weighted))
        return Error::BadInput("profile '" + profile.name + "' has a non-finite utility");
      max_abs = std::max(max_abs, std::abs(weighted));
    }
    max_sum += max_abs;
  }
  keys.scale = kMaxScale;
  while (max_sum * keys.scale >= kMaxAdditiveKey) {
    if (keys.scale == 1)
      return Error::Unsupported("profile '" + profile.name +
                                "' has utilities too large to analyse");
    keys.scale /= 10;  // exact: powers of ten up to 10^22 are doubles
  }
  keys.table.resize(space.NumIssues());
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    keys.table[i].reserve(add.issues[i].table.size());
    for (double u : add.issues[i].table)
      keys.table[i].push_back(std::llround(add.weights[i] * u * keys.scale));
  }
  return keys;
}

}  // namespace parley::analysis_internal
