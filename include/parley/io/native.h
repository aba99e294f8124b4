#pragma once

/// \file
/// parley's native scenario format: one YAML file that expresses everything in the model —
/// issues (discrete, integer, real), parties with additive or hyper-rectangle profiles,
/// reservation values, discount factors, hard constraints — and the rules of the single-undertaking
/// protocol (tracks with their parties and opening conditions, ratifiers). Values are referred to
/// by name everywhere. The format is documented in docs/scenario-format.md, with a JSON Schema in
/// docs/scenario.schema.json.
///
/// Basic API:
///   auto scenario = ReadNativeFile("talks.yaml", {});   // Result<Scenario>
///   std::string yaml = NativeText(*scenario);           // ParseNative(yaml) == *scenario
///
/// Every mistake in a file comes back as one `Error::BadInput` naming the file, the 1-based line,
/// the field path (e.g. `parties[1].profile.weights.withdrawal`) and what was expected. Input of
/// any size and shape is safe: nesting depth, alias expansion, per-issue value counts and the
/// total size of the value tables are capped, each with its own message.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parley/core/result.h"
#include "parley/io/scenario_io.h"
#include "parley/preference/scenario.h"

namespace parley {

/// Limits that keep hostile or mistaken input from exhausting memory or time.
inline constexpr uint64_t kNativeMaxIssueValues = 1'000'000;  ///< Values of one issue.
/// Value utilities the profiles may hold in all (parties x values of all issues).
inline constexpr uint64_t kNativeMaxTableEntries = 20'000'000;
inline constexpr int kNativeMaxNodeDepth = 64;            ///< Hyper-rectangle node nesting.
inline constexpr size_t kNativeMaxFileBytes = 64u << 20;  ///< ReadNativeFile refuses more.

/// Reads and validates a native YAML scenario file. When the file has no `source:` key the
/// scenario's `source` is the path.
Result<Scenario> ReadNativeFile(const std::string& path, const LoadOptions& options);

/// Parses native YAML text; `file_name` is used in error messages (and as `source` when the text
/// has none). `options.real_resolution` is the grid of real issues that state no `resolution`.
/// The result passes ValidateScenario.
Result<Scenario> ParseNative(std::string_view text, const std::string& file_name,
                             const LoadOptions& options);

/// Writes the scenario as native YAML. Lossless: ParseNative(NativeText(s), any name) == s for
/// every scenario that passes ValidateScenario (names must be valid UTF-8; discrete issues keep
/// value tables only, which is all any reader produces for them).
std::string NativeText(const Scenario& scenario);

}  // namespace parley
