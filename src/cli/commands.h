#pragma once

/// \file
/// The `parley` command's subcommands. Each Add* function registers one subcommand on the app;
/// when the user picks it, its callback stores the work to do in `action`, which main runs and
/// whose return value is the exit code (0 success, 2 bad input or usage, 1 internal error).
/// Output helpers shared by the commands are in output.h.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parley::cli {

using Action = std::function<int()>;

void AddAnalyzeCommand(CLI::App& app, Action& action);
void AddConvertCommand(CLI::App& app, Action& action);
/// `parley talks ...`: the ledger of real talks (talks_command.cc, docs/ledger.md).
void AddTalksCommand(CLI::App& app, Action& action);
/// `parley serve`: the talks ledger over HTTP (serve_command.cc).
void AddServeCommand(CLI::App& app, Action& action);

/// The options of `parley analyze`; defaults analyse the built-in default scenario.
struct AnalyzeArgs {
  std::vector<std::string> scenarios;  ///< Files, folders or a built-in name; empty: default.
  bool json = false;                   ///< One JSON object instead of text.
  bool all = false;                    ///< Every frontier point in the text report.
  std::string format;                  ///< "" (detect), "native", "genius", "geniusweb".
  std::optional<uint32_t> resolution;  ///< Grid points for real issues.
  bool approximate = false;            ///< Accept a labelled approximation when exact is too big.
  double time_limit = 60;              ///< Seconds before a search gives up.
  std::string plot;                    ///< Picture file (.svg / .html); empty: none.
};

/// Runs `parley analyze` with these options; returns the exit code.
int RunAnalyze(const AnalyzeArgs& args);

/// `parley negotiate`, `parley agents`, `parley protocols` (negotiate_command.cc,
/// docs/negotiation.md).
void AddNegotiateCommand(CLI::App& app, Action& action);
void AddAgentsCommand(CLI::App& app, Action& action);
void AddProtocolsCommand(CLI::App& app, Action& action);

/// The options of `parley negotiate`. Defaults: the built-in default scenario; the single
/// undertaking for scenarios that declare tracks or ratifiers (doha-2019), else SAO; under the
/// single undertaking a mix of its agents (undertaking_report.h), else Boulware.
struct NegotiateArgs {
  std::vector<std::string> scenarios;  ///< Files, folders or a built-in name; empty: default.
  std::string protocol;                ///< Protocol spec; empty: DefaultProtocol(scenario).
  std::string agents;                  ///< Comma-separated agent specs (SplitSpecList).
  std::string genius_jar;              ///< --genius-jar: the jar of genius: agents.
  bool compare = false;  ///< Issue-by-issue binding vs. the single undertaking, side by side.
  std::optional<int64_t> rounds;  ///< Deadline in rounds (default 100).
  std::optional<double> time;     ///< Deadline in seconds (excludes rounds).
  uint64_t seed = 0;
  bool json = false;
  bool summary = false;   ///< Only the outcome, not the moves.
  bool moves = false;     ///< List every move, even when the listing is longer than a screen.
  std::string trace;      ///< Trace file (.csv / .jsonl); empty: none.
  std::string plot;       ///< Plot file (.svg / .html); empty: none.
  std::string plot_axes;  ///< "A,B": the parties of the utility-space panel; empty: 0,1.
  std::string format;
  std::optional<uint32_t> resolution;
  double analysis_time_limit = 20;
};

/// Runs `parley negotiate` with these options; returns the exit code.
int RunNegotiate(const NegotiateArgs& args);

/// `parley tournament` (tournament_command.cc, docs/tournament.md).
void AddTournamentCommand(CLI::App& app, Action& action);

/// The options of `parley tournament`.
struct TournamentArgs {
  std::string agents;                  ///< Comma-separated agent specs (SplitSpecList).
  std::string genius_jar;              ///< --genius-jar: the jar of genius: agents.
  std::vector<std::string> scenarios;  ///< Paths; folders of scenario folders are expanded.
  int64_t rounds = 100;
  int repetitions = 1;
  bool rotate_profiles = false;
  bool self_play = false;
  std::string protocol = "sao";
  uint64_t seed = 0;
  int jobs = 0;  ///< 0: hardware threads (shared between MPI ranks on one machine).
  std::string db;
  std::string csv;
  std::string report;
  bool no_timing = false;  ///< CSV without the wall-clock columns.
  double move_time_limit = 10;
  double session_time_limit = 120;
  bool quiet = false;
  bool in_process = false;  ///< Sessions on threads of this process, not worker processes.
};

/// Runs `parley tournament`; returns the exit code.
int RunTournamentCommand(const TournamentArgs& args);

/// What `parley` does with no subcommand: its main job on the built-in default scenario.
int RunDefault();

}  // namespace parley::cli
