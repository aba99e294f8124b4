#pragma once

/// \file
/// The `parley` command's subcommands. Each Add* function registers one subcommand on the app;
/// when the user picks it, its callback stores the work to do in `action`, which main runs and
/// whose return value is the exit code (0 success, 2 bad input or usage, 1 internal error).

#include <CLI/CLI.hpp>
#include <functional>

namespace parley::cli {

using Action = std::function<int()>;

void AddAnalyzeCommand(CLI::App& app, Action& action);
void AddConvertCommand(CLI::App& app, Action& action);

/// What `parley` does with no subcommand: its main job on the built-in default scenario.
int RunDefault();

}  // namespace parley::cli
