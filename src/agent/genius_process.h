#pragma once

// The JVM behind genius: agents (internal to the agent module; docs/genius-bridge.md): a child
// process running parley's Java host, spoken to one line at a time over a socket pair, and the
// process-wide pool that reuses JVMs across sessions.

#include <sys/types.h>

#include <memory>
#include <string>

#include "parley/core/result.h"

namespace parley::agents {

/// How to start a host JVM. Equal configurations share a pool.
struct GeniusLaunch {
  std::string java;          ///< The java executable.
  std::string host_jar;      ///< parley's host (java/, built by CMake).
  std::string genius_jar;    ///< The GENIUS jar the agents come from.
  std::string random_patch;  ///< random-patch.jar for java.base, or "" (no patch).
  bool operator==(const GeniusLaunch&) const = default;
};

/// Finds java, the host jar and the random patch; `genius_jar` is given. BadInput when the host
/// was not built or java is missing.
Result<GeniusLaunch> ResolveLaunch(const std::string& genius_jar);

/// One host JVM. Not thread-safe: one session uses it at a time. The destructor kills the JVM
/// (SIGKILL), reaps it and deletes its working directory.
class GeniusProcess {
 public:
  /// Starts the JVM (in a fresh temporary working directory) and waits for its "ready" line.
  static Result<std::unique_ptr<GeniusProcess>> Start(const GeniusLaunch& launch);
  ~GeniusProcess();
  GeniusProcess(const GeniusProcess&) = delete;
  GeniusProcess& operator=(const GeniusProcess&) = delete;

  /// Sends one line and waits at most `timeout_s` seconds for the one-line reply. On a timeout,
  /// a dead JVM or a broken socket: an error (Internal), and the process is dead afterwards.
  Result<std::string> Request(const std::string& line, double timeout_s);
  bool alive() const { return pid_ > 0; }
  /// Sessions served so far.
  int sessions = 0;
  /// Kills the JVM now.
  void Kill();

 private:
  GeniusProcess() = default;
  Result<std::string> ReadLine(double timeout_s);
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string workdir_;
  std::string buffer_;
};

/// A JVM for one session: an idle one from the pool, else a new one.
Result<std::unique_ptr<GeniusProcess>> AcquireGeniusProcess(const GeniusLaunch& launch);
/// Gives a JVM back after its session: asks the host whether reuse is safe; keeps it if so and
/// the pool has room, else kills it.
void ReleaseGeniusProcess(const GeniusLaunch& launch, std::unique_ptr<GeniusProcess> process);

}  // namespace parley::agents
