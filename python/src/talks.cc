// parley.talks.Ledger's C++ side. A translation unit of its own: the talks module's headers and
// the protocol's cannot meet in one (both declare a different parley::IssueValue).

#include "talks.h"

#include <pybind11/stl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "convert.h"
#include "parley/io/scenario_io.h"
#include "parley/talks/ledger.h"
#include "parley/talks/talks_analysis.h"
#include "parley/talks/talks_setup.h"
#include "parley/talks/talks_status.h"
#include "parley/talks/talks_views.h"
#include "talks_json.h"

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
  // The CLI's JSON (talks_json.h): status with its draft analysis, history with the replay.
  py::object Status(const std::string& talks, const Replay& replay) {
    LedgerState state = LoadState(talks, replay);
    const TalksStatus status = ComputeStatus(state);
    Result<DraftAnalysis> analysis = [&] {
      py::gil_scoped_release release;
      return AnalyzeDraft(state, status);
    }();
    return ToPython(cli::TalksStatusJson(state, status, analysis));
  }
  py::object History(const std::string& talks, const Replay& replay) {
    return ToPython(cli::TalksHistoryJson(LoadState(talks, replay)));
  }
  int64_t Record(const std::string& kind, const py::object& entry, const std::string& talks) {
    auto k = ParseEntryKind(kind);
    if (!k)
      Raise(Error::BadInput("unknown entry kind '" + kind +
                                "'; expected round, proposal, position, agreement, reopening, "
                                "vote, profile or note",
                            {}, 0, "kind"));
    LedgerState state = LoadState(talks, Replay{});
    const std::string text = py::module_::import("json").attr("dumps")(entry).cast<std::string>();
    nlohmann::json body = nlohmann::json::parse(text);
    LedgerEntry parsed = Check(EntryFromJson(body, *k, state, "entry"));
    return Check(ledger_->Append(state.info.id, std::move(parsed)));
  }

 private:
  LedgerState LoadState(const std::string& talks, const Replay& replay) {
    TalksInfo info = Check(ledger_->FindTalks(talks));
    return Check(ledger_->Load(info.id, replay));
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
      .def("status",
           [](LedgerHandle& ledger, const std::string& talks, const std::string& as_of,
              const std::string& known_at) {
             return ledger.Status(talks, Replay{as_of, known_at});
           })
      .def("history",
           [](LedgerHandle& ledger, const std::string& talks, const std::string& as_of,
              const std::string& known_at) {
             return ledger.History(talks, Replay{as_of, known_at});
           })
      .def("record", &LedgerHandle::Record);
}

}  // namespace parley::python
