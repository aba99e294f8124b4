// `parley tournament`: every agent against every other, in every role, on many scenarios. The
// work is in the tournament library; this is options, progress and the summary.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "commands.h"
#include "options.h"
#include "output.h"
#include "parley/agent/genius.h"
#include "parley/protocol/registry.h"
#include "parley/tournament/cluster.h"
#include "parley/tournament/csv.h"
#include "parley/tournament/report.h"
#include "parley/tournament/summary.h"
#include "parley/tournament/tournament.h"

namespace parley::cli {
namespace {

std::string Seconds(double s) {
  char buf[32];
  if (s < 10) {
    std::snprintf(buf, sizeof buf, "%.2f s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%d:%02d", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", static_cast<int>(s) / 3600,
                  static_cast<int>(s) / 60 % 60, static_cast<int>(s) % 60);
  }
  return buf;
}

/// Draws progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise.
class ProgressView {
 public:
  explicit ProgressView(bool terminal) : terminal_(terminal) {}

  void Update(const TournamentProgress& p) {
    if (p.total == 0) return;
    const double share = static_cast<double>(p.done) / static_cast<double>(p.total);
    std::string eta = p.eta >= 0 ? "ETA " + Seconds(p.eta) : "ETA ?";
    std::string failures = p.failures > 0 ? ", " + std::to_string(p.failures) + " failed" : "";
    if (terminal_) {
      constexpr int kWidth = 30;
      const int filled = static_cast<int>(share * kWidth);
      std::string bar(static_cast<size_t>(filled), '=');
      if (filled < kWidth) bar += '>' + std::string(static_cast<size_t>(kWidth - filled - 1), ' ');
      std::fprintf(stderr, "\r\033[K[%s] %llu/%llu %3.0f%%  %s  %s%s", bar.c_str(),
                   static_cast<unsigned long long>(p.done),
                   static_cast<unsigned long long>(p.total), share * 100,
                   Seconds(p.elapsed).c_str(), eta.c_str(), failures.c_str());
      drawn_ = true;
    } else {
      const int tenth = static_cast<int>(share * 10);
      if (tenth <= last_tenth_ && p.elapsed - last_line_ < 30) return;
      last_tenth_ = tenth;
      last_line_ = p.elapsed;
      std::fprintf(stderr, "progress: %llu/%llu sessions (%.0f%%), %s, %s%s\n",
                   static_cast<unsigned long long>(p.done),
                   static_cast<unsigned long long>(p.total), share * 100,
                   Seconds(p.elapsed).c_str(), eta.c_str(), failures.c_str());
    }
    std::fflush(stderr);
  }
  void Close() {
    if (drawn_) std::fputs("\r\033[K", stderr);
  }

