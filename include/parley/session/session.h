#pragma once

/// \file
/// One negotiation, end to end: a prepared scenario + a protocol + agents, all by name, -> the
/// trace and the metrics the field reports.
///
/// Basic API:
///
///     PreparedScenario prepared(std::move(scenario));
///     SessionConfig config{.protocol = "sao", .agents = {"boulware", "conceder"}};
///     Result<SessionResult> result = RunSession(prepared, config);
///
/// Tournaments (Advanced API): prepare each scenario once, compute its `ReferencePoints` once,
/// and pass both to every session, on any number of threads: `RunSession` only reads them. A
/// session's randomness comes from `SessionConfig::seed` alone, so results do not depend on the
/// thread that runs it.
///
/// Metrics follow GENIUS: on disagreement each party gets its reservation value (or 0 when
/// `reservation_on_disagreement` is false, as GENIUS did historically); `discounted` applies
/// u * d^t at the time of agreement (or of the end). Welfare and the distances to the Pareto
/// frontier and to the Nash point are computed on undiscounted utilities, the frame of the
/// frontier itself.

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/analysis/analysis.h"
#include "parley/core/result.h"
#include "parley/protocol/prepared_scenario.h"
#include "parley/protocol/protocol.h"
#include "parley/protocol/trace.h"

namespace parley {

/// What a session needs from analysis, computed once per scenario and shared.
struct ReferencePoints {
  std::optional<ParetoFrontier> frontier;  ///< nullopt when the analysis was not possible.
  std::optional<UtilityPoint> nash;
  std::vector<double> reservations;
  std::string note;  ///< Why the frontier is missing or approximate; empty otherwise.
};

/// Computes the frontier and the Nash point, or explains in `note` why it could not (space too
/// large for an exact answer within the limits). Never fails.
ReferencePoints ComputeReferencePoints(const Scenario& scenario,
                                       const AnalysisOptions& options = {});

struct SessionConfig {
  std::string protocol = "sao";     ///< Protocol spec, "name:key=value,...".
  std::vector<std::string> agents;  ///< One spec per party, in the scenario's party order.
  Deadline deadline;
  uint64_t seed = 0;
  bool record_moves = true;
  size_t max_kept_moves = static_cast<size_t>(-1);  ///< RunOptions::max_kept_moves.
  double move_time_limit = 0;                       ///< Seconds per move; 0: none.
  bool reservation_on_disagreement = true;
  /// If set, holds the position of the party whose agent is in a call (Start, Act, Observe,
  /// Finish) and -1 between calls, so that a crash handler can name the agent (parley negotiate).
  /// Must outlive the call to RunSession.
  std::atomic<int>* in_call = nullptr;
};

/// The numbers of one session. Per-party vectors are in party order.
struct SessionMetrics {
  bool agreement = false;
  std::vector<double> utilities;   ///< Undiscounted; reservation values (or 0) on disagreement.
  std::vector<double> discounted;  ///< GENIUS score: utilities * d^t.
  std::vector<double> reservations;
  std::vector<double> advantages;         ///< utility - reservation value.
  double welfare = 0;                     ///< Sum of utilities.
  std::optional<double> pareto_distance;  ///< nullopt when no frontier is available.
  std::optional<double> nash_distance;    ///< nullopt when no Nash point exists or is known.
  int rounds = 0;
  double time = 0;  ///< Normalised time at the end.
};

struct SessionResult {
  std::string scenario;              ///< Scenario name.
  std::string protocol;              ///< The protocol spec as given.
  std::vector<std::string> agents;   ///< Agent specs, party order.
  std::vector<std::string> parties;  ///< Party names.
  uint64_t seed = 0;
  Deadline deadline;
  NegotiationResult negotiation;
  SessionMetrics metrics;
  std::string reference_note;  ///< ReferencePoints::note.
};

/// Runs one session. Errors: unknown or malformed protocol/agent specs (listing the known
/// names), a wrong number of agents, a protocol that cannot run the scenario. `reference` may be
/// null: it is then computed for this session (costly on large spaces: share it instead).
Result<SessionResult> RunSession(const PreparedScenario& scenario, const SessionConfig& config,
                                 const ReferencePoints* reference = nullptr);

/// The same with negotiators the caller made (agents written in Python, tests): `parties[i]`
/// plays party i and must stay valid for the call; `config.agents` only labels them in the
/// result (one label per party).
Result<SessionResult> RunSession(const PreparedScenario& scenario, const SessionConfig& config,
                                 std::span<Negotiator* const> parties,
                                 const ReferencePoints* reference = nullptr);

/// Metrics of a finished negotiation.
SessionMetrics ComputeMetrics(const PreparedScenario& scenario, const NegotiationResult& result,
                              const ReferencePoints& reference,
                              bool reservation_on_disagreement = true);

}  // namespace parley
