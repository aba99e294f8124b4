// hardheaded: HardHeaded (Thijs van Krimpen, Daphne Looije, Siamak Hajizadeh; winner of ANAC
// 2011), re-implemented from its published description and checked against GENIUS's
// agents.anac.y2011.HardHeaded.KLH with refrun traces (tests/anac, docs/agents.md).
//
// - Bids: every outcome sorted by own utility, best first (ties: the later outcome in GENIUS's
//   enumeration order first). It opens with the best and walks down the list.
// - Concession limit p(t) = pmin + (1 - F(t)) (pmax - pmin), F(t) = ka + (1 - ka) t^(1/e), with
//   ka = e = 0.05 (very Boulware) and pmin = 0.585.
// - Each turn: when the outcome just below its last bid is still worth at least p(t), it queues
//   the outcomes within `tolerance` of that one, those the opponent model rates best first (at
//   most `top`), and offers them in turn; otherwise it re-offers the earlier bid the model rates
//   best (so a re-offer sends the walk back up).
// - Opponent model: HardHeaded's frequency model (anac_components.h).
// - Acceptance: the opponent's offer is worth at least its own next bid.
// Known differences from GENIUS (docs/agents.md): GENIUS's KLH re-offers at random (its choice
// changes with the seed; this one is deterministic), holds some near-best bids back longer, and
// concedes differently under discounting.

#include <algorithm>
#include <cmath>
#include <deque>

#include "anac_agents.h"
#include "anac_components.h"
#include "builtin_agents.h"

namespace parley::agents {
namespace {

struct HardHeadedParams {
  double min_utility = 0.585;
  double ka = 0.05;
  double e = 0.05;
  double tolerance = 0.01;
  int top = 4;
  double learning_rate = 0.2;
  double value_addition = 1;
};

class HardHeaded final : public BasicNegotiator {
 public:
  explicit HardHeaded(const HardHeadedParams& params)
      : params_(params),
        model_(MakeHardHeadedFrequencyModel(params.learning_rate, params.value_addition)) {}

 protected:
  void OnStart() override {
    model_->Start(setup());
    bids_ = SortedBids(setup());
    max_ = bids_.empty() ? 1.0 : bids_.front().utility;
    min_ = std::max(params_.min_utility, Reservation());
  }

  void OnOffer(size_t party, const Outcome& offer, double time) override {
    model_->Update(party, offer, time);
    opponent_ = party;
  }

  double Limit(double t) const {
    const double f = params_.ka + (1 - params_.ka) * std::pow(t, 1.0 / params_.e);
    return min_ + (1 - f) * (max_ - min_);
  }

  Outcome NextOffer(const Turn& turn) override {
    if (bids_.empty()) return FallbackOutcome(setup());
    size_t next = 0;
    if (started_) {
      if (queue_.empty()) Refill(turn.time);
      next = queue_.front();
      queue_.pop_front();
    }
    started_ = true;
    last_ = next;
    if (std::find(offered_.begin(), offered_.end(), next) == offered_.end())
      offered_.push_back(next);
    return bids_[next].outcome;
  }

  bool Accepts(const Outcome& offer, const Turn&, const Outcome* next) override {
    if (!Rational(offer) || bids_.empty()) return false;
    // Votes (AMOP, single text) have no next bid: its last bid stands for it.
    const double bar = next ? Utility(*next) : bids_[started_ ? last_ : 0].utility;
    return Utility(offer) >= bar;
  }

 private:
  double Like(size_t rank) const { return model_->Estimate(opponent_, bids_[rank].outcome); }

  // Ranks by the opponent model, best first; ties keep the given order.
  void ByModel(std::vector<size_t>& ranks) const {
    std::stable_sort(ranks.begin(), ranks.end(),
                     [&](size_t a, size_t b) { return Like(a) > Like(b); });
  }

  // The walk goes on from the last bid offered (a re-offered earlier bid sends it back up).
  void Refill(double t) {
    const double p = Limit(t);
    const size_t candidate = last_ + 1;
    if (candidate < bids_.size() && bids_[candidate].utility >= p) {
      std::vector<size_t> window;
      for (size_t r = candidate;
           r < bids_.size() && bids_[r].utility >= bids_[candidate].utility - params_.tolerance;
           ++r)
        window.push_back(r);
      ByModel(window);
      if (window.size() > static_cast<size_t>(params_.top)) window.resize(params_.top);
      queue_.insert(queue_.end(), window.begin(), window.end());
      return;
    }
    // No concession allowed: the earlier bid the opponent model rates best.
    std::vector<size_t> earlier = offered_;
    std::sort(earlier.begin(), earlier.end());
    ByModel(earlier);
    queue_.push_back(earlier.front());
  }

  HardHeadedParams params_;
  std::unique_ptr<OpponentModel> model_;
  std::vector<RankedBid> bids_;
  double max_ = 1, min_ = 0.585;
  bool started_ = false;
  size_t last_ = 0;
  size_t opponent_ = 0;
  std::deque<size_t> queue_;
  std::vector<size_t> offered_;
};

}  // namespace

void RegisterHardHeaded(Registry<Negotiator>& registry) {
  RegistryEntry<Negotiator> entry;
  entry.name = "hardheaded";
  entry.description =
      "HardHeaded (ANAC 2011 winner): very Boulware concession limit, walks down its own "
      "bids, frequency opponent model picks among near-equal bids; accepts an offer worth its "
      "next bid; follows GENIUS's agents.anac.y2011.HardHeaded.KLH approximately (docs/agents.md)";
  // No genius_class: that field claims move-for-move equality, which hardheaded does not have
  // yet (docs/agents.md); the GENIUS class it follows is named in the description.
  entry.parameters = {
      {"min", "0.585", "lowest concession limit (raised to the reservation value)"},
      {"ka", "0.05", "initial concession of the limit"},
      {"e", "0.05", "concession exponent"},
      {"tolerance", "0.01", "utility window of bids queued together"},
      {"top", "4", "how many bids the opponent model may choose among"},
      {"learning-rate", "0.2", "frequency model: issue-weight learning rate"},
      {"value-addition", "1", "frequency model: added to an offered value's count"},
  };
  entry.factory = [](SpecParams& p) -> Result<std::unique_ptr<Negotiator>> {
    HardHeadedParams h;
    PARLEY_ASSIGN_OR_RETURN(h.min_utility, p.Double("min", h.min_utility, 0, 1));
    PARLEY_ASSIGN_OR_RETURN(h.ka, p.Double("ka", h.ka, 0, 1));
    PARLEY_ASSIGN_OR_RETURN(h.e, p.Double("e", h.e, 1e-3, 100));
    PARLEY_ASSIGN_OR_RETURN(h.tolerance, p.Double("tolerance", h.tolerance, 0, 1));
    PARLEY_ASSIGN_OR_RETURN(int64_t top, p.Int("top", h.top, 1, 1000));
    h.top = static_cast<int>(top);
    PARLEY_ASSIGN_OR_RETURN(h.learning_rate, p.Double("learning-rate", h.learning_rate, 0, 10));
    PARLEY_ASSIGN_OR_RETURN(h.value_addition, p.Double("value-addition", h.value_addition, 0, 100));
    return MakeAgent<HardHeaded>(h);
  };
  Status s = registry.Register(std::move(entry));
  (void)s;
}

}  // namespace parley::agents
