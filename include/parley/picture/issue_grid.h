#pragma once

/// \file
/// The picture of talks under the single undertaking, round by round: one row per issue, one
/// column per round, each cell coloured by the issue's state after that round (not open, open,
/// proposed, agreed in draft, reopened, final), with who proposed it and what, the conditions
/// pending on it, and the final votes under the grid. The same picture serves a simulated
/// negotiation (session module, from the protocol's round states) and the record of real talks
/// (talks module, from the ledger): each fills an `IssueTimeline`; this module only draws.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/picture/chart.h"

namespace parley::picture {

enum class IssueState { kNotOpen, kOpen, kProposed, kAgreedInDraft, kReopened, kFinal };
/// "not open", "open", "proposed", "agreed in draft", "reopened", "final".
std::string_view IssueStateLabel(IssueState state);

/// One issue in one round.
struct IssueCell {
  IssueState state = IssueState::kOpen;
  std::string value;               ///< The value proposed or agreed ("" when none).
  std::optional<size_t> proposer;  ///< Index into IssueTimeline::parties.
  int conditions = 0;              ///< Conditions pending on this issue.
  std::string tip;                 ///< Extra tooltip lines (sources, conditions, ...).
};

struct IssueRow {
  std::string name;
  std::string group;             ///< The track; rows of a group are drawn together, under its name.
  std::vector<IssueCell> cells;  ///< One per column.
};

/// One ratifier's vote.
struct Ballot {
  size_t party = 0;  ///< Index into IssueTimeline::parties.
  bool accepted = false;
};

/// A vote on the whole package, shown under the column it happened in.
struct PackageVote {
  size_t column = 0;
  std::vector<Ballot> ballots;
  bool passed = false;
};

struct IssueTimeline {
  std::string title;
  std::vector<std::string> columns;  ///< Column headings (rounds: "1", "2", ... or dates).
  std::vector<std::string> parties;  ///< Colour i is PartyColour(i).
  std::vector<IssueRow> rows;
  std::vector<PackageVote> votes;
  std::vector<std::string> notes;  ///< Lines printed under the grid (the outcome, blockers).
};

/// The grid as a figure at most `max_width` wide (columns narrow down to 12 px; values are
/// written in cells only where they fit, and always in the tooltips). O(rows * columns).
Figure RenderIssueTimeline(const IssueTimeline& timeline, double max_width = 1100);

/// The legend of the grid's colours and marks, `columns` entries a row.
Figure IssueTimelineLegend(const IssueTimeline& timeline, int columns = 4);

}  // namespace parley::picture
