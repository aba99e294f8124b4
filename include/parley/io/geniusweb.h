#pragma once

/// \file
/// GeniusWeb JSON scenarios (docs/formats.md): profile files holding a
/// `LinearAdditiveUtilitySpace` (which embeds its domain), optionally with the domain JSON
/// (`{"name", "issuesValues"}`) beside them.
///
/// Semantics follow GeniusWeb: U = sum_i w_i * u_i(v_i) with the file's value utilities as
/// they are (no max-normalisation); weights must sum to 1 (within 1e-6) and utilities lie in
/// [0, 1]. Issue order is the domain's key order as written in the file (the order ANL's bids
/// list issues in). A `reservationBid` becomes the reservation value U(reservation bid);
/// without one the reservation value is 0. Every error names the file, the line and the field.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/io/scenario_io.h"
#include "parley/preference/scenario.h"

namespace parley {

enum class GeniusWebFileKind {
  kDomain,   ///< An object with "issuesValues".
  kProfile,  ///< An object with one key naming a utility space type.
  kOther,    ///< Valid JSON of another shape (e.g. ANL's specials.json).
  kNotJson,  ///< Not JSON at all.
};
/// Classifies a file's text by parsing it. Cost: one JSON parse.
GeniusWebFileKind ClassifyGeniusWebText(std::string_view text);

/// A GeniusWeb domain: its name and outcome space.
struct GeniusWebDomain {
  std::string name;
  OutcomeSpace space;
};

/// Parses a domain file's text. `file_name` is only used in errors.
Result<GeniusWebDomain> ParseGeniusWebDomain(std::string_view text, const std::string& file_name,
                                             const LoadOptions& options = {});

/// A parsed profile with the domain it embeds.
struct GeniusWebProfile {
  GeniusWebDomain domain;
  Profile profile;  ///< name: the profile's "name" (the file stem when absent).
};
/// Parses a profile's text; the profile is expressed over its embedded domain.
Result<GeniusWebProfile> ParseGeniusWebProfile(std::string_view text, const std::string& file_name,
                                               const LoadOptions& options = {},
                                               std::vector<std::string>* notes = nullptr);

/// Reads a scenario from profile files (one party each, named after the file's stem, in the
/// order given) and at most one domain file. Every profile must be of the same domain; the
/// domain file, when given, fixes the issue order.
Result<Scenario> ReadGeniusWeb(std::span<const std::string> files, const LoadOptions& options = {},
                               std::vector<std::string>* notes = nullptr);

/// The files of a GeniusWeb scenario, as text, before they are written to a folder.
struct GeniusWebFiles {
  std::string domain_file_name;
  std::string domain_text;
  std::vector<std::string> profile_file_names;  ///< One per party, in party order.
  std::vector<std::string> profile_texts;
  std::vector<std::string> dropped;  ///< What GeniusWeb cannot express (see WriteReport).
};

/// Renders a scenario as GeniusWeb JSON. Fails (Unsupported) when a party's utility is not
/// linear additive: GeniusWeb has no hyper-rectangle utilities.
Result<GeniusWebFiles> GeniusWebText(const Scenario& scenario);

/// Writes GeniusWebText's files into `folder` (created if missing).
Result<WriteReport> WriteGeniusWeb(const Scenario& scenario, const std::string& folder);

}  // namespace parley
