#include "runner.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "parley/agent/agents.h"

namespace parley::tournament_internal {
namespace {

using Clock = std::chrono::steady_clock;

/// Seconds a hung call may run past its limit before the watchdog abandons it.
constexpr double kGraceSeconds = 1.0;

double SecondsBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string FormatSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

/// Thrown into the protocol by a guard whose session ran past its wall-clock limit; the Table
/// records it as the agent's exception, and RunScheduledSession turns it into a timeout.
struct SessionLimitExceeded : std::runtime_error {
  SessionLimitExceeded() : std::runtime_error("the session ran past its wall-clock limit") {}
};

/// Per-session state shared by the guards of one session.
struct SessionGuard {
  WorkerWatch* watch = nullptr;
  Clock::time_point start;
  double limit = 0;
  std::vector<double> seconds;  ///< Time spent in each position's Start, Act and Finish.
  bool limit_hit = false;
};

/// Wraps an agent: tells the watchdog who is in a call, times the calls, and enforces the
/// session's wall-clock limit at each move.
class GuardedNegotiator final : public Negotiator {
 public:
  GuardedNegotiator(std::unique_ptr<Negotiator> inner, size_t position, SessionGuard& guard)
      : inner_(std::move(inner)), position_(static_cast<int32_t>(position)), guard_(&guard) {}

  void Start(const NegotiatorSetup& setup) override {
    Timed scope(*this, Clock::now());
    inner_->Start(setup);
  }
  Action Act(const Turn& turn) override {
    const Clock::time_point now = Clock::now();
    if (guard_->limit > 0 && SecondsBetween(guard_->start, now) > guard_->limit) {
      guard_->limit_hit = true;
      throw SessionLimitExceeded();
    }
    Timed scope(*this, now);
    return inner_->Act(turn);
  }
  void Observe(const Event& event) override {
    Untimed scope(*this);
    inner_->Observe(event);
  }
  void Finish(const Ending& ending) override {
    Timed scope(*this, Clock::now());
    inner_->Finish(ending);
  }

 private:
  void Enter() {
    if (WorkerWatch* w = guard_->watch) {
      w->calls.fetch_add(1, std::memory_order_relaxed);
      w->party.store(position_, std::memory_order_relaxed);
    }
  }
  void Leave() {
    if (WorkerWatch* w = guard_->watch) w->party.store(-1, std::memory_order_relaxed);
  }
  struct Untimed {
    explicit Untimed(GuardedNegotiator& g) : g(g) { g.Enter(); }
    ~Untimed() { g.Leave(); }
    GuardedNegotiator& g;
  };
  struct Timed {
    Timed(GuardedNegotiator& g, Clock::time_point start) : g(g), start(start) { g.Enter(); }
    ~Timed() {
      g.guard_->seconds[static_cast<size_t>(g.position_)] += SecondsBetween(start, Clock::now());
      g.Leave();
    }
    GuardedNegotiator& g;
    Clock::time_point start;
  };

