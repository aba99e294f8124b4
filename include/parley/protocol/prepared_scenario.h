#pragma once

/// \file
/// A scenario made ready for running negotiations: the compiled profile of every party and,
/// built on first use, every party's `UtilityIndex`. Preparing is per scenario, not per session:
/// a tournament prepares each scenario once and runs all of its sessions, on any number of
/// threads, against the same `PreparedScenario` (every const method is thread-safe).

#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "parley/preference/compiled_profile.h"
#include "parley/preference/scenario.h"
#include "parley/protocol/utility_index.h"

namespace parley {

class PreparedScenario {
 public:
  /// Takes the scenario (validated by its loader or by ValidateScenario). Compiles the
  /// profiles now (cheap); utility indexes are built lazily, once, by the first `index()` call.
  explicit PreparedScenario(Scenario scenario, UtilityIndex::Options index_options = {});
  PreparedScenario(const PreparedScenario&) = delete;
  PreparedScenario& operator=(const PreparedScenario&) = delete;

  const Scenario& scenario() const { return scenario_; }
  const OutcomeSpace& space() const { return scenario_.space; }
  size_t NumParties() const { return scenario_.parties.size(); }
  const CompiledProfile& profile(size_t party) const { return profiles_[party]; }
  /// The party's utility-sorted view; built on first call (thread-safe), then shared.
  const UtilityIndex& index(size_t party) const;

  /// Every party's undiscounted utility for the outcome, appended to nothing: `out` is resized.
  void Utilities(std::span<const ValueIndex> outcome, std::vector<double>& out) const;
  std::vector<double> Utilities(std::span<const ValueIndex> outcome) const;

 private:
  struct LazyIndex {
    std::once_flag once;
    std::unique_ptr<UtilityIndex> index;
  };
  Scenario scenario_;
  UtilityIndex::Options index_options_;
  std::vector<CompiledProfile> profiles_;
  std::vector<std::unique_ptr<LazyIndex>> indexes_;
};

}  // namespace parley
