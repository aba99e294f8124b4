#include "utility_keys.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace parley::analysis_internal {
namespace {

// Keys stay below 2^62 in magnitude so that sums of a partial key and a rest never overflow.
constexpr double kMaxKeyMagnitude = 4611686018427387904.0;  // 2^62

}  // namespace

int64_t DoubleOrderKey(double u) {
  u += 0.0;  // -0.0 becomes +0.0
  const int64_t bits = std::bit_cast<int64_t>(u);
  return bits >= 0 ? bits : (bits ^ std::numeric_limits<int64_t>::max());
}

int64_t PartyKeys::Threshold(double reservation) const {
  if (!additive) return DoubleOrderKey(reservation);
  const double scaled = std::ldexp(reservation, shift);  // exact: scaling by a power of two
  if (scaled >= kMaxKeyMagnitude) return static_cast<int64_t>(kMaxKeyMagnitude);
  if (scaled <= -kMaxKeyMagnitude) return -static_cast<int64_t>(kMaxKeyMagnitude);
  return static_cast<int64_t>(std::floor(scaled));
}

Result<PartyKeys> MakePartyKeys(const Profile& profile, const OutcomeSpace& space) {
  PartyKeys keys;
  if (!profile.IsAdditive()) return keys;
  keys.additive = true;
  const AdditiveUtility& add = profile.additive();
  if (add.weights.size() != space.NumIssues() || add.issues.size() != space.NumIssues())
    return Error::BadInput("profile '" + profile.name + "' does not match the outcome space");
  // The largest possible |sum| decides the scale: sums must stay well inside int64.
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
  int exponent = 0;
  std::frexp(std::max(max_sum, 1.0), &exponent);  // max_sum < 2^exponent
  keys.shift = 50 - std::max(0, exponent - 1);
  if (keys.shift < 0)
    return Error::Unsupported("profile '" + profile.name + "' has utilities too large to analyse");
  keys.table.resize(space.NumIssues());
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    keys.table[i].reserve(add.issues[i].table.size());
    for (double u : add.issues[i].table)
      keys.table[i].push_back(std::llround(std::ldexp(add.weights[i] * u, keys.shift)));
  }
  return keys;
}

}  // namespace parley::analysis_internal
