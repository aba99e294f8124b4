#pragma once

/// \file
/// `parley talks report`: one self-contained HTML file (inline CSS and SVG, no scripts, no
/// network) with the timeline of rounds and entries, the status table, what blocks a final
/// agreement, and, when given, the analysis of the packages consistent with the draft. The
/// output depends only on its inputs (no clock), so a report can be compared byte for byte.

#include <string>

#include "parley/talks/ledger.h"
#include "parley/talks/talks_analysis.h"
#include "parley/talks/talks_status.h"
#include "parley/talks/talks_views.h"

namespace parley {

/// `analysis` may be null (no profiles yet); `analysis_error` then says why, if non-empty.
/// The mediator's report (`viewer` the mediator) shows everything and labels what is private
/// (profile entries, reservation values, the analysis computed from every profile). A party's
/// copy (`talks report --for PARTY`) has only what that party may see: the shared record, its
/// own profile, and `own` (the what-if from its own profile alone) instead of `analysis`, which
/// must then be null.
std::string RenderReportHtml(const LedgerState& state, const TalksStatus& status,
                             const DraftAnalysis* analysis, const std::string& analysis_error,
                             const Viewer& viewer = Viewer::Mediator(),
                             const PartyWhatIf* own = nullptr);

}  // namespace parley
