// BOA components and the boa agent (GENIUS's BOA framework).
//
// Bidding: time-dependent (and its named forms). With an opponent model, the bid is the outcome
// the model says the opponents like best (their mean estimate) among those with own utility in
// [target, target + window] (GENIUS's "best bid" opponent-model strategy, made deterministic);
// without one, the outcome nearest above the target.
// Opponent model "frequency": per opponent, each issue's weight grows with how often the
// opponent kept its value from one offer to the next, and each value's utility is its frequency
// in the opponent's offers relative to the issue's most frequent value (the frequency models of
// GENIUS's HardHeaded family, without learning-rate tuning).
// Acceptance: AC_next (alpha * u(offer) + beta >= u(next bid)), AC_const (u(offer) >= c),
// AC_time (t >= T), combined with -or- / -and-. The agent never accepts an offer worth less than
// its reservation value or breaking its own constraints, whatever the condition says.

#include <limits>
#include <string>

#include "anac_components.h"
#include "builtin_agents.h"
#include "parley/agent/boa.h"
#include "parley/protocol/utility_index.h"

namespace parley {
namespace {

class TimeDependentBidding final : public BiddingStrategy {
 public:
  TimeDependentBidding(double e, double window) : e_(e), window_(window) {}
  void Start(const NegotiatorSetup& setup) override {
    setup_ = &setup;
    max_ = setup.index().best();
    min_ = std::min(max_, std::max(setup.index().worst(), setup.profile().reservation_value()));
  }
  double Target(double time) const override { return TimeDependentTarget(time, e_, min_, max_); }
  Outcome Bid(const BiddingContext& context) override {
    const UtilityIndex& index = setup_->index();
    const double target = Target(context.time);
    if (context.model) {
      Outcome best;
      double best_like = -1;
      for (auto& o : index.InRange(target, target + window_, 200)) {
        double like = 0;
        int n = 0;
        for (size_t p = 0; p < setup_->num_parties(); ++p) {
          if (p == setup_->self()) continue;
          like += context.model->Estimate(p, o);
          ++n;
        }
        like = n ? like / n : 0;
        if (like > best_like) best_like = like, best = std::move(o);
      }
      if (!best.empty()) return best;
    }
    if (auto o = index.AtLeast(target)) return *std::move(o);
    return agents::FallbackOutcome(*setup_);
  }

 private:
  double e_, window_;
  const NegotiatorSetup* setup_ = nullptr;
  double max_ = 1, min_ = 0;
};

class FrequencyModel final : public OpponentModel {
 public:
  void Start(const NegotiatorSetup& setup) override {
    const OutcomeSpace& space = setup.space();
    parties_.assign(setup.num_parties(), {});
    for (auto& p : parties_) {
      p.counts.resize(space.NumIssues());
      for (size_t i = 0; i < space.NumIssues(); ++i)
        p.counts[i].assign(space.issue(i).Cardinality(), 0);
      p.max_count.assign(space.NumIssues(), 0);
      p.unchanged.assign(space.NumIssues(), 0);
    }
  }
  void Update(size_t party, const Outcome& offer, double) override {
    if (party >= parties_.size()) return;
    PartyModel& m = parties_[party];
    for (size_t i = 0; i < offer.size() && i < m.counts.size(); ++i) {
      const uint32_t c = ++m.counts[i][offer[i]];
      m.max_count[i] = std::max(m.max_count[i], c);
      if (!m.last.empty() && m.last[i] == offer[i]) ++m.unchanged[i];
    }
    m.last = offer;
    ++m.offers;
  }
  double Estimate(size_t party, const Outcome& outcome) const override {
    if (party >= parties_.size()) return 0.5;
    const PartyModel& m = parties_[party];
    if (m.offers == 0) return 0.5;  // nothing known yet: indifferent
    double total_weight = 0, u = 0;
    for (size_t i = 0; i < outcome.size(); ++i) {
      const double w = 1.0 + m.unchanged[i];
      total_weight += w;
      u += w * m.counts[i][outcome[i]] / static_cast<double>(m.max_count[i]);
    }
    return total_weight > 0 ? u / total_weight : 0.5;
  }

 private:
  struct PartyModel {
    std::vector<std::vector<uint32_t>> counts;
    std::vector<uint32_t> max_count;
    std::vector<uint32_t> unchanged;
    Outcome last;
    int offers = 0;
  };
  std::vector<PartyModel> parties_;
};

class AcNext final : public AcceptanceCondition {
 public:
  AcNext(double alpha, double beta) : alpha_(alpha), beta_(beta) {}
  bool Accept(const AcceptanceInput& in) const override {
    return alpha_ * in.offer_utility + beta_ >= in.next_utility;
  }

 private:
  double alpha_, beta_;
};

class AcConst final : public AcceptanceCondition {
 public:
  explicit AcConst(double c) : c_(c) {}
  bool Accept(const AcceptanceInput& in) const override { return in.offer_utility >= c_; }

 private:
  double c_;
};

class AcTime final : public AcceptanceCondition {
 public:
  explicit AcTime(double t) : t_(t) {}
  bool Accept(const AcceptanceInput& in) const override { return in.time >= t_; }

