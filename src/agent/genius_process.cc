#include "genius_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "parley/agent/genius.h"

extern char** environ;

namespace parley::agents {
namespace fs = std::filesystem;

namespace {

#ifndef PARLEY_JAVA_EXECUTABLE
#define PARLEY_JAVA_EXECUTABLE ""
#endif
#ifndef PARLEY_GENIUS_HOST_JAR
#define PARLEY_GENIUS_HOST_JAR ""
#endif

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

bool IsFile(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec);
}

/// `java` on the PATH, or "".
std::string JavaOnPath() {
  const std::string path = Env("PATH");
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find(':', start), path.size());
    const std::string dir = path.substr(start, end - start);
    const std::string candidate = (dir.empty() ? "." : dir) + "/java";
    if (IsFile(candidate) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

std::mutex g_stats_mutex;
GeniusPoolStats g_stats;

/// Idle JVMs, by launch configuration.
struct Pool {
  std::mutex mutex;
  std::vector<std::pair<GeniusLaunch, std::unique_ptr<GeniusProcess>>> idle;
  ~Pool() {
    // At exit: end the idle JVMs (their destructors kill and reap them).
    std::lock_guard lock(mutex);
    idle.clear();
  }
};

Pool& ThePool() {
  static Pool pool;
  return pool;
}

size_t MaxIdle() { return std::max<size_t>(2, std::thread::hardware_concurrency()); }

}  // namespace

Result<GeniusLaunch> ResolveLaunch(const std::string& genius_jar) {
  GeniusLaunch launch;
  launch.genius_jar = genius_jar;
  launch.host_jar = Env("PARLEY_GENIUS_HOST_JAR");
  if (launch.host_jar.empty()) launch.host_jar = PARLEY_GENIUS_HOST_JAR;
  if (!IsFile(launch.host_jar)) {
    return Error::BadInput(
        "the GENIUS host (parley-genius-host.jar) was not built: configure with a JDK "
        "(openjdk-17-jdk-headless) and a GENIUS jar (-DPARLEY_GENIUS_JAR=FILE), or set "
        "PARLEY_GENIUS_HOST_JAR; see docs/genius-bridge.md");
  }
  launch.java = Env("PARLEY_JAVA");
  if (launch.java.empty()) launch.java = PARLEY_JAVA_EXECUTABLE;
  if (!IsFile(launch.java)) launch.java = JavaOnPath();
  if (launch.java.empty()) {
    return Error::BadInput(
        "no java to run GENIUS agents: install openjdk-17-jre-headless or set PARLEY_JAVA");
  }
  // As refrun.sh: with the patched java.util.Random beside the GENIUS jar, unseeded
  // generators draw from a fixed sequence of seeds, so seeded runs repeat.
  launch.random_patch = Env("PARLEY_GENIUS_RANDOM_PATCH");
  if (launch.random_patch.empty()) {
    launch.random_patch = (fs::path(genius_jar).parent_path() / "random-patch.jar").string();
  }
  if (launch.random_patch == "none" || !IsFile(launch.random_patch)) launch.random_patch.clear();
  return launch;
}

Result<std::unique_ptr<GeniusProcess>> GeniusProcess::Start(const GeniusLaunch& launch) {
  std::unique_ptr<GeniusProcess> p(new GeniusProcess());
  std::error_code ec;
  std::string tmpl = (fs::temp_directory_path(ec) / "parley-genius.XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr)
    return Error::Internal(std::string("cannot make a directory for the JVM: ") +
                           std::strerror(errno));
  p->workdir_ = tmpl;

  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    return Error::Internal(std::string("socketpair: ") + std::strerror(errno));
  const bool debug = Env("PARLEY_GENIUS_DEBUG") == "1";
  std::vector<std::string> args = {launch.java, "-Djava.awt.headless=true", "-XX:+UseSerialGC"};
  if (!launch.random_patch.empty()) {
    args.push_back("--patch-module");
    args.push_back("java.base=" + launch.random_patch);
  }
  // The host resets the patched Random's sequence and Collections.shuffle's generator
  // between sessions, by reflection.
  args.insert(args.end(), {"--add-opens", "java.base/java.util=ALL-UNNAMED", "-cp", launch.host_jar,
                           "parley.genius.Host", "--genius-jar", launch.genius_jar});
  if (debug) args.push_back("--verbose");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  if (!debug) posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, p->workdir_.c_str());
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return Error::Internal("cannot start " + launch.java + ": " + std::strerror(rc));
  }
  p->pid_ = pid;
  p->fd_ = fds[0];
  {
    std::lock_guard lock(g_stats_mutex);
    ++g_stats.started;
  }
  // JVM start-up; generous, as a loaded machine may be slow.
  PARLEY_ASSIGN_OR_RETURN(std::string ready, p->ReadLine(120));
  if (ready.rfind("ready\t", 0) != 0)
    return Error::Internal("the GENIUS host did not start: " + ready);
  return p;
}

