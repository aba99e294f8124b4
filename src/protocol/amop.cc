// AMOP (GENIUS's alternating multiple offers protocol): each round has a bidding phase, in which
// every party makes an offer (or ends the negotiation), then a voting phase, in which each offer,
// in party order, is put to every other party (accept or reject). The first offer accepted by
// all is the agreement; its maker counts as accepting its own offer.

#include "builtin_protocols.h"

namespace parley::protocols {
namespace {

class Amop final : public Protocol {
 public:
  Amop() {
    info_.name = "amop";
    info_.description =
        "alternating multiple offers: every party offers each round, then all vote on every "
        "offer; the first offer all accept is the agreement";
    info_.simultaneous = true;
    info_.first_turn_can_accept = false;
    info_.min_parties = 2;
  }
  const ProtocolInfo& info() const override { return info_; }

  void RunRound(Table& table) override {
    const size_t n = table.num_parties();
    offers_.assign(n, Outcome{});
    for (size_t i = 0; i < n; ++i) {
      Turn turn;
      turn.kind = TurnKind::kOffer;
      turn.allowed = {ActionKind::kOffer, ActionKind::kEnd};
      std::optional<Action> action = table.Ask(i, turn);
      if (!action) return;
      offers_[i] = std::get<Offer>(std::move(*action)).outcome;
    }
    for (size_t j = 0; j < n; ++j) {
      bool all = true;
      for (size_t k = 0; k < n && all; ++k) {
        if (k == j) continue;
        Turn turn;
        turn.kind = TurnKind::kRespond;
        turn.allowed = {ActionKind::kAccept, ActionKind::kReject, ActionKind::kEnd};
        turn.offer = &offers_[j];
        turn.offer_from = static_cast<int>(j);
        std::optional<Action> action = table.Ask(k, turn);
        if (!action) return;
        all = std::holds_alternative<Accept>(*action);
      }
      if (all) {
        table.Agree(offers_[j]);
        return;
      }
    }
  }

 private:
  ProtocolInfo info_;
  std::vector<Outcome> offers_;
};

}  // namespace

Result<std::unique_ptr<Protocol>> MakeAmop(SpecParams&) {
  return std::unique_ptr<Protocol>(std::make_unique<Amop>());
}

}  // namespace parley::protocols
