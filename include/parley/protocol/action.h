#pragma once

/// \file
/// The moves a party can make. An `Action` is a closed `std::variant` so that protocols, traces and
/// writers can handle every kind exhaustively; each protocol states which kinds it allows on each
/// turn (`ActionSet`), and a party that returns any other kind has failed (GENIUS semantics).
///
/// The single-undertaking protocol (issue 4) uses the partial-package kinds: `PartialOffer`,
/// `Accept` with conditions, and `Reopen`. The other protocols treat them as illegal.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parley/outcome/outcome_space.h"
#include "parley/preference/profile.h"

namespace parley {

/// Proposes a complete outcome.
struct Offer {
  Outcome outcome;
  bool operator==(const Offer&) const = default;
};

/// Accepts what the turn is about: the standing offer (SAO), the offer being voted on (AMOP), the
/// mediator's text (single text), the package under vote (ratification). `conditions` is for the
/// single undertaking only: the acceptance holds only if every clause holds on the final package;
/// other protocols treat a conditional acceptance as illegal.
struct Accept {
  std::vector<Clause> conditions;
  bool operator==(const Accept&) const = default;
};

/// Rejects what the turn is about without walking away. In SAO a rejection is implicit in a
/// counter-offer, so SAO does not allow it; AMOP and the mediated protocols use it for votes.
struct Reject {
  bool operator==(const Reject&) const = default;
};

/// Walks away: ends the negotiation for everyone without agreement (GENIUS `EndNegotiation`).
struct EndNegotiation {
  bool operator==(const EndNegotiation&) const = default;
};

/// One issue's value inside a partial package.
struct IssueValue {
  size_t issue = 0;
  ValueIndex value = 0;
  bool operator==(const IssueValue&) const = default;
};

/// Single undertaking: proposes values for some issues only (a partial package). Issues are
/// distinct and sorted ascending; the protocol checks that they are open and in the party's track.
struct PartialOffer {
  std::vector<IssueValue> values;
  bool operator==(const PartialOffer&) const = default;
};

/// Single undertaking: returns an issue agreed in draft to open.
struct Reopen {
  size_t issue = 0;
  bool operator==(const Reopen&) const = default;
};

using Action = std::variant<Offer, Accept, Reject, EndNegotiation, PartialOffer, Reopen>;

/// The kind of an action; the numeric value equals the variant index.
enum class ActionKind : uint8_t { kOffer, kAccept, kReject, kEnd, kPartialOffer, kReopen };

inline ActionKind KindOf(const Action& action) { return static_cast<ActionKind>(action.index()); }
/// "offer", "accept", "reject", "end", "partial-offer", "reopen".
std::string_view ActionKindName(ActionKind kind);

/// A small set of action kinds: what a turn allows.
class ActionSet {
 public:
  constexpr ActionSet() = default;
  constexpr ActionSet(std::initializer_list<ActionKind> kinds) {
    for (ActionKind k : kinds) bits_ |= Bit(k);
  }
  constexpr bool Contains(ActionKind kind) const { return (bits_ & Bit(kind)) != 0; }
  constexpr ActionSet With(ActionKind kind) const {
    ActionSet s = *this;
    s.bits_ |= Bit(kind);
    return s;
  }
  constexpr ActionSet Without(ActionKind kind) const {
    ActionSet s = *this;
    s.bits_ &= static_cast<uint32_t>(~Bit(kind));
    return s;
  }
  constexpr bool empty() const { return bits_ == 0; }
  /// "offer, accept or end", for error messages.
  std::string ToString() const;
  constexpr bool operator==(const ActionSet&) const = default;

 private:
  static constexpr uint32_t Bit(ActionKind k) { return uint32_t{1} << static_cast<unsigned>(k); }
  uint32_t bits_ = 0;
};

/// A readable one-line description: "offer price=low, color=red", "accept", "end".
std::string DescribeAction(const Action& action, const OutcomeSpace& space);

}  // namespace parley