GeniusProcess::~GeniusProcess() {
  Kill();
  if (!workdir_.empty()) {
    std::error_code ec;
    fs::remove_all(workdir_, ec);
  }
}

void GeniusProcess::Kill() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
}

Result<std::string> GeniusProcess::ReadLine(double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (true) {
    const size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    if (fd_ < 0) return Error::Internal("the JVM is gone");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      Kill();
      return Error::Internal("the JVM did not answer within " + std::to_string(timeout_s) +
                             " s (killed)");
    }
    pollfd pfd{fd_, POLLIN, 0};
    const int r = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      Kill();
      return Error::Internal(std::string("poll: ") + std::strerror(errno));
    }
    if (r == 0) continue;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Kill();
      return Error::Internal("the JVM ended unexpectedly");
    }
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

Result<std::string> GeniusProcess::Request(const std::string& line, double timeout_s) {
  if (fd_ < 0) return Error::Internal("the JVM is gone");
  std::string out = line + "\n";
  size_t sent = 0;
  while (sent < out.size()) {
    // MSG_NOSIGNAL: a dead JVM is an error here, not a SIGPIPE for parley.
    const ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Kill();
      return Error::Internal("the JVM ended unexpectedly");
    }
    sent += static_cast<size_t>(n);
  }
  return ReadLine(timeout_s);
}

Result<std::unique_ptr<GeniusProcess>> AcquireGeniusProcess(const GeniusLaunch& launch) {
  {
    Pool& pool = ThePool();
    std::lock_guard lock(pool.mutex);
    for (auto it = pool.idle.begin(); it != pool.idle.end(); ++it) {
      if (it->first == launch && it->second->alive()) {
        std::unique_ptr<GeniusProcess> p = std::move(it->second);
        pool.idle.erase(it);
        std::lock_guard stats(g_stats_mutex);
        ++g_stats.reused;
        return p;
      }
    }
  }
  return GeniusProcess::Start(launch);
}

void ReleaseGeniusProcess(const GeniusLaunch& launch, std::unique_ptr<GeniusProcess> process) {
  if (!process || !process->alive()) return;
  ++process->sessions;
  bool keep = Env("PARLEY_GENIUS_REUSE") != "0";
  if (keep) {
    Result<std::string> answer = process->Request("reusable", 30);
    keep = answer && *answer == "yes";
    if (!keep && answer) {
      std::lock_guard stats(g_stats_mutex);
      ++g_stats.retired;
    }
  }
  if (!keep) return;  // the destructor kills it
  Pool& pool = ThePool();
  std::lock_guard lock(pool.mutex);
  if (pool.idle.size() < MaxIdle()) pool.idle.emplace_back(launch, std::move(process));
}

}  // namespace parley::agents

namespace parley {
GeniusPoolStats GeniusStats() {
  std::lock_guard lock(agents::g_stats_mutex);
  return agents::g_stats;
}
}  // namespace parley
