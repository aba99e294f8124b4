#pragma once

/// \file
/// A tournament as one self-contained HTML page: the configuration, the ranking with confidence
/// intervals, the distribution of each agent's advantage (box plots with every sample, means and
/// 95% intervals), the agreement rate per scenario (bars with Wilson intervals), the mean
/// advantage of each agent against each partner, and the failures. Plots are inline SVG; the page
/// loads nothing. Deterministic: no timestamps or wall-clock figures, so identical results give
/// identical bytes.

#include <string>

#include "parley/core/result.h"
#include "parley/tournament/summary.h"
#include "parley/tournament/tournament.h"

namespace parley {

std::string RenderTournamentReport(const TournamentResults& results, const Summary& summary);
/// Writes RenderTournamentReport to `path`. Errors name the file.
Status WriteTournamentReport(const TournamentResults& results, const Summary& summary,
                             const std::string& path);

}  // namespace parley
