#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <thread>

namespace parley::testing {

namespace {

std::vector<char*> Argv(const std::string& binary, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// Reads what is available on `fd` into `out`; false at end of file.
bool Drain(int fd, std::string& out) {
  char buffer[4096];
  const ssize_t n = read(fd, buffer, sizeof buffer);
  if (n > 0) out.append(buffer, static_cast<size_t>(n));
  return n > 0 || (n < 0 && errno == EINTR);
}

}  // namespace

Completed RunCommand(const std::string& binary, const std::vector<std::string>& args,
                     int timeout_seconds) {
  Completed result;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return result;
  auto argv = Argv(binary, args);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    const int ready = poll(fds, 2, 200);
    if (ready > 0) {
      if (out_open && (fds[0].revents & (POLLIN | POLLHUP)))
        out_open = Drain(out_pipe[0], result.out);
      if (err_open && (fds[1].revents & (POLLIN | POLLHUP)))
        err_open = Drain(err_pipe[0], result.err);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      break;
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
}

bool ServerProcess::Start(const std::string& binary, const std::string& db,
                          const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"serve", "--db", db, "--port", "0", "--host", "127.0.0.1"};
  args.insert(args.end(), extra.begin(), extra.end());
  int out_pipe[2];
  if (pipe(out_pipe) != 0) {
    error_ = "pipe failed";
    return false;
  }
  auto argv = Argv(binary, args);
  // A test that dies (a signal, an abort) must not leave its server behind: an orphan holds
  // ctest's output pipe open and ctest waits for it forever.
  signal(SIGPIPE, SIG_IGN);  // a server closing a connection must not kill the test
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    dup2(out_pipe[1], 1);
    close(out_pipe[0]);
    close(out_pipe[1]);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  // The first line says "... listening on http://127.0.0.1:PORT/ ...".
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd fd = {out_pipe[0], POLLIN, 0};
    if (poll(&fd, 1, 200) > 0 && !Drain(out_pipe[0], out)) break;
  }
  close(out_pipe[0]);
  const size_t at = out.find("127.0.0.1:");
  if (at == std::string::npos) {
    error_ = "the server did not start; it printed: " + out;
    Stop(SIGKILL);
    return false;
  }
  port_ = std::atoi(out.c_str() + at + std::strlen("127.0.0.1:"));
  return port_ > 0;
}

int ServerProcess::Stop(int signal) {
  if (pid_ <= 0) return 0;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "parley_talks_XXXXXX").string();
  path_ = mkdtemp(pattern.data()) ? pattern : "";
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

std::string PrintedTokens::For(const std::string& party) const {
  for (const auto& [name, token] : parties)
    if (name == party) return token;
  return {};
}

PrintedTokens ParseTokens(const std::string& out) {
  PrintedTokens tokens;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t at = line.find(": plt_");
    if (line.rfind("  ", 0) != 0 || at == std::string::npos) continue;
    const std::string name = line.substr(2, at - 2);
    const std::string token = line.substr(at + 2);
    if (name == "mediator")
      tokens.mediator = token;
    else
      tokens.parties.emplace_back(name, token);
  }
  return tokens;
}

}  // namespace parley::testing
