#include "runner.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
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

}  // namespace

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

std::optional<SessionRecord> CheckHung(const SessionContext& context, const WorkerWatch& watch,
                                       WatchState& state, Clock::time_point now) {
  const double move_limit = context.move_time_limit;
  const double session_limit = context.session_time_limit;
  if (move_limit <= 0 && session_limit <= 0) return std::nullopt;
  const int64_t session = watch.session.load(std::memory_order_acquire);
  if (session < 0) {
    state.seen_session = -1;
    return std::nullopt;
  }
  const uint64_t calls = watch.calls.load(std::memory_order_relaxed);
  const int32_t party = watch.party.load(std::memory_order_relaxed);
  if (session != state.seen_session || calls != state.seen_calls) {
    state.seen_session = session;
    state.seen_calls = calls;
    state.seen_since = now;
  }
  const Clock::time_point started{
      Clock::duration(watch.session_start.load(std::memory_order_relaxed))};
  const double in_call = SecondsBetween(state.seen_since, now);  // same call since then
  const double in_session = SecondsBetween(started, now);
  const bool stuck_call = party >= 0 && move_limit > 0 && in_call > move_limit + kGraceSeconds;
  const bool overrun =
      session_limit > 0 && in_session > session_limit + std::max(move_limit, 0.0) + kGraceSeconds;
  if (!stuck_call && !overrun) return std::nullopt;

  std::optional<size_t> blamed;
  if (party >= 0) blamed = static_cast<size_t>(party);
  const std::string message =
      party >= 0
          ? "a call into the agent did not return within " + FormatSeconds(in_call) + " (limit " +
                FormatSeconds(move_limit > 0 ? move_limit : session_limit) +
                "); the session was abandoned"
          : "the session did not end within " + FormatSeconds(in_session) + "; it was abandoned";
  SessionRecord record = FailedRecord(context, context.schedule[static_cast<size_t>(session)],
                                      blamed, FailureKind::kTimeout, message);
  record.session_seconds = in_session;
  return record;
}

// ---- Threads (in-process) ---------------------------------------------------------------------

namespace {

/// The state workers share with the pool; outlives the pool while an abandoned thread runs.
struct ThreadShared {
  std::shared_ptr<const SessionContext> context;
  std::vector<uint64_t> work;
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<SessionRecord> done;  // guarded by mutex
};

void WorkerLoop(std::shared_ptr<ThreadShared> shared, std::shared_ptr<WorkerWatch> watch) {
  const SessionContext& context = *shared->context;
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

class ThreadPool final : public SessionRunner {
 public:
  ThreadPool(std::shared_ptr<const SessionContext> context, std::vector<uint64_t> work, int jobs)
      : shared_(std::make_shared<ThreadShared>()), total_(work.size()) {
    shared_->context = std::move(context);
    shared_->work = std::move(work);
    jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(total_, 1))));
    for (int i = 0; i < jobs && total_ > 0; ++i) Spawn();
  }
  ~ThreadPool() override {
    // Stop handing out work; threads finish the session they are in.
    shared_->next.store(shared_->work.size());
    for (Worker& w : workers_)
      if (w.thread.joinable()) w.thread.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  Status Collect(std::vector<SessionRecord>& out, std::chrono::milliseconds timeout) override {
    {
      std::unique_lock lock(shared_->mutex);
      shared_->ready.wait_for(lock, timeout, [&] { return !shared_->done.empty(); });
      collected_ += shared_->done.size();
      for (SessionRecord& r : shared_->done) out.push_back(std::move(r));
      shared_->done.clear();
    }
    Watchdog();
    return {};
  }
  bool Finished() const override { return collected_ == total_; }
  size_t abandoned() const override { return abandoned_; }

 private:
  struct Worker {
    std::shared_ptr<WorkerWatch> watch;
    std::thread thread;
    WatchState state;
  };

  void Spawn() {
    Worker w;
    w.watch = std::make_shared<WorkerWatch>();
    w.thread = std::thread(WorkerLoop, shared_, w.watch);
    workers_.push_back(std::move(w));
  }

  void Watchdog() {
    const Clock::time_point now = Clock::now();
    const size_t count = workers_.size();
    for (size_t i = 0; i < count; ++i) {
      Worker& w = workers_[i];
      WorkerWatch& watch = *w.watch;
      if (watch.abandoned.load()) continue;
      const int64_t session = watch.session.load(std::memory_order_acquire);
      std::optional<SessionRecord> record = CheckHung(*shared_->context, watch, w.state, now);
      if (!record) continue;
      {
        std::lock_guard lock(shared_->mutex);
        if (watch.session.load(std::memory_order_acquire) != session) continue;  // just finished
        watch.abandoned.store(true, std::memory_order_release);
        shared_->done.push_back(std::move(*record));
      }
      w.thread.detach();
      ++abandoned_;
      // Keep the pool at full strength while work remains.
      if (shared_->next.load() < shared_->work.size()) Spawn();
    }
  }

  std::shared_ptr<ThreadShared> shared_;
  std::vector<Worker> workers_;
  size_t total_ = 0;
  size_t collected_ = 0;
  size_t abandoned_ = 0;
};

}  // namespace

std::unique_ptr<SessionRunner> MakeThreadPool(std::shared_ptr<const SessionContext> context,
                                              std::vector<uint64_t> work, int jobs) {
  return std::make_unique<ThreadPool>(std::move(context), std::move(work), jobs);
}

}  // namespace parley::tournament_internal
