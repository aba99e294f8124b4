// `parley negotiate`, `parley agents`, `parley protocols`: run one negotiation between agents
// and list what can be run. The work is in the session library; this is options and output.

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "commands.h"
#include "options.h"
#include "output.h"
#include "parley/agent/agents.h"
#include "parley/agent/genius.h"
#include "parley/io/scenario_io.h"
#include "parley/session/plot.h"
#include "parley/session/report.h"
#include "parley/session/session.h"
#include "undertaking_report.h"

namespace parley::cli {
namespace {

constexpr size_t kUnlimitedRows = static_cast<size_t>(-1);

// The height of the screen a moves listing must fit when stdout is a terminal: LINES when set,
// else the terminal's rows. Files and pipes get every move (scripts and golden tests read them).
size_t ScreenRows() {
  if (isatty(STDOUT_FILENO) == 0) return kUnlimitedRows;
  if (const char* lines = std::getenv("LINES"); lines && *lines) {
    char* end = nullptr;
    const long rows = std::strtol(lines, &end, 10);
    if (*end == '\0' && rows > 0) return static_cast<size_t>(rows);
  }
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0) return size.ws_row;
  return 24;
}

Result<std::vector<std::string>> AgentsForParties(const std::string& text, size_t parties,
                                                  const std::string& protocol) {
  if (!text.empty()) PARLEY_RETURN_IF_ERROR(CheckNoEmptyAgent(text));
  std::vector<std::string> agents = SplitSpecList(text);
  if (agents.empty()) return DefaultAgents(protocol, parties);
  if (agents.size() == 1 && parties > 1) agents.assign(parties, agents[0]);
  if (agents.size() != parties) {
    return Error::BadInput("the scenario has " + std::to_string(parties) + " parties but " +
                               std::to_string(agents.size()) +
                               " agents were given: give one agent for all, or one per party",
                           {}, 0, "--agents");
  }
  return agents;
}

// ---- A crash in an agent -----------------------------------------------------------------
// One negotiation runs in this process, so an agent that crashes (a segfault, an abort) ends it;
// it should not end it silently. While a CrashReporter lives, the handler prints the line made
// beforehand for the agent in a call (write(2) only: async-signal-safe) and exits with 1.

std::atomic<int> g_in_call{-1};
const std::vector<std::string>* g_crash_lines = nullptr;
constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

extern "C" void OnAgentCrash(int sig) {
  const int party = g_in_call.load();
  const std::vector<std::string>* lines = g_crash_lines;
  const char* name = sig == SIGSEGV  ? "SIGSEGV"
                     : sig == SIGBUS ? "SIGBUS"
                     : sig == SIGFPE ? "SIGFPE"
                     : sig == SIGILL ? "SIGILL"
                                     : "SIGABRT";
  const std::string* line = nullptr;
  if (lines && party >= 0 && static_cast<size_t>(party) + 1 < lines->size()) {
    line = &(*lines)[static_cast<size_t>(party)];
  } else if (lines) {
    line = &lines->back();
  }
  if (line) {
    [[maybe_unused]] ssize_t n = ::write(2, line->data(), line->size());
    n = ::write(2, name, std::strlen(name));
    n = ::write(2, ")\n", 2);
  }
  ::_exit(1);
}

class CrashReporter {
 public:
  CrashReporter(const std::vector<std::string>& agents, const Scenario& scenario) {
    for (size_t p = 0; p < agents.size(); ++p) {
      const std::string party = p < scenario.parties.size() ? scenario.parties[p].name : "";
      lines_.push_back("parley: agent '" + agents[p] + "' (party " + std::to_string(p + 1) +
                       (party.empty() ? "" : ", " + party) + ") crashed the negotiation (");
    }
    lines_.push_back("parley: the negotiation crashed outside any agent call (");
    g_crash_lines = &lines_;
    struct sigaction action {};
    action.sa_handler = OnAgentCrash;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < std::size(kCrashSignals); ++i)
      sigaction(kCrashSignals[i], &action, &previous_[i]);
  }
  ~CrashReporter() {
    for (size_t i = 0; i < std::size(kCrashSignals); ++i)
      sigaction(kCrashSignals[i], &previous_[i], nullptr);
    g_crash_lines = nullptr;
  }
  CrashReporter(const CrashReporter&) = delete;
  CrashReporter& operator=(const CrashReporter&) = delete;
  std::atomic<int>* in_call() { return &g_in_call; }

 private:
  std::vector<std::string> lines_;
  struct sigaction previous_[std::size(kCrashSignals)];
};

}  // namespace

