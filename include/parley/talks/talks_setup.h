#pragma once

/// \file
/// Starting a negotiation in the ledger: the structure from a scenario, the scenario's profiles
/// as estimates, and one access token per party plus the mediator's; and the built-in example,
/// the 2019 Doha talks as the news report tells them (shared/seed/doha-talks-2019.txt).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/talks/ledger.h"

namespace parley {

/// What `SetUpTalks` created. The secrets are shown once; the ledger keeps only their hashes.
struct NewTalks {
  TalksInfo info;
  std::string mediator_token;
  std::vector<std::string> party_tokens;  ///< One per party, in the scenario's order.
  int profiles = 0;                       ///< Profiles recorded from the scenario.
};

/// Creates the negotiation from `scenario` (its profiles are ignored for the structure). When
/// `profiles_date` is set and the scenario's profiles are additive with non-empty weights, each
/// is recorded as an "estimated" profile on that date. Then issues the tokens.
Result<NewTalks> SetUpTalks(Ledger& ledger, const TalksInfo& info, const Scenario& scenario,
                            std::optional<std::string> profiles_date);

/// Name of the built-in example history.
inline constexpr std::string_view kDohaHistoryName = "doha-2019";

/// Records the Doha 2019 talks under `name`: the January round and its "draft framework", the
/// 16-day February-March round and its "real strides", each party's reported positions with
/// their sources (the Taliban commander's ceasefire condition, Ghani's insistence on his
/// government's involvement, the claimed promise of half the troops), the draft agreement on
/// counter-terrorism, and the profiles of `doha` (the built-in scenario doha-2019, whose numbers
/// are illustrative) as estimates. `doha` must have the built-in scenario's parties, issues and
/// values; a mismatch is an error naming what is missing.
Result<NewTalks> ImportDohaHistory(Ledger& ledger, const Scenario& doha,
                                   std::string_view name = kDohaHistoryName);

}  // namespace parley
