// parley._parley: the thin pybind11 layer under the `parley` Python package (python/parley/).
// It converts and forwards; the work is in the libraries. Names are snake_case; the package's
// __init__.py adds the Python-side classes (Scenario, Analysis, NegotiationResult, ...), the
// docs are in docs/python.md and the stubs in python/parley/_parley.pyi.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analysis_report.h"
#include "convert.h"
#include "negotiate_defaults.h"
#include "parley/agent/agents.h"
#include "parley/agent/genius.h"
#include "parley/analysis/analysis.h"
#include "parley/io/scenario_io.h"
#include "parley/session/plot.h"
#include "parley/session/report.h"
#include "parley/session/session.h"
#include "parley/tournament/csv.h"
#include "parley/tournament/report.h"
#include "parley/tournament/summary.h"
#include "parley/tournament/tournament.h"
#include "python_agent.h"
#include "talks.h"

namespace parley::python {
namespace {

py::object JsonLoads(const std::string& text) {
  return py::module_::import("json").attr("loads")(text);
}
template <typename J>
py::object ToPython(const J& json) {
  return JsonLoads(json.dump());
}

/// One run at a time watches for Ctrl-C; reset at the start of each run.
std::shared_ptr<Interrupt>& CurrentInterrupt() {
  static auto* interrupt = new std::shared_ptr<Interrupt>(std::make_shared<Interrupt>());
  return *interrupt;
}
std::shared_ptr<Interrupt> ResetInterrupt() {
  CurrentInterrupt() = std::make_shared<Interrupt>();
  return CurrentInterrupt();
}
void RaiseIfInterrupted(const std::shared_ptr<Interrupt>& interrupt) {
  std::lock_guard lock(interrupt->mutex);
  if (interrupt->error) {
    py::error_already_set e = std::move(*interrupt->error);
    interrupt->error.reset();
    e.restore();
    throw py::error_already_set();
  }
  if (interrupt->raised) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
}

// --- scenarios -------------------------------------------------------------------------------

class ScenarioHandle {
 public:
  ScenarioHandle(LoadedScenario loaded)
      : prepared_(std::make_shared<PreparedScenario>(std::move(loaded.scenario))),
        format_(FormatName(loaded.format)),
        notes_(std::move(loaded.notes)),
        codec_(std::make_shared<OutcomeCodec>(prepared_->space())) {}

  const Scenario& scenario() const { return prepared_->scenario(); }
  const std::shared_ptr<PreparedScenario>& prepared() const { return prepared_; }
  const std::shared_ptr<const OutcomeCodec>& codec() const { return codec_; }
  const std::string& format() const { return format_; }
  const std::vector<std::string>& notes() const { return notes_; }

  ScenarioRef Ref() const {
    ScenarioRef ref;
    ref.owner = prepared_;
    ref.scenario = prepared_.get();
    ref.codec = codec_;
    return ref;
  }

  /// The frontier and Nash point sessions are scored against, as `parley negotiate` computes
  /// them (approximations allowed, `time_limit` seconds), once per scenario and limit.
  const ReferencePoints& Reference(double time_limit) {
    std::lock_guard lock(mutex_);
    auto it = reference_.find(time_limit);
    if (it == reference_.end()) {
      AnalysisOptions options;
      options.allow_approximation = true;
      options.time_limit_seconds = time_limit;
      it = reference_.emplace(time_limit, ComputeReferencePoints(scenario(), options)).first;
    }
    return it->second;
  }

  py::list Issues() const {
    py::list out;
    for (size_t i = 0; i < scenario().space.NumIssues(); ++i) {
      const Issue& issue = scenario().space.issue(i);
      py::dict d;
      d["name"] = issue.name;
      d["kind"] = std::string(IssueKindName(issue.kind));
      if (issue.kind == IssueKind::kInteger) {
        d["values"] =
            py::module_::import("builtins").attr("range")(issue.int_min, issue.int_max + 1);
      } else {
        py::list values;
        for (ValueIndex v = 0; v < issue.Cardinality(); ++v) values.append(codec_->Value(i, v));
        d["values"] = values;
      }
      out.append(d);
    }
    return out;
  }

