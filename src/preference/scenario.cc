#include "parley/preference/scenario.h"

#include <set>

namespace parley {

std::optional<size_t> Scenario::FindParty(std::string_view name) const {
  for (size_t i = 0; i < parties.size(); ++i)
    if (parties[i].name == name) return i;
  return std::nullopt;
}

std::vector<Track> Scenario::EffectiveTracks() const {
  if (!rules.tracks.empty()) return rules.tracks;
  Track all;
  all.name = "all";
  for (size_t i = 0; i < space.NumIssues(); ++i) all.issues.push_back(i);
  for (size_t p = 0; p < parties.size(); ++p) all.parties.push_back(p);
  return {all};
}

Status ValidateScenario(const Scenario& scenario) {
  const std::string& file = scenario.source;
  if (scenario.space.NumIssues() == 0)
    return Error::BadInput("a scenario needs at least one issue", file, 0, "issues");
  std::set<std::string> names;
  for (const auto& issue : scenario.space.issues()) {
    if (issue.name.empty()) return Error::BadInput("an issue has no name", file, 0, "issues");
    if (!names.insert(issue.name).second)
      return Error::BadInput("duplicate issue name '" + issue.name + "'", file, 0, "issues");
    if (issue.Cardinality() == 0)
      return Error::BadInput("issue '" + issue.name + "' has no values", file, 0, issue.name);
    if (issue.kind == IssueKind::kDiscrete) {
      std::set<std::string> values(issue.values.begin(), issue.values.end());
      if (values.size() != issue.values.size())
        return Error::BadInput("issue '" + issue.name + "' has duplicate values", file, 0,
                               issue.name);
    }
  }
  if (scenario.parties.size() < 2)
    return Error::BadInput(
        "a scenario needs at least two parties, found " + std::to_string(scenario.parties.size()),
        file, 0, "parties");
  names.clear();
  for (const auto& party : scenario.parties) {
    if (party.name.empty()) return Error::BadInput("a party has no name", file, 0, "parties");
    if (!names.insert(party.name).second)
      return Error::BadInput("duplicate party name '" + party.name + "'", file, 0, "parties");
    PARLEY_RETURN_IF_ERROR(ValidateProfile(party.profile, scenario.space, file));
  }
  const auto& tracks = scenario.rules.tracks;
  std::vector<int> track_of_issue(scenario.space.NumIssues(), -1);
  for (size_t t = 0; t < tracks.size(); ++t) {
    const Track& track = tracks[t];
    const std::string field = "tracks." + track.name;
    if (track.issues.empty()) return Error::BadInput("a track needs issues", file, 0, field);
    if (track.parties.empty()) return Error::BadInput("a track needs parties", file, 0, field);
    for (size_t i : track.issues) {
      if (i >= scenario.space.NumIssues())
        return Error::BadInput("unknown issue index", file, 0, field);
      if (track_of_issue[i] >= 0)
        return Error::BadInput(
            "issue '" + scenario.space.issue(i).name + "' is in more than one track", file, 0,
            field);
      track_of_issue[i] = static_cast<int>(t);
    }
    for (size_t p : track.parties)
      if (p >= scenario.parties.size())
        return Error::BadInput("unknown party index", file, 0, field);
    if (track.opens_after && *track.opens_after >= tracks.size())
      return Error::BadInput("opens after an unknown track", file, 0, field);
  }
  if (!tracks.empty()) {
    for (size_t i = 0; i < track_of_issue.size(); ++i)
      if (track_of_issue[i] < 0)
        return Error::BadInput("issue '" + scenario.space.issue(i).name + "' is in no track", file,
                               0, "tracks");
    // Opening conditions must not form a cycle, or some track could never open.
    for (size_t t = 0; t < tracks.size(); ++t) {
      size_t steps = 0;
      std::optional<size_t> cur = tracks[t].opens_after;
      while (cur) {
        if (++steps > tracks.size())
          return Error::BadInput("track opening conditions form a cycle", file, 0,
                                 "tracks." + tracks[t].name);
        cur = tracks[*cur].opens_after;
      }
    }
  }
  for (size_t r : scenario.rules.ratifiers)
    if (r >= scenario.parties.size())
      return Error::BadInput("unknown ratifying party", file, 0, "ratifiers");
  return {};
}

}  // namespace parley
