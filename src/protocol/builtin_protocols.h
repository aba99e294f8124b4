#pragma once

// The built-in protocols' factories, registered by name in protocols.cc. Internal to the module.

#include <memory>

#include "parley/protocol/protocol.h"

namespace parley::protocols {

/// SAOP (GENIUS / ANAC stacked alternating offers), any number of parties >= 2.
Result<std::unique_ptr<Protocol>> MakeSao(SpecParams& params);
/// AMOP (alternating multiple offers): each round every party offers, then every party votes
/// on the others' offers; the first offer (party order) all accept is the agreement.
Result<std::unique_ptr<Protocol>> MakeAmop(SpecParams& params);
/// Mediated single text, veto variant: random texts; one rejection keeps the current text.
Result<std::unique_ptr<Protocol>> MakeSingleTextVeto(SpecParams& params);
/// Mediated single text, hill-climbing variant: neighbouring texts; moves only on unanimity.
Result<std::unique_ptr<Protocol>> MakeSingleTextHillClimbing(SpecParams& params);

}  // namespace parley::protocols
