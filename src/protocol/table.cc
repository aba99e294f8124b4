#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>

#include "parley/protocol/protocol.h"

namespace parley {
namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

}  // namespace

Table::Table(const PreparedScenario& scenario, std::span<Negotiator* const> parties,
             const ProtocolInfo& info, const RunOptions& options)
    : scenario_(&scenario),
      parties_(parties.begin(), parties.end()),
      info_(&info),
      options_(options),
      rng_(DeriveSeed(options.seed, 0)),
      start_(std::chrono::steady_clock::now()) {}

const OutcomeSpace& Table::space() const { return scenario_->space(); }

double Table::ElapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

double Table::time() const {
  double t = 0;
  const Deadline& d = options_.deadline;
  // GENIUS's DiscreteTimeline: round r (1-based) of N is at r / (N + 1), so the first round is
  // already past 0 and the last one, N / (N + 1), short of 1. Closing moves belong to the last
  // round played and share its time.
  if (d.rounds > 0) t = RoundTime(round_, d.rounds);
  if (d.seconds > 0) t = std::max(t, ElapsedSeconds() / d.seconds);
  return std::min(t, 1.0);
}

bool Table::IsLastRound() const {
  return options_.deadline.rounds > 0 && round_ + 1 >= options_.deadline.rounds;
}

std::optional<FailureKind> Table::Validate(const Turn& turn, const Action& action,
                                           std::string& message) const {
  const ActionKind kind = KindOf(action);
  if (!turn.allowed.Contains(kind)) {
    message = std::string(ActionKindName(kind)) + " is not allowed on this " +
              std::string(TurnKindName(turn.kind)) + " turn (allowed: " + turn.allowed.ToString() +
              ")";
    return FailureKind::kIllegalAction;
  }
  const OutcomeSpace& sp = space();
  if (const auto* offer = std::get_if<Offer>(&action)) {
    if (!sp.Contains(offer->outcome)) {
      message = "offered an outcome outside the outcome space (" +
                std::to_string(offer->outcome.size()) + " values for " +
                std::to_string(sp.NumIssues()) + " issues, or a value out of range)";
      return FailureKind::kInvalidOutcome;
    }
  } else if (const auto* accept = std::get_if<Accept>(&action)) {
    if (!turn.offer) {
      message = "accepted when nothing was on the table";
      return FailureKind::kIllegalAction;
    }
    if (!accept->conditions.empty() && turn.kind != TurnKind::kPackage) {
      message = "conditional acceptance is only allowed in the single undertaking";
      return FailureKind::kIllegalAction;
    }
    for (const Clause& c : accept->conditions) {
      bool ok = c.issue < sp.NumIssues() && !c.allowed.empty();
      for (ValueIndex v : c.allowed) ok = ok && v < sp.issue(c.issue).Cardinality();
      if (!ok) {
        message = "a condition refers to an issue or value outside the outcome space";
        return FailureKind::kInvalidOutcome;
      }
    }
  } else if (const auto* partial = std::get_if<PartialOffer>(&action)) {
    bool ok = !partial->values.empty();
    for (size_t i = 0; ok && i < partial->values.size(); ++i) {
      const IssueValue& iv = partial->values[i];
      ok = iv.issue < sp.NumIssues() && iv.value < sp.issue(iv.issue).Cardinality() &&
           (i == 0 || partial->values[i - 1].issue < iv.issue);
    }
    if (!ok) {
      message = "partial offer must name distinct issues in ascending order, with values in range";
      return FailureKind::kInvalidOutcome;
    }
  } else if (const auto* reopen = std::get_if<Reopen>(&action)) {
    if (reopen->issue >= sp.NumIssues()) {
      message = "reopened an issue outside the outcome space";
      return FailureKind::kInvalidOutcome;
    }
  }
  return std::nullopt;
}

