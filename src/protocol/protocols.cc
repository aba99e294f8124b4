// The registry of protocols and the built-ins in it.

#include "builtin_protocols.h"
#include "parley/protocol/single_undertaking.h"

namespace parley {
namespace {

void RegisterBuiltins(Registry<Protocol>& registry) {
  auto add = [&](std::string name, std::string description, auto factory) {
    Status s = registry.Register({std::move(name), std::move(description), {}, factory});
    (void)s;  // built-in names are valid and distinct
  };
  {
    Status s = registry.Register(
        {"sao",
         "stacked alternating offers (SAOP as GENIUS/ANAC): in turn each party offers, accepts "
         "the standing offer or ends; the first turn cannot accept; agreement when every other "
         "party has accepted the standing offer in sequence. Bilateral is the 2-party case. "
         "GENIUS's rules and clock (t = r / (N + 1) in round r of N).",
         {},
         protocols::MakeSao,
         "genius.core.protocol.StackedAlternatingOffersProtocol"});
    (void)s;
  }
  add("amop",
      "alternating multiple offers: each round every party offers, then every party votes on "
      "the others' offers; the first offer all accept is the agreement.",
      protocols::MakeAmop);
  add("single-text-veto",
      "mediated single text, veto: the mediator proposes random texts; all must accept a "
      "change, one rejection keeps the current text; final vote at the deadline.",
      protocols::MakeSingleTextVeto);
  add("single-text-hill-climbing",
      "mediated single text, hill climbing: the mediator tries texts one issue away and moves "
      "when every party prefers the change; final vote at a local optimum or the deadline.",
      protocols::MakeSingleTextHillClimbing);
  Status s = registry.Register(
      {"single-undertaking",
       "single undertaking (the seed's system): tracks of issues negotiated by partial offers, "
       "conditional acceptances and reopenings; nothing is agreed until every issue is agreed "
       "in draft, every condition holds and every ratifier accepts the whole package",
       {{"binding", "scenario",
         "scenario (the scenario's rule), single-undertaking, or issue-by-issue (each issue "
         "final once agreed, no final vote)"}},
       MakeSingleUndertakingFromSpec});
  (void)s;
}

}  // namespace

Registry<Protocol>& Protocols() {
  static Registry<Protocol>* registry = [] {
    auto* r = new Registry<Protocol>("protocol");
    RegisterBuiltins(*r);
    return r;
  }();
  return *registry;
}

}  // namespace parley
