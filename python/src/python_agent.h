#pragma once

/// \file
/// Private to the Python module: agents written in Python (subclasses of parley.SAONegotiator)
/// as parley `Negotiator`s, and the objects they see (utility function, outcome space, state).
///
/// GIL. Every call into Python acquires the GIL (cheap when the calling thread holds it, as in
/// parley.negotiate; tournament worker threads take it in turn). Destructors take it too.
///
/// Faults. A Python exception in the agent becomes a C++ exception whose text is the Python
/// traceback, so the protocol's Table records it as the agent's failure ("exception"). A
/// KeyboardInterrupt is kept in the shared `Interrupt` and ends the session the same way; the
/// caller re-raises it once the run returns.

#include <pybind11/pybind11.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "convert.h"
#include "parley/protocol/negotiator.h"
#include "parley/protocol/prepared_scenario.h"

namespace parley::python {

/// Ctrl-C seen during a run: the first KeyboardInterrupt, re-raised by the caller.
struct Interrupt {
  std::atomic<bool> raised{false};
  std::mutex mutex;
  std::optional<py::error_already_set> error;  // destroy with the GIL held
  /// Checks Python's signal handlers (main thread only; elsewhere Python ignores the call) and
  /// the flag. Needs the GIL. Returns true when the run must stop.
  bool Check();
  void Store(py::error_already_set&& e);
};

/// Where the objects an agent sees point: a scenario that outlives them (`owner` keeps it
/// alive when set) or one that lives for a session only (`alive` turns false at its end, and
/// using the object afterwards raises RuntimeError).
struct ScenarioRef {
  std::shared_ptr<const PreparedScenario> owner;
  const PreparedScenario* scenario = nullptr;
  std::shared_ptr<const OutcomeCodec> codec;
  std::shared_ptr<std::atomic<bool>> alive;  // null: as long as owner
  const PreparedScenario& get() const;
};

/// parley.UtilityFunction: one party's utility, `ufun(outcome) -> float`.
class UtilityFunction {
 public:
  UtilityFunction(ScenarioRef ref, size_t party) : ref_(std::move(ref)), party_(party) {}
  double operator()(py::handle outcome);
  double reserved_value() const;
  std::string name() const;
  size_t party() const { return party_; }
  double Max() const;
  double Min() const;
  py::tuple Best() const;
  const ScenarioRef& ref() const { return ref_; }

 private:
  ScenarioRef ref_;
  size_t party_;
  py::object last_object_;  // identity cache: the last tuple decoded and its outcome
  Outcome last_outcome_;
};

/// parley.OutcomeSpace: the outcomes in mixed-radix order, `len()`, indexing and iteration.
class OutcomeSpaceView {
 public:
  explicit OutcomeSpaceView(ScenarioRef ref) : ref_(std::move(ref)) {}
  size_t Size() const;
  py::tuple At(int64_t index) const;
  uint64_t IndexOf(py::handle outcome) const;
  bool Contains(py::handle outcome) const;
  const ScenarioRef& ref() const { return ref_; }

 private:
  ScenarioRef ref_;
};

/// What a Python agent knows in a session (NegMAS's "NMI"), given to `_parley_start`.
class AgentInfo {
 public:
  AgentInfo(ScenarioRef ref, const NegotiatorSetup& setup);
  py::object ufun;           // UtilityFunction
  py::object outcome_space;  // OutcomeSpaceView
  std::string name;          // the party's name
  std::string protocol;
  size_t n_negotiators = 0;
  std::optional<int64_t> n_steps;
  std::optional<double> time_limit;
  double reserved_value = 0;
  py::object AtLeast(double utility) const;
  py::object AtMost(double utility) const;
  py::list Between(double lo, double hi, size_t limit) const;
  py::list Near(double utility, double tolerance, size_t limit) const;

 private:
  ScenarioRef ref_;
  const UtilityIndex* index_;
};

/// The state given to propose/respond (NegMAS's SAOState names).
struct AgentState {
  int64_t step = 0;
  double relative_time = 0;
  py::object current_offer;     // tuple or None
  py::object current_proposer;  // party name or None
  int64_t n_negotiators = 0;
  std::string turn;
  py::object track;  // the single undertaking's track (name) or None
};

class PythonNegotiator final : public Negotiator {
 public:
  PythonNegotiator(py::object agent, std::shared_ptr<Interrupt> interrupt,
                   std::shared_ptr<const OutcomeCodec> codec = nullptr);
  ~PythonNegotiator() override;
  void Start(const NegotiatorSetup& setup) override;
  Action Act(const Turn& turn) override;
  void Observe(const Event& event) override;
  void Finish(const Ending& ending) override;

 private:
  [[noreturn]] void Rethrow(py::error_already_set& e, const char* where);
  py::object State(const Turn& turn);
  py::object OfferObject(const Outcome* offer);
  Outcome Decode(const py::object& proposal);
  int Response(const py::object& result);

  py::object agent_, propose_, respond_, observe_;
  std::shared_ptr<Interrupt> interrupt_;
  std::shared_ptr<const OutcomeCodec> codec_;
  std::shared_ptr<std::atomic<bool>> alive_;
  const NegotiatorSetup* setup_ = nullptr;
  std::vector<py::object> party_names_;
  Outcome last_offer_;  // cache: the tuple made for the last offer seen
  py::object last_offer_object_;
  py::object last_proposal_;  // cache: the last tuple proposed and its outcome
  Outcome last_proposal_outcome_;
};

/// Registers UtilityFunction, OutcomeSpace, AgentInfo, AgentState.
void RegisterAgentTypes(py::module_& m);

}  // namespace parley::python
