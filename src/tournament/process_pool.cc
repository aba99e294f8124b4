// Sessions on forked worker processes. The parent (the monitor) hands each idle worker a batch of
// schedule indices over a socket; the worker runs them one after another and answers with their
// records, encoded, in one message. What the worker is doing right now (session, agent in a
// call, calls so far) is in a WorkerWatch in shared memory, so the monitor can tell which
// session and agent a dead worker was in and which one hangs. A dead or killed worker's batch,
// but for the session at fault, is run again by the others: sessions are deterministic, so the
// results do not change.

#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <new>
#include <string>
#include <utility>

#include "record_codec.h"
#include "runner.h"

namespace parley::tournament_internal {
namespace {

using Clock = std::chrono::steady_clock;

/// Sessions per batch: large enough that a message costs little per session (a session of a
/// small scenario takes about 0.1 ms), small enough that the last batches spread over the workers
/// and that a crash reruns little.
constexpr size_t kMaxBatch = 64;

const char* SignalName(int sig) {
  switch (sig) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    default:
      return nullptr;
  }
}

std::string DeathText(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = SignalName(sig);
    return std::string("was killed by ") + (name ? name : "signal " + std::to_string(sig));
  }
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  return "ended";
}

/// Writes all of `data`; false if the other end is gone. MSG_NOSIGNAL: no SIGPIPE.
bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

/// A message: its length (8 bytes, native order) then its bytes.
bool SendMessage(int fd, const std::string& bytes) {
  std::string framed(sizeof(uint64_t), '\0');
  const uint64_t n = bytes.size();
  std::memcpy(framed.data(), &n, sizeof n);
  framed += bytes;
  return SendAll(fd, framed.data(), framed.size());
}

/// The worker: batches of indices in, records out, until the socket closes. Never returns.
[[noreturn]] void WorkerMain(const SessionContext& context, int fd, WorkerWatch& watch) {
  for (;;) {
    uint64_t count = 0;
    if (!ReadAll(fd, reinterpret_cast<char*>(&count), sizeof count) || count > kMaxBatch) _exit(0);
    uint64_t indices[kMaxBatch];
    if (!ReadAll(fd, reinterpret_cast<char*>(indices), count * sizeof(uint64_t))) _exit(0);
    std::vector<SessionRecord> records;
    records.reserve(count);
    for (uint64_t k = 0; k < count; ++k) {
      const ScheduledSession& session = context.schedule[indices[k]];
      watch.session_start.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
      watch.session.store(static_cast<int64_t>(session.index), std::memory_order_release);
      records.push_back(RunScheduledSession(context, session, &watch));
    }
    watch.session.store(-1, std::memory_order_release);
    if (!SendMessage(fd, EncodeRecords(records))) _exit(0);
  }
}

