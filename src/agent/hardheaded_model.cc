// HardHeaded's frequency opponent model (see anac_components.h).

#include <algorithm>
#include <vector>

#include "anac_components.h"

namespace parley::agents {
namespace {

class HardHeadedFrequencyModel final : public OpponentModel {
 public:
  HardHeadedFrequencyModel(double learning_rate, double value_addition)
      : learning_rate_(learning_rate), value_addition_(value_addition) {}

  void Start(const NegotiatorSetup& setup) override {
    const OutcomeSpace& space = setup.space();
    parties_.assign(setup.num_parties(), {});
    for (auto& p : parties_) {
      p.weights.assign(space.NumIssues(), 1.0 / static_cast<double>(space.NumIssues()));
      p.values.resize(space.NumIssues());
      p.max_value.assign(space.NumIssues(), 1.0);
      for (size_t i = 0; i < space.NumIssues(); ++i)
        p.values[i].assign(space.issue(i).Cardinality(), 1.0);
    }
  }

  void Update(size_t party, const Outcome& offer, double) override {
    if (party >= parties_.size()) return;
    PartyModel& m = parties_[party];
    const size_t n = m.weights.size();
    if (offer.size() != n) return;
    if (!m.last.empty()) {
      // Issues the opponent kept unchanged matter more to it.
      const double gain = learning_rate_ / static_cast<double>(n);
      size_t unchanged = 0;
      for (size_t i = 0; i < n; ++i) unchanged += m.last[i] == offer[i];
      const double total = 1.0 + gain * static_cast<double>(unchanged);
      for (size_t i = 0; i < n; ++i)
        m.weights[i] = (m.weights[i] + (m.last[i] == offer[i] ? gain : 0.0)) / total;
    }
    for (size_t i = 0; i < n; ++i) {
      double& v = m.values[i][offer[i]];
      v += value_addition_;
      m.max_value[i] = std::max(m.max_value[i], v);
    }
    m.last = offer;
  }

  double Estimate(size_t party, const Outcome& outcome) const override {
    if (party >= parties_.size()) return 0.5;
    const PartyModel& m = parties_[party];
    double u = 0;
    for (size_t i = 0; i < outcome.size() && i < m.weights.size(); ++i)
      u += m.weights[i] * m.values[i][outcome[i]] / m.max_value[i];
    return u;
  }

 private:
  struct PartyModel {
    std::vector<double> weights;
    std::vector<std::vector<double>> values;
    std::vector<double> max_value;
    Outcome last;
  };
  double learning_rate_, value_addition_;
  std::vector<PartyModel> parties_;
};

}  // namespace

std::unique_ptr<OpponentModel> MakeHardHeadedFrequencyModel(double learning_rate,
                                                            double value_addition) {
  return std::make_unique<HardHeadedFrequencyModel>(learning_rate, value_addition);
}

}  // namespace parley::agents
