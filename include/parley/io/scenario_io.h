#pragma once

/// \file
/// Loading and writing scenarios in the formats the field uses, with the format detected:
/// - native: one YAML file (docs/scenario-format.md), which also carries parley's rules
///   (tracks, ratifiers, constraints);
/// - GENIUS: a domain XML plus one XML utility space per party (a folder or a list of files);
/// - GeniusWeb: profile JSON files (`LinearAdditiveUtilitySpace`), each embedding its domain,
///   optionally with the domain JSON beside them.
/// Every error names the file, the line where known, and the field.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/preference/scenario.h"

namespace parley {

enum class ScenarioFormat { kNative, kGenius, kGeniusWeb };

std::string_view FormatName(ScenarioFormat format);  ///< "native", "genius", "geniusweb"
std::optional<ScenarioFormat> ParseFormatName(std::string_view name);

struct LoadOptions {
  std::optional<ScenarioFormat> format;               ///< nullopt: detect.
  uint32_t real_resolution = kDefaultRealResolution;  ///< Grid points for real issues.
  /// True: real_resolution replaces the resolution a file states (the user asked for it);
  /// false: it applies only to real issues whose file states none.
  bool override_resolution = false;
};

struct LoadedScenario {
  Scenario scenario;
  ScenarioFormat format = ScenarioFormat::kNative;
  /// Things a user should know: files skipped in a folder (and why), defaults applied.
  std::vector<std::string> notes;
};

/// Loads a scenario from a file, a folder, or a list of files. An empty list or the name of a
/// built-in scenario ("doha-2019") loads the built-in one.
Result<LoadedScenario> LoadScenario(std::span<const std::string> paths,
                                    const LoadOptions& options = {});

/// The scenarios compiled into parley, by name; the first is the default.
std::vector<std::string> BuiltinScenarioNames();
Result<Scenario> LoadBuiltinScenario(std::string_view name);
/// The YAML text of a built-in scenario (what `parley convert doha-2019 x.yaml` writes).
Result<std::string> BuiltinScenarioText(std::string_view name);

struct WriteReport {
  std::vector<std::string> files;    ///< Files written.
  std::vector<std::string> dropped;  ///< What the target format cannot express.
};

/// Writes the scenario in `format` to `out`: a file for native, a folder for GENIUS and
/// GeniusWeb (created if missing; BadInput, with nothing written, when it already holds .xml or
/// .json files that the write would not replace).
Result<WriteReport> WriteScenario(const Scenario& scenario, ScenarioFormat format,
                                  const std::string& out);

}  // namespace parley