  py::object OutcomeCount() const {
    const OutcomeSpace& space = scenario().space;
    if (space.Indexable()) return py::int_(space.SizeExact());
    return py::float_(space.Size());
  }

 private:
  std::shared_ptr<PreparedScenario> prepared_;
  std::string format_;
  std::vector<std::string> notes_;
  std::shared_ptr<const OutcomeCodec> codec_;
  std::mutex mutex_;
  std::map<double, ReferencePoints> reference_;
};

std::optional<ScenarioFormat> FormatArg(const std::optional<std::string>& format,
                                        const char* field) {
  if (!format) return std::nullopt;
  auto parsed = ParseFormatName(*format);
  if (!parsed)
    Raise(Error::BadInput("unknown format '" + *format + "'; expected native, genius or geniusweb",
                          {}, 0, field));
  return parsed;
}

std::shared_ptr<ScenarioHandle> Load(const std::vector<std::string>& sources,
                                     const std::optional<std::string>& format,
                                     std::optional<uint32_t> resolution) {
  LoadOptions options;
  options.format = FormatArg(format, "format");
  if (resolution) {
    if (*resolution < 2 || *resolution > 1000000)
      Raise(Error::BadInput(
          "the resolution must be in [2, 1000000], got " + std::to_string(*resolution), {}, 0,
          "resolution"));
    options.real_resolution = *resolution;
    options.override_resolution = true;
  }
  Result<LoadedScenario> loaded = [&] {
    py::gil_scoped_release release;
    return LoadScenario(sources, options);
  }();
  return std::make_shared<ScenarioHandle>(Check(std::move(loaded)));
}

py::dict ToFile(const ScenarioHandle& s, const std::string& path, const std::string& format) {
  auto f = FormatArg(format, "format");
  WriteReport report = Check(WriteScenario(s.scenario(), *f, path));
  py::dict out;
  out["files"] = report.files;
  out["dropped"] = report.dropped;
  return out;
}

// --- analysis --------------------------------------------------------------------------------

struct AnalysisHandle {
  std::shared_ptr<ScenarioHandle> scenario;
  Analysis analysis;
  py::object pareto;  // numpy (points x parties), filled in C++

  /// The `parley analyze --json` object (made on demand: it has one entry per frontier point).
  py::object Json() const {
    const cli::AnalysisReport report{scenario->scenario(), scenario->format(), scenario->notes(),
                                     analysis};
    return ToPython(cli::AnalysisJson(report));
  }
  py::object Point(const std::string& name) const {
    const UtilityPoint* p = name == "kalai"               ? &analysis.kalai
                            : name == "kalai_smorodinsky" ? &analysis.kalai_smorodinsky
                            : name == "egalitarian"       ? &analysis.egalitarian
                            : name == "max_welfare"       ? &analysis.max_welfare
                            : analysis.nash               ? &*analysis.nash
                                                          : nullptr;
    if (p == nullptr || p->outcome.empty()) return py::none();
    return py::make_tuple(scenario->codec()->ToDict(p->outcome), py::cast(p->utilities));
  }
  py::list ParetoOutcomes() const {
    py::list out;
    for (const UtilityPoint& point : analysis.frontier.points)
      out.append(scenario->codec()->ToDict(point.outcome));
    return out;
  }
};

AnalysisHandle AnalyzeScenario(std::shared_ptr<ScenarioHandle> s, double time_limit,
                               bool approximate) {
  if (!(time_limit > 0 && time_limit <= 1e6))
    Raise(Error::BadInput("the time limit must be a number of seconds in (0, 1e6]", {}, 0,
                          "time_limit"));
  AnalysisOptions options;
  options.allow_approximation = approximate;
  options.time_limit_seconds = time_limit;
  Result<Analysis> analysis = [&] {
    py::gil_scoped_release release;
    return Analyze(s->scenario(), options);
  }();
  AnalysisHandle out{s, Check(std::move(analysis)), py::none()};
  const auto& points = out.analysis.frontier.points;
  const size_t n = points.size(), p = s->scenario().NumParties();
  py::array_t<double> pareto({n, p});
  double* data = pareto.mutable_data();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < p; ++j) data[i * p + j] = points[i].utilities[j];
  out.pareto = pareto;
  return out;
}

// --- negotiation -----------------------------------------------------------------------------

/// `genius_jar=`: the GENIUS jar of the genius: agents made during one call (`--genius-jar`).
/// SetGeniusJar is process-wide and only this binding sets it, so the call restores the default
/// (PARLEY_GENIUS_JAR, else the jar the host was built against) when it returns.
class GeniusJarScope {
 public:
  explicit GeniusJarScope(const std::optional<std::string>& jar) : set_(jar.has_value()) {
    if (set_) SetGeniusJar(*jar);
  }
  ~GeniusJarScope() {
    if (set_) SetGeniusJar("");
  }
  GeniusJarScope(const GeniusJarScope&) = delete;
  GeniusJarScope& operator=(const GeniusJarScope&) = delete;

