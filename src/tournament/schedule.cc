#include "parley/tournament/schedule.h"

#include <limits>
#include <string>

#include "parley/core/random.h"

namespace parley {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

uint64_t SaturatingMul(uint64_t a, uint64_t b) {
  if (a != 0 && b > kMax / a) return kMax;
  return a * b;
}

uint64_t SaturatingAdd(uint64_t a, uint64_t b) { return b > kMax - a ? kMax : a + b; }

/// Assignments per rotation of a scenario with `n` parties.
uint64_t Assignments(uint64_t agents, size_t n, bool self_play) {
  uint64_t all = 1;
  for (size_t i = 0; i < n; ++i) all = SaturatingMul(all, agents);
  if (all == kMax || self_play) return all;
  return all - agents;
}

}  // namespace

size_t ScheduledSession::Profile(size_t position) const {
  const size_t n = agents.size();
  return (position + n - rotation % n) % n;
}

uint64_t ScheduleSize(const ScheduleOptions& options) {
  uint64_t total = 0;
  for (size_t n : options.parties) {
    uint64_t per = Assignments(options.num_agents, n, options.self_play);
    per = SaturatingMul(per, options.rotate_profiles ? n : 1);
    per = SaturatingMul(per,
                        static_cast<uint64_t>(options.repetitions < 1 ? 0 : options.repetitions));
    total = SaturatingAdd(total, per);
  }
  return total;
}

Result<std::vector<ScheduledSession>> BuildSchedule(const ScheduleOptions& options,
                                                    uint64_t max_sessions) {
  if (options.num_agents == 0) return Error::BadInput("a tournament needs agents", {}, 0, "agents");
  if (options.parties.empty())
    return Error::BadInput("a tournament needs scenarios", {}, 0, "scenarios");
  if (options.repetitions < 1)
    return Error::BadInput("repetitions must be at least 1", {}, 0, "repetitions");
  for (size_t s = 0; s < options.parties.size(); ++s) {
    if (options.parties[s] < 2) {
      return Error::BadInput("scenario " + std::to_string(s + 1) + " has " +
                                 std::to_string(options.parties[s]) +
                                 " parties; a negotiation needs at least 2",
                             {}, 0, "scenarios");
    }
  }
  const uint64_t size = ScheduleSize(options);
  if (size > max_sessions) {
    return Error::Unsupported(
        "the schedule would hold " +
        (size == kMax ? std::string("more than 2^64") : std::to_string(size)) +
        " sessions, over the limit of " + std::to_string(max_sessions) +
        "; use fewer agents, scenarios or repetitions");
  }
  if (size == 0) {
    return Error::BadInput(
        "the schedule is empty: with one agent, every session is self-play; add agents or "
        "--self-play",
        {}, 0, "agents");
  }

  std::vector<ScheduledSession> schedule;
  schedule.reserve(size);
  const auto agents = static_cast<uint32_t>(options.num_agents);
  for (size_t s = 0; s < options.parties.size(); ++s) {
    const size_t n = options.parties[s];
    const size_t rotations = options.rotate_profiles ? n : 1;
    for (size_t r = 0; r < rotations; ++r) {
      // Odometer over A^N, first position most significant.
      std::vector<uint32_t> tuple(n, 0);
      while (true) {
        bool same = true;
        for (size_t p = 1; p < n; ++p) same = same && tuple[p] == tuple[0];
        if (options.self_play || !same) {
          for (int k = 0; k < options.repetitions; ++k) {
            ScheduledSession session;
            session.index = schedule.size();
            session.scenario = static_cast<uint32_t>(s);
            session.rotation = static_cast<uint32_t>(r);
            session.repetition = static_cast<uint32_t>(k);
            session.agents = tuple;
            session.seed = DeriveSeed(options.seed, session.index);
            schedule.push_back(std::move(session));
          }
        }
        size_t p = n;
        while (p > 0 && ++tuple[p - 1] == agents) tuple[--p] = 0;
        if (p == 0) break;
      }
    }
  }
  return schedule;
}

}  // namespace parley
