#include "parley/protocol/prepared_scenario.h"

namespace parley {

PreparedScenario::PreparedScenario(Scenario scenario, UtilityIndex::Options index_options)
    : scenario_(std::move(scenario)), index_options_(index_options) {
  profiles_.reserve(scenario_.parties.size());
  for (const Party& party : scenario_.parties) {
    profiles_.emplace_back(party.profile);
    indexes_.push_back(std::make_unique<LazyIndex>());
  }
}

const UtilityIndex& PreparedScenario::index(size_t party) const {
  LazyIndex& lazy = *indexes_[party];
  std::call_once(lazy.once, [&] {
    lazy.index = UtilityIndex::Build(scenario_.space, profiles_[party], index_options_);
  });
  return *lazy.index;
}

void PreparedScenario::Utilities(std::span<const ValueIndex> outcome,
                                 std::vector<double>& out) const {
  out.resize(profiles_.size());
  for (size_t i = 0; i < profiles_.size(); ++i) out[i] = profiles_[i].Utility(outcome);
}

std::vector<double> PreparedScenario::Utilities(std::span<const ValueIndex> outcome) const {
  std::vector<double> out;
  Utilities(outcome, out);
  return out;
}

}  // namespace parley
