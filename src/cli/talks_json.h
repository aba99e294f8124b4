#pragma once

/// \file
/// The JSON of `parley talks status --json` and `parley talks history --json`, in a library of
/// its own (parley_cli_talks) so that the Python package's `parley.talks.Ledger` returns the
/// same objects (docs/python.md).

#include "output.h"
#include "parley/talks/ledger.h"
#include "parley/talks/talks_analysis.h"
#include "parley/talks/talks_status.h"

namespace parley::cli {

/// StatusJson with "draft_analysis": the packages consistent with the draft, the ZOPA among
/// them, the efficient ones and the Nash package, or {"error"} when it cannot be computed (a
/// party has no profile yet). Private (it reads every profile): the mediator's view.
Json TalksStatusJson(const LedgerState& state, const TalksStatus& status,
                     const Result<DraftAnalysis>& analysis);

/// The negotiation, the replay (as_of, known_at: null when not given) and every entry the
/// mediator sees, in replay order.
Json TalksHistoryJson(const LedgerState& state);

}  // namespace parley::cli
