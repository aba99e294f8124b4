// What `parley` does with no subcommand.

#include "commands.h"

namespace parley::cli {

int RunDefault() { return RunAnalyze(AnalyzeArgs{}); }

}  // namespace parley::cli
