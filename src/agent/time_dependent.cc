// Time-dependent concession (GENIUS TimeDependentAgent / GeniusWeb TimeDependentParty):
// target(t) = min + (max - min) * (1 - t^(1/e)), with max the best utility the party can get
// and min the larger of its reservation value and the worst outcome. It offers the outcome
// nearest above the target (the utility index's AtLeast) and accepts an offer worth at least
// the target now. e = 0.2 Boulware, 1 linear, 2 Conceder, 0 hard-liner (never concedes).

#include <algorithm>

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
    if (auto o = index().AtLeast(Target(turn.time))) return *std::move(o);
    return FallbackOutcome(setup());
  }
  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome*) override {
    return Rational(offer) && Utility(offer) >= Target(turn.time);
  }

 private:
  double e_;
  double max_ = 1, min_ = 0;
};

Result<std::unique_ptr<Negotiator>> Make(double e) { return MakeAgent<TimeDependent>(e); }

}  // namespace

void RegisterTimeDependent(Registry<Negotiator>& registry) {
  auto fixed = [&](std::string name, double e, std::string description) {
    Status s = registry.Register(
        {std::move(name), std::move(description), {}, [e](SpecParams&) { return Make(e); }});
    (void)s;
  };
  fixed("boulware", 0.2, "time-dependent concession with e = 0.2: holds out, concedes late");
  fixed("linear", 1.0, "time-dependent concession with e = 1: concedes linearly in time");
  fixed("conceder", 2.0, "time-dependent concession with e = 2: concedes early");
  fixed("hardliner", 0.0, "never concedes: offers its best outcome, accepts only that utility");
  Status s = registry.Register(
      {"time-dependent",
       "GENIUS time-dependent concession: target = min + (max - min)(1 - t^(1/e)); offers the "
       "outcome nearest above the target, accepts offers worth at least the target",
       {{"e", "1", "concession exponent >= 0: < 1 Boulware, 1 linear, > 1 Conceder, 0 never"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(double e, params.Double("e", 1.0, 0.0, 1e6));
         return Make(e);
       }});
  (void)s;
}

}  // namespace parley::agents
