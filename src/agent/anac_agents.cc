// What the ANAC agents share (anac_agents.h), and their registration.

#include "anac_agents.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "builtin_agents.h"

namespace parley::agents {

namespace {
constexpr double kMaxEnumerated = 4e6;
}

std::vector<RankedBid> SortedBids(const NegotiatorSetup& setup) {
  const OutcomeSpace& space = setup.space();
  if (!space.Indexable() || space.Size() > kMaxEnumerated) {
    throw std::runtime_error("this agent ranks every outcome, and the space has " +
                             std::to_string(space.Size()) + " (at most " +
                             std::to_string(static_cast<int64_t>(kMaxEnumerated)) + ")");
  }
  struct Entry {
    double utility;
    uint64_t order;  // GENIUS's enumeration order: the first issue varies fastest
  };
  std::vector<Entry> entries;
  entries.reserve(space.SizeExact());
  const CompiledProfile& profile = setup.profile();
  Outcome o(space.NumIssues(), 0);
  for (uint64_t k = 0; k < space.SizeExact(); ++k) {
    if (profile.Acceptable(o)) entries.push_back({profile.Utility(o), k});
    for (size_t i = 0; i < o.size(); ++i) {  // next outcome, first issue fastest
      if (++o[i] < space.issue(i).Cardinality()) break;
      o[i] = 0;
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.utility != b.utility ? a.utility > b.utility : a.order > b.order;
  });
  std::vector<RankedBid> out;
  out.reserve(entries.size());
  for (const Entry& e : entries) {
    Outcome bid(space.NumIssues(), 0);
    uint64_t rest = e.order;
    for (size_t i = 0; i < bid.size(); ++i) {
      bid[i] = static_cast<ValueIndex>(rest % space.issue(i).Cardinality());
      rest /= space.issue(i).Cardinality();
    }
    out.push_back({e.utility, std::move(bid)});
  }
  return out;
}

void RegisterAnac(Registry<Negotiator>& registry) { RegisterHardHeaded(registry); }

}  // namespace parley::agents
