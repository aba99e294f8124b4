#include "python_agent.h"

#include <pybind11/stl.h>

#include <stdexcept>

#include "parley/protocol/single_undertaking.h"
#include "parley/protocol/utility_index.h"

namespace parley::python {
namespace {

// NegMAS's ResponseType values (parley.ResponseType is an IntEnum with the same numbers).
constexpr int kAcceptOffer = 0;
constexpr int kRejectOffer = 1;
constexpr int kEndNegotiation = 2;

std::string TracebackText(py::error_already_set& e) {
  try {
    py::object format = py::module_::import("traceback").attr("format_exception");
    py::object lines = format(e.type(), e.value(), e.trace());
    return py::str("").attr("join")(lines).cast<std::string>();
  } catch (py::error_already_set&) {
    return e.what();
  }
}

}  // namespace

bool Interrupt::Check() {
  if (PyErr_CheckSignals() != 0) {
    Store(py::error_already_set());
    return true;
  }
  return raised.load(std::memory_order_relaxed);
}

void Interrupt::Store(py::error_already_set&& e) {
  std::lock_guard lock(mutex);
  if (!error) error.emplace(std::move(e));
  raised.store(true);
}

const PreparedScenario& ScenarioRef::get() const {
  if (alive && !alive->load(std::memory_order_relaxed))
    throw std::runtime_error("this object belongs to a negotiation that has ended");
  return *scenario;
}

double UtilityFunction::operator()(py::handle outcome) {
  const PreparedScenario& s = ref_.get();
  if (outcome.ptr() != last_object_.ptr() || !PyTuple_Check(outcome.ptr())) {
    last_outcome_ = ref_.codec->FromPython(outcome);
    last_object_ = py::reinterpret_borrow<py::object>(outcome);
  }
  return s.profile(party_).Utility(last_outcome_);
}

double UtilityFunction::reserved_value() const {
  return ref_.get().profile(party_).reservation_value();
}
std::string UtilityFunction::name() const { return ref_.get().scenario().parties[party_].name; }
double UtilityFunction::Max() const { return ref_.get().index(party_).best(); }
double UtilityFunction::Min() const { return ref_.get().index(party_).worst(); }
py::tuple UtilityFunction::Best() const {
  return ref_.codec->ToTuple(ref_.get().index(party_).best_outcome());
}

size_t OutcomeSpaceView::Size() const {
  const OutcomeSpace& space = ref_.get().space();
  if (!space.Indexable())
    throw std::overflow_error("the outcome space has " + std::to_string(space.Size()) +
                              " outcomes, too many to count in 64 bits");
  return space.SizeExact();
}

py::tuple OutcomeSpaceView::At(int64_t index) const {
  const size_t n = Size();
  if (index < 0) index += static_cast<int64_t>(n);
  if (index < 0 || static_cast<uint64_t>(index) >= n) throw py::index_error("outcome index");
  return ref_.codec->ToTuple(ref_.get().space().FromIndex(static_cast<uint64_t>(index)));
}

uint64_t OutcomeSpaceView::IndexOf(py::handle outcome) const {
  Size();  // checks indexable
  return ref_.get().space().Index(ref_.codec->FromPython(outcome));
}

bool OutcomeSpaceView::Contains(py::handle outcome) const {
  try {
    ref_.codec->FromPython(outcome);
    return true;
  } catch (py::value_error&) {
    return false;
  } catch (py::type_error&) {
    return false;
  }
}

AgentInfo::AgentInfo(ScenarioRef ref, const NegotiatorSetup& setup)
    : ref_(std::move(ref)), index_(&setup.index()) {
  ufun = py::cast(UtilityFunction(ref_, setup.self()));
  outcome_space = py::cast(OutcomeSpaceView(ref_));
  name = setup.party_name(setup.self());
  protocol = setup.protocol().name;
  n_negotiators = setup.num_parties();
  if (setup.deadline().rounds > 0) n_steps = setup.deadline().rounds;
  if (setup.deadline().seconds > 0) time_limit = setup.deadline().seconds;
  reserved_value = setup.profile().reservation_value();
}

py::object AgentInfo::AtLeast(double utility) const {
  ref_.get();
  auto found = index_->AtLeast(utility);
  if (!found) return py::none();
  return ref_.codec->ToTuple(*found);
}

py::object AgentInfo::AtMost(double utility) const {
  ref_.get();
  auto found = index_->AtMost(utility);
  if (!found) return py::none();
  return ref_.codec->ToTuple(*found);
}

py::list AgentInfo::Between(double lo, double hi, size_t limit) const {
  ref_.get();
  py::list out;
  for (const Outcome& o : index_->InRange(lo, hi, limit)) out.append(ref_.codec->ToTuple(o));
  return out;
}

py::list AgentInfo::Near(double utility, double tolerance, size_t limit) const {
  return Between(utility - tolerance, utility + tolerance, limit);
}

PythonNegotiator::PythonNegotiator(py::object agent, std::shared_ptr<Interrupt> interrupt,
                                   std::shared_ptr<const OutcomeCodec> codec)
    : agent_(std::move(agent)), interrupt_(std::move(interrupt)), codec_(std::move(codec)) {}

PythonNegotiator::~PythonNegotiator() {
  py::gil_scoped_acquire gil;
  if (alive_) alive_->store(false);
  agent_ = propose_ = respond_ = observe_ = last_offer_object_ = last_proposal_ = py::object();
  party_names_.clear();
  codec_.reset();
}

void PythonNegotiator::Rethrow(py::error_already_set& e, const char* where) {
  if (e.matches(PyExc_KeyboardInterrupt)) {
    interrupt_->Store(std::move(e));
    throw std::runtime_error("interrupted (KeyboardInterrupt)");
  }
  throw std::runtime_error(std::string("Python exception in ") + where + ":\n" + TracebackText(e));
}

void PythonNegotiator::Start(const NegotiatorSetup& setup) {
  py::gil_scoped_acquire gil;
  setup_ = &setup;
  try {
    if (!codec_ || &codec_->space() != &setup.space())
      codec_ = std::make_shared<OutcomeCodec>(setup.space());
    alive_ = std::make_shared<std::atomic<bool>>(true);
    // The scenario lives for the session only: `alive_` turns false in Finish, so that objects
    // the agent kept raise instead of reading freed memory.
    ScenarioRef ref;
    ref.scenario = &setup.prepared();
    ref.codec = codec_;
    ref.alive = alive_;
    party_names_.clear();
    for (size_t p = 0; p < setup.num_parties(); ++p)
      party_names_.push_back(py::str(setup.party_name(p)));
    propose_ = agent_.attr("propose");
    respond_ = agent_.attr("respond");
    py::object base = py::module_::import("parley").attr("SAONegotiator");
    py::object hook = py::type::handle_of(agent_).attr("on_partner_proposal");
    observe_ = hook.is(base.attr("on_partner_proposal")) ? py::object()
                                                         : agent_.attr("on_partner_proposal");
    agent_.attr("_parley_start")(AgentInfo(ref, setup));
  } catch (py::error_already_set& e) {
    Rethrow(e, "on_negotiation_start");
  }
}

py::object PythonNegotiator::OfferObject(const Outcome* offer) {
  if (offer == nullptr) return py::none();
  if (!last_offer_object_ || *offer != last_offer_) {
    last_offer_ = *offer;
    last_offer_object_ = codec_->ToTuple(*offer);
  }
  return last_offer_object_;
}

py::object PythonNegotiator::State(const Turn& turn) {
  AgentState state;
  state.step = turn.round;
  state.relative_time = turn.time;
  state.current_offer = OfferObject(turn.offer);
  state.current_proposer =
      turn.offer_from >= 0 && static_cast<size_t>(turn.offer_from) < party_names_.size()
          ? party_names_[static_cast<size_t>(turn.offer_from)]
      : turn.offer_from == kMediator ? py::str("mediator")
                                     : py::object(py::none());
  state.n_negotiators = static_cast<int64_t>(party_names_.size());
  state.turn = TurnKindName(turn.kind);
  if (const auto* u = dynamic_cast<const UndertakingState*>(turn.details);
      u != nullptr && u->track < u->tracks.size())
    state.track = py::str(u->tracks[u->track].name);
  else
    state.track = py::none();
  return py::cast(std::move(state));
}

Outcome PythonNegotiator::Decode(const py::object& proposal) {
  if (proposal.is(last_proposal_) && PyTuple_Check(proposal.ptr())) return last_proposal_outcome_;
  Outcome outcome = codec_->FromPython(proposal);
  last_proposal_ = proposal;
  last_proposal_outcome_ = outcome;
  return outcome;
}

int PythonNegotiator::Response(const py::object& result) {
  // An IntEnum (or int) with NegMAS's numbers; a bool is refused (True would mean "reject").
  const long r =
      PyLong_Check(result.ptr()) && !PyBool_Check(result.ptr()) ? PyLong_AsLong(result.ptr()) : -1;
  if (r != kAcceptOffer && r != kRejectOffer && r != kEndNegotiation)
    throw std::runtime_error("respond returned " + py::repr(result).cast<std::string>() +
                             "; expected parley.ResponseType.ACCEPT_OFFER, REJECT_OFFER or "
                             "END_NEGOTIATION");
  return static_cast<int>(r);
}

Action PythonNegotiator::Act(const Turn& turn) {
  py::gil_scoped_acquire gil;
  if (interrupt_->Check()) throw std::runtime_error("interrupted (KeyboardInterrupt)");
  const char* where = "propose";
  try {
    py::object state = State(turn);
    auto respond = [&]() -> int {
      where = "respond";
      py::object offer = OfferObject(turn.offer);
      return Response(respond_(state, offer));
    };
    auto propose = [&]() -> Action {
      where = "propose";
      py::object proposal = propose_(state);
      if (proposal.is_none()) return EndNegotiation{};
      auto not_an_outcome = [&](const std::string& why) {
        return std::runtime_error("propose returned " + py::repr(proposal).cast<std::string>() +
                                  ", not an outcome of the space: " + why);
      };
      try {
        return Offer{Decode(proposal)};
      } catch (py::value_error& e) {
        throw not_an_outcome(e.what());
      } catch (py::type_error& e) {
        throw not_an_outcome(e.what());
      }
    };
    switch (turn.kind) {
      // The single undertaking's turns are SAO's about one track: `offer` is the track's
      // standing proposal completed into a whole package (UndertakingState's public view), and
      // a whole package proposed counts for the track's open issues (single_undertaking.h).
      case TurnKind::kPackage:
      case TurnKind::kPropose:
        if (turn.offer != nullptr && turn.allowed.Contains(ActionKind::kAccept)) {
          const int r = respond();
          if (r == kAcceptOffer) return Accept{};
          if (r == kEndNegotiation) return EndNegotiation{};
        }
        return propose();
      case TurnKind::kOffer:
        return propose();
      case TurnKind::kRespond:
      case TurnKind::kVote:
      case TurnKind::kRatify: {
        const int r = respond();
        if (r == kAcceptOffer) return Accept{};
        if (r == kEndNegotiation) return EndNegotiation{};
        return Reject{};
      }
    }
  } catch (py::error_already_set& e) {
    Rethrow(e, where);
  }
  throw std::runtime_error("a turn of an unknown kind");
}

void PythonNegotiator::Observe(const Event& event) {
  if (!observe_ || event.outcome == nullptr || event.action == nullptr ||
      !std::holds_alternative<Offer>(*event.action) || event.party < 0)
    return;
  py::gil_scoped_acquire gil;
  try {
    Turn turn;
    turn.round = event.round;
    turn.time = event.time;
    turn.kind = event.turn;
    turn.offer = event.outcome;
    turn.offer_from = event.party;
    py::object state = State(turn);
    observe_(state, party_names_[static_cast<size_t>(event.party)], OfferObject(event.outcome));
  } catch (py::error_already_set& e) {
    Rethrow(e, "on_partner_proposal");
  }
}

void PythonNegotiator::Finish(const Ending& ending) {
  py::gil_scoped_acquire gil;
  try {
    py::object agreement =
        ending.agreement ? py::object(codec_->ToTuple(*ending.agreement)) : py::object(py::none());
    agent_.attr("_parley_end")(std::string(EndReasonName(ending.reason)), agreement);
  } catch (py::error_already_set& e) {
    if (e.matches(PyExc_KeyboardInterrupt)) interrupt_->Store(std::move(e));
    // Finish cannot fail the session any more; the error is dropped (documented).
  }
  if (alive_) alive_->store(false);
}

void RegisterAgentTypes(py::module_& m) {
  py::class_<UtilityFunction>(m, "UtilityFunction",
                              "One party's utility function: ufun(outcome) -> float, with the "
                              "outcome a tuple in issue order or a dict {issue: value}.")
      .def("__call__", &UtilityFunction::operator(), py::arg("outcome"),
           "The party's undiscounted utility for the outcome.")
      .def_property_readonly("reserved_value", &UtilityFunction::reserved_value,
                             "The party's reservation value.")
      .def_property_readonly("name", &UtilityFunction::name, "The party's name.")
      .def("max", &UtilityFunction::Max, "The highest utility of an acceptable outcome.")
      .def("min", &UtilityFunction::Min, "The lowest utility of an acceptable outcome.")
      .def("best", &UtilityFunction::Best, "An outcome with the highest utility.");

  py::class_<OutcomeSpaceView>(m, "OutcomeSpace",
                               "The outcomes, in mixed-radix order (the last issue varies "
                               "fastest): len(), indexing, iteration, `in`.")
      .def("__len__", &OutcomeSpaceView::Size)
      .def("__getitem__", &OutcomeSpaceView::At, py::arg("index"))
      .def("__contains__", &OutcomeSpaceView::Contains, py::arg("outcome"))
      .def("index", &OutcomeSpaceView::IndexOf, py::arg("outcome"),
           "The outcome's position in the space.");

  py::class_<AgentInfo>(m, "AgentInfo", "What a Python agent knows in a session.")
      .def_readonly("ufun", &AgentInfo::ufun)
      .def_readonly("outcome_space", &AgentInfo::outcome_space)
      .def_readonly("name", &AgentInfo::name)
      .def_readonly("protocol", &AgentInfo::protocol)
      .def_readonly("n_negotiators", &AgentInfo::n_negotiators)
      .def_readonly("n_steps", &AgentInfo::n_steps)
      .def_readonly("time_limit", &AgentInfo::time_limit)
      .def_readonly("reserved_value", &AgentInfo::reserved_value)
      .def("outcome_at_least", &AgentInfo::AtLeast, py::arg("utility"))
      .def("outcome_at_most", &AgentInfo::AtMost, py::arg("utility"))
      .def("outcomes_between", &AgentInfo::Between, py::arg("lo"), py::arg("hi"), py::arg("limit"))
      .def("outcomes_near", &AgentInfo::Near, py::arg("utility"), py::arg("tolerance"),
           py::arg("limit"));

  py::class_<AgentState>(m, "SAOState",
                         "The state of the negotiation at a Python agent's turn (NegMAS's "
                         "names). Valid after the call too; a fresh object each turn.")
      .def_readonly("step", &AgentState::step, "The round, 0-based.")
      .def_readonly("relative_time", &AgentState::relative_time,
                    "Normalised time in [0, 1]: round / rounds, or elapsed / seconds.")
      .def_readonly("current_offer", &AgentState::current_offer,
                    "The offer on the table (a tuple in issue order), or None.")
      .def_readonly("current_proposer", &AgentState::current_proposer,
                    "The name of the party that made current_offer, or None.")
      .def_readonly("n_negotiators", &AgentState::n_negotiators)
      .def_readonly("turn", &AgentState::turn,
                    "What the protocol asks: 'propose' (SAO), 'offer' or 'respond' (AMOP), "
                    "'vote', 'ratify', 'package' (the single undertaking: propose and "
                    "respond as in SAO, about one track).")
      .def_readonly("track", &AgentState::track,
                    "The single undertaking: the name of the track the turn is about; None "
                    "elsewhere and on the final vote.");
}

}  // namespace parley::python
