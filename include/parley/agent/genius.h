#pragma once

/// \file
/// The GENIUS bridge (docs/genius-bridge.md): `genius:CLASS` is an agent that runs the GENIUS
/// agent CLASS (an ANAC 2010-2013 `genius.core.Agent` or a 2014+ `NegotiationParty`) in a JVM
/// child process, through parley's own Java host (java/), over a line protocol on a socket.
///
/// Basic API. `Agents().Make("genius:agents.anac.y2011.HardHeaded.KLH")` makes one; every
/// GENIUS agent of a session shares one JVM (so that a session between GENIUS agents runs as in
/// GENIUS, seeds included). The GENIUS jar is, in order: `SetGeniusJar`, the environment
/// variable PARLEY_GENIUS_JAR, the jar the host was built against (`DefaultGeniusJar`).
///
/// Lifetime and cost. A JVM starts in about 0.3 s. When a session ends, its JVM goes back to a
/// process-wide pool if the host says a next session in it would run exactly as in a fresh one
/// (no thread of the session alive, Math.random unused, ...); otherwise it is killed. The pool
/// keeps at most one idle JVM per hardware thread; idle JVMs are ended at exit. Faults (an
/// exception, an illegal move, a timeout, a dead JVM) are failures of the agent, never of
/// parley.

#include <string>
#include <vector>

#include "parley/core/result.h"
#include "parley/protocol/registry.h"

namespace parley {

class Negotiator;

/// Sets the GENIUS jar for every genius: agent made from now on ("" restores the default).
void SetGeniusJar(std::string path);
/// The jar the Java host was compiled against, "" when it was not built.
std::string DefaultGeniusJar();
/// The jar genius: agents will use, or a BadInput naming how to provide one.
Result<std::string> GeniusJar();

/// One class of the jar that GENIUS can run as a party.
struct GeniusAgentClass {
  std::string name;  ///< "agents.anac.y2011.HardHeaded.KLH"
  std::string kind;  ///< "agent" (genius.core.Agent, through GENIUS's adapter) or "party".
};
/// Every such class in the jar, sorted (starts a JVM; several seconds for GENIUS's 400).
Result<std::vector<GeniusAgentClass>> ListGeniusAgents();

/// JVMs started and sessions served since start-up (for the figures in docs/genius-bridge.md).
struct GeniusPoolStats {
  int64_t started = 0;  ///< JVMs started.
  int64_t reused = 0;   ///< Sessions that ran in a JVM that had served one before.
  int64_t retired = 0;  ///< JVMs killed after a session because reuse was not safe.
};
GeniusPoolStats GeniusStats();

namespace agents {
/// Registers genius.
void RegisterGenius(Registry<Negotiator>& registry);
}  // namespace agents

}  // namespace parley
