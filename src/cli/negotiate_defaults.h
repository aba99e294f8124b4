#pragma once

/// \file
/// What `parley negotiate` runs when the protocol or the agents are not given. A library of its
/// own (parley_cli_defaults) so that the Python package's `parley.negotiate` follows the command
/// line exactly (docs/python.md).

#include <string>
#include <vector>

#include "parley/preference/scenario.h"

namespace parley::cli {

/// True when the protocol spec names the single undertaking ("single-undertaking[:...]").
bool IsSingleUndertaking(const std::string& protocol_spec);

/// The protocol `parley negotiate` runs when none is given: the single undertaking for
/// scenarios that declare tracks or ratifiers (their rules are its rules), else "sao".
std::string DefaultProtocol(const Scenario& scenario);

/// The agents `parley negotiate` uses under the single undertaking when none are given: in party
/// order, logroller, issue-by-issue, conditional-hardliner, then again from the start. On
/// doha-2019 this is the United States trading issues, the Taliban settling one issue at a time
/// (withdrawal first), and the Afghan government holding its line.
std::vector<std::string> DefaultUndertakingAgents(size_t parties);

/// The agents `parley negotiate` uses when none are given: DefaultUndertakingAgents under the
/// single undertaking, else boulware for every party.
std::vector<std::string> DefaultAgents(const std::string& protocol_spec, size_t parties);

}  // namespace parley::cli