std::optional<Action> Table::Ask(size_t party, Turn turn) {
  if (over_) return std::nullopt;
  const Deadline& d = options_.deadline;
  if (d.seconds > 0 && !closing_ && ElapsedSeconds() >= d.seconds) {
    End(EndReason::kDeadline, std::nullopt);
    return std::nullopt;
  }
  turn.round = round_;
  turn.time = time();
  const auto before = std::chrono::steady_clock::now();
  std::optional<Action> action;
  try {
    action = parties_[party]->Act(turn);
  } catch (const NegotiatorFailure& e) {
    Fail(party, e.kind(), e.what());
    return std::nullopt;
  } catch (const std::exception& e) {
    Fail(party, FailureKind::kException, std::string("threw: ") + e.what());
    return std::nullopt;
  } catch (...) {
    Fail(party, FailureKind::kException, "threw a non-standard exception");
    return std::nullopt;
  }
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
  if (options_.move_time_limit > 0 && took > options_.move_time_limit) {
    Fail(party, FailureKind::kTimeout,
         "a move took " + Seconds(took) + ", over the limit of " +
             Seconds(options_.move_time_limit));
    return std::nullopt;
  }
  if (d.seconds > 0 && !closing_ && ElapsedSeconds() >= d.seconds) {
    // The deadline passed while the party thought: GENIUS discards the late move.
    End(EndReason::kDeadline, std::nullopt);
    return std::nullopt;
  }
  std::string message;
  if (auto failure = Validate(turn, *action, message)) {
    Fail(party, *failure, message);
    return std::nullopt;
  }
  const Outcome* about = nullptr;
  if (const auto* offer = std::get_if<Offer>(&*action)) {
    about = &offer->outcome;
  } else if (std::holds_alternative<Accept>(*action) || std::holds_alternative<Reject>(*action)) {
    about = turn.offer;
  }
  Record(static_cast<int>(party), turn.kind, *action, about);
  Broadcast(static_cast<int>(party), turn.kind, *action, about);
  if (std::holds_alternative<EndNegotiation>(*action)) End(EndReason::kWalkAway, party);
  if (over_) return std::nullopt;
  return action;
}

void Table::Record(int party, TurnKind turn, const Action& action, const Outcome* about) {
  ++result_.num_moves;
  result_.time = time();
  if (!options_.record_moves || result_.moves_dropped) return;
  if (result_.moves.size() >= options_.max_kept_moves) {
    result_.moves_dropped = true;
    return;
  }
  Move move;
  move.round = round_;
  move.time = result_.time;
  move.party = party;
  move.turn = turn;
  move.action = action;
  if (about) {
    move.outcome = *about;
    scenario_->Utilities(*about, move.utilities);
  }
  result_.moves.push_back(std::move(move));
}

void Table::Broadcast(int party, TurnKind turn, const Action& action, const Outcome* about) {
  Event event{round_, time(), party, turn, &action, about};
  for (size_t i = 0; i < parties_.size() && !over_; ++i) {
    if (static_cast<int>(i) == party) continue;
    try {
      parties_[i]->Observe(event);
    } catch (const NegotiatorFailure& e) {
      Fail(i, e.kind(), e.what());
    } catch (const std::exception& e) {
      Fail(i, FailureKind::kException, std::string("threw while observing a move: ") + e.what());
    } catch (...) {
      Fail(i, FailureKind::kException, "threw a non-standard exception while observing a move");
    }
  }
}

void Table::MediatorMove(const Action& action, std::string note) {
  if (over_) return;
  const Outcome* about = nullptr;
  if (const auto* offer = std::get_if<Offer>(&action)) about = &offer->outcome;
  Record(kMediator, TurnKind::kOffer, action, about);
  if (!note.empty()) Annotate(std::move(note));
  Broadcast(kMediator, TurnKind::kOffer, action, about);
}

void Table::Agree(const Outcome& outcome) {
  if (over_) return;
  result_.agreement = outcome;
  End(EndReason::kAgreement, std::nullopt);
}

void Table::Fail(size_t party, FailureKind kind, std::string message) {
  if (over_) return;
  result_.failure = AgentFailure{party, kind, std::move(message)};
  End(EndReason::kFailure, party);
}

void Table::End(EndReason reason, std::optional<size_t> party) {
  over_ = true;
  result_.reason = reason;
  result_.ended_by = party;
  // A rounds deadline ends at the time of the last round (GENIUS's t_end, at which it discounts
  // the reservation values); a wall-clock one at 1.
  result_.time = time();
}

void Table::Annotate(std::string note) {
  if (!options_.record_moves || result_.moves_dropped || result_.moves.empty()) return;
  std::string& target = result_.moves.back().note;
  target = target.empty() ? std::move(note) : target + "; " + note;
}

void Table::AddSummary(std::string line) { result_.summary.push_back(std::move(line)); }

