// What `parley` does with no subcommand: its main job, a negotiation under the single
// undertaking on the built-in default scenario (doha-2019) with the default agents, as
// `parley negotiate` would run it (docs/single-undertaking.md).

#include "commands.h"

namespace parley::cli {

int RunDefault() {
  NegotiateArgs args;
  args.protocol = "single-undertaking";
  return RunNegotiate(args);
}

}  // namespace parley::cli