 private:
  bool set_;
};

/// Checks Ctrl-C every few thousand moves of a session run without the GIL.
class InterruptCheck final : public Negotiator {
 public:
  InterruptCheck(Negotiator* inner, std::shared_ptr<Interrupt> interrupt)
      : inner_(inner), interrupt_(std::move(interrupt)) {}
  void Start(const NegotiatorSetup& setup) override { inner_->Start(setup); }
  Action Act(const Turn& turn) override {
    if (++calls_ % 4096 == 0) {
      py::gil_scoped_acquire gil;
      if (interrupt_->Check()) throw std::runtime_error("interrupted (KeyboardInterrupt)");
    }
    return inner_->Act(turn);
  }
  void Observe(const Event& event) override { inner_->Observe(event); }
  void Finish(const Ending& ending) override { inner_->Finish(ending); }

 private:
  Negotiator* inner_;
  std::shared_ptr<Interrupt> interrupt_;
  uint64_t calls_ = 0;
};

struct SessionHandle {
  std::shared_ptr<ScenarioHandle> scenario;
  SessionResult result;
  const ReferencePoints* reference = nullptr;  // owned by the scenario handle
  py::object Json() const { return ToPython(SessionToJson(*scenario->prepared(), result)); }
  void Plot(const std::string& path) const {
    Check(WritePlotFile(path, *scenario->prepared(), result, *reference));
  }
  void Trace(const std::string& path) const {
    Check(WriteTraceFile(path, *scenario->prepared(), result));
  }
};

std::string AgentLabel(py::handle agent) {
  return py::str(py::type::handle_of(agent).attr("__name__")).cast<std::string>();
}

SessionHandle Negotiate(std::shared_ptr<ScenarioHandle> s, const std::optional<py::list>& agents,
                        const std::optional<std::string>& protocol, std::optional<int64_t> rounds,
                        std::optional<double> time, uint64_t seed, double analysis_time_limit,
                        const std::optional<std::string>& genius_jar) {
  const GeniusJarScope jar(genius_jar);
  const Scenario& scenario = s->scenario();
  SessionConfig config;
  // No protocol or agents: what `parley negotiate` runs (the single undertaking on doha-2019).
  config.protocol = protocol ? *protocol : cli::DefaultProtocol(scenario);
  config.seed = seed;
  if (time) {
    if (!(*time > 0 && *time <= 1e6))
      Raise(Error::BadInput("time must be a number of seconds in (0, 1e6]", {}, 0, "time"));
    config.deadline = Deadline::Seconds(*time);
    config.move_time_limit = *time;  // as `parley negotiate --time`
  } else {
    const int64_t r = rounds.value_or(100);
    if (r < 1 || r > 100'000'000)
      Raise(Error::BadInput("rounds must be in [1, 100000000], got " + std::to_string(r), {}, 0,
                            "rounds"));
    config.deadline = Deadline::Rounds(r);
  }
  std::vector<py::object> given;
  if (agents) {
    for (py::handle agent : *agents) given.push_back(py::reinterpret_borrow<py::object>(agent));
  } else {
    for (const std::string& spec : cli::DefaultAgents(config.protocol, scenario.NumParties()))
      given.push_back(py::str(spec));
  }
  if (given.size() == 1 && scenario.NumParties() > 1 && py::isinstance<py::str>(given[0]))
    given.assign(scenario.NumParties(), given[0]);
  if (given.size() != scenario.NumParties())
    Raise(Error::BadInput("the scenario has " + std::to_string(scenario.NumParties()) +
                              " parties but " + std::to_string(given.size()) +
                              " agents were given: give one agent name for all, or one per party",
                          {}, 0, "agents"));
  Check(Protocols().Make(config.protocol));
  auto interrupt = ResetInterrupt();
  std::vector<std::unique_ptr<Negotiator>> owned;
  std::vector<Negotiator*> parties;
  bool any_python = false;
  for (const py::object& agent : given) {
    if (py::isinstance<py::str>(agent)) {
      const std::string spec = agent.cast<std::string>();
      if (spec.empty()) Raise(Error::BadInput("an agent name is empty", {}, 0, "agents"));
      owned.push_back(Check(Agents().Make(spec)));
      config.agents.push_back(spec);
    } else {
      if (!py::hasattr(agent, "propose") || !py::hasattr(agent, "respond"))
        throw py::type_error(
            "an agent is a name ('boulware') or an object with propose and "
            "respond (a parley.SAONegotiator), not " +
            AgentLabel(agent));
      owned.push_back(std::make_unique<PythonNegotiator>(agent, interrupt, s->codec()));
      config.agents.push_back(AgentLabel(agent));
      any_python = true;
    }
    parties.push_back(owned.back().get());
  }
  const ReferencePoints* reference = nullptr;
  {
    py::gil_scoped_release release;
    reference = &s->Reference(analysis_time_limit);
  }
  Result<SessionResult> result = Error::Internal("not run");
  if (any_python) {
    // Python agents are called on this thread, which keeps the GIL.
    result = RunSession(*s->prepared(), config, parties, reference);
  } else {
    py::gil_scoped_release release;
    InterruptCheck check(parties[0], interrupt);
    parties[0] = &check;
    result = RunSession(*s->prepared(), config, parties, reference);
  }
  owned.clear();  // Python agents' references go now, with the GIL held
  RaiseIfInterrupted(interrupt);
  return SessionHandle{s, Check(std::move(result)), reference};
}

// --- tournaments -----------------------------------------------------------------------------

/// Python agent classes and factories become registry entries ("python-my-agent"), so that
/// tournaments make one fresh agent per session as they do for built-in agents. An object
/// registered once keeps its name for the life of the process.
std::string RegisterPythonAgent(py::object factory) {
  static auto* names = new std::vector<std::pair<py::object, std::string>>();
  for (const auto& [object, name] : *names)
    if (object.is(factory)) return name;
  std::string base = "python-";
  const std::string raw = py::hasattr(factory, "__name__")
                              ? py::str(factory.attr("__name__")).cast<std::string>()
                              : AgentLabel(factory);
  std::string word;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0 &&
        !std::isupper(static_cast<unsigned char>(raw[i - 1])) && !base.ends_with('-'))
      base += '-';
    if (std::isalnum(static_cast<unsigned char>(c)))
      base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!base.ends_with('-'))
      base += '-';
  }
  while (base.ends_with('-')) base.pop_back();
  std::string name = base;
  for (int k = 2; Agents().Find(name); ++k) name = base + "-" + std::to_string(k);
  RegistryEntry<Negotiator> entry;
  entry.name = name;
  entry.description = "Python agent " + raw;
  entry.in_process = true;  // the interpreter cannot cross the tournament's fork
  // The factory object lives as long as the process (registries are never emptied); the
  // interpreter may be gone at exit, so it is leaked rather than released then.
  auto* held = new py::object(factory);
  entry.factory = [held](SpecParams&) -> Result<std::unique_ptr<Negotiator>> {
    py::gil_scoped_acquire gil;
    try {
      py::object agent = (*held)();
      return std::unique_ptr<Negotiator>(
          std::make_unique<PythonNegotiator>(agent, CurrentInterrupt()));
    } catch (py::error_already_set& e) {
      return Error::BadInput("the Python factory raised: " + std::string(e.what()));
    }
  };
  Check(Agents().Register(std::move(entry)));
  names->emplace_back(factory, name);
  return name;
}