void Table::SetUndertaking(UndertakingRecord record) { result_.undertaking = std::move(record); }

void Table::AddRoundState(std::string text, std::optional<UndertakingRoundState> state) {
  if (!options_.record_moves || result_.moves_dropped) return;
  result_.round_states.push_back({round_, std::move(text), std::move(state)});
}

Status Protocol::Check(const Scenario& scenario) const {
  const ProtocolInfo& i = info();
  const auto n = static_cast<int>(scenario.NumParties());
  if (n < i.min_parties || n > i.max_parties) {
    std::string range = i.max_parties >= (1 << 20) ? "at least " + std::to_string(i.min_parties)
                                                   : std::to_string(i.min_parties) + " to " +
                                                         std::to_string(i.max_parties);
    return Error::BadInput("protocol '" + i.name + "' needs " + range + " parties; scenario '" +
                           scenario.name + "' has " + std::to_string(n));
  }
  return {};
}

Result<NegotiationResult> RunNegotiation(const PreparedScenario& scenario, Protocol& protocol,
                                         std::span<Negotiator* const> parties,
                                         const RunOptions& options) {
  const ProtocolInfo& info = protocol.info();
  if (parties.size() != scenario.NumParties()) {
    return Error::BadInput("scenario '" + scenario.scenario().name + "' has " +
                           std::to_string(scenario.NumParties()) + " parties but " +
                           std::to_string(parties.size()) + " agents were given");
  }
  for (Negotiator* p : parties)
    if (p == nullptr) return Error::Internal("RunNegotiation: null negotiator");
  const Deadline& d = options.deadline;
  if (d.rounds < 0 || d.seconds < 0 || (d.rounds == 0 && d.seconds == 0)) {
    return Error::BadInput("the deadline needs a positive number of rounds or seconds");
  }
  PARLEY_RETURN_IF_ERROR(protocol.Check(scenario.scenario()));

  // Declared before the table's parties are told the end, destroyed after: agents may hold
  // shared things (a JVM) until their Finish.
  SharedSlots shared;
  Table table(scenario, parties, info, options);
  std::vector<NegotiatorSetup> setups;
  setups.reserve(parties.size());
  for (size_t i = 0; i < parties.size(); ++i) {
    setups.emplace_back(scenario, i, info, d, DeriveSeed(options.seed, i + 1),
                        options.move_time_limit);
    setups.back().SetSession(options.seed, &shared);
  }
  try {
    for (size_t i = 0; i < parties.size() && !table.over_; ++i) {
      try {
        parties[i]->Start(setups[i]);
      } catch (const NegotiatorFailure& e) {
        table.Fail(i, e.kind(), std::string("while starting: ") + e.what());
      } catch (const std::exception& e) {
        table.Fail(i, FailureKind::kException, std::string("threw while starting: ") + e.what());
      } catch (...) {
        table.Fail(i, FailureKind::kException, "threw a non-standard exception while starting");
      }
    }
    if (!table.over_) protocol.Start(table);
    while (!table.over_) {
      if (d.rounds > 0 && table.round_ >= d.rounds) break;
      if (d.seconds > 0 && table.ElapsedSeconds() >= d.seconds) break;
      protocol.RunRound(table);
      if (!table.over_) ++table.round_;
    }
    if (!table.over_) {
      // Closing moves belong to the last round played, at time 1.
      if (table.round_ > 0) --table.round_;
      table.closing_ = true;
      protocol.Close(table);
      if (!table.over_) table.End(EndReason::kDeadline, std::nullopt);
    }
  } catch (const std::exception& e) {
    return Error::Internal("protocol '" + info.name + "' failed: " + e.what());
  }

  NegotiationResult result = std::move(table.result_);
  result.rounds = result.num_moves == 0 && !table.closing_ ? 0 : table.round_ + 1;
  if (d.rounds > 0) result.rounds = std::min<int>(result.rounds, static_cast<int>(d.rounds));
  result.elapsed_seconds = table.ElapsedSeconds();
  Ending ending{result.reason, result.agreement ? &*result.agreement : nullptr, result.rounds,
                result.time};
  for (Negotiator* p : parties) {
    try {
      p->Finish(ending);
    } catch (...) {
      // The result is settled; a failure to take note of it changes nothing.
    }
  }
  return result;
}

}  // namespace parley
