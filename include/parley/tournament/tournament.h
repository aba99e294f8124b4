#pragma once

/// \file
/// Tournaments: many sessions between agents on many scenarios, in parallel, resumable, with
/// every session's numbers.
///
/// Basic API:
///
///     TournamentConfig config;
///     config.agents = {"boulware", "conceder", "linear"};
///     config.scenarios = {"../shared/data/genius/y2012/CameraB"};
///     config.rotate_profiles = true;
///     Result<TournamentResults> results = RunTournament(config);
///     Summary summary = Summarize(*results);          // summary.h
///     WriteCsv(*results, "scores.csv");               // csv.h
///
/// What it does. The schedule (schedule.h) lists every session. Each scenario is loaded,
/// prepared (compiled profiles, utility indexes) and analysed (Pareto frontier, Nash point)
/// once; its rotations share that analysis, permuted. Sessions then run on `jobs` worker
/// processes, forked once after preparing (they share the prepared scenarios copy-on-write) and
/// reused, each given batches of sessions; a session's randomness comes from its seed alone
/// (DeriveSeed(config.seed, index)), so the numbers do not depend on `jobs`, on the order
/// sessions finish in, or on the MPI rank that ran them. Results come back in schedule order.
///
/// Faults. An agent that throws, returns an illegal action or an outcome outside the space ends
/// its session with the failure recorded against it (the protocol's Table does this). Time is
/// guarded three ways: one move over `move_time_limit` is a timeout against its agent (checked
/// when the move returns); a session past `session_time_limit` ends at its next move with a
/// timeout against the agent that used the most time; and a call into an agent that does not
/// return within the limit plus a grace second is stopped by a watchdog: its worker process is
/// killed, the session recorded as a timeout against that agent, and a fresh worker forked. A
/// worker that dies (a segfault, an abort, an exit) has its session recorded as a failure of
/// kind "crash" against the agent that was in a call. Either way the other sessions of its
/// batch run again on the other workers, with the same results, in the same run.
///
/// In-process. Agents that cannot cross a fork (RegistryEntry::in_process: Python agents, the
/// GENIUS bridge's JVM children), or `TournamentOptions::in_process`, run every session on
/// `jobs` threads of the calling process instead: the same results, but a crash ends the process,
/// and a hung call's thread cannot be stopped: it is abandoned and replaced, and keeps its core
/// until the agent returns; a process that has one should end with std::_Exit once its outputs
/// are written (TournamentResults::abandoned_threads).
///
/// Resume. With `TournamentOptions::db`, finished sessions are committed to SQLite (results_db.h)
/// in small transactions as they finish; rerunning the same configuration with the same
/// database skips them. A database made by a different configuration is an error naming the
/// settings that differ.
///
/// Distributed. With a `Cluster` (cluster.h, MPI), every rank prepares the scenarios, the ranks
/// split the pending sessions (strided: the i-th pending session goes to rank i mod size), and
/// rank 0 gathers, commits and returns the results; the other ranks return an empty result.
/// An error on any rank after the plan is printed to stderr and ends every rank (MPI_Abort),
/// since the others may be blocked waiting for it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parley/core/result.h"
#include "parley/tournament/schedule.h"

