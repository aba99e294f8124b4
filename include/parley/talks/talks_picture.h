#pragma once

/// \file
/// The record of real talks as the issue-state picture the single undertaking's sessions draw
/// (picture/issue_grid.h): one column per recorded round, one row per issue (grouped by track),
/// each cell the issue's status at the end of that round (`ComputeStatus` of the record replayed
/// to it: not open, open, proposed, agreed in draft, reopened, final), who proposed what in the
/// round, the conditions pending on it, and the votes cast in the round. Shared by
/// `parley talks report` and the server (`GET /api/talks/ID/issues/picture`).
///
/// Cost: one status replay per round, O(rounds * entries * parties). Deterministic.

#include <string>

#include "parley/picture/issue_grid.h"
#include "parley/talks/ledger.h"

namespace parley {

/// The timeline of the whole record in `state`: a column per round recorded (entries before the
/// first round count in the first); no columns when no round is recorded.
picture::IssueTimeline TalksTimeline(const LedgerState& state);

/// The timeline drawn as one SVG document (with its legend), at most `max_width` wide.
std::string TalksTimelineSvg(const LedgerState& state, double max_width = 1000);

}  // namespace parley
