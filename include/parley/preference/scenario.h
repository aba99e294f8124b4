#pragma once

/// \file
/// A negotiation scenario: who negotiates (parties with their profiles), what about (the outcome
/// space) and under which rules (tracks, opening conditions, ratifiers). Every reader produces a
/// `Scenario`; analysis, protocols and the ledger consume it.

#include <optional>
#include <string>
#include <vector>

#include "parley/outcome/outcome_space.h"
#include "parley/preference/profile.h"

namespace parley {

/// A party at the table and its preferences.
struct Party {
  std::string name;
  Profile profile;
  bool operator==(const Party&) const = default;
};

/// A group of issues negotiated by some of the parties (the single-undertaking agenda). A track
/// may open only when another track is agreed in draft ("intra-Afghan talks begin when the
/// withdrawal and counter-terrorism draft is finalised").
struct Track {
  std::string name;
  std::vector<size_t> issues;   ///< Indices into the outcome space.
  std::vector<size_t> parties;  ///< Indices into Scenario::parties.
  /// Index of the track that must be agreed in draft before this one opens; nullopt: open
  /// from the start.
  std::optional<size_t> opens_after;
  bool operator==(const Track&) const = default;
};

/// The rules a protocol reads from the scenario. Empty tracks mean one track with every party
/// and issue (see `EffectiveTracks`).
struct Rules {
  std::vector<Track> tracks;
  std::vector<size_t> ratifiers;  ///< Parties whose final vote on the whole package is required.
  /// Nothing is agreed until everything is agreed (the seed's rule). False: each issue is final
  /// once agreed (issue-by-issue binding).
  bool single_undertaking = true;
  bool operator==(const Rules&) const = default;
};

struct Scenario {
  std::string name;
  std::string description;  ///< Free text; e.g. "preferences are illustrative".
  std::string source;       ///< Where it came from (file, folder, "built-in").
  OutcomeSpace space;
  std::vector<Party> parties;
  Rules rules;

  size_t NumParties() const { return parties.size(); }
  std::optional<size_t> FindParty(std::string_view name) const;
  /// The tracks, or a single track with every issue and party when none are declared.
  std::vector<Track> EffectiveTracks() const;
  bool operator==(const Scenario&) const = default;
};

/// Checks that profiles match the space, names are unique and non-empty, tracks and ratifiers
/// refer to existing issues and parties, and track opening conditions are acyclic.
Status ValidateScenario(const Scenario& scenario);

}  // namespace parley
