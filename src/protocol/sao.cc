// SAOP as GENIUS and ANAC define it: parties take turns in a fixed order (one round = one turn
// each); on its turn a party offers, accepts the standing offer or ends the negotiation; the
// very first turn cannot accept (nothing stands); an agreement is reached when every party other
// than the one who made the standing offer has accepted it, one after another. A new offer
// replaces the standing one and resets the acceptances. Bilateral alternating offers is the
// 2-party case.

#include "builtin_protocols.h"

namespace parley::protocols {
namespace {

class Sao final : public Protocol {
 public:
  Sao() {
    info_.name = "sao";
    info_.description =
        "stacked alternating offers (SAOP, GENIUS/ANAC): in turn, offer, accept the standing "
        "offer or end; agreement when all others accept in sequence";
    info_.first_turn_can_accept = false;
    info_.min_parties = 2;
  }
  const ProtocolInfo& info() const override { return info_; }

  void RunRound(Table& table) override {
    const size_t n = table.num_parties();
    for (size_t i = 0; i < n; ++i) {
      Turn turn;
      turn.kind = TurnKind::kPropose;
      turn.allowed = {ActionKind::kOffer, ActionKind::kEnd};
      if (standing_) {
        turn.allowed = turn.allowed.With(ActionKind::kAccept);
        turn.offer = &*standing_;
        turn.offer_from = standing_from_;
      }
      std::optional<Action> action = table.Ask(i, turn);
      if (!action) return;
      if (auto* offer = std::get_if<Offer>(&*action)) {
        standing_ = std::move(offer->outcome);
        standing_from_ = static_cast<int>(i);
        accepts_ = 0;
      } else if (std::holds_alternative<Accept>(*action)) {
        if (++accepts_ + 1 == n) {
          table.Agree(*standing_);
          return;
        }
      }
    }
  }

 private:
  ProtocolInfo info_;
  std::optional<Outcome> standing_;
  int standing_from_ = kNoParty;
  size_t accepts_ = 0;
};

}  // namespace

Result<std::unique_ptr<Protocol>> MakeSao(SpecParams&) {
  return std::unique_ptr<Protocol>(std::make_unique<Sao>());
}

}  // namespace parley::protocols
