// parley.talks.Ledger's C++ side. A translation unit of its own: the talks module's headers and
// the protocol's cannot meet in one (both declare a different parley::IssueValue).

#include "talks.h"

#include <pybind11/stl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "convert.h"
#include "parley/io/scenario_io.h"
#include "parley/talks/ledger.h"
#include "parley/talks/talks_setup.h"
#include "parley/talks/talks_status.h"
#include "parley/talks/talks_views.h"

namespace parley::python {
namespace {

template <typename J>
py::object ToPython(const J& json) {
  return py::module_::import("json").attr("loads")(json.dump());
}

// --- talks ledger ----------------------------------------------------------------------------

class LedgerHandle {
 public:
  explicit LedgerHandle(const std::string& path, bool create) {
    Ledger::OpenOptions options;
    options.create = create;
    ledger_ = std::make_unique<Ledger>(Check(Ledger::Open(path, options)));
  }
  std::string path() const { return ledger_->path(); }
  int schema_version() { return Check(ledger_->SchemaVersion()); }
  py::list Talks() {
    py::list out;
    for (const TalksInfo& info : Check(ledger_->ListTalks())) out.append(ToPython(TalksJson(info)));
    return out;
  }
  py::object ImportDoha(const std::string& name) {
    Scenario doha = Check(LoadBuiltinScenario("doha-2019"));
    return Tokens(Check(ImportDohaHistory(*ledger_, doha, name)), doha);
  }
  py::object Create(const Scenario& s, const std::string& name, const std::string& title,
                    std::optional<std::string> profiles_date) {
    TalksInfo info;
    info.name = name;
    info.title = title;
    info.source = s.source;
    return Tokens(Check(SetUpTalks(*ledger_, info, s, profiles_date)), s);
  }
  py::object Status(const std::string& talks, const std::string& as_of) {
    LedgerState state = LoadState(talks, as_of);
    return ToPython(StatusJson(state, ComputeStatus(state)));
  }
  py::object History(const std::string& talks, const std::string& as_of) {
    LedgerState state = LoadState(talks, as_of);
    nlohmann::ordered_json out;
    out["talks"] = TalksJson(state.info);
    out["as_of"] = as_of.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(as_of);
    out["known_at"] = state.known_at.empty() ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(state.known_at);
    out["entries"] = EntriesJson(state, Viewer::Mediator());
    return ToPython(out);
  }
  int64_t Record(const std::string& kind, const py::object& entry, const std::string& talks) {
    auto k = ParseEntryKind(kind);
    if (!k)
      Raise(Error::BadInput("unknown entry kind '" + kind +
                                "'; expected round, proposal, position, agreement, reopening, "
                                "vote, profile or note",
                            {}, 0, "kind"));
    LedgerState state = LoadState(talks, "");
    const std::string text = py::module_::import("json").attr("dumps")(entry).cast<std::string>();
    nlohmann::json body = nlohmann::json::parse(text);
    LedgerEntry parsed = Check(EntryFromJson(body, *k, state, "entry"));
    return Check(ledger_->Append(state.info.id, std::move(parsed)));
  }

 private:
  LedgerState LoadState(const std::string& talks, const std::string& as_of) {
    TalksInfo info = Check(ledger_->FindTalks(talks));
    return Check(ledger_->Load(info.id, as_of));
  }
  static py::dict Tokens(const NewTalks& created, const Scenario& s) {
    py::dict out;
    out["talks"] = ToPython(TalksJson(created.info));
    out["mediator_token"] = created.mediator_token;
    py::dict parties;
    for (size_t p = 0; p < created.party_tokens.size() && p < s.NumParties(); ++p)
      parties[py::str(s.parties[p].name)] = created.party_tokens[p];
    out["party_tokens"] = parties;
    out["profiles"] = created.profiles;
    return out;
  }
  std::unique_ptr<Ledger> ledger_;
};

}  // namespace

void RegisterTalks(py::module_& m, std::function<const Scenario&(py::handle)> scenario_of) {
  py::class_<LedgerHandle>(m, "LedgerHandle")
      .def(py::init<const std::string&, bool>())
      .def_property_readonly("path", &LedgerHandle::path)
      .def("schema_version", &LedgerHandle::schema_version)
      .def("talks", &LedgerHandle::Talks)
      .def("import_doha", &LedgerHandle::ImportDoha)
      .def("create",
           [scenario_of](LedgerHandle& ledger, py::handle scenario, const std::string& name,
                         const std::string& title, std::optional<std::string> profiles_date) {
             return ledger.Create(scenario_of(scenario), name, title, profiles_date);
           })
      .def("status", &LedgerHandle::Status)
      .def("history", &LedgerHandle::History)
      .def("record", &LedgerHandle::Record);
}

}  // namespace parley::python
