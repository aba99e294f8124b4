// genius:CLASS, a GENIUS agent in a JVM (docs/genius-bridge.md). Every genius: agent of a
// session shares one GeniusSession (through NegotiatorSetup::shared), which holds the session's
// JVM: the host sets the session up as GENIUS does, with all the session's GENIUS agents in it,
// so that their seeds and their unseeded random generators are those of the same session run
// by GENIUS itself (refrun.sh). parley runs the protocol; the JVM only answers "what does party
// i do now" and "party i, see this move".

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "builtin_agents.h"
#include "genius_process.h"
#include "parley/agent/genius.h"
#include "parley/io/genius.h"
#include "parley/protocol/trace.h"

#ifndef PARLEY_GENIUS_JAR_DEFAULT
#define PARLEY_GENIUS_JAR_DEFAULT ""
#endif

namespace parley {
namespace fs = std::filesystem;

namespace {
std::mutex g_jar_mutex;
std::string g_jar;  // SetGeniusJar

bool IsFile(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec);
}
}  // namespace

void SetGeniusJar(std::string path) {
  std::lock_guard lock(g_jar_mutex);
  g_jar = std::move(path);
}

std::string DefaultGeniusJar() { return PARLEY_GENIUS_JAR_DEFAULT; }

Result<std::string> GeniusJar() {
  std::string set;
  {
    std::lock_guard lock(g_jar_mutex);
    set = g_jar;
  }
  if (!set.empty()) {
    if (!IsFile(set))
      return Error::BadInput("the GENIUS jar does not exist", set, 0, "--genius-jar");
    return set;
  }
  if (const char* env = std::getenv("PARLEY_GENIUS_JAR"); env && *env) {
    if (!IsFile(env))
      return Error::BadInput("the GENIUS jar does not exist", env, 0, "PARLEY_GENIUS_JAR");
    return std::string(env);
  }
  const std::string fallback = DefaultGeniusJar();
  if (IsFile(fallback)) return fallback;
  return Error::BadInput(
      "genius: agents need a GENIUS jar: give --genius-jar FILE or set PARLEY_GENIUS_JAR" +
      (fallback.empty() ? std::string() : " (the default, " + fallback + ", does not exist)") +
      "; see docs/genius-bridge.md");
}

