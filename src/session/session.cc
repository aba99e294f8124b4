#include "parley/session/session.h"

#include <memory>

#include "parley/agent/agents.h"

namespace parley {
namespace {

/// Tells SessionConfig::in_call which party is in a call.
class InCallNegotiator final : public Negotiator {
 public:
  InCallNegotiator(std::unique_ptr<Negotiator> inner, int position, std::atomic<int>& in_call)
      : inner_(std::move(inner)), position_(position), in_call_(in_call) {}
  void Start(const NegotiatorSetup& setup) override {
    const Scope scope(*this);
    inner_->Start(setup);
  }
  Action Act(const Turn& turn) override {
    const Scope scope(*this);
    return inner_->Act(turn);
  }
  void Observe(const Event& event) override {
    const Scope scope(*this);
    inner_->Observe(event);
  }
  void Finish(const Ending& ending) override {
    const Scope scope(*this);
    inner_->Finish(ending);
  }

 private:
  struct Scope {
    explicit Scope(InCallNegotiator& n) : n(n) { n.in_call_.store(n.position_); }
    ~Scope() { n.in_call_.store(-1); }
    InCallNegotiator& n;
  };
  std::unique_ptr<Negotiator> inner_;
  int position_;
  std::atomic<int>& in_call_;
};

Error WrongAgentCount(const Scenario& s, size_t agents) {
  return Error::BadInput("scenario '" + s.name + "' has " + std::to_string(s.NumParties()) +
                             " parties but " + std::to_string(agents) + " agents were given",
                         {}, 0, "agents");
}

}  // namespace

ReferencePoints ComputeReferencePoints(const Scenario& scenario, const AnalysisOptions& options) {
  ReferencePoints reference;
  for (const Party& party : scenario.parties)
    reference.reservations.push_back(party.profile.reservation_value);
  Result<ParetoFrontier> frontier = ComputeParetoFrontier(scenario, options);
  if (!frontier) {
    reference.note = "no Pareto frontier: " + frontier.error().message;
    return reference;
  }
  if (!frontier->exact) {
    reference.note = "the Pareto frontier is approximate (" + frontier->method + ")";
  }
  reference.nash = NashPoint(*frontier, reference.reservations);
  reference.frontier = std::move(*frontier);
  return reference;
}

SessionMetrics ComputeMetrics(const PreparedScenario& scenario, const NegotiationResult& result,
                              const ReferencePoints& reference, bool reservation_on_disagreement) {
  SessionMetrics m;
  const size_t n = scenario.NumParties();
  m.agreement = result.agreement.has_value();
  m.rounds = result.rounds;
  m.time = result.time;
  for (size_t i = 0; i < n; ++i) m.reservations.push_back(scenario.profile(i).reservation_value());
  if (result.agreement) {
    m.utilities = scenario.Utilities(*result.agreement);
  } else {
    m.utilities = reservation_on_disagreement ? m.reservations : std::vector<double>(n, 0.0);
  }
  for (size_t i = 0; i < n; ++i) {
    m.discounted.push_back(
        Discounted(m.utilities[i], scenario.profile(i).discount_factor(), result.time));
    m.advantages.push_back(m.utilities[i] - m.reservations[i]);
    m.welfare += m.utilities[i];
  }
  if (reference.frontier && !reference.frontier->points.empty())
    m.pareto_distance = DistanceToPareto(m.utilities, *reference.frontier);
  if (reference.nash) m.nash_distance = Distance(m.utilities, reference.nash->utilities);
  return m;
}

Result<SessionResult> RunSession(const PreparedScenario& scenario, const SessionConfig& config,
                                 const ReferencePoints* reference) {
  const Scenario& s = scenario.scenario();
  // Check the protocol before making agents, so that its error comes first.
  PARLEY_RETURN_IF_ERROR(Protocols().Make(config.protocol));
  if (config.agents.size() != s.NumParties()) return WrongAgentCount(s, config.agents.size());
  std::vector<std::unique_ptr<Negotiator>> agents;
  std::vector<Negotiator*> parties;
  for (const std::string& spec : config.agents) {
    PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Negotiator> agent, Agents().Make(spec));
    if (config.in_call) {
      agent = std::make_unique<InCallNegotiator>(std::move(agent), static_cast<int>(parties.size()),
                                                 *config.in_call);
    }
    parties.push_back(agent.get());
    agents.push_back(std::move(agent));
  }
  return RunSession(scenario, config, parties, reference);
}

Result<SessionResult> RunSession(const PreparedScenario& scenario, const SessionConfig& config,
                                 std::span<Negotiator* const> parties,
                                 const ReferencePoints* reference) {
  const Scenario& s = scenario.scenario();
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<Protocol> protocol, Protocols().Make(config.protocol));
  if (parties.size() != s.NumParties()) return WrongAgentCount(s, parties.size());
  if (config.agents.size() != parties.size())
    return Error::BadInput("one label per agent is needed", {}, 0, "agents");
  RunOptions options;
  options.deadline = config.deadline;
  options.seed = config.seed;
  options.record_moves = config.record_moves;
  options.max_kept_moves = config.max_kept_moves;
  options.move_time_limit = config.move_time_limit;
  PARLEY_ASSIGN_OR_RETURN(NegotiationResult negotiation,
                          RunNegotiation(scenario, *protocol, parties, options));

  std::optional<ReferencePoints> local;
  if (!reference) {
    local = ComputeReferencePoints(s);
    reference = &*local;
  }
  SessionResult result;
  result.scenario = s.name;
  result.protocol = config.protocol;
  result.agents = config.agents;
  for (const Party& party : s.parties) result.parties.push_back(party.name);
  result.seed = config.seed;
  result.deadline = config.deadline;
  result.metrics =
      ComputeMetrics(scenario, negotiation, *reference, config.reservation_on_disagreement);
  result.negotiation = std::move(negotiation);
  result.reference_note = reference->note;
  return result;
}

}  // namespace parley