 private:
  double t_;
};

class AcCombination final : public AcceptanceCondition {
 public:
  // Disjunction of conjunctions.
  explicit AcCombination(std::vector<std::vector<std::unique_ptr<AcceptanceCondition>>> terms)
      : terms_(std::move(terms)) {}
  bool Accept(const AcceptanceInput& in) const override {
    for (const auto& term : terms_) {
      bool all = true;
      for (const auto& c : term) all = all && c->Accept(in);
      if (all) return true;
    }
    return false;
  }

 private:
  std::vector<std::vector<std::unique_ptr<AcceptanceCondition>>> terms_;
};

template <typename Base, typename T, typename... Args>
Result<std::unique_ptr<Base>> MakeComponent(Args&&... args) {
  return std::unique_ptr<Base>(std::make_unique<T>(std::forward<Args>(args)...));
}

Result<std::unique_ptr<BiddingStrategy>> MakeTimeDependentBidding(SpecParams& params, double e) {
  PARLEY_ASSIGN_OR_RETURN(double window, params.Double("window", 0.05, 0, 1));
  return MakeComponent<BiddingStrategy, TimeDependentBidding>(e, window);
}

std::vector<std::string_view> Split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text = text.substr(at + separator.size());
  }
}

class Boa final : public BasicNegotiator {
 public:
  Boa(std::unique_ptr<BiddingStrategy> bidding, std::unique_ptr<OpponentModel> model,
      std::unique_ptr<AcceptanceCondition> acceptance)
      : bidding_(std::move(bidding)),
        model_(std::move(model)),
        acceptance_(std::move(acceptance)) {}

 protected:
  void OnStart() override {
    bidding_->Start(setup());
    if (model_) model_->Start(setup());
  }
  void OnOffer(size_t party, const Outcome& offer, double time) override {
    if (model_) model_->Update(party, offer, time);
  }
  Outcome NextOffer(const Turn& turn) override {
    return bidding_->Bid({&setup(), turn.time, model_.get()});
  }
  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome* next) override {
    if (!Rational(offer)) return false;
    AcceptanceInput in;
    in.time = turn.time;
    in.offer_utility = Utility(offer);
    in.next_utility = next ? Utility(*next) : Utility(NextOffer(turn));
    in.target = bidding_->Target(turn.time);
    in.reservation = Reservation();
    return acceptance_->Accept(in);
  }

 private:
  std::unique_ptr<BiddingStrategy> bidding_;
  std::unique_ptr<OpponentModel> model_;
  std::unique_ptr<AcceptanceCondition> acceptance_;
};

}  // namespace

Registry<BiddingStrategy>& BiddingStrategies() {
  static Registry<BiddingStrategy>* registry = [] {
    auto* r = new Registry<BiddingStrategy>("bidding strategy");
    auto fixed = [&](std::string name, double e) {
      Status s = r->Register({std::move(name),
                              "time-dependent bidding with e = " + std::to_string(e).substr(0, 3),
                              {{"window", "0.05", "utility window above the target"}},
                              [e](SpecParams& p) { return MakeTimeDependentBidding(p, e); }});
      (void)s;
    };
    fixed("boulware", 0.2);
    fixed("linear", 1.0);
    fixed("conceder", 2.0);
    fixed("hardliner", 0.0);
    Status s = r->Register(
        {"time-dependent",
         "GENIUS time-dependent bidding: target = min + (max - min)(1 - t^(1/e))",
         {{"e", "1", "concession exponent"}, {"window", "0.05", "utility window above target"}},
         [](SpecParams& p) -> Result<std::unique_ptr<BiddingStrategy>> {
           PARLEY_ASSIGN_OR_RETURN(double e, p.Double("e", 1.0, 0.0, 1e6));
           return MakeTimeDependentBidding(p, e);
         }});
    (void)s;
    return r;
  }();
  return *registry;
}

Registry<OpponentModel>& OpponentModels() {
  static Registry<OpponentModel>* registry = [] {
    auto* r = new Registry<OpponentModel>("opponent model");
    Status s =
        r->Register({"frequency",
                     "frequency model: issue weights from unchanged values, value "
                     "utilities from frequencies",
                     {},
                     [](SpecParams&) { return MakeComponent<OpponentModel, FrequencyModel>(); }});
    (void)s;
    s = r->Register(
        {"hardheaded-frequency",
         "HardHeaded's frequency model (ANAC 2011): weights of issues the opponent keeps "
         "unchanged grow by learning-rate / issues, offered values count value-addition each",
         {{"learning-rate", "0.2", "issue-weight learning rate"},
          {"value-addition", "1", "added to an offered value's count"}},
         [](SpecParams& p) -> Result<std::unique_ptr<OpponentModel>> {
           PARLEY_ASSIGN_OR_RETURN(double rate, p.Double("learning-rate", 0.2, 0, 10));
           PARLEY_ASSIGN_OR_RETURN(double add, p.Double("value-addition", 1, 0, 100));
           return agents::MakeHardHeadedFrequencyModel(rate, add);
         }});
    (void)s;
    return r;
  }();
  return *registry;
}