struct TournamentHandle {
  TournamentResults results;
  Summary summary;
  std::string Csv(bool timing) const {
    CsvOptions options;
    options.timing = timing;
    return ResultsCsv(results, options);
  }
};

TournamentHandle RunTournamentPy(const py::list& agents, const std::vector<std::string>& scenarios,
                                 const std::string& protocol, int64_t rounds, int repetitions,
                                 bool rotate_profiles, bool self_play, uint64_t seed, int jobs,
                                 const std::string& db, double move_time_limit,
                                 double session_time_limit, bool reservation_on_disagreement,
                                 const std::optional<std::string>& genius_jar) {
  const GeniusJarScope jar(genius_jar);
  TournamentConfig config;
  for (const py::handle agent : agents) {
    if (py::isinstance<py::str>(agent)) {
      config.agents.push_back(agent.cast<std::string>());
    } else if (PyCallable_Check(agent.ptr())) {
      config.agents.push_back(RegisterPythonAgent(py::reinterpret_borrow<py::object>(agent)));
    } else {
      throw py::type_error(
          "a tournament agent is a name or a class or factory that makes a "
          "parley.SAONegotiator (an instance plays one session only)");
    }
  }
  config.scenarios = Check(ExpandScenarioPaths(scenarios));
  config.protocol = protocol;
  config.rounds = rounds;
  config.repetitions = repetitions;
  config.rotate_profiles = rotate_profiles;
  config.self_play = self_play;
  config.seed = seed;
  config.move_time_limit = move_time_limit;
  config.session_time_limit = session_time_limit;
  config.reservation_on_disagreement = reservation_on_disagreement;
  TournamentOptions options;
  options.jobs = jobs;
  options.db = db;
  auto interrupt = ResetInterrupt();
  // Ctrl-C: the progress callback runs on this (the main) thread a few times a second; it
  // takes the GIL and lets Python see the signal. Python agents then stop at their next call,
  // and the exception ends the run (tournament.h: worker processes are killed, threads finish
  // the session they are in).
  struct Interrupted {};
  options.progress = [interrupt](const TournamentProgress&) {
    bool stop = false;
    {
      py::gil_scoped_acquire gil;
      stop = interrupt->Check();
    }
    if (stop) throw Interrupted{};
  };
  Result<TournamentResults> results = Error::Internal("not run");
  try {
    py::gil_scoped_release release;
    results = RunTournament(config, options);
  } catch (const Interrupted&) {
  }
  RaiseIfInterrupted(interrupt);
  TournamentHandle out{Check(std::move(results)), {}};
  out.summary = Summarize(out.results);
  return out;
}

