#pragma once

/// \file
/// The cartesian schedule of a tournament: which agents meet, in which roles, on which
/// scenario, how often. A deterministic list; a session's place in it (its index) is its
/// identity: it names the session in results and databases and derives its seed.
///
/// Definitions (NegMAS's `cartesian_tournament` conventions, made precise for N parties; see
/// docs/tournament.md). A scenario with N parties has N *positions*: position p is the p-th
/// party in the scenario's order, which is also the turn order of the protocols.
/// - Assignment: an ordered N-tuple of agents, one per position, agents may repeat. Every tuple
///   of A^N is played (A = number of agents), in lexicographic order of agent indices (the first
///   position varies slowest).
/// - Self-play: the A tuples where every position holds the same agent. Without `self_play` they
///   are dropped, leaving A^N - A; tuples where only some positions share an agent stay (NegMAS
///   drops only the all-identical ones, too).
/// - Rotation: without `rotate_profiles` position p always has profile p (the scenario's party
///   p). With it, the profiles are rotated over the positions N times: in rotation r, position p
///   has profile (p - r) mod N, so every profile is played from every turn position. For two
///   parties this is NegMAS's `rotate_ufuns` (the profiles swapped); for N > 2 NegMAS's loop
///   adds only one rotation, parley plays all N.
/// - Order: scenario (as given), then rotation, then assignment, then repetition.
/// So a scenario contributes R * (A^N - [no self-play] A) * repetitions sessions, R = N with
/// rotation and 1 without.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parley/core/result.h"

namespace parley {

/// The shape of a tournament, all that the schedule depends on.
struct ScheduleOptions {
  size_t num_agents = 0;
  std::vector<size_t> parties;  ///< Party count of each scenario, in scenario order.
  int repetitions = 1;
  bool rotate_profiles = false;
  bool self_play = false;
  uint64_t seed = 0;  ///< Tournament seed; session i gets DeriveSeed(seed, i).
};

/// One session of the schedule.
struct ScheduledSession {
  uint64_t index = 0;     ///< Place in the schedule.
  uint32_t scenario = 0;  ///< Index into the tournament's scenarios.
  uint32_t rotation = 0;  ///< 0 .. N-1; position p plays profile (p - rotation) mod N.
  uint32_t repetition = 0;
  std::vector<uint32_t> agents;  ///< Agent index per position.
  uint64_t seed = 0;

  /// The scenario party (profile) that plays at `position`.
  size_t Profile(size_t position) const;
  bool operator==(const ScheduledSession&) const = default;
};

/// Sessions the schedule would hold, without building it (saturates at UINT64_MAX).
uint64_t ScheduleSize(const ScheduleOptions& options);

/// The schedule. Errors: no agents, no scenarios, a scenario with fewer than 2 parties,
/// repetitions < 1, or more than `max_sessions` sessions (the message gives the count).
Result<std::vector<ScheduledSession>> BuildSchedule(const ScheduleOptions& options,
                                                    uint64_t max_sessions = 100'000'000);

}  // namespace parley
