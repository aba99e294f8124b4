#include "negotiate_defaults.h"

#include "parley/protocol/registry.h"

namespace parley::cli {

bool IsSingleUndertaking(const std::string& protocol_spec) {
  auto spec = Spec::Parse(protocol_spec);
  return spec.ok() && spec->name == "single-undertaking";
}

std::string DefaultProtocol(const Scenario& scenario) {
  return scenario.rules.tracks.empty() && scenario.rules.ratifiers.empty() ? "sao"
                                                                           : "single-undertaking";
}

std::vector<std::string> DefaultUndertakingAgents(size_t parties) {
  static const char* const kMix[] = {"logroller", "issue-by-issue", "conditional-hardliner"};
  std::vector<std::string> out;
  for (size_t p = 0; p < parties; ++p) out.push_back(kMix[p % 3]);
  return out;
}

std::vector<std::string> DefaultAgents(const std::string& protocol_spec, size_t parties) {
  if (IsSingleUndertaking(protocol_spec)) return DefaultUndertakingAgents(parties);
  return std::vector<std::string>(parties, "boulware");
}

}  // namespace parley::cli