 private:
  bool terminal_;
  bool drawn_ = false;
  int last_tenth_ = -1;
  double last_line_ = 0;
};

std::string Interval(double lo, double hi, bool percent) {
  return "[" + (percent ? FormatPercent(lo) : FormatUtility(lo)) + ", " +
         (percent ? FormatPercent(hi) : FormatUtility(hi)) + "]";
}

/// The deterministic summary printed on stdout.
std::string SummaryText(const TournamentResults& results, const Summary& summary) {
  const TournamentConfig& c = results.config;
  std::string out =
      "tournament: " + std::to_string(summary.sessions) + " sessions, " +
      std::to_string(results.agents.size()) + " agents, " +
      std::to_string(results.scenarios.size()) + " scenarios, protocol " + c.protocol + ", " +
      std::to_string(c.rounds) + " rounds" + (c.rotate_profiles ? ", profiles rotated" : "") +
      (c.self_play ? ", self-play" : "") +
      (c.repetitions > 1 ? ", " + std::to_string(c.repetitions) + " repetitions" : "") + ", seed " +
      std::to_string(c.seed) + "\n\n";
  TextTable agents;
  agents.AddColumn("rank", TextTable::Align::kRight);
  agents.AddColumn("agent");
  agents.AddColumn("advantage", TextTable::Align::kRight);
  agents.AddColumn("95% CI");
  agents.AddColumn("utility", TextTable::Align::kRight);
  agents.AddColumn("agreements", TextTable::Align::kRight);
  agents.AddColumn("failures", TextTable::Align::kRight);
  agents.AddColumn("n", TextTable::Align::kRight);
  for (size_t i = 0; i < summary.agents.size(); ++i) {
    const AgentSummary& a = summary.agents[i];
    const double lo = a.advantage.mean - a.advantage.half_width;
    const double hi = a.advantage.mean + a.advantage.half_width;
    agents.AddRow({std::to_string(i + 1), a.agent, FormatUtility(a.advantage.mean),
                   Interval(lo, hi, false), FormatUtility(a.utility),
                   FormatPercent(a.agreement_rate), std::to_string(a.failures),
                   std::to_string(a.advantage.n)});
  }
  out +=
      "agents ranked by mean advantage (utility - reservation value):\n" + agents.Render() + "\n";

  TextTable scenarios;
  scenarios.AddColumn("scenario");
  scenarios.AddColumn("sessions", TextTable::Align::kRight);
  scenarios.AddColumn("agreements", TextTable::Align::kRight);
  scenarios.AddColumn("95% CI");
  scenarios.AddColumn("welfare", TextTable::Align::kRight);
  scenarios.AddColumn("to Pareto", TextTable::Align::kRight);
  scenarios.AddColumn("failures", TextTable::Align::kRight);
  for (const ScenarioSummary& s : summary.scenarios) {
    scenarios.AddRow({s.scenario, std::to_string(s.agreements.n), FormatPercent(s.agreements.rate),
                      Interval(s.agreements.low, s.agreements.high, true), FormatUtility(s.welfare),
                      s.pareto_distance >= 0 ? FormatUtility(s.pareto_distance) : "-",
                      std::to_string(s.failures)});
  }
  out += "agreement rate per scenario:\n" + scenarios.Render();
  out += "\ntotal: " + std::to_string(summary.agreements) + " of " +
         std::to_string(summary.sessions) + " sessions agreed (" +
         FormatPercent(summary.sessions ? static_cast<double>(summary.agreements) /
                                              static_cast<double>(summary.sessions)
                                        : 0) +
         "), " + std::to_string(summary.failures) + " ended in a failure\n";
  for (const ScenarioInfo& s : results.scenarios)
    if (!s.reference_note.empty()) out += "note: " + s.name + ": " + s.reference_note + "\n";
  return out;
}

/// Checks, before anything runs, that the output file `path` of `option` can be written: an
/// existing file is opened for writing (not truncated); a new one is created and removed again.
/// Otherwise a long tournament would end with nowhere to put its results.
Status CheckWritable(const std::string& path, const char* option) {
  if (path.empty()) return {};
  // O_NONBLOCK: a FIFO without a reader must not block the check (it is writable later).
  int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENXIO) return {};
  bool created = false;
  if (fd < 0 && errno == ENOENT) {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    created = fd >= 0;
  }
  if (fd < 0) {
    const int err = errno;
    std::string why = std::strerror(err);
    if (err == ENOENT) why += " (its folder does not exist)";
    return Error::BadInput("cannot write this file: " + why + "; nothing was run", path, 0, option);
  }
  ::close(fd);
  if (created) ::unlink(path.c_str());
  return {};
}

/// Threads per rank when MPI starts several ranks on one machine: share the cores.
int DefaultJobs(const Cluster* cluster) {
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (!cluster) return hardware;
  int local = 1;
  if (const char* s = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE")) local = std::max(1, std::atoi(s));
  return std::max(1, hardware / local);
}

}  // namespace

int RunTournamentCommand(const TournamentArgs& args) {
  if (!args.genius_jar.empty()) SetGeniusJar(args.genius_jar);
  TournamentConfig config;
  if (Status s = CheckNoEmptyAgent(args.agents); !s) return ReportError(s.error());
  config.agents = SplitSpecList(args.agents);
  std::vector<std::string> notes;  // subfolders skipped
  Result<std::vector<std::string>> scenarios = ExpandScenarioPaths(args.scenarios, &notes);
  if (!scenarios) return ReportError(scenarios.error());
  config.scenarios = *scenarios;
  config.protocol = args.protocol;
  config.rounds = args.rounds;
  config.repetitions = args.repetitions;
  config.rotate_profiles = args.rotate_profiles;
  config.self_play = args.self_play;
  config.seed = args.seed;
  config.move_time_limit = args.move_time_limit;
  config.session_time_limit = args.session_time_limit;

  std::unique_ptr<Cluster> cluster;
  if (LaunchedByMpi()) {
    Result<std::unique_ptr<Cluster>> made = MakeMpiCluster();
    if (!made) return ReportError(made.error());
    cluster = std::move(*made);
    if (cluster->size() == 1) cluster.reset();  // one rank: no need for messages
  }
  const bool root = !cluster || cluster->rank() == 0;
  if (root && !args.quiet)
    for (const std::string& note : notes) std::fprintf(stderr, "note: %s\n", note.c_str());

  if (root) {
    for (const auto& [path, option] :
         {std::pair{&args.csv, "--csv"}, std::pair{&args.report, "--report"}}) {
      if (Status s = CheckWritable(*path, option); !s) {
        const int code = ReportError(s.error());
        if (cluster) cluster->Abort(code);  // the other ranks wait for rank 0: end them too
        return code;
      }
    }
  }

  TournamentOptions options;
  options.jobs = args.jobs > 0 ? args.jobs : DefaultJobs(cluster.get());
  options.db = args.db;
  options.cluster = cluster.get();
  options.in_process = args.in_process;
  ProgressView view(isatty(STDERR_FILENO) != 0);
  bool estimated = false;
  const int workers = options.jobs * (cluster ? cluster->size() : 1);
  if (root) {
    options.progress = [&](const TournamentProgress& p) {
      if (!estimated) {
        // The first call comes before any session runs: warn about a run that cannot end today.
        estimated = true;
        const uint64_t pending = p.total - p.resumed;
        WarnIfLongerThanADay(static_cast<double>(pending) * static_cast<double>(config.rounds),
                             workers,
                             "--rounds " + std::to_string(config.rounds) + " x " +
                                 std::to_string(pending) + " sessions");
      }
      if (!args.quiet) view.Update(p);
    };
  }

  Result<TournamentResults> results = RunTournament(config, options);
  view.Close();
  if (!results) {
    // Rank 0 speaks for the cluster; another rank only for an error of its own (e.g. a file it
    // cannot read), named by its rank.
    if (root) return ReportError(results.error());
    if (results.error().code == ErrorCode::kInternal) return 2;
    Error e = results.error();
    e.message = "rank " + std::to_string(cluster->rank()) + ": " + e.message;
    return ReportError(e);
  }
  if (!results->root) return 0;

  int code = 0;
  if (!args.csv.empty()) {
    if (Status s = WriteResultsCsv(*results, args.csv, {.timing = !args.no_timing}); !s)
      code = ReportError(s.error());
  }
  const Summary summary = Summarize(*results);
  if (!args.report.empty()) {
    if (Status s = WriteTournamentReport(*results, summary, args.report); !s)
      code = ReportError(s.error());
  }
  std::fputs(SummaryText(*results, summary).c_str(), stdout);
  if (!args.quiet) {
    const uint64_t ran = results->sessions.size() - results->resumed;
    std::fprintf(
        stderr, "prepared in %s; ran %llu sessions in %s on %d %s%s%s (%.0f sessions/s)%s\n",
        Seconds(results->seconds - results->run_seconds).c_str(),
        static_cast<unsigned long long>(ran), Seconds(results->run_seconds).c_str(), options.jobs,
        results->in_process ? "thread" : "worker process",
        options.jobs == 1 ? "" : (results->in_process ? "s" : "es"),
        cluster ? (" x " + std::to_string(cluster->size()) + " ranks").c_str() : "",
        results->run_seconds > 0 ? static_cast<double>(ran) / results->run_seconds : 0.0,
        results->resumed > 0
            ? ("; " + std::to_string(results->resumed) + " resumed from " + args.db).c_str()
            : "");
  }
  if (results->abandoned_threads > 0) {
    // Hung agents still hold threads that cannot be stopped: end without waiting for them.
    std::fprintf(stderr, "note: %zu hung session thread%s abandoned; exiting without them\n",
                 results->abandoned_threads, results->abandoned_threads == 1 ? "" : "s");
    std::fflush(stdout);
    std::fflush(stderr);
    cluster.reset();
    std::_Exit(code);
  }
  return code;
}

void AddTournamentCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<TournamentArgs>();
  CLI::App* command = app.add_subcommand(
      "tournament",
      "Run every agent against every other, in every role, on every scenario; rank them");
  command
      ->add_option("--agents", args->agents,
                   "The agents, comma-separated, each name or name:key=value,... (see parley "
                   "agents)")
      ->required();
  command
      ->add_option("--scenarios", args->scenarios,
                   "Scenarios: native files, GENIUS or GeniusWeb folders, built-in names, or "
                   "folders of scenario folders (e.g. genius/y2012)")
      ->required()
      ->expected(1, -1);
  command->add_option("--genius-jar", args->genius_jar,
                      "The GENIUS jar of genius: agents (default: $PARLEY_GENIUS_JAR, else the "
                      "jar parley was built with; docs/genius-bridge.md)");
  command->add_option("--rounds", args->rounds, "Deadline of each session in rounds (default 100)")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  command->add_option("--repetitions", args->repetitions, "Runs of each session (default 1)")
      ->check(CLI::Range(1, 1'000'000));
  command->add_flag("--rotate-profiles", args->rotate_profiles,
                    "Play every profile from every turn position (N rotations for N parties)");
  command->add_flag("--self-play", args->self_play,
                    "Include sessions where one agent holds every position");
  command->add_option("--protocol", args->protocol,
                      "Protocol (default: sao; see parley protocols)");
  command
      ->add_option("--seed", args->seed,
                   "Tournament seed; session i uses a seed derived from "
                   "it and i (default 0)")
      ->check(SeedValidator());
  command->add_option("--jobs,-j", args->jobs, "Worker processes (default: all hardware threads)")
      ->check(CLI::Range(1, 4096));
  command->add_option("--db", args->db,
                      "SQLite file for the results; rerun with it to resume an interrupted run");
  command->add_option("--csv", args->csv, "Write one row per session and agent to FILE");
  command->add_option("--report", args->report,
                      "Write an HTML report with plots to FILE (self-contained)");
  command->add_flag("--no-timing", args->no_timing,
                    "Leave the wall-clock columns out of the CSV (then it is byte-identical "
                    "between runs)");
  command
      ->add_option("--move-time-limit", args->move_time_limit,
                   "Seconds one call into an agent may take; over it, the agent fails with a "
                   "timeout (default 10; 0: none)")
      ->check(SecondsValidator(true));
  command
      ->add_option("--session-time-limit", args->session_time_limit,
                   "Wall-clock seconds per session (default 120; 0: none)")
      ->check(SecondsValidator(true));
  command->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  command->add_flag("--in-process", args->in_process,
                    "Run sessions on threads of this process instead of worker processes (to "
                    "debug an agent; a crash then ends the run)");
  command->callback([args, &action] { action = [args] { return RunTournamentCommand(*args); }; });
}

}  // namespace parley::cli
