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

namespace parley {

/// `analysis` may be null (no profiles yet); `analysis_error` then says why, if non-empty.
/// The report is the mediator's: it includes private profiles' summaries only through the
/// analysis.
std::string RenderReportHtml(const LedgerState& state, const TalksStatus& status,
                             const DraftAnalysis* analysis, const std::string& analysis_error);

}  // namespace parley
