#pragma once

/// \file
/// Private to the tournament module: running scheduled sessions on a pool of worker processes
/// (or threads, in-process) with a watchdog. The shared context is read-only while sessions run;
/// the pools hold it by shared_ptr so that a thread abandoned in a hung agent keeps it alive.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
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
/// only needs eventually consistent values), read by the monitor. For worker processes it lives
/// in shared memory (the atomics are lock-free, so they work across processes), and it tells
/// the monitor which session and agent a dead worker was in.
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

/// A session that ended outside the protocol: `position` at fault (none: "error"), with `kind`
/// and `message`.
SessionRecord FailedRecord(const SessionContext& context, const ScheduledSession& session,
                           std::optional<size_t> position, FailureKind kind,
                           const std::string& message);

/// Watchdog bookkeeping for one worker (monitor only).
struct WatchState {
  uint64_t seen_calls = 0;
  int64_t seen_session = -1;
  std::chrono::steady_clock::time_point seen_since;
};

/// The timeout record of the session `watch` shows, if it is stuck in a call past the move limit
/// plus a grace second or past the session limit (plus both); none otherwise or without limits.
std::optional<SessionRecord> CheckHung(const SessionContext& context, const WorkerWatch& watch,
                                       WatchState& state,
                                       std::chrono::steady_clock::time_point now);

/// Runs a list of schedule indices and hands back the records as they finish. The monitor
/// (whoever calls Collect) also runs the watchdog.
class SessionRunner {
 public:
  virtual ~SessionRunner() = default;
  /// Waits up to `timeout` for finished sessions and appends them to `out` (in finishing order).
  /// Errors only when workers cannot be started or keep dying outside any session.
  virtual Status Collect(std::vector<SessionRecord>& out, std::chrono::milliseconds timeout) = 0;
  /// Every work item has been collected.
  virtual bool Finished() const = 0;
  /// Threads left behind in hung agents (the thread pool only).
  virtual size_t abandoned() const { return 0; }
};

/// Sessions on forked worker processes (`jobs` of them, reused; each runs batches of sessions
/// one after another). A worker that dies (a signal, an exit) records its session as kind
/// "crash" against the agent that was in a call; a hung one is killed (SIGKILL) and its session
/// recorded as a "timeout"; either way a fresh worker is forked and the rest of its batch runs
/// again elsewhere. The context must not change while the pool lives (workers see it as it was
/// at the fork). Workers never return from the fork: they end with _exit.
std::unique_ptr<SessionRunner> MakeProcessPool(std::shared_ptr<const SessionContext> context,
                                               std::vector<uint64_t> work, int jobs);

/// Sessions on `jobs` threads of this process, for agents that cannot cross a fork (Python,
/// JVM bridges). A crash ends the process; a hung call's thread is abandoned (it keeps the
/// context alive through the shared_ptr) and replaced.
std::unique_ptr<SessionRunner> MakeThreadPool(std::shared_ptr<const SessionContext> context,
                                              std::vector<uint64_t> work, int jobs);

}  // namespace parley::tournament_internal