class ProcessPool final : public SessionRunner {
 public:
  ProcessPool(std::shared_ptr<const SessionContext> context, std::vector<uint64_t> work, int jobs)
      : context_(std::move(context)), queue_(work.begin(), work.end()), total_(work.size()) {
    jobs_ = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(total_, 1))));
    if (total_ == 0) return;
    // One watch per worker slot, shared with the workers.
    const size_t bytes = sizeof(WorkerWatch) * static_cast<size_t>(jobs_);
    void* memory =
        ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
      start_error_ = "cannot map memory for the worker processes: " + std::string(strerror(errno));
      return;
    }
    watches_ = static_cast<WorkerWatch*>(memory);
    for (int i = 0; i < jobs_; ++i) new (&watches_[i]) WorkerWatch();
    workers_.resize(static_cast<size_t>(jobs_));
  }

  ~ProcessPool() override {
    for (Worker& w : workers_) {
      if (w.pid <= 0) continue;
      // An idle worker ends when its socket closes; a busy one is not waited for.
      if (!w.batch.empty()) ::kill(w.pid, SIGKILL);
      ::close(w.fd);
      int status = 0;
      while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    if (watches_) ::munmap(watches_, sizeof(WorkerWatch) * static_cast<size_t>(jobs_));
  }
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;

  Status Collect(std::vector<SessionRecord>& out, std::chrono::milliseconds timeout) override {
    if (!start_error_.empty()) return Error::Internal(start_error_);
    PARLEY_RETURN_IF_ERROR(Dispatch());
    std::vector<pollfd> fds;
    std::vector<size_t> which;
    for (size_t i = 0; i < workers_.size(); ++i) {
      if (workers_[i].pid > 0 && !workers_[i].batch.empty()) {
        fds.push_back({workers_[i].fd, POLLIN, 0});
        which.push_back(i);
      }
    }
    if (!fds.empty()) {
      const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(timeout.count()));
      if (ready < 0 && errno != EINTR)
        return Error::Internal("poll: " + std::string(strerror(errno)));
      for (size_t k = 0; ready > 0 && k < fds.size(); ++k)
        if (fds[k].revents != 0) Read(which[k], out);
    }
    Watchdog(out);
    PARLEY_RETURN_IF_ERROR(Dispatch());
    return {};
  }

  bool Finished() const override { return collected_ == total_; }

 private:
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
    std::vector<uint64_t> batch;  ///< Sent and not yet answered; empty when idle.
    std::string inbox;            ///< Bytes of the answer so far.
    WatchState state;
  };

  /// Forks the worker for slot `i`.
  Status Spawn(size_t i) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
      return Error::Internal("socketpair: " + std::string(strerror(errno)));
    WorkerWatch& watch = watches_[i];
    watch.~WorkerWatch();
    new (&watch) WorkerWatch();
    const pid_t pid = ::fork();
    if (pid < 0) {
      ::close(sv[0]);
      ::close(sv[1]);
      return Error::Internal("fork: " + std::string(strerror(errno)));
    }
    if (pid == 0) {
#ifdef __linux__
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // do not outlive the monitor
#endif
      ::close(sv[0]);
      // The other workers' sockets: holding them would keep those workers from seeing the end.
      for (const Worker& other : workers_)
        if (other.fd >= 0) ::close(other.fd);
      WorkerMain(*context_, sv[1], watch);
    }
    ::close(sv[1]);
    Worker& w = workers_[i];
    w = Worker();
    w.pid = pid;
    w.fd = sv[0];
    return {};
  }

  /// Gives every idle worker a batch while work remains (forking workers as needed).
  Status Dispatch() {
    for (size_t i = 0; i < workers_.size() && !queue_.empty(); ++i) {
      Worker& w = workers_[i];
      if (!w.batch.empty()) continue;
      if (w.pid <= 0) PARLEY_RETURN_IF_ERROR(Spawn(i));
      // Batches shrink towards the end so that the last sessions spread over the workers.
      const size_t share = queue_.size() / (static_cast<size_t>(jobs_) * 4);
      const size_t n = std::clamp<size_t>(share, 1, std::min(kMaxBatch, queue_.size()));
      std::string message(sizeof(uint64_t) * (n + 1), '\0');
      const uint64_t count = n;
      std::memcpy(message.data(), &count, sizeof count);
      for (size_t k = 0; k < n; ++k) {
        w.batch.push_back(queue_.front());
        queue_.pop_front();
        std::memcpy(message.data() + sizeof(uint64_t) * (k + 1), &w.batch.back(), sizeof(uint64_t));
      }
      if (!SendAll(w.fd, message.data(), message.size())) Died(i, nullptr);
    }
    if (unattributed_deaths_ > kMaxUnattributedDeaths) {
      return Error::Internal("worker processes keep dying outside any session (" + last_death_ +
                             ")");
    }
    return {};
  }

  /// Reads what worker `i` has sent; a complete answer ends its batch.
  void Read(size_t i, std::vector<SessionRecord>& out) {
    Worker& w = workers_[i];
    char buf[65536];
    for (;;) {
      const ssize_t n = ::recv(w.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        w.inbox.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      Died(i, &out);  // end of stream or an error: the worker is gone
      return;
    }
    uint64_t size = 0;
    if (w.inbox.size() < sizeof size) return;
    std::memcpy(&size, w.inbox.data(), sizeof size);
    if (w.inbox.size() < sizeof size + size) return;
    Result<std::vector<SessionRecord>> records = DecodeRecords(w.inbox.substr(sizeof size, size));
    w.inbox.erase(0, sizeof size + size);
    if (!records || records->size() != w.batch.size()) {
      last_death_ = "a worker sent a malformed answer";
      ::kill(w.pid, SIGKILL);
      Died(i, &out);
      return;
    }
    collected_ += records->size();
    for (SessionRecord& r : *records) out.push_back(std::move(r));
    w.batch.clear();
  }

  /// Worker `i` is gone (or must go): reaps it, records the session it was in as a crash
  /// against the agent in the call, and queues the rest of its batch again.
  void Died(size_t i, std::vector<SessionRecord>* out, const SessionRecord* instead = nullptr) {
    Worker& w = workers_[i];
    WorkerWatch& watch = watches_[i];
    int status = 0;
    ::close(w.fd);
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    const int64_t session = watch.session.load(std::memory_order_acquire);
    const int32_t party = watch.party.load(std::memory_order_acquire);
    const bool in_batch =
        session >= 0 &&
        std::find(w.batch.begin(), w.batch.end(), static_cast<uint64_t>(session)) != w.batch.end();
    if (instead != nullptr) {
      pending_.push_back(*instead);
    } else if (in_batch) {
      const ScheduledSession& s = context_->schedule[static_cast<size_t>(session)];
      std::optional<size_t> position;
      if (party >= 0 && static_cast<size_t>(party) < s.agents.size())
        position = static_cast<size_t>(party);
      const std::string message =
          "the worker process running this session " + DeathText(status) +
          (position ? " in a call into this agent" : " outside any agent call");
      SessionRecord r = FailedRecord(*context_, s, position, FailureKind::kException, message);
      r.end_reason = "failure";
      r.failure_kind = "crash";
      r.failure_message = message;
      pending_.push_back(std::move(r));
    } else {
      ++unattributed_deaths_;
      last_death_ = "a worker " + DeathText(status);
    }
    // The session recorded here is not run again; the rest of the batch is, first.
    std::optional<uint64_t> recorded;
    if (instead != nullptr) {
      recorded = instead->index;
    } else if (in_batch) {
      recorded = static_cast<uint64_t>(session);
    }
    for (auto it = w.batch.rbegin(); it != w.batch.rend(); ++it)
      if (!recorded || *it != *recorded) queue_.push_front(*it);
    w = Worker();
    if (out) Flush(*out);
  }

  void Flush(std::vector<SessionRecord>& out) {
    collected_ += pending_.size();
    for (SessionRecord& r : pending_) out.push_back(std::move(r));
    pending_.clear();
  }

  void Watchdog(std::vector<SessionRecord>& out) {
    const Clock::time_point now = Clock::now();
    for (size_t i = 0; i < workers_.size(); ++i) {
      Worker& w = workers_[i];
      if (w.pid <= 0 || w.batch.empty()) continue;
      std::optional<SessionRecord> record = CheckHung(*context_, watches_[i], w.state, now);
      if (!record) continue;
      // Killed rather than abandoned: a process can be stopped from outside.
      record->failure_message.replace(record->failure_message.rfind("abandoned"), 9, "killed");
      ::kill(w.pid, SIGKILL);
      Died(i, &out, &*record);
    }
    Flush(out);
  }

  static constexpr int kMaxUnattributedDeaths = 3;

  std::shared_ptr<const SessionContext> context_;
  std::deque<uint64_t> queue_;  ///< Indices not yet sent to a worker.
  size_t total_ = 0;
  size_t collected_ = 0;
  int jobs_ = 1;
  WorkerWatch* watches_ = nullptr;
  std::vector<Worker> workers_;
  std::vector<SessionRecord> pending_;  ///< Crash and timeout records not yet handed out.
  int unattributed_deaths_ = 0;
  std::string last_death_;
  std::string start_error_;
};

}  // namespace

std::unique_ptr<SessionRunner> MakeProcessPool(std::shared_ptr<const SessionContext> context,
                                               std::vector<uint64_t> work, int jobs) {
  return std::make_unique<ProcessPool>(std::move(context), std::move(work), jobs);
}

}  // namespace parley::tournament_internal
