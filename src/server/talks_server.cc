#include "parley/server/talks_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <vector>

#include "parley/sqlite/database.h"
#include "parley/talks/ledger.h"
#include "parley/talks/talks_analysis.h"
#include "parley/talks/talks_picture.h"
#include "parley/talks/talks_status.h"
#include "parley/talks/talks_views.h"
#include "web_assets.h"

namespace parley {

namespace {

/// A JSON reply: status code and body.
struct Reply {
  int status = 200;
  Json body;
};

Reply ErrorReply(int status, std::string_view code, const std::string& message,
                 const std::string& field = {}) {
  Json error;
  error["code"] = code;
  error["message"] = message;
  if (!field.empty()) error["field"] = field;
  Json body;
  body["error"] = std::move(error);
  return {status, std::move(body)};
}

// A chunked body would escape httplib's size limit (--max-body): refused from its headers,
// before it is read. The connection is closed, as it still holds the body.
Reply ChunkedPolicy(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding"))
    return ErrorReply(411, "length-required",
                      "send the body with a Content-Length (chunked bodies are not accepted)");
  return Reply{0, {}};
}

bool IsJson(const httplib::Request& req) {
  return req.get_header_value("Content-Type").rfind("application/json", 0) == 0;
}

Reply NotJson() {
  return ErrorReply(415, "unsupported-media-type", "expected Content-Type: application/json");
}

Reply FromError(const Error& error) {
  switch (error.code) {
    case ErrorCode::kBadInput:
      return ErrorReply(400, "bad-input", error.message, error.field);
    case ErrorCode::kNotFound:
      return ErrorReply(404, "not-found", error.message, error.field);
    case ErrorCode::kUnsupported:
      return ErrorReply(422, "unsupported", error.message, error.field);
    case ErrorCode::kInternal:
      if (sqlite::IsBusy(error))
        return ErrorReply(503, "busy", "the ledger is busy with another writer; try again");
      break;
  }
  return ErrorReply(500, "internal", error.message);
}

void Send(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  res.set_header("Cache-Control", "no-store");
  if (reply.status == 411) res.set_header("Connection", "close");
  if (reply.status == 503) res.set_header("Retry-After", "1");
  res.set_content(reply.body.dump(), "application/json");
}

/// What a token may see and do.
struct Access {
  TokenInfo token;
  Viewer viewer;
};

// The kinds of entry the API accepts, by path segment, and whether a party may post them (for
// itself). Rounds and notes are the mediator's.
struct PostKind {
  const char* segment;
  EntryKind kind;
  bool party_may_post;
};
constexpr PostKind kPostKinds[] = {
    {"rounds", EntryKind::kRound, false},           {"proposals", EntryKind::kProposal, true},
    {"positions", EntryKind::kPosition, true},      {"agreements", EntryKind::kAgreement, true},
    {"reopenings", EntryKind::kReopening, true},    {"votes", EntryKind::kVote, true},
    {"profiles", EntryKind::kProfile, true},        {"notes", EntryKind::kNote, false},
    {"retractions", EntryKind::kRetraction, false},
};

}  // namespace

struct TalksServer::Impl {
  ServerOptions options;
  httplib::Server http;
  int port = 0;

  // A pool of connections: each request borrows one.
  std::mutex mutex;
  std::condition_variable available;
  std::vector<std::unique_ptr<Ledger>> pool;

  class Borrowed {
   public:
    explicit Borrowed(Impl& impl) : impl_(impl) {
      std::unique_lock lock(impl_.mutex);
      impl_.available.wait(lock, [&] { return !impl_.pool.empty(); });
      ledger_ = std::move(impl_.pool.back());
      impl_.pool.pop_back();
    }
    ~Borrowed() {
      std::lock_guard lock(impl_.mutex);
      impl_.pool.push_back(std::move(ledger_));
      impl_.available.notify_one();
    }
    Ledger& operator*() { return *ledger_; }
    Ledger* operator->() { return ledger_.get(); }

