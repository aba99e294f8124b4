#pragma once

// The built-in agents, registered by family from agents.cc. Internal to the module.

#include <memory>

#include "parley/agent/agents.h"

namespace parley::agents {

/// boulware, linear, conceder, hardliner, time-dependent.
void RegisterTimeDependent(Registry<Negotiator>& registry);
/// random.
void RegisterRandom(Registry<Negotiator>& registry);
/// naive-tit-for-tat, nice-tit-for-tat.
void RegisterTitForTat(Registry<Negotiator>& registry);
/// aspiration.
void RegisterAspiration(Registry<Negotiator>& registry);
/// boa.
void RegisterBoa(Registry<Negotiator>& registry);
/// The ANAC agents re-implemented from GENIUS (issue 12): hardheaded, ...
void RegisterAnac(Registry<Negotiator>& registry);
/// misbehave (a faulty agent for testing fault handling).
void RegisterMisbehave(Registry<Negotiator>& registry);

/// The outcome to offer when every outcome breaks the agent's own constraints: a valid outcome
/// all the same (the first), so that the agent never fails for want of something to say.
inline Outcome FallbackOutcome(const NegotiatorSetup& setup) {
  return Outcome(setup.space().NumIssues(), 0);
}

template <typename T, typename... Args>
Result<std::unique_ptr<Negotiator>> MakeAgent(Args&&... args) {
  return std::unique_ptr<Negotiator>(std::make_unique<T>(std::forward<Args>(args)...));
}

}  // namespace parley::agents
