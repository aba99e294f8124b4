#pragma once

/// \file
/// What a tournament says, in a few numbers: agents ranked by mean advantage (utility minus
/// reservation value, NegMAS's default final score) with 95% confidence intervals, and the
/// agreement rate of each scenario. Every (session, position) an agent played is one sample, so
/// a self-play session counts twice for its agent, as in NegMAS. Deterministic: sums run in
/// schedule order.

#include <string>
#include <vector>

#include "parley/tournament/stats.h"
#include "parley/tournament/tournament.h"

namespace parley {

struct AgentSummary {
  std::string agent;
  MeanInterval advantage;  ///< Over every position the agent played.
  double utility = 0;      ///< Mean utility.
  double partner_welfare = 0;
  double agreement_rate = 0;  ///< Share of its plays that ended in agreement.
  size_t failures = 0;        ///< Sessions whose failure is recorded against it.
};

struct ScenarioSummary {
  std::string scenario;
  ProportionInterval agreements;  ///< Sessions with agreement, with a Wilson 95% interval.
  double welfare = 0;             ///< Mean welfare (sum of utilities).
  /// Mean distance to the Pareto frontier over the sessions that have one (-1: none has).
  double pareto_distance = -1;
  size_t failures = 0;
};

struct Summary {
  std::vector<AgentSummary> agents;        ///< Ranked: mean advantage descending, then name.
  std::vector<ScenarioSummary> scenarios;  ///< In the tournament's scenario order.
  size_t sessions = 0;
  size_t agreements = 0;
  size_t failures = 0;
};

Summary Summarize(const TournamentResults& results);

/// Every sample of one agent's advantage, in schedule order (for plots).
std::vector<std::vector<double>> AdvantageSamples(const TournamentResults& results);

}  // namespace parley