   private:
    Impl& impl_;
    std::unique_ptr<Ledger> ledger_;
  };

  /// Checks the bearer token: the access, or the 401 reply.
  std::variant<Access, Reply> Authorize(const httplib::Request& req, Ledger& ledger) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    // The scheme is case-insensitive (RFC 9110), the token is not.
    if (header.size() < kBearer.size() ||
        !std::equal(kBearer.begin(), kBearer.end(), header.begin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return ErrorReply(401, "unauthorized", "send Authorization: Bearer TOKEN");
    auto token = ledger.Authenticate(std::string_view(header).substr(kBearer.size()));
    if (!token) return FromError(token.error());
    if (!token->has_value()) return ErrorReply(401, "unauthorized", "unknown or revoked token");
    Access access{std::move(**token), {}};
    access.viewer.party = access.token.party;
    return access;
  }

  using TalksHandler =
      std::function<Reply(const httplib::Request&, const Access&, Ledger&, const LedgerState&)>;

  /// Wraps a handler of /api/talks/{id}/...: borrows a connection, authorises, checks that the
  /// token belongs to that negotiation, and loads the record (as of ?as_of= when given).
  httplib::Server::Handler Talks(TalksHandler handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      Send(res, Guard([&]() -> Reply {
             Borrowed ledger(*this);
             auto auth = Authorize(req, *ledger);
             if (auto* reply = std::get_if<Reply>(&auth)) return *reply;
             const Access& access = std::get<Access>(auth);
             if (req.method == "POST" && !IsJson(req)) return NotJson();
             // Any id but the token's is "not found", whether it exists or not: a 403 for the
             // ids that exist would tell a token which other negotiations the file holds.
             const std::string id_text = req.matches[1].str();
             if (id_text != std::to_string(access.token.talks_id))
               return ErrorReply(404, "not-found", "no negotiation with id " + id_text);
             const int64_t id = access.token.talks_id;
             Replay replay{req.get_param_value("as_of"), req.get_param_value("known_at")};
             auto state = ledger->Load(id, replay);
             if (!state) return FromError(state.error());
             return handler(req, access, *ledger, *state);
           }));
    };
  }

  template <typename F>
  Reply Guard(F&& f) {
    try {
      return f();
    } catch (const std::exception& e) {
      return ErrorReply(500, "internal", e.what());
    }
  }

