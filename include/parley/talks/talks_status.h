#pragma once

/// \file
/// What the record says now: the status of every issue under the negotiation's binding rule,
/// and what blocks a final agreement. Computed from a `LedgerState` (ledger.h) by replaying its
/// entries in order, so the status on any past date is `ComputeStatus(ledger.Load(id, date))`.
///
/// The rules (DESIGN.md, "The single-undertaking protocol"; docs/ledger.md):
/// - An issue is agreed in draft when every party of its track has a standing acceptance of the
///   same value. A party's acceptance stands until it accepts another value or the issue is
///   reopened. An agreement entry without a party is every track party's acceptance.
/// - A reopening clears the issue's acceptances; the issue is "reopened" until agreed again, and
///   the reopening is counted (only when the issue was agreed in draft; otherwise it is noted).
/// - A track opens when the track it opens after is agreed in draft (every issue); once open it
///   stays open. Acceptances on issues of a closed track are recorded but not counted (noted).
/// - Single undertaking: the agreement is final only when every issue is agreed in draft, every
///   condition holds on the whole package (those attached to standing acceptances and those
///   stated in each party's latest position), and every ratifier (every party, when the
///   negotiation names none) has voted to accept since the package last changed. Then every
///   issue is "final".
/// - Issue-by-issue binding (`single_undertaking` false): an issue is final once agreed; later
///   acceptances and reopenings of it are noted and ignored; no vote is needed.
///
/// - Retracted entries do not count (the notes list them).
///
/// Cost: linear in the number of entries times the number of parties.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/talks/ledger.h"

namespace parley {

enum class IssueStatus { kOpen, kAgreedInDraft, kReopened, kFinal };
std::string_view IssueStatusName(IssueStatus status);  ///< "open", "agreed-in-draft", ...

/// A party's standing acceptance of a value for an issue.
struct Acceptance {
  size_t party = 0;
  ValueIndex value = 0;
  int64_t seq = 0;
  std::vector<Constraint> conditions;
};

struct IssueState {
  size_t issue = 0;
  size_t track = 0;  ///< Index into the effective tracks.
  IssueStatus status = IssueStatus::kOpen;
  std::optional<ValueIndex> value;  ///< The value agreed in draft (or final).
  int reopened = 0;                 ///< Times reopened after being agreed in draft.
  std::vector<Acceptance> acceptances;
  std::string since;  ///< Date of the last change of status ("" when never changed).
};

enum class ConditionState { kHolds, kViolated, kPending };
std::string_view ConditionStateName(ConditionState state);  ///< "holds", "violated", "pending"

/// A condition checked against the current draft package. Pending: it names an issue that is
/// not agreed in draft yet.
struct ConditionCheck {
  size_t party = 0;
  int64_t seq = 0;             ///< The entry that attached it.
  bool from_position = false;  ///< A stated position (else attached to an acceptance).
  Constraint condition;
  ConditionState state = ConditionState::kPending;
  std::string source;  ///< The entry's source ("kind: who"), when it has one.
};

/// A party's latest vote; `current` when cast on the package as it stands.
struct VoteState {
  size_t party = 0;
  bool accept = false;
  int64_t seq = 0;
  std::string date;
  bool current = false;
};

enum class BlockerKind { kOpenIssue, kClosedTrack, kUnmetCondition, kMissingRatification };
std::string_view BlockerKindName(BlockerKind kind);  ///< "open-issue", "closed-track", ...

/// One reason there is no final agreement yet.
struct Blocker {
  BlockerKind kind = BlockerKind::kOpenIssue;
  std::string text;
  std::optional<size_t> issue;
  std::optional<size_t> party;
  std::optional<size_t> track;
};

/// A proposal on the table: a party's (or the mediator's) latest proposed value of an issue.
struct TableProposal {
  std::optional<size_t> party;  ///< nullopt: the mediator.
  size_t issue = 0;
  ValueIndex value = 0;
  int64_t seq = 0;
  std::string date;
};

/// The standing draft: the latest proposal that carries draft text.
struct StandingDraft {
  int64_t seq = 0;
  std::string date;
  std::optional<size_t> party;
  std::string text;
  std::vector<IssueValue> values;
};

struct TalksStatus {
  std::vector<IssueState> issues;  ///< One per issue, in the space's order.
  std::vector<Track> tracks;       ///< The effective tracks.
  std::vector<bool> track_open;
  std::vector<size_t> ratifiers;  ///< The parties whose vote is required.
  std::vector<ConditionCheck> conditions;
  std::vector<VoteState> votes;  ///< Latest vote of each party that voted.
  bool final = false;
  std::vector<Blocker> blockers;   ///< Empty exactly when `final`.
  std::vector<std::string> notes;  ///< Entries that were recorded but did not count, and why.
  /// On the table now: the latest proposal of each party (and the mediator) per issue, in order
  /// of issue then party (mediator first).
  std::vector<TableProposal> on_the_table;
  std::optional<StandingDraft> draft;
  int rounds = 0;         ///< Rounds recorded.
  std::string last_date;  ///< Date of the last entry replayed.

  /// The draft package: per issue, the value agreed in draft (or final), else nullopt.
  std::vector<std::optional<ValueIndex>> Package() const;
};

TalksStatus ComputeStatus(const LedgerState& state);

/// Evaluates a condition on a partial package.
ConditionState CheckCondition(const Constraint& condition,
                              const std::vector<std::optional<ValueIndex>>& package);

/// "if ceasefire=announced then withdrawal=full" (values joined by '|').
std::string DescribeCondition(const Constraint& condition, const OutcomeSpace& space);

}  // namespace parley
