#pragma once

/// \file
/// A party's profile as JSON, keyed by issue and value names so that a person can write it and
/// the ledger and the server can store and show it. The form (docs/ledger.md):
///
///   {"weights": {"withdrawal": 4, "ceasefire": 1},            // raw; normalised to sum 1
///    "values": {"withdrawal": {"none": 0, "half": 6, "full": 10}, ...},  // raw, per issue
///    "reservation": 0.3,                                      // utility of no agreement
///    "constraints": [{"description": "ceasefire only after withdrawal",
///                     "when": [{"issue": "ceasefire", "values": ["announced"]}],
///                     "then": {"issue": "withdrawal", "values": ["full"]}}]}
///
/// Weights and values are normalised the GENIUS way (weights by their sum, each issue's values by
/// their maximum). A value missing from "values" is worth 0; an issue missing from "weights" has
/// weight 0. Only additive profiles have this form.

#include <string>
#include <string_view>

#include "parley/core/result.h"
#include "parley/preference/profile.h"

namespace parley {

/// Parses and validates a profile against the space. Errors name `file` (may be a label such as
/// "request body") and the field.
Result<Profile> ProfileFromJson(std::string_view json, const OutcomeSpace& space,
                                std::string_view file);
/// The normalised profile in the same form (weights sum to 1, values in [0, 1]). Deterministic.
/// Non-additive profiles are Unsupported.
Result<std::string> ProfileToJson(const Profile& profile, const OutcomeSpace& space);

}  // namespace parley
