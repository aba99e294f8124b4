#pragma once

// Test helpers shared by the protocol, agent and session tests (not installed): small random
// scenarios and negotiators that play a script or misbehave on purpose.

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "parley/core/random.h"
#include "parley/protocol/negotiator.h"
#include "parley/protocol/prepared_scenario.h"
#include "parley/protocol/protocol.h"

namespace parley::testing {

/// A scenario of `issues` discrete issues with `values` values each and `parties` parties with
/// random additive profiles (weights and value utilities from `seed`; each issue's best value
/// has utility 1, as GENIUS normalises). Party names "P0", "P1", ...
inline Scenario RandomAdditiveScenario(uint64_t seed, size_t issues, size_t values, size_t parties,
                                       double reservation = 0) {
  Rng rng(seed);
  Scenario s;
  s.name = "random-" + std::to_string(seed);
  std::vector<Issue> list;
  for (size_t i = 0; i < issues; ++i) {
    std::vector<std::string> names;
    for (size_t v = 0; v < values; ++v) names.push_back("v" + std::to_string(v));
    list.push_back(Issue::Discrete("i" + std::to_string(i), names));
  }
  s.space = OutcomeSpace(list);
  for (size_t p = 0; p < parties; ++p) {
    AdditiveUtility add;
    double total = 0;
    for (size_t i = 0; i < issues; ++i) {
      add.weights.push_back(0.05 + rng.Uniform());
      total += add.weights.back();
      ValueFunction f;
      for (size_t v = 0; v < values; ++v) f.table.push_back(rng.Uniform());
      const size_t best = rng.Below(values);
      f.table[best] = 1.0;
      double mx = 0;
      for (double x : f.table) mx = std::max(mx, x);
      for (double& x : f.table) x /= mx;
      add.issues.push_back(f);
    }
    for (double& w : add.weights) w /= total;
    Profile profile;
    profile.name = "P" + std::to_string(p);
    profile.utility = add;
    profile.reservation_value = reservation;
    s.parties.push_back({"P" + std::to_string(p), profile});
  }
  return s;
}

/// Plays `script` in order (the last action repeats); remembers the turns and events it saw.
class ScriptedNegotiator : public Negotiator {
 public:
  explicit ScriptedNegotiator(std::vector<Action> script) : script_(std::move(script)) {}
  void Start(const NegotiatorSetup& setup) override { setup_ = &setup; }
  Action Act(const Turn& turn) override {
    turns.push_back(turn);
    offers_seen.push_back(turn.offer ? std::optional<Outcome>(*turn.offer) : std::nullopt);
    const size_t i = std::min(next_++, script_.size() - 1);
    return script_[i];
  }
  void Observe(const Event& event) override { events.push_back(event.party); }
  void Finish(const Ending& ending) override { finished_reason = ending.reason; }

  std::vector<Turn> turns;
  std::vector<std::optional<Outcome>> offers_seen;
  std::vector<int> events;
  std::optional<EndReason> finished_reason;
  const NegotiatorSetup* setup_ = nullptr;

 private:
  std::vector<Action> script_;
  size_t next_ = 0;
};

/// Calls `act` for every turn.
class LambdaNegotiator : public Negotiator {
 public:
  explicit LambdaNegotiator(std::function<Action(const Turn&)> act) : act_(std::move(act)) {}
  void Start(const NegotiatorSetup&) override {}
  Action Act(const Turn& turn) override { return act_(turn); }

 private:
  std::function<Action(const Turn&)> act_;
};

/// Runs a negotiation with the given negotiators (not owned) under a protocol by name.
inline Result<NegotiationResult> Run(const PreparedScenario& scenario, std::string_view protocol,
                                     std::vector<Negotiator*> parties, int64_t rounds = 20,
                                     uint64_t seed = 1) {
  auto made = Protocols().Make(protocol);
  if (!made) return made.error();
  RunOptions options;
  options.deadline = Deadline::Rounds(rounds);
  options.seed = seed;
  return RunNegotiation(scenario, **made, parties, options);
}

}  // namespace parley::testing
