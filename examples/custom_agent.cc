// A complete example of writing a negotiation agent for parley, registering it by name, and
// running it against the built-in agents. Build: it is part of the normal build
// (-DPARLEY_BUILD_EXAMPLES=ON, the default for a top-level build); run:
//
//   build/examples/custom_agent                      # on the built-in doha-2019 scenario
//   build/examples/custom_agent ../shared/data/genius/y2012/CameraB
//
// The agent, "stepper", concedes in fixed steps: it starts at its best outcome and lowers its
// aspiration by `step` (a share of its utility range) every `every` rounds, never below its
// reservation value. It accepts any offer worth at least its current aspiration.

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "parley/agent/agents.h"
#include "parley/io/scenario_io.h"
#include "parley/session/report.h"
#include "parley/session/session.h"

namespace {

using namespace parley;

// BasicNegotiator answers every kind of turn of the built-in protocols (propose, respond, vote,
// ratify) from two decisions: what to offer now and whether to accept an offer now. Derive from
// Negotiator directly for full control.
class Stepper final : public BasicNegotiator {
 public:
  Stepper(double step, int every) : step_(step), every_(every) {}

 protected:
  // setup() is valid from here on: the outcome space, our own profile (never the others'), the
  // protocol's rules, the deadline, our seed, and index(): our outcomes sorted by our utility.
  void OnStart() override {
    best_ = index().best();
    floor_ = std::max(index().worst(), Reservation());
  }

  double Aspiration(const Turn& turn) const {
    const int steps = turn.round / every_;
    return std::max(floor_, best_ - steps * step_ * (best_ - floor_));
  }

  // The outcome nearest above our aspiration: a binary search in the index, not a scan.
  Outcome NextOffer(const Turn& turn) override { return *index().AtLeast(Aspiration(turn)); }

  // Accept what is worth at least our aspiration, and never less than our reservation value.
  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome*) override {
    return Rational(offer) && Utility(offer) >= Aspiration(turn);
  }

 private:
  double step_;
  int every_;
  double best_ = 1, floor_ = 0;
};

// Registration: a name, a description, the parameters with their defaults, and a factory that
// reads them through SpecParams (which checks types and ranges and rejects unknown keys).
Status RegisterStepper() {
  return Agents().Register(
      {"stepper",
       "concedes a fixed share of its range every few rounds (examples/custom_agent.cc)",
       {{"step", "0.1", "share of the utility range conceded per step"},
        {"every", "10", "rounds between steps"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(double step, params.Double("step", 0.1, 0.0, 1.0));
         PARLEY_ASSIGN_OR_RETURN(int64_t every, params.Int("every", 10, 1, 1'000'000));
         return std::unique_ptr<Negotiator>(
             std::make_unique<Stepper>(step, static_cast<int>(every)));
       }});
}

}  // namespace

int main(int argc, char** argv) {
  if (Status s = RegisterStepper(); !s) {
    std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
    return 1;
  }
  // Any scenario parley reads; no argument: the built-in default.
  std::vector<std::string> paths(argv + 1, argv + argc);
  Result<LoadedScenario> loaded = LoadScenario(paths);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().ToString().c_str());
    return 2;
  }
  PreparedScenario scenario(std::move(loaded->scenario));
  const ReferencePoints reference = ComputeReferencePoints(scenario.scenario());

  // The new agent by name, with parameters, against built-in agents for the other parties.
  SessionConfig config;
  config.protocol = "sao";
  config.agents.push_back("stepper:step=0.15,every=8");
  for (size_t i = 1; i < scenario.NumParties(); ++i)
    config.agents.push_back(i % 2 ? "conceder" : "boa:accept=next-or-time,t=0.95");
  config.deadline = Deadline::Rounds(60);
  config.seed = 1;

  Result<SessionResult> result = RunSession(scenario, config, &reference);
  if (!result) {
    std::fprintf(stderr, "%s\n", result.error().ToString().c_str());
    return 2;
  }
  TranscriptOptions options;
  options.show_moves = false;
  WriteTranscript(std::cout, scenario, *result, options);
  return 0;
}
