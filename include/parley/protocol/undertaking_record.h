#pragma once

/// \file
/// What the single undertaking leaves in the record of a negotiation, as plain values: each
/// issue's state after every round (`RoundState::undertaking`) and at the end
/// (`NegotiationResult::undertaking`). Issues, values, parties and tracks are indices, so a
/// record costs a few words an issue; names are resolved where the record is written
/// (session/report.h writes the JSON of `--json` and `--trace`, the CLI its tables).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/protocol/action.h"

namespace parley {

/// Where an issue stands.
enum class DraftStatus : uint8_t {
  kOpen,           ///< Not agreed (or reopened); also every issue of a closed track.
  kAgreedInDraft,  ///< Every party of its track accepted one value; binds nothing yet.
  kFinal,          ///< Binding: the package was ratified, or issue-by-issue binding.
};
std::string_view DraftStatusName(DraftStatus status);  ///< "open", "agreed-in-draft", "final"

/// How agreed issues bind.
enum class Binding : uint8_t {
  kSingleUndertaking,  ///< Nothing is agreed until everything is agreed (the seed's rule).
  kIssueByIssue,       ///< Each issue is final once agreed.
};
std::string_view BindingName(Binding binding);  ///< "single-undertaking", "issue-by-issue"

/// A final vote on the whole package.
struct FinalVote {
  int round = 0;
  Outcome package;
  std::vector<size_t> ratifiers;  ///< In voting order.
  std::vector<bool> accepted;     ///< One per ratifier (fewer when the vote stopped early).
  bool passed = false;
  bool operator==(const FinalVote&) const = default;
};

/// One issue as the record shows it.
struct IssueRecord {
  size_t track = 0;
  DraftStatus status = DraftStatus::kOpen;
  std::optional<ValueIndex> value;  ///< The agreed value (draft or final); nullopt when open.
  int reopened = 0;                 ///< Times reopened.
  bool operator==(const IssueRecord&) const = default;
};

/// The proposal standing in a track at the end of a round.
struct StandingRecord {
  size_t track = 0;
  size_t proposer = 0;
  std::vector<IssueValue> values;   ///< Sorted by issue.
  std::vector<size_t> accepted_by;  ///< Proposer first, in order of acceptance.
  bool operator==(const StandingRecord&) const = default;
};

/// The state after one round: one entry per issue of the space, the open tracks, the standing
/// proposals. Tracks are indices into `UndertakingRecord::tracks`.
struct UndertakingRoundState {
  std::vector<IssueRecord> issues;
  std::vector<size_t> open_tracks;
  std::vector<StandingRecord> standing;
  bool operator==(const UndertakingRoundState&) const = default;
};

/// One track of the agenda and when it opened.
struct TrackRecord {
  std::string name;
  std::vector<size_t> parties;
  std::vector<size_t> issues;
  std::optional<int> opened_round;  ///< 0-based; nullopt when it never opened.
  bool operator==(const TrackRecord&) const = default;
};

/// How a single-undertaking negotiation ended: what was agreed, in draft or final, the last
/// final vote and what blocked the package.
struct UndertakingRecord {
  Binding binding = Binding::kSingleUndertaking;
  std::vector<IssueRecord> issues;  ///< One per issue of the space.
  std::vector<TrackRecord> tracks;
  int reopenings = 0;  ///< Total over issues.
  int votes_held = 0;
  std::optional<FinalVote> final_vote;  ///< The last vote held.
  std::vector<std::string> blockers;    ///< Why the complete package could not go to the vote.
  bool operator==(const UndertakingRecord&) const = default;
};

}  // namespace parley
