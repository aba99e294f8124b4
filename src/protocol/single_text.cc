// Mediated single-text negotiation (NegMAS's VetoST and HillClimbingST). A mediator holds one
// text (a complete outcome), starting from a random one. Each round it proposes a change and
// every party votes on it against the current text (accept = "at least as good for me"):
// - veto: the proposal is a fresh random outcome; any rejection keeps the current text;
// - hill climbing: the proposal is an untried neighbour of the current text (one issue
//   changed) that has never been the text; the text moves only when all accept, and the
//   neighbours are then regenerated. Votes accept equal texts, so on a plateau a climb that
//   could step back would cycle until the deadline; texts already visited are not proposed again
//   (every one of them is weakly worse for everyone than the current text, since each move was
//   accepted by all). When every neighbour has been tried, no neighbour is better for someone and
//   as good for all: the text is a local optimum and goes to the final vote at once. The climb
//   makes at most as many moves as there are outcomes; the visited texts cost one outcome each.
// Final vote (at the deadline, or at a hill-climbing optimum): every party ratifies the current
// text as the agreement (accept = acceptable to it); unanimity makes it the agreement.

#include <algorithm>
#include <set>
#include <string>

#include "builtin_protocols.h"

namespace parley::protocols {
namespace {

class SingleText final : public Protocol {
 public:
  explicit SingleText(bool hill_climbing) : hill_climbing_(hill_climbing) {
    info_.name = hill_climbing ? "single-text-hill-climbing" : "single-text-veto";
    info_.description =
        hill_climbing
            ? "mediated single text: the mediator tries neighbouring texts and moves only when "
              "every party prefers the change; final vote on the last text"
            : "mediated single text: the mediator proposes random texts; one rejection keeps "
              "the current text; final vote on the last text";
    info_.mediated = true;
    info_.first_turn_can_accept = true;
    info_.min_parties = 1;
  }
  const ProtocolInfo& info() const override { return info_; }

  void Start(Table& table) override {
    current_ = RandomOutcome(table);
    table.MediatorMove(Offer{current_}, "initial text");
    if (hill_climbing_) {
      visited_.insert(current_);
      ResetNeighbours(table);
    }
  }

  void RunRound(Table& table) override {
    if (voted_) return;  // hill climbing reached its optimum and held the final vote
    Outcome proposal;
    if (hill_climbing_) {
      if (untried_.empty()) {
        FinalVote(table);
        return;
      }
      const auto [issue, value] = untried_.back();
      untried_.pop_back();
      proposal = current_;
      proposal[issue] = value;
    } else {
      proposal = RandomOutcome(table);
    }
    table.MediatorMove(Offer{proposal});
    const size_t n = table.num_parties();
    for (size_t i = 0; i < n; ++i) {
      Turn turn;
      turn.kind = TurnKind::kVote;
      turn.allowed = {ActionKind::kAccept, ActionKind::kReject, ActionKind::kEnd};
      turn.offer = &proposal;
      turn.offer_from = kMediator;
      turn.reference = &current_;
      std::optional<Action> action = table.Ask(i, turn);
      if (!action) return;
      if (!std::holds_alternative<Accept>(*action)) {
        table.Annotate("vetoed: the text stays");
        return;
      }
    }
    table.Annotate("accepted by all: the text changes");
    current_ = std::move(proposal);
    if (hill_climbing_) {
      visited_.insert(current_);
      ResetNeighbours(table);
    }
  }

  void Close(Table& table) override {
    if (!voted_) FinalVote(table);
  }

 private:
  Outcome RandomOutcome(Table& table) {
    const OutcomeSpace& space = table.space();
    Outcome o(space.NumIssues());
    for (size_t i = 0; i < o.size(); ++i)
      o[i] = static_cast<ValueIndex>(table.rng().Below(space.issue(i).Cardinality()));
    return o;
  }

  void ResetNeighbours(Table& table) {
    untried_.clear();
    const OutcomeSpace& space = table.space();
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      const uint64_t card = space.issue(i).Cardinality();
      Outcome neighbour = current_;
      for (uint64_t v = 0; v < card; ++v) {
        if (v == current_[i]) continue;
        neighbour[i] = static_cast<ValueIndex>(v);
        if (!visited_.contains(neighbour)) untried_.emplace_back(i, static_cast<ValueIndex>(v));
      }
    }
    Shuffle(untried_.begin(), untried_.end(), table.rng());
  }

  void FinalVote(Table& table) {
    voted_ = true;
    for (size_t i = 0; i < table.num_parties(); ++i) {
      Turn turn;
      turn.kind = TurnKind::kRatify;
      turn.allowed = {ActionKind::kAccept, ActionKind::kReject, ActionKind::kEnd};
      turn.offer = &current_;
      turn.offer_from = kMediator;
      std::optional<Action> action = table.Ask(i, turn);
      if (!action) return;
      if (!std::holds_alternative<Accept>(*action)) {
        table.Annotate("final vote failed: no agreement");
        table.AddSummary("final vote on the text failed: " +
                         table.scenario().scenario().parties[i].name + " rejected it");
        return;
      }
    }
    table.AddSummary("final vote on the text: accepted by all");
    table.Agree(current_);
  }

  ProtocolInfo info_;
  bool hill_climbing_;
  bool voted_ = false;
  Outcome current_;
  std::vector<std::pair<size_t, ValueIndex>> untried_;
  std::set<Outcome> visited_;  ///< Every text so far (hill climbing).
};

}  // namespace

Result<std::unique_ptr<Protocol>> MakeSingleTextVeto(SpecParams&) {
  return std::unique_ptr<Protocol>(std::make_unique<SingleText>(false));
}
Result<std::unique_ptr<Protocol>> MakeSingleTextHillClimbing(SpecParams&) {
  return std::unique_ptr<Protocol>(std::make_unique<SingleText>(true));
}

}  // namespace parley::protocols
