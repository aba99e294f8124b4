#pragma once

// What the ANAC agents (issue 12) share. Internal to the module.

#include <vector>

#include "parley/agent/agents.h"
#include "parley/protocol/negotiator.h"

namespace parley::agents {

struct RankedBid {
  double utility = 0;
  Outcome outcome;
};

/// Every acceptable outcome by own (undiscounted) utility, best first; among equal utilities the
/// outcome GENIUS's bid iterator meets later comes first (what the ANAC agents' utility-keyed
/// maps give). Enumerates the space: O(n log n) for n outcomes (the ANAC 2010-2013 scenarios
/// have at most 390,625); the caller checks the size.
std::vector<RankedBid> SortedBids(const NegotiatorSetup& setup);

/// hardheaded.
void RegisterHardHeaded(Registry<Negotiator>& registry);

}  // namespace parley::agents