py::list Ranking(const TournamentHandle& t) {
  py::list out;
  for (const AgentSummary& a : t.summary.agents) {
    py::dict d;
    d["agent"] = a.agent;
    d["advantage"] = a.advantage.mean;
    d["advantage_half_width"] = a.advantage.half_width;
    d["samples"] = a.advantage.n;
    d["utility"] = a.utility;
    d["partner_welfare"] = a.partner_welfare;
    d["agreement_rate"] = a.agreement_rate;
    d["failures"] = a.failures;
    out.append(d);
  }
  return out;
}

template <typename T>
py::list RegistryList(const Registry<T>& registry) {
  py::list out;
  for (const auto& entry : registry.List()) {
    py::list params;
    for (const auto& p : entry.parameters) {
      py::dict d;
      d["name"] = p.name;
      d["default"] = p.default_value;
      d["description"] = p.description;
      params.append(d);
    }
    py::dict d;
    d["name"] = entry.name;
    d["description"] = entry.description;
    d["parameters"] = params;
    out.append(d);
  }
  return out;
}

}  // namespace
}  // namespace parley::python

using namespace parley;          // NOLINT(google-build-using-namespace): the binding's table
using namespace parley::python;  // NOLINT(google-build-using-namespace)

PYBIND11_MODULE(_parley, m) {
  m.doc() = "parley's C++ core; use the `parley` package, not this module.";
  RegisterErrors(m);
  RegisterAgentTypes(m);

  py::class_<ScenarioHandle, std::shared_ptr<ScenarioHandle>>(m, "ScenarioHandle")
      .def_property_readonly("name", [](const ScenarioHandle& s) { return s.scenario().name; })
      .def_property_readonly("description",
                             [](const ScenarioHandle& s) { return s.scenario().description; })
      .def_property_readonly("source", [](const ScenarioHandle& s) { return s.scenario().source; })
      .def_property_readonly("format", &ScenarioHandle::format)
      .def_property_readonly("notes", &ScenarioHandle::notes)
      .def_property_readonly("parties",
                             [](const ScenarioHandle& s) {
                               std::vector<std::string> out;
                               for (const Party& p : s.scenario().parties) out.push_back(p.name);
                               return out;
                             })
      .def_property_readonly("issues", &ScenarioHandle::Issues)
      .def_property_readonly("outcome_count", &ScenarioHandle::OutcomeCount)
      .def_property_readonly(
          "default_protocol",
          [](const ScenarioHandle& s) { return cli::DefaultProtocol(s.scenario()); })
      .def_property_readonly("reservation_values",
                             [](const ScenarioHandle& s) {
                               std::vector<double> out;
                               for (const Party& p : s.scenario().parties)
                                 out.push_back(p.profile.reservation_value);
                               return out;
                             })
      .def("ufun",
           [](const ScenarioHandle& s, size_t party) {
             if (party >= s.scenario().NumParties()) throw py::index_error("party index");
             return UtilityFunction(s.Ref(), party);
           })
      .def("outcome_space", [](const ScenarioHandle& s) { return OutcomeSpaceView(s.Ref()); })
      .def("utilities",
           [](const ScenarioHandle& s, py::handle outcome) {
             return s.prepared()->Utilities(s.codec()->FromPython(outcome));
           })
      .def("to_file", &ToFile)
      .def("analyze", &AnalyzeScenario);

  m.def("load", &Load, py::arg("sources"), py::arg("format"), py::arg("resolution"));
  m.def("builtin_scenarios", &BuiltinScenarioNames);
  m.def("registry_json", [](const std::string& which) {
    return which == "agents" ? RegistryList(Agents()) : RegistryList(Protocols());
  });

  py::class_<AnalysisHandle>(m, "AnalysisHandle")
      .def("json", &AnalysisHandle::Json)
      .def_readonly("pareto", &AnalysisHandle::pareto)
      .def("pareto_outcomes", &AnalysisHandle::ParetoOutcomes)
      .def("point", &AnalysisHandle::Point)
      .def_property_readonly("opposition",
                             [](const AnalysisHandle& a) { return a.analysis.opposition; })
      .def_property_readonly("zopa",
                             [](const AnalysisHandle& a) {
                               return py::make_tuple(a.analysis.zopa.outcomes,
                                                     a.analysis.zopa.share, a.analysis.zopa.exact);
                             })
      .def_property_readonly("frontier_exact",
                             [](const AnalysisHandle& a) { return a.analysis.frontier.exact; })
      .def_property_readonly("frontier_method",
                             [](const AnalysisHandle& a) { return a.analysis.frontier.method; })
      .def_property_readonly("notes", [](const AnalysisHandle& a) {
        std::vector<std::string> notes = a.scenario->notes();
        notes.insert(notes.end(), a.analysis.notes.begin(), a.analysis.notes.end());
        return notes;
      });

  py::class_<SessionHandle>(m, "SessionHandle")
      .def("json", &SessionHandle::Json)
      .def("plot", &SessionHandle::Plot)
      .def("trace", &SessionHandle::Trace)
      .def_property_readonly("agreement",
                             [](const SessionHandle& h) -> py::object {
                               const auto& a = h.result.negotiation.agreement;
                               if (!a) return py::none();
                               return h.scenario->codec()->ToDict(*a);
                             })
      .def_property_readonly("utilities",
                             [](const SessionHandle& h) { return h.result.metrics.utilities; })
      .def_property_readonly("discounted",
                             [](const SessionHandle& h) { return h.result.metrics.discounted; })
      .def_property_readonly("reservations",
                             [](const SessionHandle& h) { return h.result.metrics.reservations; })
      .def_property_readonly("advantages",
                             [](const SessionHandle& h) { return h.result.metrics.advantages; })
      .def_property_readonly("welfare",
                             [](const SessionHandle& h) { return h.result.metrics.welfare; })
      .def_property_readonly(
          "pareto_distance",
          [](const SessionHandle& h) { return h.result.metrics.pareto_distance; })
      .def_property_readonly("nash_distance",
                             [](const SessionHandle& h) { return h.result.metrics.nash_distance; })
      .def_property_readonly("rounds",
                             [](const SessionHandle& h) { return h.result.metrics.rounds; })
      .def_property_readonly("time", [](const SessionHandle& h) { return h.result.metrics.time; })
      .def_property_readonly("num_moves",
                             [](const SessionHandle& h) { return h.result.negotiation.num_moves; })
      .def_property_readonly("end",
                             [](const SessionHandle& h) {
                               return std::string(EndReasonName(h.result.negotiation.reason));
                             })
      .def_property_readonly("ended_by",
                             [](const SessionHandle& h) -> py::object {
                               const auto& by = h.result.negotiation.ended_by;
                               if (!by) return py::none();
                               return py::str(h.result.parties[*by]);
                             })
      .def_property_readonly("agents", [](const SessionHandle& h) { return h.result.agents; })
      .def_property_readonly("parties", [](const SessionHandle& h) { return h.result.parties; });
  // A benchmark hook: the same session `repeat` times in C++ alone (no Python layer), as a C++
  // caller runs it: RunSession, then the result destroyed (freeing its moves is part of every
  // session's cost, in the CLI as from Python). Returns the best wall times in seconds of the
  // whole and of RunSession alone. bench/python_bench.py compares parley.negotiate with it.
  m.def("time_session", [](std::shared_ptr<ScenarioHandle> s, std::vector<std::string> agents,
                           const std::string& protocol, int64_t rounds, uint64_t seed, int repeat) {
    SessionConfig config;
    config.protocol = protocol;
    config.agents = std::move(agents);
    config.deadline = Deadline::Rounds(rounds);
    config.seed = seed;
    py::gil_scoped_release release;
    const ReferencePoints& reference = s->Reference(20);
    double best = 1e300, best_run = 1e300;
    for (int i = 0; i < repeat; ++i) {
      const auto start = std::chrono::steady_clock::now();
      double run = 0;
      {
        Result<SessionResult> r = RunSession(*s->prepared(), config, &reference);
        run = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!r) Raise(r.error());
      }
      const double took =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      best = std::min(best, took);
      best_run = std::min(best_run, run);
    }
    return std::make_pair(best, best_run);
  });
  m.def("negotiate", &Negotiate);

  py::class_<TournamentHandle>(m, "TournamentHandle")
      .def("csv", &TournamentHandle::Csv, py::arg("timing"))
      .def("ranking", &Ranking)
      .def("failures",
           [](const TournamentHandle& t) {
             py::list out;
             for (const SessionRecord& s : t.results.sessions) {
               if (s.failure_kind.empty()) continue;
               py::dict d;
               d["session"] = s.index;
               d["position"] = s.failure_position ? py::object(py::int_(*s.failure_position))
                                                  : py::object(py::none());
               d["agent"] =
                   s.failure_position && *s.failure_position < s.parties.size()
                       ? py::object(py::str(t.results.agents[s.parties[*s.failure_position].agent]))
                       : py::object(py::none());
               d["kind"] = s.failure_kind;
               d["message"] = s.failure_message;
               out.append(d);
             }
             return out;
           })
      .def_property_readonly("agents", [](const TournamentHandle& t) { return t.results.agents; })
      .def_property_readonly("sessions",
                             [](const TournamentHandle& t) { return t.results.sessions.size(); })
      .def_property_readonly("seconds", [](const TournamentHandle& t) { return t.results.seconds; })
      .def_property_readonly("abandoned_threads",
                             [](const TournamentHandle& t) { return t.results.abandoned_threads; })
      .def("write_report", [](const TournamentHandle& t, const std::string& path) {
        Check(WriteTournamentReport(t.results, t.summary, path));
      });
  m.def("tournament", &RunTournamentPy);

  RegisterTalks(m, [](py::handle scenario) -> const Scenario& {
    return scenario.cast<const ScenarioHandle&>().scenario();
  });
}