Registry<AcceptanceCondition>& AcceptanceConditions() {
  static Registry<AcceptanceCondition>* registry = [] {
    auto* r = new Registry<AcceptanceCondition>("acceptance condition");
    Status s = r->Register(
        {"next",
         "AC_next: accept when alpha * u(offer) + beta >= u(my next bid)",
         {{"alpha", "1", "scale of the offer's utility"}, {"beta", "0", "added utility"}},
         [](SpecParams& p) -> Result<std::unique_ptr<AcceptanceCondition>> {
           PARLEY_ASSIGN_OR_RETURN(double alpha, p.Double("alpha", 1, 0, 100));
           PARLEY_ASSIGN_OR_RETURN(double beta, p.Double("beta", 0, -1, 1));
           return MakeComponent<AcceptanceCondition, AcNext>(alpha, beta);
         }});
    (void)s;
    s = r->Register({"const",
                     "AC_const: accept when u(offer) >= c",
                     {{"c", "0.9", "utility threshold"}},
                     [](SpecParams& p) -> Result<std::unique_ptr<AcceptanceCondition>> {
                       PARLEY_ASSIGN_OR_RETURN(double c, p.Double("c", 0.9, -1, 2));
                       return MakeComponent<AcceptanceCondition, AcConst>(c);
                     }});
    (void)s;
    s = r->Register({"time",
                     "AC_time: accept anything (rational) once t >= T",
                     {{"t", "0.99", "normalised time threshold"}},
                     [](SpecParams& p) -> Result<std::unique_ptr<AcceptanceCondition>> {
                       PARLEY_ASSIGN_OR_RETURN(double t, p.Double("t", 0.99, 0, 1));
                       return MakeComponent<AcceptanceCondition, AcTime>(t);
                     }});
    (void)s;
    return r;
  }();
  return *registry;
}

Result<std::unique_ptr<AcceptanceCondition>> MakeAcceptance(std::string_view expression,
                                                            SpecParams& params) {
  std::vector<std::vector<std::unique_ptr<AcceptanceCondition>>> terms;
  for (std::string_view term : Split(expression, "-or-")) {
    terms.emplace_back();
    for (std::string_view name : Split(term, "-and-")) {
      auto entry = AcceptanceConditions().Find(name);
      if (!entry) {
        return Error::BadInput("unknown acceptance condition '" + std::string(name) + "' in '" +
                               std::string(expression) +
                               "'; known: " + AcceptanceConditions().KnownNames() +
                               " (combine with -or- and -and-)");
      }
      PARLEY_ASSIGN_OR_RETURN(auto condition, entry->factory(params));
      terms.back().push_back(std::move(condition));
    }
  }
  if (terms.size() == 1 && terms[0].size() == 1) return std::move(terms[0][0]);
  return MakeComponent<AcceptanceCondition, AcCombination>(std::move(terms));
}

namespace agents {

void RegisterBoa(Registry<Negotiator>& registry) {
  Status s = registry.Register(
      {"boa",
       "BOA composition: bidding strategy + opponent model + acceptance condition, by name",
       {{"bidding", "boulware", "boulware, linear, conceder, hardliner, time-dependent"},
        {"model", "frequency", "frequency, hardheaded-frequency or none"},
        {"accept", "next", "next, const, time, combined with -or- / -and- (next-or-time)"},
        {"e", "1", "time-dependent bidding: concession exponent"},
        {"window", "0.05", "bidding: utility window above the target for the model's choice"},
        {"alpha", "1", "AC_next: scale"},
        {"beta", "0", "AC_next: offset"},
        {"c", "0.9", "AC_const: threshold"},
        {"t", "0.99", "AC_time: time threshold"},
        {"learning-rate", "0.2", "hardheaded-frequency model: issue-weight learning rate"},
        {"value-addition", "1", "hardheaded-frequency model: added to an offered value's count"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(std::string bidding_name, params.String("bidding", "boulware"));
         auto bidding_entry = BiddingStrategies().Find(bidding_name);
         if (!bidding_entry) {
           return Error::BadInput("unknown bidding strategy '" + bidding_name +
                                  "'; known: " + BiddingStrategies().KnownNames());
         }
         PARLEY_ASSIGN_OR_RETURN(auto bidding, bidding_entry->factory(params));
         PARLEY_ASSIGN_OR_RETURN(std::string model_name, params.String("model", "frequency"));
         std::unique_ptr<OpponentModel> model;
         if (model_name != "none") {
           auto model_entry = OpponentModels().Find(model_name);
           if (!model_entry) {
             return Error::BadInput("unknown opponent model '" + model_name + "'; known: none, " +
                                    OpponentModels().KnownNames());
           }
           PARLEY_ASSIGN_OR_RETURN(model, model_entry->factory(params));
         }
         PARLEY_ASSIGN_OR_RETURN(std::string accept, params.String("accept", "next"));
         PARLEY_ASSIGN_OR_RETURN(auto acceptance, MakeAcceptance(accept, params));
         return MakeAgent<Boa>(std::move(bidding), std::move(model), std::move(acceptance));
       }});
  (void)s;
}

}  // namespace agents
}  // namespace parley
