// The built-in scenarios: native YAML files compiled into the binary (builtin_data.h), parsed on
// demand with the native reader so that a built-in scenario and the same file on disk are the
// same Scenario.

#include "builtin_data.h"
#include "parley/io/native.h"
#include "parley/io/scenario_io.h"

namespace parley {
namespace {

const builtin_data::EmbeddedScenario* FindBuiltin(std::string_view name) {
  for (size_t i = 0; i < builtin_data::kNumScenarios; ++i)
    if (name == builtin_data::kScenarios[i].name) return &builtin_data::kScenarios[i];
  return nullptr;
}

Error UnknownBuiltin(std::string_view name) {
  std::string names;
  for (const auto& n : BuiltinScenarioNames()) names += (names.empty() ? "" : ", ") + n;
  return Error::NotFound("no built-in scenario named '" + std::string(name) +
                         "' (built-in: " + names + ")");
}

}  // namespace

std::vector<std::string> BuiltinScenarioNames() {
  std::vector<std::string> names;
  for (size_t i = 0; i < builtin_data::kNumScenarios; ++i)
    names.emplace_back(builtin_data::kScenarios[i].name);
  return names;
}

Result<std::string> BuiltinScenarioText(std::string_view name) {
  const auto* found = FindBuiltin(name);
  if (!found) return UnknownBuiltin(name);
  return std::string(reinterpret_cast<const char*>(found->data), found->size);
}

Result<Scenario> LoadBuiltinScenario(std::string_view name) {
  PARLEY_ASSIGN_OR_RETURN(std::string text, BuiltinScenarioText(name));
  // Errors here are bugs in a shipped file (the tests parse every one); name it as the user
  // would find it in the source tree.
  return ParseNative(text, "scenarios/" + std::string(name) + ".yaml (built-in)", LoadOptions{});
}

}  // namespace parley