  void Routes();
};

namespace {

Reply StatusReply(const LedgerState& state) {
  return {200, StatusJson(state, ComputeStatus(state))};
}

Reply IssuesReply(const LedgerState& state) {
  const TalksStatus status = ComputeStatus(state);
  const Json structure = StructureJson(state);
  const Json status_json = StatusJson(state, status);
  Json issues = Json::array();
  for (size_t i = 0; i < structure["issues"].size(); ++i) {
    Json issue = structure["issues"][i];
    for (const char* key : {"status", "value", "reopened", "since", "acceptances"})
      issue[key] = status_json["issues"][i][key];
    issues.push_back(std::move(issue));
  }
  return {200, Json{{"issues", std::move(issues)}}};
}

Reply FrontierReply(const LedgerState& state, const DraftAnalysis& result) {
  const DraftAnalysis* analysis = &result;
  const Scenario& s = state.structure;
  Json out;
  Json parties = Json::array();
  for (const Party& party : s.parties) parties.push_back(party.name);
  out["parties"] = std::move(parties);
  Json fixed = Json::object();
  for (size_t i = 0; i < analysis->fixed.size(); ++i)
    if (analysis->fixed[i])
      fixed[s.space.issue(i).name] = s.space.issue(i).ValueName(*analysis->fixed[i]);
  out["fixed"] = std::move(fixed);
  // Counts as integers (a draft's subspace is far below 2^53 packages).
  out["packages"] = static_cast<int64_t>(analysis->packages);
  out["zopa"] = static_cast<int64_t>(analysis->zopa.outcomes);
  out["reservations"] = analysis->reservations;
  out["origins"] = analysis->origins;
  auto package = [&](const Outcome& outcome) {
    Json p = Json::object();
    for (size_t i = 0; i < outcome.size(); ++i)
      p[s.space.issue(i).name] = s.space.issue(i).ValueName(outcome[i]);
    return p;
  };
  constexpr size_t kMaxPoints = 5000;
  Json points = Json::array();
  for (size_t k = 0; k < analysis->frontier.points.size() && k < kMaxPoints; ++k) {
    const UtilityPoint& point = analysis->frontier.points[k];
    points.push_back(Json{{"package", package(point.outcome)}, {"utilities", point.utilities}});
  }
  out["efficient_packages"] = analysis->frontier.points.size();
  out["points"] = std::move(points);
  out["exact"] = analysis->frontier.exact;
  out["nash"] = analysis->nash ? Json{{"package", package(analysis->nash->outcome)},
                                      {"utilities", analysis->nash->utilities}}
                               : Json(nullptr);
  out["notes"] = analysis->notes;
  return {200, std::move(out)};
}

// GET .../whatif?fix=ISSUE=VALUE&...: the mediator's from every profile (as the frontier), a
// party's from its own profile alone.
Reply WhatIfReply(const httplib::Request& req, const Access& access, const LedgerState& state) {
  const Scenario& s = state.structure;
  std::vector<IssueValue> fixes;
  const size_t count = req.get_param_value_count("fix");
  if (count > s.space.NumIssues())
    return ErrorReply(400, "bad-input", "more fixes than issues", "fix");
  for (size_t k = 0; k < count; ++k) {
    auto fix = ParseAssignment(req.get_param_value("fix", k), s.space);
    if (!fix) return ErrorReply(400, "bad-input", fix.error().message, "fix");
    fixes.push_back(*fix);
  }
  const TalksStatus status = ComputeStatus(state);
  auto package = [&](const Outcome& outcome) {
    Json p = Json::object();
    for (size_t i = 0; i < outcome.size(); ++i)
      p[s.space.issue(i).name] = s.space.issue(i).ValueName(outcome[i]);
    return p;
  };
  auto fixed_json = [&](const std::vector<std::optional<ValueIndex>>& fixed) {
    Json out = Json::object();
    for (size_t i = 0; i < fixed.size(); ++i)
      if (fixed[i]) out[s.space.issue(i).name] = s.space.issue(i).ValueName(*fixed[i]);
    return out;
  };
  if (access.viewer.IsMediator()) {
    AnalysisOptions options;
    options.time_limit_seconds = 10;
    auto analysis = AnalyzeDraft(state, status, options, fixes);
    if (!analysis) return FromError(analysis.error());
    Reply reply = FrontierReply(state, *analysis);
    reply.body["view"] = "mediator";
    return reply;
  }
  auto mine = AnalyzeForParty(state, status, *access.viewer.party, fixes);
  if (!mine) return FromError(mine.error());
  Json out;
  out["view"] = "party";
  out["party"] = s.parties[mine->party].name;
  out["fixed"] = fixed_json(mine->fixed);
  out["reservation"] = mine->reservation;
  out["packages"] = mine->packages;
  out["acceptable"] = mine->acceptable;
  Json best = Json::array();
  for (const auto& [outcome, utility] : mine->best)
    best.push_back(Json{{"package", package(outcome)}, {"utility", utility}});
  out["best"] = std::move(best);
  return {200, std::move(out)};
}

}  // namespace

void TalksServer::Impl::Routes() {
  http.Get("/api/me", [this](const httplib::Request& req, httplib::Response& res) {
    Send(res, Guard([&]() -> Reply {
           Borrowed ledger(*this);
           auto auth = Authorize(req, *ledger);
           if (auto* reply = std::get_if<Reply>(&auth)) return *reply;
           const Access& access = std::get<Access>(auth);
           auto state = ledger->Load(access.token.talks_id);
           if (!state) return FromError(state.error());
           Json out;
           out["talks"] = TalksJson(state->info);
           out["role"] = access.viewer.IsMediator() ? "mediator" : "party";
           out["party"] = access.token.party
                              ? Json(state->structure.parties[*access.token.party].name)
                              : Json(nullptr);
           return {200, std::move(out)};
         }));
  });
  http.Get("/api/talks", [this](const httplib::Request& req, httplib::Response& res) {
    Send(res, Guard([&]() -> Reply {
           Borrowed ledger(*this);
           auto auth = Authorize(req, *ledger);
           if (auto* reply = std::get_if<Reply>(&auth)) return *reply;
           auto info = ledger->GetTalks(std::get<Access>(auth).token.talks_id);
           if (!info) return FromError(info.error());
           return {200, Json{{"talks", Json::array({TalksJson(*info)})}}};
         }));
  });
  http.Get(R"(/api/talks/(\d+))",
           Talks([](const httplib::Request&, const Access&, Ledger&, const LedgerState& state) {
             return Reply{200, StructureJson(state)};
           }));
  http.Get(R"(/api/talks/(\d+)/status)",
           Talks([](const httplib::Request&, const Access&, Ledger&, const LedgerState& state) {
             return StatusReply(state);
           }));
  http.Get(R"(/api/talks/(\d+)/issues)",
           Talks([](const httplib::Request&, const Access&, Ledger&, const LedgerState& state) {
             return IssuesReply(state);
           }));
  // The issue-state picture (talks_picture.h) as SVG text, for the page to show.
  http.Get(R"(/api/talks/(\d+)/issues/picture)",
           Talks([](const httplib::Request&, const Access&, Ledger&, const LedgerState& state) {
             return Reply{200, Json{{"svg", TalksTimelineSvg(state)}}};
           }));
  auto entries_of = [this](std::optional<EntryKind> kind, const char* key) {
    return Talks([kind, key](const httplib::Request& req, const Access& access, Ledger&,
                             const LedgerState& state) {
      std::optional<EntryKind> filter = kind;
      if (!filter && req.has_param("kind")) {
        filter = ParseEntryKind(req.get_param_value("kind"));
        if (!filter)
          return ErrorReply(400, "bad-input",
                            "unknown entry kind '" + req.get_param_value("kind") + "'", "kind");
      }
      return Reply{200, Json{{key, EntriesJson(state, access.viewer, filter)}}};
    });
  };
  http.Get(R"(/api/talks/(\d+)/rounds)", entries_of(EntryKind::kRound, "rounds"));
  http.Get(R"(/api/talks/(\d+)/positions)", entries_of(EntryKind::kPosition, "positions"));
  http.Get(R"(/api/talks/(\d+)/entries)", entries_of(std::nullopt, "entries"));
  http.Get(R"(/api/talks/(\d+)/profiles)", Talks([](const httplib::Request&, const Access& access,
                                                    Ledger&, const LedgerState& state) {
             Json profiles = Json::array();
             const auto latest = state.LatestProfiles();
             for (size_t p = 0; p < latest.size(); ++p)
               if (latest[p] && access.viewer.CanSee(*latest[p]))
                 profiles.push_back(EntryJson(*latest[p], state));
             return Reply{200, Json{{"profiles", std::move(profiles)}}};
           }));
  http.Get(R"(/api/talks/(\d+)/profiles/([^/]+))",
           Talks([](const httplib::Request& req, const Access& access, Ledger&,
                    const LedgerState& state) {
             const std::string name = req.matches[2].str();
             auto party = state.structure.FindParty(name);
             if (!party) return ErrorReply(404, "not-found", "no party named '" + name + "'");
             if (!access.viewer.IsMediator() && access.viewer.party != *party)
               return ErrorReply(403, "forbidden", "a party may see only its own profile");
             const LedgerEntry* latest = state.LatestProfiles()[*party];
             if (!latest)
               return ErrorReply(404, "not-found", "no profile recorded for '" + name + "'");
             return Reply{200, EntryJson(*latest, state)};
           }));
  http.Get(R"(/api/talks/(\d+)/frontier)", Talks([](const httplib::Request&, const Access& access,
                                                    Ledger&, const LedgerState& state) {
             if (!access.viewer.IsMediator())
               return ErrorReply(403, "forbidden",
                                 "the frontier is computed from every party's private profile: "
                                 "the mediator's only");
             const TalksStatus status = ComputeStatus(state);
             AnalysisOptions options;
             options.time_limit_seconds = 10;
             auto analysis = AnalyzeDraft(state, status, options);
             if (!analysis) return FromError(analysis.error());
             return FrontierReply(state, *analysis);
           }));
  http.Get(R"(/api/talks/(\d+)/whatif)",
           Talks([](const httplib::Request& req, const Access& access, Ledger&,
                    const LedgerState& state) { return WhatIfReply(req, access, state); }));
  http.Post(
      R"(/api/talks/(\d+)/([a-z]+))", Talks([](const httplib::Request& req, const Access& access,
                                               Ledger& ledger, const LedgerState& state) {
        const std::string segment = req.matches[2].str();
        const PostKind* kind = nullptr;
        for (const PostKind& k : kPostKinds)
          if (segment == k.segment) kind = &k;
        if (!kind) return ErrorReply(404, "not-found", "no such collection '" + segment + "'");
        if (!access.viewer.IsMediator() && !kind->party_may_post)
          return ErrorReply(403, "forbidden", "only the mediator records " + segment);
        if (!state.as_of.empty())
          return ErrorReply(400, "bad-input", "as_of is for reading, not writing", "as_of");
        if (!state.known_at.empty())
          return ErrorReply(400, "bad-input", "known_at is for reading, not writing", "known_at");
        nlohmann::json body;
        try {
          body = nlohmann::json::parse(req.body);
        } catch (const nlohmann::json::exception& e) {
          return ErrorReply(400, "bad-json", std::string("malformed JSON: ") + e.what());
        }
        auto entry = EntryFromJson(body, kind->kind, state, "request body");
        if (!entry) return FromError(entry.error());
        if (!access.viewer.IsMediator()) {
          if (!entry->party) entry->party = access.viewer.party;
          if (entry->party != access.viewer.party)
            return ErrorReply(403, "forbidden", "a party may record entries only for itself",
                              "party");
        }
        auto seq = ledger.Append(state.info.id, std::move(*entry));
        if (!seq) return FromError(seq.error());
        return Reply{201, Json{{"seq", *seq}}};
      }));

  // The page: embedded static files. "/" is the page; unknown non-API paths are 404.
  http.Get(R"(/(.*))", [](const httplib::Request& req, httplib::Response& res) {
    std::string path = req.path;
    if (path == "/") path = "/index.html";
    for (const web::Asset& asset : web::Assets()) {
      if (asset.path != path) continue;
      res.set_header("Cache-Control", path == "/index.html" ? "no-cache" : "max-age=3600");
      res.set_content(std::string(asset.body), std::string(asset.content_type));
      return;
    }
    if (path.rfind("/api/", 0) == 0) {
      Send(res, ErrorReply(404, "not-found", "no such API route"));
      return;
    }
    if (path == "/index.html") {
      res.set_content(
          "<!DOCTYPE html><title>parley</title><p>The page was not built into this "
          "binary (web/dist is empty). The API is under /api/.",
          "text/html; charset=utf-8");
      return;
    }
    res.status = 404;
    res.set_content("not found", "text/plain");
  });
}

TalksServer::TalksServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TalksServer::~TalksServer() = default;

Result<std::unique_ptr<TalksServer>> TalksServer::Create(const ServerOptions& options) {
  if (options.threads < 1 || options.threads > 256)
    return Error::BadInput("threads must be 1 to 256", "", 0, "threads");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  // One connection per worker, plus one so that a slow request never starves the others.
  for (int i = 0; i <= options.threads; ++i) {
    auto ledger =
        Ledger::Open(options.db, {.create = false, .busy_timeout_ms = options.busy_timeout_ms});
    if (!ledger) return ledger.error();
    impl->pool.push_back(std::make_unique<Ledger>(std::move(*ledger)));
  }
  Impl* raw = impl.get();
  const int threads = options.threads;
  impl->http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  impl->http.set_payload_max_length(options.max_body_bytes);
  impl->http.set_read_timeout(10, 0);
  impl->http.set_write_timeout(10, 0);
  impl->http.set_keep_alive_max_count(1000);
  // Replies are small and written in pieces: with Nagle on, each keep-alive request waits for
  // the client's delayed ACK (a flat ~44 ms per request, measured with wrk).
  impl->http.set_tcp_nodelay(true);
  // httplib's default socket options add SO_REUSEPORT: a second server on a port in use would
  // then start and take half the connections, instead of failing to bind.
  impl->http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Every /api/ request needs a valid token before anything else happens, even for routes that
  // do not exist: an unauthenticated client learns nothing.
  impl->http.set_pre_routing_handler([raw](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/api/", 0) != 0 && req.path != "/api")
      return httplib::Server::HandlerResponse::Unhandled;
    Reply reply = raw->Guard([&]() -> Reply {
      Impl::Borrowed ledger(*raw);
      auto auth = raw->Authorize(req, *ledger);
      if (auto* r = std::get_if<Reply>(&auth)) return *r;
      return req.method == "POST" ? ChunkedPolicy(req) : Reply{0, {}};
    });
    if (reply.status == 0) return httplib::Server::HandlerResponse::Unhandled;
    Send(res, reply);
    return httplib::Server::HandlerResponse::Handled;
  });
  impl->http.set_error_handler([max = options.max_body_bytes](const httplib::Request& req,
                                                              httplib::Response& res) {
    // Errors httplib raises itself (413 payload too large, 400 malformed request, 404 for a
    // method without route): a JSON body like ours.
    if (!res.body.empty()) return;
    // httplib caps form bodies (curl's default type) at 8 KiB: the real problem is the type.
    const std::string length = req.get_header_value("Content-Length");
    if (res.status == 413 && !IsJson(req) && !length.empty() && length.size() < 19 &&
        length.find_first_not_of("0123456789") == std::string::npos && std::stoull(length) <= max) {
      Send(res, NotJson());
      return;
    }
    std::string_view code = "bad-request";
    std::string message = "malformed request";
    if (res.status == 413) {
      code = "payload-too-large";
      message = "request body too large";
    } else if (res.status == 404) {
      code = "not-found";
      message = "no such route";
    } else if (res.status >= 500) {
      code = "internal";
      message = "internal error";
    }
    Send(res, ErrorReply(res.status, code, message));
  });
  if (options.log_requests)
    impl->http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), req.path.c_str(), res.status);
    });
  impl->Routes();
  return std::unique_ptr<TalksServer>(new TalksServer(std::move(impl)));
}

Status TalksServer::Bind() {
  if (impl_->options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(impl_->options.host);
    if (impl_->port <= 0)
      return Error::BadInput("cannot listen on " + impl_->options.host, "", 0, "host");
  } else {
    if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port))
      return Error::BadInput("cannot listen on " + impl_->options.host + ":" +
                                 std::to_string(impl_->options.port) + " (in use, or not allowed)",
                             "", 0, "port");
    impl_->port = impl_->options.port;
  }
  return {};
}

int TalksServer::port() const { return impl_->port; }

Status TalksServer::Run() {
  if (!impl_->http.listen_after_bind()) return Error::Internal("the server stopped with an error");
  return {};
}

void TalksServer::Stop() { impl_->http.stop(); }

}  // namespace parley
