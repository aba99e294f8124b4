#pragma once

/// \file
/// What `parley negotiate` adds for the single undertaking (docs/single-undertaking.md): the
/// default protocol and agents for scenarios that declare its rules (negotiate_defaults.h), the
/// place of the outcome against the frontier and the Nash point of the whole package, and
/// `--compare`, which runs the same agents and seed under issue-by-issue binding and under the
/// single undertaking and shows the two outcomes side by side.

#include <string>
#include <vector>

#include "negotiate_defaults.h"
#include "output.h"
#include "parley/session/plot.h"
#include "parley/session/session.h"

namespace parley::cli {

/// Lines placing the outcome against the frontier and the Nash point of the whole package:
/// the Nash package and its utilities, the outcome's, and whether the outcome is on the frontier.
std::string PackagePlacementText(const PreparedScenario& scenario, const SessionResult& result,
                                 const ReferencePoints& reference);

/// Runs `config` twice, under binding=issue-by-issue and binding=single-undertaking (the
/// protocol must be the single undertaking), and prints the two outcomes side by side (or, with
/// `json`, {"compare": {...}, "issue_by_issue": {...}, "single_undertaking": {...}}). Returns the
/// exit code. A non-empty `plot` also writes both sessions' pictures side by side there.
int RunCompare(const PreparedScenario& scenario, const SessionConfig& config,
               const ReferencePoints& reference, bool json, const std::string& plot = {},
               const PlotOptions& plot_options = {});

}  // namespace parley::cli
