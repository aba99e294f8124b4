#pragma once

// The built-in agents' factories and the registration of each family, used by agents.cc.
// Internal to the module.

#include <memory>

#include "parley/agent/agents.h"

namespace parley::agents {

/// Registers boulware, linear, conceder, hardliner and time-dependent.
void RegisterTimeDependent(Registry<Negotiator>& registry);

}  // namespace parley::agents
