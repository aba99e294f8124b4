// aspiration (NegMAS AspirationNegotiator): aspiration a(t) = 1 - t^exponent, scaled to the
// party's range: level = min + (max - min) * a(t), min = max(reservation, worst). Offers the
// outcome nearest above the level, accepts offers worth at least the level. NegMAS's named
// curves: boulware exponent 4, linear 1, conceder 0.25 (note: the exponent is applied to t, not
// to 1/e as in GENIUS's time-dependent agents).

#include <cmath>

#include "builtin_agents.h"

namespace parley::agents {
namespace {

class Aspiration final : public BasicNegotiator {
 public:
  explicit Aspiration(double exponent) : exponent_(exponent) {}

 protected:
  void OnStart() override {
    max_ = index().best();
    min_ = std::min(max_, std::max(index().worst(), Reservation()));
  }
  double Level(double time) const {
    const double a = 1.0 - std::pow(std::clamp(time, 0.0, 1.0), exponent_);
    return min_ + (max_ - min_) * a;
  }
  Outcome NextOffer(const Turn& turn) override {
    if (auto o = index().AtLeast(Level(turn.time))) return *std::move(o);
    return FallbackOutcome(setup());
  }
  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome*) override {
    return Rational(offer) && Utility(offer) >= Level(turn.time);
  }

 private:
  double exponent_;
  double max_ = 1, min_ = 0;
};

}  // namespace

void RegisterAspiration(Registry<Negotiator>& registry) {
  Status s = registry.Register(
      {"aspiration",
       "NegMAS aspiration: level = min + (max - min)(1 - t^exponent); offers the outcome nearest "
       "above the level, accepts offers worth at least the level",
       {{"type", "boulware", "named curve: boulware (exponent 4), linear (1), conceder (0.25)"},
        {"exponent", "", "the curve's exponent > 0; overrides type"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(std::string type, params.String("type", "boulware"));
         double exponent = 0;
         if (type == "boulware") {
           exponent = 4;
         } else if (type == "linear") {
           exponent = 1;
         } else if (type == "conceder") {
           exponent = 0.25;
         } else {
           return Error::BadInput("parameter 'type' of 'aspiration' is '" + type +
                                  "': expected boulware, linear or conceder");
         }
         PARLEY_ASSIGN_OR_RETURN(exponent, params.Double("exponent", exponent, 1e-6, 1e6));
         return MakeAgent<Aspiration>(exponent);
       }});
  (void)s;
}

}  // namespace parley::agents
