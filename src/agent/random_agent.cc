// random: offers a uniformly random outcome among those worth at least its reservation value,
// accepts a rational offer with probability p_accept, and walks away with probability p_end
// on each of its turns (NegMAS's RandomNegotiator, made rational).

#include <limits>

#include "builtin_agents.h"
#include "parley/core/random.h"

namespace parley::agents {
namespace {

class RandomAgent final : public BasicNegotiator {
 public:
  RandomAgent(double p_accept, double p_end) : p_accept_(p_accept), p_end_(p_end), rng_(0) {}

  Action Act(const Turn& turn) override {
    if (p_end_ > 0 && turn.allowed.Contains(ActionKind::kEnd) && rng_.Bernoulli(p_end_))
      return EndNegotiation{};
    return BasicNegotiator::Act(turn);
  }

 protected:
  void OnStart() override { rng_ = Rng(setup().seed()); }
  Outcome NextOffer(const Turn&) override {
    const double inf = std::numeric_limits<double>::infinity();
    if (auto o = index().RandomInRange(Reservation(), inf, rng_)) return *std::move(o);
    if (auto o = index().RandomInRange(-inf, inf, rng_)) return *std::move(o);
    return FallbackOutcome(setup());
  }
  bool Accepts(const Outcome& offer, const Turn&, const Outcome*) override {
    return Rational(offer) && rng_.Bernoulli(p_accept_);
  }

 private:
  double p_accept_, p_end_;
  Rng rng_;
};

}  // namespace

void RegisterRandom(Registry<Negotiator>& registry) {
  Status s = registry.Register(
      {"random",
       "offers random outcomes worth at least its reservation value; accepts a rational offer "
       "with probability p_accept; walks away with probability p_end per turn",
       {{"p_accept", "0.15", "probability of accepting a rational offer"},
        {"p_end", "0", "probability of walking away on a turn"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(double p_accept, params.Double("p_accept", 0.15, 0, 1));
         PARLEY_ASSIGN_OR_RETURN(double p_end, params.Double("p_end", 0, 0, 1));
         return MakeAgent<RandomAgent>(p_accept, p_end);
       }});
  (void)s;
}

}  // namespace parley::agents
