#include "parley/tournament/summary.h"

#include <algorithm>
#include <numeric>

namespace parley {

std::vector<std::vector<double>> AdvantageSamples(const TournamentResults& results) {
  std::vector<std::vector<double>> samples(results.agents.size());
  for (const SessionRecord& s : results.sessions)
    for (const PartyResult& p : s.parties)
      if (p.agent < samples.size()) samples[p.agent].push_back(p.advantage);
  return samples;
}

Summary Summarize(const TournamentResults& results) {
  Summary out;
  const size_t agents = results.agents.size();
  std::vector<double> utility(agents, 0), partner(agents, 0);
  std::vector<size_t> plays(agents, 0), agreed(agents, 0), failures(agents, 0);
  const size_t scenarios = results.scenarios.size();
  std::vector<size_t> sessions(scenarios, 0), agreements(scenarios, 0), failed(scenarios, 0),
      with_distance(scenarios, 0);
  std::vector<double> welfare(scenarios, 0), distance(scenarios, 0);

  for (const SessionRecord& s : results.sessions) {
    ++out.sessions;
    out.agreements += s.agreement;
    out.failures += !s.failure_kind.empty();
    if (s.scenario < scenarios) {
      ++sessions[s.scenario];
      agreements[s.scenario] += s.agreement;
      failed[s.scenario] += !s.failure_kind.empty();
      welfare[s.scenario] += s.welfare;
      if (s.pareto_distance) {
        ++with_distance[s.scenario];
        distance[s.scenario] += *s.pareto_distance;
      }
    }
    for (const PartyResult& p : s.parties) {
      if (p.agent >= agents) continue;
      ++plays[p.agent];
      utility[p.agent] += p.utility;
      partner[p.agent] += p.partner_welfare;
      agreed[p.agent] += s.agreement;
      failures[p.agent] += p.failed;
    }
  }

  const std::vector<std::vector<double>> samples = AdvantageSamples(results);
  for (size_t a = 0; a < agents; ++a) {
    AgentSummary x;
    x.agent = results.agents[a];
    x.advantage = MeanConfidence(samples[a]);
    const double n = plays[a] > 0 ? static_cast<double>(plays[a]) : 1;
    x.utility = utility[a] / n;
    x.partner_welfare = partner[a] / n;
    x.agreement_rate = static_cast<double>(agreed[a]) / n;
    x.failures = failures[a];
    out.agents.push_back(std::move(x));
  }
  std::stable_sort(out.agents.begin(), out.agents.end(),
                   [](const AgentSummary& a, const AgentSummary& b) {
                     if (a.advantage.mean != b.advantage.mean)
                       return a.advantage.mean > b.advantage.mean;
                     return a.agent < b.agent;
                   });

  for (size_t i = 0; i < scenarios; ++i) {
    ScenarioSummary x;
    x.scenario = results.scenarios[i].name;
    x.agreements = WilsonInterval(agreements[i], sessions[i]);
    x.welfare = sessions[i] > 0 ? welfare[i] / static_cast<double>(sessions[i]) : 0;
    if (with_distance[i] > 0)
      x.pareto_distance = distance[i] / static_cast<double>(with_distance[i]);
    x.failures = failed[i];
    out.scenarios.push_back(std::move(x));
  }
  return out;
}

}  // namespace parley