int RunNegotiate(const NegotiateArgs& args) {
  if (!args.genius_jar.empty()) SetGeniusJar(args.genius_jar);
  LoadOptions load;
  if (!args.format.empty()) {
    load.format = ParseFormatName(args.format);
    if (!load.format) {
      return ReportError(Error::BadInput(
          "unknown format '" + args.format + "'; expected native, genius or geniusweb", {}, 0,
          "--format"));
    }
  }
  if (args.resolution) {
    load.real_resolution = *args.resolution;
    load.override_resolution = true;
  }
  Result<LoadedScenario> loaded = LoadScenario(args.scenarios, load);
  if (!loaded) return ReportError(loaded.error());

  SessionConfig config;
  config.protocol = !args.protocol.empty() ? args.protocol
                    : args.compare         ? "single-undertaking"
                                           : DefaultProtocol(loaded->scenario);
  config.seed = args.seed;
  if (args.time) {
    config.deadline = Deadline::Seconds(*args.time);
    config.move_time_limit = *args.time;  // one move may not take the whole negotiation
  } else {
    // At most 10^8 rounds: under a minute at the fastest measured speed, so no day-long warning
    // as in tournaments, where sessions multiply it.
    config.deadline = Deadline::Rounds(args.rounds.value_or(100));
  }
  Result<std::vector<std::string>> agents =
      AgentsForParties(args.agents, loaded->scenario.NumParties(), config.protocol);
  if (!agents) return ReportError(agents.error());
  config.agents = *agents;
  // Keep the moves only when something shows them, so that memory does not grow with the
  // rounds: none with --summary alone, and no more than a screen's worth for the listing.
  const size_t screen = ScreenRows();
  const bool all_moves = args.json || !args.trace.empty() || !args.plot.empty() || args.moves;
  config.record_moves = all_moves || !args.summary;
  if (!all_moves) config.max_kept_moves = screen;
  // Check the names before any costly analysis.
  if (auto p = Protocols().Make(config.protocol); !p) return ReportError(p.error());
  for (const auto& spec : config.agents)
    if (auto a = Agents().Make(spec); !a) return ReportError(a.error());

  PlotOptions plot_options;
  if (!args.plot.empty()) {
    if (auto format = picture::PlotFormatForPath(args.plot, "--plot"); !format)
      return ReportError(format.error());
  }
  if (!args.plot_axes.empty()) {
    auto axes = ParsePlotAxes(args.plot_axes, loaded->scenario);
    if (!axes) return ReportError(axes.error());
    plot_options.axes = *axes;
  }
  PreparedScenario prepared(std::move(loaded->scenario));
  AnalysisOptions analysis;
  analysis.allow_approximation = true;
  analysis.time_limit_seconds = args.analysis_time_limit;
  const ReferencePoints reference = ComputeReferencePoints(prepared.scenario(), analysis);
  CrashReporter crash_reporter(config.agents, prepared.scenario());
  config.in_call = crash_reporter.in_call();
  if (args.compare)
    return RunCompare(prepared, config, reference, args.json, args.plot, plot_options);

  Result<SessionResult> result = RunSession(prepared, config, &reference);
  if (!result) return ReportError(result.error());

  if (!args.trace.empty()) {
    if (Status s = WriteTraceFile(args.trace, prepared, *result); !s) return ReportError(s.error());
  }
  if (!args.plot.empty()) {
    if (Status s = WritePlotFile(args.plot, prepared, *result, reference, plot_options); !s)
      return ReportError(s.error());
  }
  if (args.json) {
    std::fflush(stdout);
    WriteSessionJson(std::cout, prepared, *result);
    std::cout.flush();
  } else {
    std::ostringstream out;
    for (const auto& note : loaded->notes) out << "note: " << note << "\n";
    TranscriptOptions options;
    options.show_moves = !args.summary;
    if (!args.moves) {
      options.max_listing_lines = screen;
      options.omitted_hint = "--moves lists them, --trace FILE writes them";
    }
    WriteTranscript(out, prepared, *result, options);
    if (IsSingleUndertaking(config.protocol))
      out << PackagePlacementText(prepared, *result, reference);
    std::fputs(out.str().c_str(), stdout);
  }
  return 0;
}

namespace {

template <typename T>
Json RegistryJson(const Registry<T>& registry) {
  Json list = Json::array();
  for (const auto& entry : registry.List()) {
    Json params = Json::array();
    for (const auto& p : entry.parameters)
      params.push_back(
          {{"name", p.name}, {"default", p.default_value}, {"description", p.description}});
    Json item = {{"name", entry.name}, {"description", entry.description}, {"parameters", params}};
    // The GENIUS class it reproduces move for move; null when none.
    item["genius_class"] = entry.genius_class.empty() ? Json() : Json(entry.genius_class);
    list.push_back(std::move(item));
  }
  return list;
}

template <typename T>
std::string RegistryText(const Registry<T>& registry, const std::string& usage) {
  std::string out;
  for (const auto& entry : registry.List()) {
    out += entry.name + "\n    " + entry.description + "\n";
    for (const auto& p : entry.parameters) {
      out += "    " + p.name + (p.default_value.empty() ? "" : "=" + p.default_value) + "  " +
             p.description + "\n";
    }
  }
  return out + "\n" + usage + "\n";
}

}  // namespace

void AddNegotiateCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<NegotiateArgs>();
  CLI::App* command = app.add_subcommand(
      "negotiate", "Run one negotiation between agents under a protocol, and report it");
  command->add_option("scenario", args->scenarios,
                      "A native .yaml file, a GENIUS folder, a GeniusWeb folder, a list of "
                      "files, or a built-in name (default: doha-2019)");
  command->add_option("--protocol", args->protocol,
                      "Protocol by name, name:key=value,... (default: single-undertaking for "
                      "scenarios with tracks or ratifiers, such as doha-2019, else sao; see "
                      "parley protocols)");
  command->add_option("--agents", args->agents,
                      "Agents in party order, comma-separated, each name:key=value,... (one "
                      "agent plays every party; default: boulware, or under the single "
                      "undertaking logroller, issue-by-issue, conditional-hardliner, ...; see "
                      "parley agents)");
  command->add_option("--genius-jar", args->genius_jar,
                      "The GENIUS jar of genius: agents (default: $PARLEY_GENIUS_JAR, else the "
                      "jar parley was built with; docs/genius-bridge.md)");
  auto* rounds = command->add_option("--rounds", args->rounds, "Deadline in rounds (default 100)")
                     ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  auto* time = command->add_option("--time", args->time, "Deadline in seconds of wall time")
                   ->check(SecondsValidator(false));
  rounds->excludes(time);
  command->add_option("--seed", args->seed, "Seed of every random choice (default 0)")
      ->check(SeedValidator());
  command->add_flag("--json", args->json, "Print one JSON object (see docs/negotiation.md)");
  command->add_flag("--summary", args->summary, "Only the outcome, not every move");
  command->add_flag("--moves", args->moves,
                    "List every move, even when the listing is longer than the screen");
  auto* trace =
      command->add_option("--trace", args->trace, "Write every move to FILE (.csv or .jsonl)");
  auto* plot = command->add_option("--plot", args->plot,
                                   "Write a picture to FILE (.svg or .html): utility space, "
                                   "utility over time per party, solution points; parallel "
                                   "coordinates for 3+ parties");
  command
      ->add_option("--plot-axes", args->plot_axes,
                   "The two parties of the utility-space panel, by name or 0-based index "
                   "(default: 0,1)")
      ->needs(plot);
  command
      ->add_flag("--compare", args->compare,
                 "Run the same agents and seed under issue-by-issue binding and under the single "
                 "undertaking, and show the two outcomes side by side")
      ->excludes(trace);
  command->add_option("--format", args->format, "Input format (default: detected)")
      ->check(CLI::IsMember({"native", "genius", "geniusweb"}));
  command
      ->add_option(
          "--resolution", args->resolution,
          "Grid points for real-valued issues (replaces the files'; default: the file's, else 11)")
      ->check(CLI::Range(2, 1000000));
  command
      ->add_option("--analysis-time-limit", args->analysis_time_limit,
                   "Seconds the Pareto/Nash analysis may take (default 20)")
      ->check(SecondsValidator(false));
  command->callback([args, &action] { action = [args] { return RunNegotiate(*args); }; });
}

void AddAgentsCommand(CLI::App& app, Action& action) {
  auto json = std::make_shared<bool>(false);
  auto genius = std::make_shared<bool>(false);
  auto jar = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("agents", "List the agents and their parameters");
  command->add_flag("--json", *json, "Print a JSON array");
  command->add_flag("--genius", *genius,
                    "List the agent classes of the GENIUS jar instead (use as genius:CLASS)");
  command->add_option("--genius-jar", *jar,
                      "The GENIUS jar (default: $PARLEY_GENIUS_JAR, else the jar parley was "
                      "built with)");
  command->callback([json, genius, jar, &action] {
    action = [json, genius, jar] {
      if (!jar->empty()) SetGeniusJar(*jar);
      if (*genius) {
        Result<std::vector<GeniusAgentClass>> classes = ListGeniusAgents();
        if (!classes) return ReportError(classes.error());
        if (*json) {
          Json out = Json::array();
          for (const auto& c : *classes) out.push_back({{"class", c.name}, {"kind", c.kind}});
          PrintJson(out);
        } else {
          for (const auto& c : *classes)
            std::printf("%s  (%s)\n", c.name.c_str(),
                        c.kind == "agent" ? "genius.core.Agent" : "NegotiationParty");
          std::printf("\n%zu classes; use as genius:CLASS\n", classes->size());
        }
        return 0;
      }
      if (*json) {
        PrintJson(RegistryJson(Agents()));
      } else {
        std::fputs(RegistryText(Agents(),
                                "Use as name or name:key=value,... e.g. "
                                "time-dependent:e=0.5")
                       .c_str(),
                   stdout);
      }
      return 0;
    };
  });
}

void AddProtocolsCommand(CLI::App& app, Action& action) {
  auto json = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand("protocols", "List the negotiation protocols");
  command->add_flag("--json", *json, "Print a JSON array");
  command->callback([json, &action] {
    action = [json] {
      if (*json) {
        PrintJson(RegistryJson(Protocols()));
      } else {
        std::fputs(RegistryText(Protocols(), "Use with parley negotiate --protocol NAME").c_str(),
                   stdout);
      }
      return 0;
    };
  });
}

}  // namespace parley::cli
