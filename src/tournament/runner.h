#pragma once

/// \file
/// Private to the tournament module: running scheduled sessions on a pool of threads with a
/// watchdog. The shared context is read-only while sessions run; the pool holds it by
/// shared_ptr so that a thread abandoned in a hung agent keeps it alive.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "parley/protocol/registry.h"
#include "parley/session/session.h"
#include "parley/tournament/tournament.h"

namespace parley::tournament_internal {

/// Everything a session needs, prepared once per tournament and shared by every thread.
struct SessionContext {
  std::vector<Spec> agents;
  Spec protocol;
  int64_t rounds = 100;
  bool reservation_on_disagreement = true;
  double move_time_limit = 0;
  double session_time_limit = 0;
  std::vector<ScheduledSession> schedule;
  /// prepared[scenario][rotation] and reference[scenario][rotation]; rotations not in the
  /// schedule are null / empty.
  std::vector<std::vector<std::unique_ptr<PreparedScenario>>> prepared;
  std::vector<std::vector<ReferencePoints>> reference;
};

/// What the watchdog sees of one worker. Written by the worker (relaxed atomics: the watchdog
/// only needs eventually consistent values), read by the monitor.
struct WorkerWatch {
  std::atomic<int64_t> session{-1};       ///< Schedule index being run; -1 between sessions.
  std::atomic<int64_t> session_start{0};  ///< steady_clock ticks.
  std::atomic<int32_t> party{-1};         ///< Position of the agent in a call; -1 outside.
  std::atomic<uint64_t> calls{0};         ///< Incremented on every call into an agent.
  std::atomic<bool> abandoned{false};
};

/// Runs one scheduled session, never throws: every failure becomes part of the record.
/// `watch` may be null (no watchdog).
SessionRecord RunScheduledSession(const SessionContext& context, const ScheduledSession& session,
                                  WorkerWatch* watch);

/// A session that crashed the process (a segfault, an abort), as the crash handler wrote it
/// down: recorded on resume as a failure of kind "crash" instead of being run again.
struct CrashNote {
  uint64_t session = 0;
  std::optional<size_t> position;  ///< The agent in a call when it crashed; none if unknown.
  int signal = 0;
};

/// While alive, SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT raised on a worker thread inside a
/// session of `owner` (other tournaments in the process are not noted) append "<tag> <session>
/// <position or -1> <signal>" to `path` (open, write, close: async-signal-safe) and are then
/// re-raised to the previous handler, so the process still dies as it would have. Costs nothing per
/// session: the handler reads the worker's WorkerWatch. One at a time per process; the destructor
/// restores the previous handlers.
class CrashRecorder {
 public:
  CrashRecorder(const std::string& path, const std::string& tag, const SessionContext* owner);
  ~CrashRecorder();
  CrashRecorder(const CrashRecorder&) = delete;
  CrashRecorder& operator=(const CrashRecorder&) = delete;

  /// The notes in `path` whose tag is `tag` (others are from another tournament); none when
  /// the file does not exist.
  static std::vector<CrashNote> Read(const std::string& path, const std::string& tag);

 private:
  bool armed_ = false;
};

/// The record of a session that crashed the process (kind "crash", against `note.position`).
SessionRecord CrashedRecord(const SessionContext& context, const CrashNote& note);

/// A pool of worker threads over a list of schedule indices, with a watchdog run by whoever
/// calls `Collect` (the monitor thread).
class SessionPool {
 public:
  SessionPool(std::shared_ptr<const SessionContext> context, std::vector<uint64_t> work, int jobs);
  ~SessionPool();
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  /// Waits up to `timeout` for finished sessions and appends them to `out` (in finishing
  /// order); abandons hung sessions (recording them as timeouts) and replaces their threads.
  void Collect(std::vector<SessionRecord>& out, std::chrono::milliseconds timeout);
  /// Every work item has been collected.
  bool Finished() const { return collected_ == total_; }
  size_t abandoned() const { return abandoned_; }

  /// The state workers share with the pool; outlives the pool while an abandoned thread runs.
  struct Shared;

 private:
  struct Worker {
    std::shared_ptr<WorkerWatch> watch;
    std::thread thread;
    // Watchdog bookkeeping (monitor thread only).
    uint64_t seen_calls = 0;
    int64_t seen_session = -1;
    std::chrono::steady_clock::time_point seen_since;
  };
  void Spawn();
  void Watchdog();

  std::shared_ptr<Shared> shared_;
  std::vector<Worker> workers_;
  size_t total_ = 0;
  size_t collected_ = 0;
  size_t abandoned_ = 0;
  int jobs_ = 1;
};

}  // namespace parley::tournament_internal
