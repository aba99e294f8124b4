// Tit-for-tat agents.
//
// naive-tit-for-tat (NegMAS NaiveTitForTatNegotiator): no opponent model; it measures the
// opponent's concession in its own utility (the rise from the opponent's previous offer to its
// latest, assuming a zero-sum game) and concedes as much, times (1 + kindness), from the utility
// of its own last offer, offering the outcome just below that level. Its first offer is its best
// outcome; until it has seen two opposing offers it concedes the minimum (one utility step). It
// never offers below its reservation value (NegMAS can). It accepts an offer worth at least what
// it would offer next. Its level is that of the last offer it made (an offer it computed and then
// accepted instead of making does not count).
//
// nice-tit-for-tat (Baarslag's Nice Tit for Tat, as in GENIUS / NegoLog): cooperative start
// (its best outcome), then mirrors the opponent's concession relative to the Nash point it
// estimates with a frequency model: with f = (best received - first received) / (Nash - first
// received) in [0, 1], the target is max - f (max - Nash), eased further toward Nash as the
// deadline nears. Among outcomes just above the target it offers the one the model says the
// opponents like best; if an opponent already offered at least as much, it offers that back.
// It accepts an offer worth at least its next bid.

#include <cmath>
#include <limits>
#include <variant>

#include "builtin_agents.h"
#include "parley/agent/boa.h"

namespace parley::agents {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class NaiveTitForTat final : public BasicNegotiator {
 public:
  explicit NaiveTitForTat(double kindness) : kindness_(kindness) {}

 protected:
  void OnStart() override {
    floor_ = std::min(index().best(), std::max(index().worst(), Reservation()));
  }

  void OnOffer(size_t, const Outcome& offer, double) override {
    previous_ = latest_;
    latest_ = Utility(offer);
    ++received_;
  }

  // The level moves with the offers it makes, not with those it computes: BasicNegotiator asks
  // for the next offer before deciding to accept instead.
  Action Act(const Turn& turn) override {
    Action action = BasicNegotiator::Act(turn);
    if (const Offer* made = std::get_if<Offer>(&action)) proposed_ = Utility(made->outcome);
    return action;
  }

  Outcome NextOffer(const Turn&) override {
    if (!proposed_) return index().best_outcome();
    double level = *proposed_;
    if (received_ >= 2) {
      const double concession = std::max(0.0, latest_ - previous_);
      level -= concession * (1.0 + kindness_);
    }
    return JustBelow(level);
  }

  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome* next) override {
    if (!Rational(offer)) return false;
    if (next) return Utility(offer) >= Utility(*next);
    return Utility(offer) >= (proposed_ ? *proposed_ : index().best()) || turn.time >= 1.0;
  }

 private:
  // The outcome with the highest utility strictly below `level`, but never below the floor.
  Outcome JustBelow(double level) const {
    if (level > floor_) {
      if (auto o = index().AtMost(std::nextafter(level, -kInf))) {
        if (Utility(*o) >= floor_) return *std::move(o);
      }
    }
    if (auto o = index().AtLeast(floor_)) return *std::move(o);
    return FallbackOutcome(setup());
  }

  double kindness_;
  double floor_ = 0;
  std::optional<double> proposed_;
  double previous_ = 0, latest_ = 0;
  int received_ = 0;
};

class NiceTitForTat final : public BasicNegotiator {
 public:
 protected:
  void OnStart() override {
    max_ = index().best();
    min_ = std::min(max_, std::max(index().worst(), Reservation()));
    model_ = *OpponentModels().Make("frequency");
    model_->Start(setup());
    // Candidate outcomes for estimating the Nash point: one per 2% of the own utility range.
    for (int j = 0; j <= 50; ++j) {
      if (auto o = index().AtLeast(min_ + (max_ - min_) * j / 50.0)) candidates_.push_back(*o);
    }
  }

  void OnOffer(size_t party, const Outcome& offer, double time) override {
    model_->Update(party, offer, time);
    const double u = Utility(offer);
    if (!first_received_) first_received_ = u;
    if (!best_received_ || u > Utility(*best_received_)) best_received_ = offer;
    received_.push_back(offer);
    if (received_.size() > 64) received_.erase(received_.begin());
  }

  double OpponentsLike(const Outcome& o) const {
    double sum = 0;
    int n = 0;
    for (size_t p = 0; p < setup().num_parties(); ++p) {
      if (p == setup().self()) continue;
      sum += model_->Estimate(p, o);
      ++n;
    }
    return n ? sum / n : 0;
  }

  double EstimatedNash() const {
    double best_product = -1, nash = max_;
    auto consider = [&](const Outcome& o) {
      const double me = Utility(o);
      if (me < min_) return;
      double product = me - Reservation();
      for (size_t p = 0; p < setup().num_parties(); ++p)
        if (p != setup().self()) product *= model_->Estimate(p, o);
      if (product > best_product) best_product = product, nash = me;
    };
    for (const auto& o : candidates_) consider(o);
    for (const auto& o : received_) consider(o);
    // Nice, not a pushover: never aim below the middle of the own range.
    return std::clamp(nash, (min_ + max_) / 2, max_);
  }

  Outcome NextOffer(const Turn& turn) override {
    if (!best_received_) return index().best_outcome();
    const double nash = EstimatedNash();
    const double gap = nash - *first_received_;
    const double concession = Utility(*best_received_) - *first_received_;
    const double f = gap > 0 ? std::clamp(concession / gap, 0.0, 1.0) : 0.0;
    double target = max_ - f * (max_ - nash);
    // Near the deadline, ease toward the Nash point (Baarslag's time bonus).
    const double bonus = std::max(0.1, std::min(1.0, 20 * (turn.time - 0.91)));
    target -= bonus * std::max(0.0, target - nash);
    target = std::max(target, min_);
    Outcome bid;
    double best_like = -1;
    for (auto& o : index().InRange(target, target + 0.05, 100)) {
      const double like = OpponentsLike(o);
      if (like > best_like) best_like = like, bid = std::move(o);
    }
    if (bid.empty()) {
      auto o = index().AtLeast(target);
      bid = o ? *std::move(o) : FallbackOutcome(setup());
    }
    if (Utility(*best_received_) >= Utility(bid) && Rational(*best_received_))
      bid = *best_received_;
    return bid;
  }

  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome* next) override {
    if (!Rational(offer)) return false;
    if (next) return Utility(offer) >= Utility(*next);
    return Utility(offer) >= Utility(NextOffer(turn));
  }

 private:
  double max_ = 1, min_ = 0;
  std::unique_ptr<OpponentModel> model_;
  std::vector<Outcome> candidates_;
  std::vector<Outcome> received_;
  std::optional<double> first_received_;
  std::optional<Outcome> best_received_;
};

}  // namespace

void RegisterTitForTat(Registry<Negotiator>& registry) {
  Status s = registry.Register(
      {"naive-tit-for-tat",
       "NegMAS naive tit-for-tat: concedes, from its last offer, as much as the opponent's last "
       "offer improved on the previous one in its own utility (times 1 + kindness)",
       {{"kindness", "0", "extra concession factor: > 0 kinder, < 0 tougher"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(double kindness, params.Double("kindness", 0, -1, 10));
         return MakeAgent<NaiveTitForTat>(kindness);
       }});
  (void)s;
  s = registry.Register(
      {"nice-tit-for-tat",
       "Baarslag's Nice Tit for Tat: starts cooperatively, mirrors the opponent's concession "
       "toward the Nash point it estimates with a frequency model",
       {},
       [](SpecParams&) { return MakeAgent<NiceTitForTat>(); }});
  (void)s;
}

}  // namespace parley::agents
