#include "parley/protocol/negotiator.h"

#include "parley/protocol/prepared_scenario.h"
#include "parley/protocol/trace.h"

namespace parley {

NegotiatorSetup::NegotiatorSetup(const PreparedScenario& scenario, size_t self,
                                 const ProtocolInfo& protocol, const Deadline& deadline,
                                 uint64_t seed, double move_time_limit)
    : scenario_(&scenario),
      self_(self),
      protocol_(&protocol),
      deadline_(deadline),
      seed_(seed),
      move_time_limit_(move_time_limit) {}

std::shared_ptr<void>& SharedSlots::Slot(std::string_view key) {
  for (auto& [k, v] : slots_)
    if (k == key) return v;
  return slots_.emplace_back(std::string(key), nullptr).second;
}

const OutcomeSpace& NegotiatorSetup::space() const { return scenario_->space(); }
const CompiledProfile& NegotiatorSetup::profile() const { return scenario_->profile(self_); }
const Party& NegotiatorSetup::party() const { return scenario_->scenario().parties[self_]; }
const std::string& NegotiatorSetup::scenario_source() const { return scenario_->scenario().source; }
const UtilityIndex& NegotiatorSetup::index() const { return scenario_->index(self_); }
size_t NegotiatorSetup::num_parties() const { return scenario_->NumParties(); }
const std::string& NegotiatorSetup::party_name(size_t party) const {
  return scenario_->scenario().parties[party].name;
}

std::string_view TurnKindName(TurnKind kind) {
  switch (kind) {
    case TurnKind::kPropose:
      return "propose";
    case TurnKind::kOffer:
      return "offer";
    case TurnKind::kRespond:
      return "respond";
    case TurnKind::kVote:
      return "vote";
    case TurnKind::kRatify:
      return "ratify";
    case TurnKind::kPackage:
      return "package";
  }
  return "unknown";
}

std::string_view EndReasonName(EndReason reason) {
  switch (reason) {
    case EndReason::kAgreement:
      return "agreement";
    case EndReason::kDeadline:
      return "deadline";
    case EndReason::kWalkAway:
      return "walk-away";
    case EndReason::kFailure:
      return "failure";
  }
  return "unknown";
}

std::string_view FailureKindName(FailureKind kind) {
  switch (kind) {
    case FailureKind::kException:
      return "exception";
    case FailureKind::kIllegalAction:
      return "illegal-action";
    case FailureKind::kInvalidOutcome:
      return "invalid-outcome";
    case FailureKind::kTimeout:
      return "timeout";
  }
  return "unknown";
}

}  // namespace parley