namespace agents {
namespace {

/// A directory of files written for one session, deleted with it.
class TempDir {
 public:
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  Result<std::string> Get() {
    if (!path_.empty()) return path_;
    std::error_code ec;
    std::string tmpl = (fs::temp_directory_path(ec) / "parley-genius-xml.XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr)
      return Error::Internal(std::string("cannot make a temporary directory: ") +
                             std::strerror(errno));
    path_ = tmpl;
    return path_;
  }

 private:
  std::string path_;
};

struct PartyFiles {
  std::string domain, profile;
};

/// The GENIUS files of the scenario's source that hold exactly what parley loaded for this
/// party (same outcome space, same profile), if there are any.
std::optional<PartyFiles> OriginalFiles(const NegotiatorSetup& setup) {
  std::error_code ec;
  const fs::path source(setup.scenario_source());
  fs::path dir;
  if (fs::is_directory(source, ec)) {
    dir = source;
  } else if (fs::is_regular_file(source, ec)) {
    dir = source.parent_path();
  } else {
    return std::nullopt;
  }
  std::vector<std::string> domains;
  std::string profile;
  for (const fs::directory_entry& e : fs::directory_iterator(dir.empty() ? "." : dir, ec)) {
    if (e.path().extension() != ".xml" || !e.is_regular_file(ec)) continue;
    std::ifstream in(e.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const GeniusFileKind kind = ClassifyGeniusText(text);
    if (kind == GeniusFileKind::kDomain) domains.push_back(e.path().string());
    if (kind == GeniusFileKind::kProfile && e.path().stem().string() == setup.party().name)
      profile = e.path().string();
  }
  if (profile.empty()) return std::nullopt;
  for (const std::string& domain : domains) {
    const std::vector<std::string> profiles = {profile};
    Result<Scenario> read = ReadGenius(domain, profiles);
    if (read && read->space == setup.space() && read->parties.size() == 1 &&
        read->parties[0].profile == setup.party().profile) {
      return PartyFiles{domain, profile};
    }
  }
  return std::nullopt;
}

/// This party's scenario as GENIUS XML: its own files when they say the same, else written.
Result<PartyFiles> FilesFor(const NegotiatorSetup& setup, TempDir& temp, size_t index) {
  if (auto original = OriginalFiles(setup)) return *original;
  Scenario one;
  one.name = "parley";
  one.space = setup.space();
  one.parties = {setup.party()};
  PARLEY_ASSIGN_OR_RETURN(GeniusFiles files, GeniusText(one));
  PARLEY_ASSIGN_OR_RETURN(std::string dir, temp.Get());
  const std::string stem = dir + "/party" + std::to_string(index);
  PartyFiles out{stem + "-domain.xml", stem + "-profile.xml"};
  std::ofstream(out.domain) << files.domain_text;
  std::ofstream(out.profile) << files.profile_texts.at(0);
  return out;
}

FailureKind KindFromHost(const std::string& kind) {
  if (kind == "timeout") return FailureKind::kTimeout;
  if (kind == "illegal") return FailureKind::kIllegalAction;
  if (kind == "invalid") return FailureKind::kInvalidOutcome;
  return FailureKind::kException;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

struct RegisteredParty {
  std::string cls;
  std::string profile_file;
};

/// The JVM and the GENIUS agents of one session.
class GeniusSession {
 public:
  GeniusSession(const NegotiatorSetup& setup, GeniusLaunch launch)
      : launch_(std::move(launch)),
        space_(&setup.space()),
        parties_(setup.num_parties()),
        failures_(setup.num_parties()),
        rounds_(setup.deadline().rounds),
        seed_(setup.session_seed()),
        // GENIUS gives each call 60 s with a deadline in rounds; a move limit replaces it.
        host_timeout_ms_(setup.move_time_limit() > 0
                             ? static_cast<int64_t>(setup.move_time_limit() * 1000)
                             : 60'000) {}

  ~GeniusSession() {
    if (process_ && ended_) ReleaseGeniusProcess(launch_, std::move(process_));
  }

  void Register(const NegotiatorSetup& setup, const std::string& cls,
                const std::string& persistent) {
    if (persistent != "disabled") {
      if (persistent_ != "disabled" && persistent_ != persistent) {
        throw NegotiatorFailure(FailureKind::kException,
                                "persistent=" + persistent + " differs from persistent=" +
                                    persistent_ + " of another GENIUS agent of the session");
      }
      persistent_ = persistent;
    }
    Result<PartyFiles> files = FilesFor(setup, temp_, setup.self());
    if (!files) {
      throw NegotiatorFailure(FailureKind::kException,
                              "cannot give the scenario to GENIUS: " + files.error().message);
    }
    if (domain_file_.empty()) domain_file_ = files->domain;
    parties_[setup.self()] = RegisteredParty{cls, files->profile};
  }

  Action Act(size_t party, const Turn& turn) {
    Ready(party);
    if (turn.kind != TurnKind::kPropose) {
      throw NegotiatorFailure(FailureKind::kIllegalAction,
                              "GENIUS agents play the sao protocol only (a " +
                                  std::string(TurnKindName(turn.kind)) + " turn was asked)");
    }
    std::string allowed;
    if (turn.allowed.Contains(ActionKind::kAccept)) allowed += 'a';
    if (turn.allowed.Contains(ActionKind::kOffer)) allowed += 'o';
    if (turn.allowed.Contains(ActionKind::kEnd)) allowed += 'e';
    const std::vector<std::string> r =
        Ask(party, "act\t" + std::to_string(party) + "\t" + std::to_string(turn.round + 1) + "\t" +
                       allowed);
    if (r[0] == "offer" && r.size() == 2) return Offer{Decode(party, r[1])};
    if (r[0] == "accept") return Accept{};
    if (r[0] == "end") return EndNegotiation{};
    return Throw(party, r);
  }

  void Observe(size_t party, const Event& event) {
    Ready(party);
    if (event.party < 0 || event.action == nullptr) return;
    std::string what;
    if (std::holds_alternative<Offer>(*event.action) && event.outcome) {
      what = "offer\t" + Encode(*event.outcome);
    } else if (std::holds_alternative<Accept>(*event.action)) {
      what = "accept\t" + (event.outcome ? Encode(*event.outcome) : std::string());
    } else if (std::holds_alternative<EndNegotiation>(*event.action)) {
      what = "end\t";
    } else {
      return;
    }
    const std::vector<std::string> r =
        Ask(party, "observe\t" + std::to_string(party) + "\t" + std::to_string(event.party) + "\t" +
                       std::to_string(event.round + 1) + "\t" + what);
    if (r[0] != "ok") Throw(party, r);
  }

  void Finish(const Ending& ending) {
    if (ended_ || !process_ || !broken_.empty()) return;
    const std::string agreement = ending.agreement ? Encode(*ending.agreement) : "-";
    // The agents' reactions to the end change nothing; only a healthy JVM is reused.
    Result<std::string> r = process_->Request("end\t" + agreement, HostWait());
    ended_ = r && *r == "ended";
  }

 private:
  /// How long parley waits for the JVM beyond the host's own limit on a call (the host
  /// answers "timeout" itself; this catches a JVM that cannot answer at all).
  static double Grace() {
    const char* g = std::getenv("PARLEY_GENIUS_GRACE_S");
    const double v = g ? std::atof(g) : 0;
    return v > 0 ? v : 10.0;
  }
  double HostWait() const { return static_cast<double>(host_timeout_ms_) / 1000.0 + Grace(); }

  /// Starts the session in a JVM on the first call from any of its GENIUS agents (by then every
  /// one has registered), and reports a failure of this party's start.
  void Ready(size_t party) {
    if (!started_) Begin();
    if (!broken_.empty()) {
      throw NegotiatorFailure(broken_kind_, broken_);
    }
    if (failures_[party]) {
      auto [kind, message] = *failures_[party];
      throw NegotiatorFailure(kind, message);
    }
  }

  void Begin() {
    started_ = true;
    Result<std::unique_ptr<GeniusProcess>> p = AcquireGeniusProcess(launch_);
    if (!p) return Break(FailureKind::kException, "cannot start the JVM: " + p.error().message);
    process_ = std::move(*p);
    int64_t genius = 0;
    std::vector<std::string> lines;
    lines.push_back("session\t" + std::to_string(parties_.size()) + "\t" + std::to_string(rounds_) +
                    "\t" + std::to_string(static_cast<int64_t>(seed_)) + "\t" + persistent_ + "\t" +
                    std::to_string(host_timeout_ms_) + "\t" + domain_file_);
    for (size_t i = 0; i < parties_.size(); ++i) {
      if (parties_[i]) {
        ++genius;
        lines.push_back("party\t" + std::to_string(i) + "\tgenius\t" + parties_[i]->cls + "\t" +
                        parties_[i]->profile_file);
      } else {
        lines.push_back("party\t" + std::to_string(i) + "\tother\tparley-party-" +
                        std::to_string(i));
      }
    }
    for (const std::string& line : lines) {
      Result<std::string> r = process_->Request(line, 30);
      if (!r || *r != "ok")
        return Break(FailureKind::kException,
                     "the GENIUS host refused the session: " + (r ? *r : r.error().message));
    }
    std::string cards;
    for (size_t k = 0; k < space_->NumIssues(); ++k)
      cards += (k ? " " : "") + std::to_string(space_->issue(k).Cardinality());
    // JVM class loading and every agent's init, each with GENIUS's limit.
    Result<std::string> r = process_->Request(
        "start\t" + cards,
        6 * Grace() + HostWait() * static_cast<double>(std::max<int64_t>(genius, 1)));
    if (!r)
      return Break(FailureKind::kTimeout, "the GENIUS agents did not start: " + r.error().message);
    const std::vector<std::string> f = SplitTabs(*r);
    if (f[0] != "started")
      return Break(FailureKind::kException, "the GENIUS session did not start: " + *r);
    for (size_t k = 1; k + 2 < f.size(); k += 3) {
      const size_t who = std::stoul(f[k]);
      if (who < failures_.size())
        failures_[who] = {KindFromHost(f[k + 1]), "did not start: " + f[k + 2]};
    }
  }

  void Break(FailureKind kind, std::string message) {
    broken_ = std::move(message);
    broken_kind_ = kind;
    if (process_) process_->Kill();
  }

  std::vector<std::string> Ask(size_t party, const std::string& line) {
    Result<std::string> r = process_->Request(line, HostWait());
    if (!r) {
      Break(r.error().message.find("did not answer") != std::string::npos ? FailureKind::kTimeout
                                                                          : FailureKind::kException,
            "the JVM failed: " + r.error().message);
      (void)party;
      throw NegotiatorFailure(broken_kind_, broken_);
    }
    return SplitTabs(*r);
  }

  [[noreturn]] Action Throw(size_t party, const std::vector<std::string>& r) {
    (void)party;
    if (r[0] == "fail" && r.size() >= 3) throw NegotiatorFailure(KindFromHost(r[1]), r[2]);
    std::string all;
    for (const std::string& s : r) all += (all.empty() ? "" : " ") + s;
    throw NegotiatorFailure(FailureKind::kException, "the GENIUS host said: " + all);
  }

  std::string Encode(const Outcome& o) const {
    std::string s;
    for (size_t k = 0; k < o.size(); ++k) s += (k ? " " : "") + std::to_string(o[k]);
    return s;
  }

  Outcome Decode(size_t party, const std::string& text) const {
    Outcome o;
    const char* p = text.c_str();
    char* end = nullptr;
    while (*p) {
      const unsigned long v = std::strtoul(p, &end, 10);
      if (end == p) break;
      o.push_back(static_cast<ValueIndex>(v));
      p = end;
    }
    if (o.size() != space_->NumIssues()) {
      throw NegotiatorFailure(FailureKind::kInvalidOutcome,
                              "party " + std::to_string(party) + " offered '" + text + "'");
    }
    return o;
  }

  GeniusLaunch launch_;
  const OutcomeSpace* space_;
  std::vector<std::optional<RegisteredParty>> parties_;
  std::vector<std::optional<std::pair<FailureKind, std::string>>> failures_;
  int64_t rounds_;
  uint64_t seed_;
  int64_t host_timeout_ms_;
  std::string persistent_ = "disabled";
  std::string domain_file_;
  TempDir temp_;
  std::unique_ptr<GeniusProcess> process_;
  bool started_ = false;
  bool ended_ = false;
  std::string broken_;
  FailureKind broken_kind_ = FailureKind::kException;
};

class GeniusAgent final : public Negotiator {
 public:
  GeniusAgent(std::string cls, std::string persistent, GeniusLaunch launch)
      : cls_(std::move(cls)), persistent_(std::move(persistent)), launch_(std::move(launch)) {}

  void Start(const NegotiatorSetup& setup) override {
    self_ = setup.self();
    if (setup.protocol().name != "sao") {
      throw NegotiatorFailure(
          FailureKind::kIllegalAction,
          "GENIUS agents play the sao protocol only, not " + setup.protocol().name);
    }
    if (setup.deadline().rounds <= 0) {
      throw NegotiatorFailure(FailureKind::kException,
                              "GENIUS agents need a deadline in rounds (--rounds)");
    }
    if (setup.shared()) {
      std::shared_ptr<void>& slot = setup.shared()->Slot("genius");
      if (!slot) slot = std::make_shared<GeniusSession>(setup, launch_);
      session_ = std::static_pointer_cast<GeniusSession>(slot);
    } else {
      session_ = std::make_shared<GeniusSession>(setup, launch_);
    }
    session_->Register(setup, cls_, persistent_);
  }
  Action Act(const Turn& turn) override { return session_->Act(self_, turn); }
  void Observe(const Event& event) override { session_->Observe(self_, event); }
  void Finish(const Ending& ending) override {
    if (session_) session_->Finish(ending);
  }

 private:
  std::string cls_, persistent_;
  GeniusLaunch launch_;
  size_t self_ = 0;
  std::shared_ptr<GeniusSession> session_;
};

}  // namespace

void RegisterGenius(Registry<Negotiator>& registry) {
  RegistryEntry<Negotiator> entry{
      "genius",
      "a GENIUS agent (ANAC 2010-2013 genius.core.Agent or 2014+ NegotiationParty) run in a JVM: "
      "genius:CLASS, e.g. genius:agents.anac.y2011.HardHeaded.KLH (parley agents --genius lists "
      "the jar's); the jar from --genius-jar, PARLEY_GENIUS_JAR or the one parley was built "
      "with; sao only (docs/genius-bridge.md)",
      {{"class", "", "the agent's Java class (the value after genius:)"},
       {"persistent", "disabled",
        "GENIUS persistent data: disabled, standard or serializable (ANAC 2017-2018 agents need "
        "standard)"}},
      [](SpecParams& params) -> Result<std::unique_ptr<Negotiator>> {
        PARLEY_ASSIGN_OR_RETURN(std::string cls, params.String("class", ""));
        if (cls.empty() || cls.find_first_of(" \t\n/") != std::string::npos) {
          return Error::BadInput(
              "agent 'genius' needs a Java class, e.g. genius:agents.anac.y2011.HardHeaded.KLH "
              "(parley agents --genius lists them)");
        }
        PARLEY_ASSIGN_OR_RETURN(std::string persistent, params.String("persistent", "disabled"));
        if (persistent != "disabled" && persistent != "standard" && persistent != "serializable") {
          return Error::BadInput("unknown persistent '" + persistent +
                                 "' for agent 'genius'; known: disabled, standard, serializable");
        }
        PARLEY_ASSIGN_OR_RETURN(std::string jar, GeniusJar());
        PARLEY_ASSIGN_OR_RETURN(GeniusLaunch launch, ResolveLaunch(jar));
        return MakeAgent<GeniusAgent>(std::move(cls), std::move(persistent), std::move(launch));
      }};
  entry.positional = "class";
  // A JVM child process per session, shared by its GENIUS agents: not across a fork (tournaments
  // run sessions with it on threads; docs/tournament.md, "In-process").
  entry.in_process = true;
  Status s = registry.Register(std::move(entry));
  (void)s;
}

}  // namespace agents

Result<std::vector<GeniusAgentClass>> ListGeniusAgents() {
  PARLEY_ASSIGN_OR_RETURN(std::string jar, GeniusJar());
  PARLEY_ASSIGN_OR_RETURN(agents::GeniusLaunch launch, agents::ResolveLaunch(jar));
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<agents::GeniusProcess> p,
                          agents::GeniusProcess::Start(launch));
  PARLEY_ASSIGN_OR_RETURN(std::string reply, p->Request("list", 600));
  std::vector<std::string> f = agents::SplitTabs(reply);
  if (f[0] != "classes") return Error::Internal("the GENIUS host said: " + reply);
  std::vector<GeniusAgentClass> out;
  for (size_t i = 1; i < f.size(); ++i) {
    const size_t colon = f[i].rfind(':');
    if (colon == std::string::npos) continue;
    out.push_back({f[i].substr(0, colon), f[i].substr(colon + 1)});
  }
  return out;
}

}  // namespace parley