  std::unique_ptr<Negotiator> inner_;
  int32_t position_;
  SessionGuard* guard_;
};

/// The record of a session from its negotiation result (or a synthetic one for failures that
/// happened outside the protocol).
SessionRecord MakeRecord(const SessionContext& context, const ScheduledSession& session,
                         const NegotiationResult& result) {
  const PreparedScenario& prepared = *context.prepared[session.scenario][session.rotation];
  const ReferencePoints& reference = context.reference[session.scenario][session.rotation];
  const SessionMetrics m =
      ComputeMetrics(prepared, result, reference, context.reservation_on_disagreement);
  SessionRecord r;
  r.index = session.index;
  r.scenario = session.scenario;
  r.rotation = session.rotation;
  r.repetition = session.repetition;
  r.seed = session.seed;
  r.agreement = m.agreement;
  r.end_reason = std::string(EndReasonName(result.reason));
  if (result.agreement) r.outcome.assign(result.agreement->begin(), result.agreement->end());
  r.rounds = m.rounds;
  r.time = m.time;
  r.moves = result.num_moves;
  r.welfare = m.welfare;
  r.pareto_distance = m.pareto_distance;
  r.nash_distance = m.nash_distance;
  if (result.failure) {
    r.failure_kind = std::string(FailureKindName(result.failure->kind));
    r.failure_position = static_cast<uint32_t>(result.failure->party);
    r.failure_message = result.failure->message;
  }
  const size_t n = session.agents.size();
  r.parties.resize(n);
  for (size_t p = 0; p < n; ++p) {
    PartyResult& party = r.parties[p];
    party.agent = session.agents[p];
    party.profile = static_cast<uint32_t>(session.Profile(p));
    party.utility = m.utilities[p];
    party.discounted = m.discounted[p];
    party.reservation = m.reservations[p];
    party.advantage = m.advantages[p];
    party.partner_welfare = n > 1 ? (m.welfare - m.utilities[p]) / static_cast<double>(n - 1) : 0;
    party.failed = r.failure_position && *r.failure_position == p;
  }
  return r;
}

/// A session that ended outside the protocol: `position` at fault, or none ("error").
SessionRecord FailedRecord(const SessionContext& context, const ScheduledSession& session,
                           std::optional<size_t> position, FailureKind kind,
                           const std::string& message) {
  NegotiationResult result;
  result.reason = EndReason::kFailure;
  if (position) {
    result.failure = AgentFailure{*position, kind, message};
    result.ended_by = position;
  }
  SessionRecord r = MakeRecord(context, session, result);
  if (!position) {
    r.end_reason = "error";
    r.failure_kind = "error";
    r.failure_message = message;
  }
  return r;
}

// ---- Crash notes -------------------------------------------------------------------------
// State the signal handler reads: plain memory set before the handlers are installed, and the
// worker's watch through a thread-local pointer (constinit: no lazy initialisation to run in a
// handler).

constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
constexpr size_t kNumCrashSignals = sizeof kCrashSignals / sizeof kCrashSignals[0];
std::atomic<bool> g_crash_armed{false};
std::atomic<bool> g_crash_owning{false};  // a CrashRecorder exists
char g_crash_path[4096];
char g_crash_tag[128];
const SessionContext* g_crash_owner = nullptr;  // the tournament whose sessions are noted
struct sigaction g_previous[kNumCrashSignals];
constinit thread_local WorkerWatch* t_watch = nullptr;
constinit thread_local const SessionContext* t_context = nullptr;

void Append(char* buf, size_t& n, size_t cap, const char* text) {
  while (*text && n + 1 < cap) buf[n++] = *text++;
}

void AppendInt(char* buf, size_t& n, size_t cap, int64_t value) {
  char digits[24];
  size_t k = 0;
  const bool negative = value < 0;
  uint64_t v = negative ? static_cast<uint64_t>(-(value + 1)) + 1 : static_cast<uint64_t>(value);
  do {
    digits[k++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  if (negative && n + 1 < cap) buf[n++] = '-';
  while (k > 0 && n + 1 < cap) buf[n++] = digits[--k];
}

extern "C" void OnCrashSignal(int sig) {
  // Async-signal-safe only: atomics, open/write/close, sigaction, raise.
  WorkerWatch* watch = t_watch;
  if (g_crash_armed.load(std::memory_order_relaxed) && watch != nullptr &&
      t_context == g_crash_owner) {
    const int64_t session = watch->session.load(std::memory_order_relaxed);
    const int32_t party = watch->party.load(std::memory_order_relaxed);
    if (session >= 0) {
      char line[256];
      size_t n = 0;
      Append(line, n, sizeof line, g_crash_tag);
      Append(line, n, sizeof line, " ");
      AppendInt(line, n, sizeof line, session);
      Append(line, n, sizeof line, " ");
      AppendInt(line, n, sizeof line, party);
      Append(line, n, sizeof line, " ");
      AppendInt(line, n, sizeof line, sig);
      line[n++] = '\n';
      const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (fd >= 0) {
        [[maybe_unused]] const ssize_t written = ::write(fd, line, n);
        ::close(fd);
      }
    }
  }
  // Back to the previous handler (or the default), which gets the signal when this returns.
  for (size_t i = 0; i < kNumCrashSignals; ++i)
    if (kCrashSignals[i] == sig) sigaction(sig, &g_previous[i], nullptr);
  raise(sig);
}

/// An alternate signal stack for a worker thread, so that a stack overflow in an agent still
/// reaches the handler. A thread that has one already (sanitizers give every thread theirs)
/// keeps it: replacing it would leave the sanitizer unmapping memory it does not own.
class AltStack {
 public:
  AltStack() {
    if (!g_crash_armed.load()) return;
    stack_t current{};
    if (sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE) == 0) return;
    memory_.resize(std::max<size_t>(SIGSTKSZ, 64 * 1024));
    stack_t stack{};
    stack.ss_sp = memory_.data();
    stack.ss_size = memory_.size();
    if (sigaltstack(&stack, nullptr) != 0) memory_.clear();
  }
  ~AltStack() {
    if (memory_.empty()) return;
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, nullptr);
  }
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;

 private:
  std::vector<char> memory_;
};

}  // namespace

CrashRecorder::CrashRecorder(const std::string& path, const std::string& tag,
                             const SessionContext* owner) {
  if (path.size() >= sizeof g_crash_path || tag.size() >= sizeof g_crash_tag) return;
  bool expected = false;
  if (!g_crash_owning.compare_exchange_strong(expected, true)) return;  // another is active
  g_crash_owner = owner;
  std::memcpy(g_crash_path, path.c_str(), path.size() + 1);
  std::memcpy(g_crash_tag, tag.c_str(), tag.size() + 1);
  struct sigaction action {};
  action.sa_handler = OnCrashSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_ONSTACK;
  for (size_t i = 0; i < kNumCrashSignals; ++i)
    sigaction(kCrashSignals[i], &action, &g_previous[i]);
  g_crash_armed.store(true);
  armed_ = true;
}

CrashRecorder::~CrashRecorder() {
  if (!armed_) return;
  g_crash_armed.store(false);
  for (size_t i = 0; i < kNumCrashSignals; ++i)
    sigaction(kCrashSignals[i], &g_previous[i], nullptr);
  g_crash_owning.store(false);
}

std::vector<CrashNote> CrashRecorder::Read(const std::string& path, const std::string& tag) {
  std::vector<CrashNote> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string line_tag;
    int64_t session = -1;
    int64_t position = -1;
    int signal = 0;
    // A line cut short by a second crash is skipped: its session will simply run again.
    if (!(fields >> line_tag >> session >> position >> signal) || line_tag != tag || session < 0)
      continue;
    CrashNote note;
    note.session = static_cast<uint64_t>(session);
    if (position >= 0) note.position = static_cast<size_t>(position);
    note.signal = signal;
    out.push_back(note);
  }
  return out;
}

