#pragma once

/// \file
/// GENIUS XML scenarios (docs/formats.md): a domain file (`<negotiation_template>`) plus one
/// utility space per party (`<utility_space>`), linear additive or ANAC 2014 non-linear
/// (`type="nonlinear"`, hyper-rectangles).
///
/// Semantics follow GENIUS's own reader:
/// - weights are keyed by the issue's `index` attribute and normalised to sum 1;
/// - a discrete issue's evaluations are divided by the issue's largest evaluation;
/// - an integer issue's `<evaluator ftype="linear" slope offset>` gives
///   clamp(offset + slope * (v - lowerbound), 0, 1);
/// - a real issue's evaluator gives clamp(parameter0 + parameter1 * x, 0, 1) (`linear`),
///   parameter0 (`constant`) or the triangle (parameter0 = lower, parameter1 = upper,
///   parameter2 = top); real issues are discretised at a grid of points;
/// - a discount factor outside (0, 1] means no discounting; reservation value defaults to 0.
/// Every error names the file, the line and the field.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/io/scenario_io.h"
#include "parley/preference/scenario.h"

namespace parley {

/// What the root element of a GENIUS file says it is.
enum class GeniusFileKind {
  kDomain,     ///< `<negotiation_template>`
  kProfile,    ///< `<utility_space>`
  kNotGenius,  ///< Well-formed XML with another root element.
  kNotXml,     ///< Not well-formed XML at all (e.g. ANAC 2014's plain-text pareto.xml).
};
/// Classifies a file's text by parsing it. Cost: one XML parse.
GeniusFileKind ClassifyGeniusText(std::string_view text);

/// A parsed GENIUS domain: the outcome space and, per issue, the `index` attribute that
/// profiles use to refer to it.
struct GeniusDomain {
  std::string name;  ///< The root objective's name ("root" in most files).
  OutcomeSpace space;
  std::vector<long long> issue_indices;
};

/// Parses a domain file's text. `file_name` is only used in errors.
Result<GeniusDomain> ParseGeniusDomain(std::string_view text, const std::string& file_name,
                                       const LoadOptions& options = {});

/// Parses one party's utility space against `domain`. Things a user should know (ignored
/// elements, defaults applied) are appended to `notes` when it is not null.
Result<Profile> ParseGeniusProfile(std::string_view text, const std::string& file_name,
                                   const GeniusDomain& domain,
                                   std::vector<std::string>* notes = nullptr);

/// Reads a scenario from a domain file and profile files (one party per profile, named after
/// the file's stem, in the order given).
Result<Scenario> ReadGenius(const std::string& domain_file,
                            std::span<const std::string> profile_files,
                            const LoadOptions& options = {},
                            std::vector<std::string>* notes = nullptr);

/// The files a GENIUS scenario is made of, as text, before they are written to a folder.
struct GeniusFiles {
  std::string domain_file_name;
  std::string domain_text;
  std::vector<std::string> profile_file_names;  ///< One per party, in party order.
  std::vector<std::string> profile_texts;
  std::vector<std::string> dropped;  ///< What GENIUS cannot express (see WriteReport).
};

/// Renders a scenario as GENIUS XML. Fails (Unsupported) only when a party's utility cannot be
/// written at all (hyper-rectangles over non-integer issues).
Result<GeniusFiles> GeniusText(const Scenario& scenario);

/// Writes GeniusText's files into `folder` (created if missing).
Result<WriteReport> WriteGenius(const Scenario& scenario, const std::string& folder);

}  // namespace parley
