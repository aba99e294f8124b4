#include "parley/agent/agents.h"

#include <cmath>

#include "builtin_agents.h"
#include "package_agent.h"
#include "parley/agent/genius.h"
#include "parley/protocol/prepared_scenario.h"

namespace parley {

double TimeDependentTarget(double time, double e, double min, double max) {
  const double t = std::clamp(time, 0.0, 1.0);
  const double f = e == 0 ? 0.0 : std::pow(t, 1.0 / e);
  return std::clamp(min + (max - min) * (1.0 - f), std::min(min, max), max);
}

void BasicNegotiator::Start(const NegotiatorSetup& setup) {
  setup_ = &setup;
  OnStart();
}

bool BasicNegotiator::Rational(const Outcome& outcome) const {
  return setup_->profile().Acceptable(outcome) && Utility(outcome) >= Reservation();
}

bool BasicNegotiator::PrefersToReference(const Outcome& text, const Outcome* reference,
                                         const Turn& turn) {
  (void)turn;
  if (!setup_->profile().Acceptable(text)) return false;
  return reference == nullptr || Utility(text) >= Utility(*reference);
}

void BasicNegotiator::Observe(const Event& event) {
  if (event.party < 0 || event.action == nullptr) return;
  if (const auto* offer = std::get_if<Offer>(event.action))
    OnOffer(static_cast<size_t>(event.party), offer->outcome, event.time);
}

Action BasicNegotiator::Act(const Turn& turn) {
  switch (turn.kind) {
    case TurnKind::kPropose:
    case TurnKind::kPackage: {
      Outcome next = NextOffer(turn);
      if (turn.offer && turn.allowed.Contains(ActionKind::kAccept) &&
          Accepts(*turn.offer, turn, &next)) {
        return Accept{};
      }
      return Offer{std::move(next)};
    }
    case TurnKind::kOffer:
      return Offer{NextOffer(turn)};
    case TurnKind::kRespond:
      if (turn.offer && Accepts(*turn.offer, turn, nullptr)) return Accept{};
      return Reject{};
    case TurnKind::kRatify:
      if (turn.offer && Ratifies(*turn.offer, turn)) return Accept{};
      return Reject{};
    case TurnKind::kVote:
      if (turn.offer && PrefersToReference(*turn.offer, turn.reference, turn)) return Accept{};
      return Reject{};
  }
  return EndNegotiation{};
}

Registry<Negotiator>& Agents() {
  static Registry<Negotiator>* registry = [] {
    auto* r = new Registry<Negotiator>("agent");
    agents::RegisterTimeDependent(*r);
    agents::RegisterRandom(*r);
    agents::RegisterTitForTat(*r);
    agents::RegisterAspiration(*r);
    agents::RegisterBoa(*r);
    agents::RegisterPackageAgents(*r);
    agents::RegisterAnac(*r);
    agents::RegisterMisbehave(*r);
    agents::RegisterGenius(*r);
    return r;
  }();
  return *registry;
}

}  // namespace parley