SessionRecord CrashedRecord(const SessionContext& context, const CrashNote& note) {
  const ScheduledSession& session = context.schedule[note.session];
  std::optional<size_t> position = note.position;
  if (position && *position >= session.agents.size()) position.reset();
  const char* name = note.signal == SIGSEGV   ? "SIGSEGV"
                     : note.signal == SIGABRT ? "SIGABRT"
                     : note.signal == SIGBUS  ? "SIGBUS"
                     : note.signal == SIGFPE  ? "SIGFPE"
                     : note.signal == SIGILL  ? "SIGILL"
                                              : "a signal";
  const std::string message = std::string("the process crashed (") + name + ") in this session" +
                              (position ? ", in this agent" : "") +
                              "; recorded when the tournament resumed, not run again";
  SessionRecord r = FailedRecord(context, session, position, FailureKind::kException, message);
  r.end_reason = "failure";
  r.failure_kind = "crash";
  r.failure_message = message;
  return r;
}

SessionRecord RunScheduledSession(const SessionContext& context, const ScheduledSession& session,
                                  WorkerWatch* watch) {
  const Clock::time_point start = Clock::now();
  const size_t n = session.agents.size();
  SessionGuard guard;
  guard.watch = watch;
  guard.start = start;
  guard.limit = context.session_time_limit;
  guard.seconds.assign(n, 0.0);
  SessionRecord record;
  try {
    Result<std::unique_ptr<Protocol>> protocol = Protocols().Make(context.protocol);
    if (!protocol) {
      record = FailedRecord(context, session, std::nullopt, FailureKind::kException,
                            protocol.error().ToString());
    } else {
      std::vector<std::unique_ptr<Negotiator>> agents;
      std::vector<Negotiator*> parties;
      std::optional<SessionRecord> failed;
      for (size_t p = 0; p < n && !failed; ++p) {
        try {
          Result<std::unique_ptr<Negotiator>> agent =
              Agents().Make(context.agents[session.agents[p]]);
          if (!agent) {
            failed = FailedRecord(context, session, p, FailureKind::kException,
                                  "could not be made: " + agent.error().ToString());
            break;
          }
          agents.push_back(std::make_unique<GuardedNegotiator>(std::move(*agent), p, guard));
          parties.push_back(agents.back().get());
        } catch (const std::exception& e) {
          failed = FailedRecord(context, session, p, FailureKind::kException,
                                std::string("threw while being made: ") + e.what());
        }
      }
      if (failed) {
        record = std::move(*failed);
      } else {
        RunOptions options;
        options.deadline = Deadline::Rounds(context.rounds);
        options.seed = session.seed;
        options.record_moves = false;
        options.move_time_limit = context.move_time_limit;
        Result<NegotiationResult> result = RunNegotiation(
            *context.prepared[session.scenario][session.rotation], **protocol, parties, options);
        if (!result) {
          record = FailedRecord(context, session, std::nullopt, FailureKind::kException,
                                result.error().ToString());
        } else {
          if (guard.limit_hit && result->failure &&
              result->failure->kind == FailureKind::kException) {
            // The guard's exception: blame the agent that used the most time.
            const size_t worst =
                static_cast<size_t>(std::max_element(guard.seconds.begin(), guard.seconds.end()) -
                                    guard.seconds.begin());
            result->failure =
                AgentFailure{worst, FailureKind::kTimeout,
                             "the session ran past its wall-clock limit of " +
                                 FormatSeconds(context.session_time_limit) + "; this agent used " +
                                 FormatSeconds(guard.seconds[worst])};
            result->ended_by = worst;
          }
          record = MakeRecord(context, session, *result);
        }
      }
    }
  } catch (const std::exception& e) {
    record = FailedRecord(context, session, std::nullopt, FailureKind::kException,
                          std::string("the session failed: ") + e.what());
  } catch (...) {
    record = FailedRecord(context, session, std::nullopt, FailureKind::kException,
                          "the session failed with a non-standard exception");
  }
  for (size_t p = 0; p < n && p < record.parties.size(); ++p)
    record.parties[p].agent_seconds = guard.seconds[p];
  record.session_seconds = SecondsBetween(start, Clock::now());
  return record;
}

