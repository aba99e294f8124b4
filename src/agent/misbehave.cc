// misbehave: a test agent for fault handling from the command line. It plays like `linear`
// (time-dependent concession, e = 1) until its at-th move (call to Act), then misbehaves as
// asked: throws an exception, hangs (sleeps) far past any move time limit, makes an illegal
// move, or crashes the process (SIGSEGV, or abort()). Tournaments record each as a failure against
// it (docs/tournament.md, "Faults": a crash kills only the worker process running the session).

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "builtin_agents.h"

namespace parley::agents {
namespace {

enum class Mode { kThrow, kHang, kIllegal, kCrash, kAbort };

class Misbehave final : public BasicNegotiator {
 public:
  Misbehave(Mode mode, int64_t at, double seconds) : mode_(mode), at_(at), seconds_(seconds) {}

  Action Act(const Turn& turn) override {
    if (++moves_ != at_) return BasicNegotiator::Act(turn);
    switch (mode_) {
      case Mode::kThrow:
        throw std::runtime_error("misbehave: throws at move " + std::to_string(at_) + ", as asked");
      case Mode::kHang:
        // Sleeping, not spinning: an abandoned thread should not also burn its core.
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds_));
        return BasicNegotiator::Act(turn);
      case Mode::kIllegal:
        return IllegalAction(turn);
      case Mode::kCrash:
        // A segfault, as a buggy agent in C++ would have: it ends the process.
        std::raise(SIGSEGV);
        throw std::runtime_error("misbehave: SIGSEGV was handled and returned");
      case Mode::kAbort:
        std::abort();
    }
    return BasicNegotiator::Act(turn);
  }

 protected:
  void OnStart() override {
    max_ = index().best();
    min_ = std::min(max_, std::max(index().worst(), Reservation()));
  }
  Outcome NextOffer(const Turn& turn) override {
    if (auto o = index().AtLeast(TimeDependentTarget(turn.time, 1.0, min_, max_)))
      return *std::move(o);
    return FallbackOutcome(setup());
  }
  bool Accepts(const Outcome& offer, const Turn& turn, const Outcome*) override {
    return Rational(offer) && Utility(offer) >= TimeDependentTarget(turn.time, 1.0, min_, max_);
  }

 private:
  /// An action of a kind the turn does not allow; if the turn allows all of these, an offer
  /// with a value outside the first issue's range.
  Action IllegalAction(const Turn& turn) const {
    if (!turn.allowed.Contains(ActionKind::kReject)) return Reject{};
    if (!turn.allowed.Contains(ActionKind::kAccept)) return Accept{};
    if (!turn.allowed.Contains(ActionKind::kEnd)) return EndNegotiation{};
    Outcome o = index().best_outcome();
    o[0] = static_cast<ValueIndex>(setup().space().issue(0).Cardinality());
    return Offer{std::move(o)};
  }

  Mode mode_;
  int64_t at_;
  double seconds_;
  int64_t moves_ = 0;
  double max_ = 1, min_ = 0;
};

}  // namespace

void RegisterMisbehave(Registry<Negotiator>& registry) {
  Status s = registry.Register(
      {"misbehave",
       "for testing fault handling: plays like linear until its at-th move, then throws "
       "(mode=throw), sleeps `seconds` (mode=hang: past any move time limit), makes an "
       "illegal move (mode=illegal) or crashes the process with SIGSEGV (mode=crash) or "
       "abort() (mode=abort)",
       {{"mode", "throw", "throw, hang, illegal, crash or abort"},
        {"at", "1", "the move (call to Act, from 1) at which it misbehaves"},
        {"seconds", "600", "how long mode=hang sleeps before it plays on"}},
       [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
         PARLEY_ASSIGN_OR_RETURN(std::string mode_name, params.String("mode", "throw"));
         Mode mode;
         if (mode_name == "throw") {
           mode = Mode::kThrow;
         } else if (mode_name == "hang") {
           mode = Mode::kHang;
         } else if (mode_name == "illegal") {
           mode = Mode::kIllegal;
         } else if (mode_name == "crash") {
           mode = Mode::kCrash;
         } else if (mode_name == "abort") {
           mode = Mode::kAbort;
         } else {
           return Error::BadInput(
               "unknown mode '" + mode_name +
               "' for agent 'misbehave'; known: throw, hang, illegal, crash, abort");
         }
         PARLEY_ASSIGN_OR_RETURN(int64_t at, params.Int("at", 1, 1, 1'000'000'000));
         PARLEY_ASSIGN_OR_RETURN(double seconds, params.Double("seconds", 600, 0, 1e6));
         return MakeAgent<Misbehave>(mode, at, seconds);
       }});
  (void)s;
}

}  // namespace parley::agents
