// Time-dependent concession, as GENIUS's TimeDependentAgent (agents.TimeDependentAgentBoulware,
// ...Conceder) plays it: target(t) = min + (max - min) * (1 - t^(1/e)), with max the best
// utility the party can get and min the larger of its reservation value and the worst outcome.
// It offers the outcome whose utility is nearest the target, above or below, chosen among equal
// utilities as GENIUS's SortedOutcomeSpace "bid near utility" chooses (GeniusNearest), and accepts
// an offer worth at least the bid it would make instead (AC_next). e = 0.2 Boulware, 1 linear, 2
// Conceder, 0 hard-liner (never concedes). Checked move by move against GENIUS 10.4
// (tests/data/genius-traces, docs/negotiation.md).

#include <algorithm>
#include <cmath>

#include "builtin_agents.h"

namespace parley::agents {
namespace {

class TimeDependent final : public BasicNegotiator {
 public:
  explicit TimeDependent(double e) : e_(e) {}

 protected:
  void OnStart() override {
    max_ = index().best();
    min_ = std::min(max_, std::max(index().worst(), Reservation()));
  }
  double Target(double time) const { return TimeDependentTarget(time, e_, min_, max_); }
  Outcome NextOffer(const Turn& turn) override {
    if (auto o = index().GeniusNearest(Target(turn.time))) return *std::move(o);
    return FallbackOutcome(setup());
  }
  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome* next) override {
    // GENIUS's agent has no reservation check of its own: its bids never go below min, and
    // AC_next only accepts what is worth at least its next bid. Own hard constraints (parley's,
    // unknown to GENIUS) still rule.
    if (!setup().profile().Acceptable(offer)) return false;
    const Outcome own = next ? *next : NextOffer(turn);
    // GENIUS's old agents compare discounted utilities (getUtility); the same factor on both
    // sides, applied as GENIUS does so that rounding cannot split a tie differently.
    const double d = setup().profile().discount_factor();
    return Discounted(Utility(offer), d, turn.time) >= Discounted(Utility(own), d, turn.time);
  }

 private:
  double e_;
  double max_ = 1, min_ = 0;
};

Result<std::unique_ptr<Negotiator>> Make(double e) { return MakeAgent<TimeDependent>(e); }

}  // namespace

void RegisterTimeDependent(Registry<Negotiator>& registry) {
  auto fixed = [&](std::string name, double e, std::string description, std::string genius) {
    RegistryEntry<Negotiator> entry{
        std::move(name), std::move(description), {}, [e](SpecParams&) { return Make(e); }};
    entry.genius_class = std::move(genius);
    Status s = registry.Register(std::move(entry));
    (void)s;
  };
  fixed("boulware", 0.2,
        "GENIUS's TimeDependentAgentBoulware: time-dependent concession with e = 0.2 (holds out, "
        "concedes late); nearest bid to the target, AC_next",
        "agents.TimeDependentAgentBoulware");
  fixed("linear", 1.0,
        "GENIUS's TimeDependentAgent with e = 1 (GENIUS has no class for it): concedes linearly "
        "in time; nearest bid to the target, AC_next",
        "");
  fixed("conceder", 2.0,
        "GENIUS's TimeDependentAgentConceder: time-dependent concession with e = 2 (concedes "
        "early); nearest bid to the target, AC_next",
        "agents.TimeDependentAgentConceder");
  fixed("hardliner", 0.0,
        "never concedes: offers its best outcome, accepts only that utility (GENIUS's "
        "TimeDependentAgent with e = 0)",
        "");
  Status s = registry.Register(
      {"time-dependent",
       "GENIUS's TimeDependentAgent: target = min + (max - min)(1 - t^(1/e)); offers the "
       "outcome nearest the target, accepts offers worth at least its next bid (AC_next)",
       {{"e", "1", "concession exponent >= 0: < 1 Boulware, 1 linear, > 1 Conceder, 0 never"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(double e, params.Double("e", 1.0, 0.0, 1e6));
         return Make(e);
       }});
  (void)s;
}

}  // namespace parley::agents