// ---------------------------------------------------------------------------------------------

struct SessionPool::Shared {
  std::shared_ptr<const SessionContext> context;
  std::vector<uint64_t> work;
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<SessionRecord> done;  // guarded by mutex
};

namespace {

void WorkerLoop(std::shared_ptr<SessionPool::Shared> shared, std::shared_ptr<WorkerWatch> watch);

}  // namespace

SessionPool::SessionPool(std::shared_ptr<const SessionContext> context, std::vector<uint64_t> work,
                         int jobs)
    : shared_(std::make_shared<Shared>()), total_(work.size()) {
  shared_->context = std::move(context);
  shared_->work = std::move(work);
  jobs_ = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(total_, 1))));
  for (int i = 0; i < jobs_ && total_ > 0; ++i) Spawn();
}

SessionPool::~SessionPool() {
  // Stop handing out work; threads finish the session they are in.
  shared_->next.store(shared_->work.size());
  for (Worker& w : workers_)
    if (w.thread.joinable()) w.thread.join();
}

namespace {

void WorkerLoop(std::shared_ptr<SessionPool::Shared> shared, std::shared_ptr<WorkerWatch> watch) {
  const SessionContext& context = *shared->context;
  t_watch = watch.get();  // for the crash handler
  t_context = &context;
  const AltStack alt_stack;
  while (!watch->abandoned.load(std::memory_order_acquire)) {
    const size_t k = shared->next.fetch_add(1);
    if (k >= shared->work.size()) return;
    const ScheduledSession& session = context.schedule[shared->work[k]];
    watch->session_start.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    watch->session.store(static_cast<int64_t>(session.index), std::memory_order_release);
    SessionRecord record = RunScheduledSession(context, session, watch.get());
    std::lock_guard lock(shared->mutex);
    if (watch->abandoned.load(std::memory_order_acquire)) return;  // already recorded
    watch->session.store(-1, std::memory_order_release);
    shared->done.push_back(std::move(record));
    shared->ready.notify_one();
  }
}

}  // namespace

