#pragma once

/// \file
/// The single undertaking: staged, multi-track negotiation in which nothing is agreed until
/// everything is agreed (DESIGN.md, "The single-undertaking protocol"; docs/single-undertaking.md).
///
/// Basic API. The protocol is registered as "single-undertaking" (`Protocols().Make(...)`), with
/// one parameter, `binding`:
/// - `scenario` (default): the scenario's `Rules::single_undertaking` decides;
/// - `single-undertaking`: issues are agreed in draft, the whole package is ratified by a vote;
/// - `issue-by-issue`: each issue is final once agreed (no reopening, no vote).
///
/// The rules, as `SingleUndertaking` runs them:
/// - Agenda. The scenario's tracks (or one track with every party and issue). A track with
///   `opens_after` opens once that track is agreed in draft (every issue), and stays open.
/// - Turns. Each round, for each open track in order, each party of the track moves once, about
///   that track (`TurnKind::kPackage`; `UndertakingState::track` says which). A party in two
///   tracks moves twice. Parties in no open track only watch (and vote).
/// - Moves. `PartialOffer`: values for open issues of the turn's track; it replaces the track's
///   standing proposal and counts as the proposer's acceptance. `Accept` (optionally with
///   conditions, clauses on any issues that must hold on the final package): accepts the
///   track's standing proposal. `Reject`: withdraws the standing proposal, or passes when there
///   is none or the party already accepts it. `Reopen`: returns an issue of the track agreed in
///   draft to open (counted; the conditions attached to its draft go with it). `EndNegotiation`:
///   walks away, ending the negotiation for everyone.
/// - Whole-package offers. `Offer` (what general-purpose agents send) is a partial offer of its
///   values on the open issues of the turn's track. When the track has no open issue and the
///   complete package is blocked or voted down, it reopens the track's issues where it differs
///   from the draft and proposes its values for them; otherwise it is a pass.
/// - Agreed in draft. When every party of the track has accepted the standing proposal, each of
///   its issues is agreed in draft at its value (final at once under issue-by-issue binding).
/// - Final agreement. When every issue is agreed, the package is checked: every condition
///   attached to an acceptance and every party's hard constraints must hold on it. Then every
///   ratifier (the scenario's `Rules::ratifiers`, or every party when none are named) votes on
///   the whole package (`TurnKind::kRatify`); unanimity makes it the agreement and every issue
///   final. A failed check or vote keeps the draft; the package is checked again when it is next
///   completed, after a reopening. Issue-by-issue binding skips the vote.
/// - Illegal moves (a partial offer on an issue that is closed, agreed, final or of another
///   track; reopening an issue that is not agreed in draft or of another track) end the
///   negotiation with the failure recorded against the party.
/// - At the deadline without agreement every party gets its reservation value; the result's
///   details keep the draft record.
///
/// Output. Moves carry notes ("agreed in draft: ...", "track 'x' opens", "reopened (2nd
/// time)"); `NegotiationResult::undertaking` holds each issue's end state (track, status, value,
/// reopenings), the tracks, the binding, the last final vote and the blockers; and
/// `RoundState::undertaking` the state of every issue after each round (undertaking_record.h).
/// `--json` writes them as `"issues"`, `"final_vote"`, ... (session/report.h), with 1-based
/// rounds as in the moves.
///
/// Advanced API. Agents written for this protocol read `UndertakingState` from
/// `Turn::details` with `dynamic_cast`: every issue's status, the standing proposals, which
/// tracks are open, what blocks the package, the last vote.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/protocol/action.h"
#include "parley/protocol/negotiator.h"
#include "parley/protocol/registry.h"
#include "parley/protocol/undertaking_record.h"

namespace parley {

class Protocol;

/// Conditions a party attached to an acceptance: every clause must hold on the final package.
struct AttachedCondition {
  size_t party = 0;
  std::vector<Clause> clauses;
  int round = 0;
  bool operator==(const AttachedCondition&) const = default;
};

/// One issue's state.
struct DraftIssue {
  size_t track = 0;
  DraftStatus status = DraftStatus::kOpen;
  std::optional<ValueIndex> value;  ///< The agreed value (draft or final); nullopt when open.
  int reopened = 0;                 ///< Times reopened.
  std::optional<int> agreed_round;  ///< Round of the last agreement on it.
  /// Conditions attached to the acceptances that agreed it; dropped when it is reopened.
  std::vector<AttachedCondition> conditions;
  bool operator==(const DraftIssue&) const = default;
};

/// One track's state.
struct DraftTrack {
  std::string name;
  std::vector<size_t> issues;
  std::vector<size_t> parties;
  std::optional<size_t> opens_after;
  bool open = false;
  std::optional<int> opened_round;  ///< 0 for tracks open from the start.
  bool operator==(const DraftTrack&) const = default;
};

/// The proposal standing in a track: values for some of its open issues, and who accepts it.
struct StandingProposal {
  size_t proposer = 0;
  std::vector<IssueValue> values;  ///< Sorted by issue.
  int round = 0;
  std::vector<size_t> accepted_by;  ///< Track parties, proposer first, in order of acceptance.
  std::vector<AttachedCondition> conditions;  ///< Attached by those who accepted.
  bool operator==(const StandingProposal&) const = default;
};

/// Why a complete package cannot go to the vote.
struct PackageBlocker {
  enum class Kind : uint8_t { kCondition, kConstraint };
  Kind kind = Kind::kCondition;
  size_t party = 0;            ///< Whose condition or constraint fails.
  std::vector<size_t> issues;  ///< Issues it names, sorted.
  std::string text;            ///< "condition of Taliban: troop_withdrawal in {...}".
  bool operator==(const PackageBlocker&) const = default;
};

/// The whole state of a single-undertaking negotiation. The protocol passes it as the details of
/// every turn (valid during the `Act` call); `track` is the track the turn is about
/// (`tracks.size()` on ratification turns).
struct UndertakingState : TurnDetails {
  Binding binding = Binding::kSingleUndertaking;
  size_t track = 0;
  std::vector<DraftTrack> tracks;
  std::vector<DraftIssue> issues;                         ///< One per issue of the space.
  std::vector<std::optional<StandingProposal>> standing;  ///< One per track.
  std::vector<size_t> ratifiers;  ///< Who votes (empty under issue-by-issue binding).
  /// Set while the complete package fails its checks; empty otherwise.
  std::vector<PackageBlocker> blockers;
  std::optional<FinalVote> last_vote;
  int votes_held = 0;
  int reopenings = 0;  ///< Total over issues.

  /// Every issue agreed (in draft or final).
  bool Complete() const;
  /// The agreed value of every issue (nullopt where open).
  std::vector<std::optional<ValueIndex>> Draft() const;
  /// The package when Complete().
  std::optional<Outcome> Package() const;
  /// True when the package is complete and blocked, or was voted down as it stands: nothing
  /// moves until someone reopens an issue.
  bool Stuck() const;
  bool InTrack(size_t track, size_t party) const;
};

/// Options of a single-undertaking protocol object.
struct SingleUndertakingOptions {
  /// nullopt: follow the scenario's `Rules::single_undertaking`.
  std::optional<Binding> binding;
};

/// Makes the protocol (what the registry's "single-undertaking" entry does).
std::unique_ptr<Protocol> MakeSingleUndertaking(const SingleUndertakingOptions& options = {});

/// The registry factory: reads `binding` (scenario, single-undertaking, issue-by-issue).
Result<std::unique_ptr<Protocol>> MakeSingleUndertakingFromSpec(SpecParams& params);

}  // namespace parley