namespace parley {

class Cluster;

/// What defines a tournament: everything its results depend on. Hashed for resume.
struct TournamentConfig {
  std::vector<std::string> agents;     ///< Agent specs ("boulware", "time-dependent:e=0.5").
  std::vector<std::string> scenarios;  ///< One path (file, folder or built-in name) each.
  std::string protocol = "sao";        ///< Protocol spec.
  int64_t rounds = 100;                ///< Deadline of every session, in rounds.
  int repetitions = 1;
  bool rotate_profiles = false;
  bool self_play = false;
  uint64_t seed = 0;
  /// Disagreement pays the reservation value (true) or 0 (GENIUS's historical convention).
  bool reservation_on_disagreement = true;
  double move_time_limit = 10;      ///< Seconds one call into an agent may take; 0: none.
  double session_time_limit = 120;  ///< Wall-clock seconds per session; 0: none.
};

/// How far a run is; given to the progress callback.
struct TournamentProgress {
  uint64_t total = 0;      ///< Sessions in the schedule.
  uint64_t done = 0;       ///< Finished, including `resumed`.
  uint64_t resumed = 0;    ///< Loaded from the database at the start.
  uint64_t committed = 0;  ///< Written to the database so far (0 without one).
  uint64_t failures = 0;   ///< Finished sessions that ended in a failure.
  double elapsed = 0;      ///< Seconds since the sessions started running.
  /// Estimated seconds left (from this run's rate); negative until there is a rate.
  double eta = -1;
};

/// How to run a tournament; nothing here changes its results.
struct TournamentOptions {
  int jobs = 0;    ///< Worker processes (or threads) per rank; 0: the hardware's threads.
  std::string db;  ///< SQLite file for results and resume; empty: none.
  /// Called from the calling thread (rank 0 only) a few times a second and once at the end.
  /// An exception it throws ends the run and reaches the caller: busy worker processes are
  /// killed, threads finish the session they are in, sessions already committed to `db` stay
  /// (the Python package's Ctrl-C).
  std::function<void(const TournamentProgress&)> progress;
  /// Seconds between progress calls (the last call is always made).
  double progress_interval = 0.1;
  Cluster* cluster = nullptr;  ///< MPI ranks; null: this process alone.
  /// Finished sessions are committed (or sent to rank 0) when this many are waiting or this
  /// many seconds have passed, whichever comes first: a kill loses at most that much work.
  size_t commit_batch = 512;
  double commit_interval = 0.2;
  /// Run sessions on threads of this process, not in worker processes (see "In-process"
  /// above); also chosen when an agent's registry entry says `in_process`.
  bool in_process = false;
};

/// One agent's numbers in one session.
struct PartyResult {
  uint32_t agent = 0;    ///< Index into TournamentConfig::agents.
  uint32_t profile = 0;  ///< The scenario party whose profile it played.
  double utility = 0;    ///< Undiscounted; reservation value (or 0) without agreement.
  double discounted = 0;
  double reservation = 0;
  double advantage = 0;        ///< utility - reservation.
  double partner_welfare = 0;  ///< Mean utility of the other parties (NegMAS).
  bool failed = false;         ///< The session's failure is recorded against this agent.
  double agent_seconds = 0;    ///< Wall time spent in this agent's code (not deterministic).
  bool operator==(const PartyResult&) const = default;
};

/// One session's numbers. Everything but `session_seconds` and `PartyResult::agent_seconds`
/// is a function of the configuration and the session's index (timeouts aside).
struct SessionRecord {
  uint64_t index = 0;
  uint32_t scenario = 0;
  uint32_t rotation = 0;
  uint32_t repetition = 0;
  uint64_t seed = 0;
  bool agreement = false;
  std::string end_reason;         ///< "agreement", "deadline", "walk-away", "failure", "error".
  std::vector<uint32_t> outcome;  ///< The agreement's value indices; empty without one.
  int rounds = 0;
  double time = 0;  ///< Normalised time at the end.
  int64_t moves = 0;
  double welfare = 0;  ///< Sum of the utilities.
  std::optional<double> pareto_distance;
  std::optional<double> nash_distance;
  /// "exception", "illegal-action", "invalid-outcome", "timeout", "crash" (the worker process
  /// died), or "error" (the session could not run: no agent at fault); empty when none.
  std::string failure_kind;
  std::optional<uint32_t> failure_position;  ///< The position at fault.
  std::string failure_message;
  std::vector<PartyResult> parties;  ///< By position.
  double session_seconds = 0;        ///< Wall time of the session (not deterministic).
  bool operator==(const SessionRecord&) const = default;
};

/// What the outputs need to know about a scenario.
struct ScenarioInfo {
  std::string name;                  ///< Unique within the tournament (" #2" added on clashes).
  std::string path;                  ///< As given.
  std::vector<std::string> parties;  ///< Profile (party) names, scenario order.
  double outcomes = 0;
  std::string reference_note;  ///< Why distances may be missing or approximate.
};

struct TournamentResults {
  TournamentConfig config;
  std::vector<std::string> agents;  ///< Display names (canonical specs), config order.
  std::vector<ScenarioInfo> scenarios;
  std::vector<SessionRecord> sessions;  ///< Complete, in schedule order (empty off rank 0).
  std::string config_hash;
  uint64_t resumed = 0;          ///< Sessions loaded from the database instead of run.
  size_t abandoned_threads = 0;  ///< In-process runs only: threads left in hung agents.
  bool in_process = false;       ///< Sessions ran on threads of this process.
  bool root = true;              ///< False on MPI ranks other than 0.
  double seconds = 0;            ///< Wall time of the whole call.
  double run_seconds = 0;        ///< Wall time of the sessions alone (after preparing).
};

/// Runs (or resumes) a tournament. Errors: unknown agents or protocol (listing the known ones),
/// unreadable scenarios, a protocol that cannot run a scenario, a database from another
/// configuration, a database that cannot be written.
Result<TournamentResults> RunTournament(const TournamentConfig& config,
                                        const TournamentOptions& options = {});

/// Paths as given, with each folder of scenario folders (a folder with no files of its own and
/// subfolders, like ../shared/data/genius/y2012) replaced by its subfolders in name order.
/// Subfolders without scenario files (.xml, .json, .yaml) are skipped, each with a line in
/// `notes` (if given) naming it and the folder. Built-in scenario names pass through. Errors: a
/// path that does not exist; a folder of folders none of which holds scenario files.
Result<std::vector<std::string>> ExpandScenarioPaths(const std::vector<std::string>& paths,
                                                     std::vector<std::string>* notes = nullptr);

/// The configuration as canonical JSON (sorted keys, one line) with a digest of each scenario's
/// files, and its SHA-256. Two configurations with the same hash have the same results.
struct ConfigIdentity {
  std::string json;
  std::string hash;
};
Result<ConfigIdentity> IdentifyConfig(const TournamentConfig& config);

}  // namespace parley