void SessionPool::Spawn() {
  Worker w;
  w.watch = std::make_shared<WorkerWatch>();
  w.thread = std::thread(WorkerLoop, shared_, w.watch);
  workers_.push_back(std::move(w));
}

void SessionPool::Collect(std::vector<SessionRecord>& out, std::chrono::milliseconds timeout) {
  {
    std::unique_lock lock(shared_->mutex);
    shared_->ready.wait_for(lock, timeout, [&] { return !shared_->done.empty(); });
    collected_ += shared_->done.size();
    for (SessionRecord& r : shared_->done) out.push_back(std::move(r));
    shared_->done.clear();
  }
  Watchdog();
}

void SessionPool::Watchdog() {
  const SessionContext& context = *shared_->context;
  const double move_limit = context.move_time_limit;
  const double session_limit = context.session_time_limit;
  if (move_limit <= 0 && session_limit <= 0) return;
  const Clock::time_point now = Clock::now();
  const size_t count = workers_.size();
  for (size_t i = 0; i < count; ++i) {
    Worker& w = workers_[i];
    WorkerWatch& watch = *w.watch;
    if (watch.abandoned.load()) continue;
    const int64_t session = watch.session.load(std::memory_order_acquire);
    if (session < 0) {
      w.seen_session = -1;
      continue;
    }
    const uint64_t calls = watch.calls.load(std::memory_order_relaxed);
    const int32_t party = watch.party.load(std::memory_order_relaxed);
    if (session != w.seen_session || calls != w.seen_calls) {
      w.seen_session = session;
      w.seen_calls = calls;
      w.seen_since = now;
    }
    const Clock::time_point started{
        Clock::duration(watch.session_start.load(std::memory_order_relaxed))};
    const double in_call = SecondsBetween(w.seen_since, now);  // same call since then
    const double in_session = SecondsBetween(started, now);
    const bool stuck_call = party >= 0 && move_limit > 0 && in_call > move_limit + kGraceSeconds;
    const bool overrun =
        session_limit > 0 && in_session > session_limit + std::max(move_limit, 0.0) + kGraceSeconds;
    if (!stuck_call && !overrun) continue;

    std::optional<size_t> blamed;
    if (party >= 0) blamed = static_cast<size_t>(party);
    std::string message =
        party >= 0
            ? "a call into the agent did not return within " + FormatSeconds(in_call) + " (limit " +
                  FormatSeconds(move_limit > 0 ? move_limit : session_limit) +
                  "); the session was abandoned"
            : "the session did not end within " + FormatSeconds(in_session) + "; it was abandoned";
    SessionRecord record = FailedRecord(context, context.schedule[static_cast<size_t>(session)],
                                        blamed, FailureKind::kTimeout, message);
    record.session_seconds = in_session;
    {
      std::lock_guard lock(shared_->mutex);
      if (watch.session.load(std::memory_order_acquire) != session) continue;  // just finished
      watch.abandoned.store(true, std::memory_order_release);
      shared_->done.push_back(std::move(record));
    }
    w.thread.detach();
    ++abandoned_;
    // Keep the pool at full strength while work remains.
    if (shared_->next.load() < shared_->work.size()) Spawn();
  }
}

}  // namespace parley::tournament_internal
