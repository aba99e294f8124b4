#pragma once

// BOA components taken from the ANAC agents (issue 12), shared by the agents that use them and
// registered by name in boa.cc. Internal to the module.

#include <memory>

#include "parley/agent/boa.h"

namespace parley::agents {

/// HardHeaded's frequency model (van Krimpen, Looije, Hajizadeh, ANAC 2011), per opponent:
/// issue weights start equal; after each offer, every issue whose value is the same as in the
/// opponent's previous offer gains `learning_rate` / (number of issues) and the weights are
/// renormalised; the offered value of every issue gains `value_addition` (values start at 1).
/// Estimate = sum over issues of weight * value / (the highest value). O(issues) per
/// update and estimate.
std::unique_ptr<OpponentModel> MakeHardHeadedFrequencyModel(double learning_rate,
                                                            double value_addition);

}  // namespace parley::agents
