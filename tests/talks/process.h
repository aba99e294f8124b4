#pragma once

// Running the `parley` binary from tests: one-shot commands with their output, and a server
// process that can be stopped gracefully or killed. Loopback only.

#include <sys/types.h>

#include <string>
#include <vector>

namespace parley::testing {

struct Completed {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `binary args...` to completion (killed after `timeout_seconds`), capturing output.
Completed RunCommand(const std::string& binary, const std::vector<std::string>& args,
                     int timeout_seconds = 60);

/// `parley serve --db DB --port 0` in a child process; the port is read from its first line.
class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// Starts the server and waits (up to 20 s) until it answers on its port. False on failure,
  /// with `error()` saying why.
  bool Start(const std::string& binary, const std::string& db,
             const std::vector<std::string>& extra = {});
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& error() const { return error_; }
  /// Sends `signal` and waits for the process; returns its wait status.
  int Stop(int signal);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string error_;
};

/// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// The tokens `parley talks new|import` printed: "  NAME: TOKEN" lines.
struct PrintedTokens {
  std::string mediator;
  std::vector<std::pair<std::string, std::string>> parties;  ///< name, token
  std::string For(const std::string& party) const;
};
PrintedTokens ParseTokens(const std::string& out);

}  // namespace parley::testing
