#pragma once

/// \file
/// A tournament's results as CSV (RFC 4180), one row per session and position, in schedule
/// order: the long format that pandas and R read directly (NegMAS's all_scores.csv has the same
/// shape). Numbers are written in their shortest exact form, so the same results give the same
/// bytes. The columns (docs/tournament.md) end with the two wall-clock columns, agent_seconds and
/// session_seconds, the only ones that differ between runs; `timing = false` leaves them out.

#include <string>

#include "parley/core/result.h"
#include "parley/tournament/tournament.h"

namespace parley {

struct CsvOptions {
  bool timing = true;  ///< Include the wall-clock columns.
};

/// The whole file as text.
std::string ResultsCsv(const TournamentResults& results, const CsvOptions& options = {});
/// Writes ResultsCsv to `path` (replacing it). Errors name the file.
Status WriteResultsCsv(const TournamentResults& results, const std::string& path,
                       const CsvOptions& options = {});

/// The shortest text that reads back as exactly `value` ("0.5", "1e-05", "inf", "nan").
std::string FormatExact(double value);

}  // namespace parley
