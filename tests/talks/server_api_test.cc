// The JSON API of `parley serve` against a real server process on 127.0.0.1: what each token
// sees, what it may write, and how hostile requests are turned away without changing anything.

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "process.h"

namespace parley::testing {
namespace {

using nlohmann::json;

// Sends `request` on a new connection to 127.0.0.1:port and returns everything the server sends
// until it closes the connection (at most 5 s).
std::string RawExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "socket failed";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, n);
  }
  close(fd);
  return reply;
}

class ServerApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Completed imported = RunCommand(PARLEY_BINARY, {"talks", "import", "--db", db_});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    tokens_ = ParseTokens(imported.out);
    ASSERT_FALSE(tokens_.mediator.empty());
    ASSERT_TRUE(server_.Start(PARLEY_BINARY, db_, {"--max-body", "65536"})) << server_.error();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    client_->set_read_timeout(20, 0);
  }

  httplib::Result Get(const std::string& path, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client_->Get(path.c_str(), headers);
  }
  httplib::Result Post(const std::string& path, const std::string& token, const std::string& body) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client_->Post(path.c_str(), headers, body, "application/json");
  }
  json GetJson(const std::string& path, const std::string& token, int expected = 200) {
    auto res = Get(path, token);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, expected) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  /// The number of entries the mediator sees: hostile requests must not change it.
  size_t EntryCount() {
    return GetJson("/api/talks/1/entries", tokens_.mediator)["entries"].size();
  }

  TempDir dir_;
  std::string db_ = dir_.File("doha.db");
  PrintedTokens tokens_;
  ServerProcess server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerApiTest, WithoutAValidTokenNothing) {
  const std::string bad_tokens[] = {"", "plt_0000", tokens_.mediator + "0", "' OR 1=1 --"};
  for (const std::string& token : bad_tokens) {
    for (const char* path :
         {"/api/talks", "/api/talks/1", "/api/talks/1/status", "/api/talks/1/profiles",
          "/api/talks/1/frontier", "/api/me", "/api/no/such/route", "/api/talks/999/status"}) {
      auto res = Get(path, token);
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->status, 401) << path << " with '" << token << "'";
      const json body = json::parse(res->body, nullptr, false);
      ASSERT_TRUE(body.is_object()) << res->body;
      EXPECT_EQ(body.size(), 1u) << "a 401 carries the error and nothing else: " << res->body;
      EXPECT_EQ(body["error"]["code"], "unauthorized");
    }
  }
  // Not Bearer.
  auto basic = client_->Get("/api/talks", {{"Authorization", "Basic " + tokens_.mediator}});
  EXPECT_EQ(basic->status, 401);
  const size_t before = EntryCount();
  auto post = Post("/api/talks/1/notes", "", R"({"date": "2019-03-13", "text": "x"})");
  EXPECT_EQ(post->status, 401);
  EXPECT_EQ(EntryCount(), before);
}

TEST_F(ServerApiTest, TheMediatorSeesEverything) {
  json me = GetJson("/api/me", tokens_.mediator);
  EXPECT_EQ(me["role"], "mediator");
  EXPECT_EQ(GetJson("/api/talks", tokens_.mediator)["talks"][0]["name"], "doha-2019");
  json structure = GetJson("/api/talks/1", tokens_.mediator);
  EXPECT_EQ(structure["parties"].size(), 3u);
  EXPECT_EQ(structure["rule"], "single-undertaking");
  json status = GetJson("/api/talks/1/status", tokens_.mediator);
  EXPECT_EQ(status["final"], false);
  EXPECT_EQ(status["rounds"], 2);
  json issues = GetJson("/api/talks/1/issues", tokens_.mediator)["issues"];
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[1]["name"], "counter_terrorism");
  EXPECT_EQ(issues[1]["status"], "agreed-in-draft");
  EXPECT_EQ(GetJson("/api/talks/1/rounds", tokens_.mediator)["rounds"].size(), 2u);
  // The issue-state picture (docs/pictures.md): one row per issue, one cell per round.
  const std::string picture =
      GetJson("/api/talks/1/issues/picture", tokens_.mediator)["svg"].get<std::string>();
  EXPECT_EQ(picture.rfind("<svg", 0), 0u);
  size_t cells = 0;
  for (size_t at = picture.find("class=\"cell\""); at != std::string::npos;
       at = picture.find("class=\"cell\"", at + 1))
    ++cells;
  EXPECT_EQ(cells, 5u * 2u);
  json positions = GetJson("/api/talks/1/positions", tokens_.mediator)["positions"];
  EXPECT_GE(positions.size(), 4u);
  EXPECT_EQ(GetJson("/api/talks/1/profiles", tokens_.mediator)["profiles"].size(), 3u);
  json us = GetJson("/api/talks/1/profiles/United%20States", tokens_.mediator);
  EXPECT_DOUBLE_EQ(us["profile"]["reservation"].get<double>(), 0.7);
  json frontier = GetJson("/api/talks/1/frontier", tokens_.mediator);
  EXPECT_EQ(frontier["fixed"]["counter_terrorism"], "written-guarantee");
  EXPECT_FALSE(frontier["points"].empty());
  for (const auto& point : frontier["points"])
    EXPECT_EQ(point["package"]["counter_terrorism"], "written-guarantee");
  // Replay to January: nothing agreed yet.
  json january = GetJson("/api/talks/1/status?as_of=2019-01-31", tokens_.mediator);
  EXPECT_EQ(january["issues"][1]["status"], "open");
  EXPECT_EQ(january["rounds"], 1);
  GetJson("/api/talks/1/status?as_of=31-01-2019", tokens_.mediator, 400);
}

TEST_F(ServerApiTest, APartySeesTheSharedRecordAndOnlyItsOwnProfile) {
  const std::string taliban = tokens_.For("Taliban");
  json me = GetJson("/api/me", taliban);
  EXPECT_EQ(me["role"], "party");
  EXPECT_EQ(me["party"], "Taliban");
  EXPECT_EQ(GetJson("/api/talks/1/status", taliban)["rounds"], 2);
  EXPECT_GE(GetJson("/api/talks/1/positions", taliban)["positions"].size(), 4u);
  json profiles = GetJson("/api/talks/1/profiles", taliban)["profiles"];
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0]["party"], "Taliban");
  EXPECT_EQ(GetJson("/api/talks/1/profiles/Taliban", taliban)["party"], "Taliban");
  for (const char* other : {"United%20States", "Afghan%20government"}) {
    json denied = GetJson(std::string("/api/talks/1/profiles/") + other, taliban, 403);
    EXPECT_EQ(denied.size(), 1u);
    EXPECT_EQ(denied["error"]["code"], "forbidden");
  }
  GetJson("/api/talks/1/frontier", taliban, 403);
  // Nowhere in what the party can read is another party's profile.
  for (const char* path :
       {"/api/talks/1", "/api/talks/1/status", "/api/talks/1/issues", "/api/talks/1/issues/picture",
        "/api/talks/1/rounds", "/api/talks/1/positions", "/api/talks/1/entries",
        "/api/talks/1/profiles", "/api/talks/1/entries?kind=profile"}) {
    const json body = GetJson(path, taliban);
    const std::function<void(const json&)> check = [&](const json& node) {
      if (node.is_object()) {
        if (node.contains("kind") && node["kind"] == "profile") {
          EXPECT_EQ(node["party"], "Taliban") << path;
        }
        if (node.contains("reservation") || node.contains("reservations")) {
          EXPECT_TRUE(node.contains("weights")) << path << " leaks reservations";
        }
        for (const auto& [key, value] : node.items()) check(value);
      } else if (node.is_array()) {
        for (const auto& value : node) check(value);
      }
    };
    check(body);
  }
}

TEST_F(ServerApiTest, WritesAreAcknowledgedAndShowInTheStatus) {
  const size_t before = EntryCount();
  auto round = Post("/api/talks/1/rounds", tokens_.mediator,
                    R"({"date": "2019-04-28", "end_date": "2019-05-09", "place": "Doha",
                        "title": "Sixth round"})");
  ASSERT_EQ(round->status, 201) << round->body;
  EXPECT_GT(json::parse(round->body)["seq"].get<int64_t>(), 0);
  // The US accepts full withdrawal in 14 months; the Taliban accept it for themselves.
  auto us = Post("/api/talks/1/agreements", tokens_.For("United States"),
                 R"({"date": "2019-05-01", "values": {"troop_withdrawal": "full-in-14-months"}})");
  ASSERT_EQ(us->status, 201) << us->body;
  auto taliban = Post("/api/talks/1/agreements", tokens_.For("Taliban"),
                      R"({"date": "2019-05-01", "party": "Taliban",
                          "values": {"troop_withdrawal": "full-in-14-months"}})");
  ASSERT_EQ(taliban->status, 201) << taliban->body;
  json issues = GetJson("/api/talks/1/issues", tokens_.mediator)["issues"];
  EXPECT_EQ(issues[0]["status"], "agreed-in-draft");
  EXPECT_EQ(issues[0]["value"], "full-in-14-months");
  auto vote = Post("/api/talks/1/votes", tokens_.For("Afghan government"),
                   R"({"date": "2019-05-02", "accept": false, "text": "not without us"})");
  ASSERT_EQ(vote->status, 201) << vote->body;
  EXPECT_EQ(EntryCount(), before + 4);
  json status = GetJson("/api/talks/1/status", tokens_.mediator);
  bool against = false;
  for (const auto& b : status["blockers"])
    against |= b["text"].get<std::string>().find("voted against") != std::string::npos;
  EXPECT_TRUE(against) << status["blockers"].dump();
}

TEST_F(ServerApiTest, HostileRequestsGetA4xxAndChangeNothing) {
  const size_t before = EntryCount();
  const std::string m = tokens_.mediator;
  struct Case {
    std::string path;
    std::string token;
    std::string body;
    int status;
  };
  const std::string taliban = tokens_.For("Taliban");
  const Case cases[] = {
      {"/api/talks/1/notes", m, "{not json", 400},
      {"/api/talks/1/notes", m, "", 400},
      {"/api/talks/1/notes", m, "[1, 2, 3]", 400},
      {"/api/talks/1/notes", m, R"({"date": "2019-03-13", "text": 5})", 400},
      {"/api/talks/1/notes", m, R"({"date": "2019-03-13"})", 400},  // a note without text
      {"/api/talks/1/notes", m, R"({"date": "2019-13-13"})", 400},
      {"/api/talks/1/notes", m, R"({"date": "2019-03-13", "sql": "DROP TABLE entries"})", 400},
      {"/api/talks/1/agreements", m, R"({"date": "2019-03-13", "values": {"x": "y"}})", 400},
      {"/api/talks/1/votes", m, R"({"date": "2019-03-13", "party": "Taliban"})", 400},
      {"/api/talks/1/profiles", m, R"({"date": "2019-03-13", "party": "Taliban",
                                        "profile": {"weights": {}}})",
       400},
      {"/api/talks/1/rounds", m, R"({"date": "2019-03-13", "end_date": "2019-03-01"})", 400},
      {"/api/talks/1/agreements", m, R"({"date": "2019-03-13", "round": 9,
                                          "values": {"ceasefire": "none"}})",
       400},
      {"/api/talks/1/unknowns", m, R"({"date": "2019-03-13"})", 404},
      {"/api/talks/999/notes", m, R"({"date": "2019-03-13"})", 404},
      {"/api/talks/1/notes?as_of=2019-01-01", m, R"({"date": "2019-03-13"})", 400},
      // Another party's name in a party's request; a party writing the mediator's records.
      {"/api/talks/1/votes", taliban, R"({"date": "2019-03-13", "party": "United States",
                                          "accept": true})",
       403},
      {"/api/talks/1/profiles", taliban, R"({"date": "2019-03-13", "party": "United States",
          "profile": {"weights": {"ceasefire": 1}, "values": {}}})",
       403},
      {"/api/talks/1/rounds", taliban, R"({"date": "2019-03-13"})", 403},
      {"/api/talks/1/notes", taliban, R"({"date": "2019-03-13", "text": "x"})", 403},
      // Weights whose sum overflows: stored, they would make the ledger unreadable for good.
      {"/api/talks/1/profiles", taliban, R"({"date": "2019-03-20", "profile": {"weights":
          {"ceasefire": 1e308, "troop_withdrawal": 1e308}, "values": {"ceasefire": {"none": 1}}}})",
       400},
      // A NUL would cut terminal output and corrupt reports.
      {"/api/talks/1/notes", m, R"({"date": "2019-03-13", "text": "a\u0000b"})", 400},
  };
  for (const Case& c : cases) {
    auto res = Post(c.path, c.token, c.body);
    ASSERT_TRUE(res) << c.path;
    EXPECT_EQ(res->status, c.status) << c.path << " " << c.body << " -> " << res->body;
    const json body = json::parse(res->body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("error")) << res->body;
  }
  for (const char* path : {"/api/talks/abc/status", "/api/talks/99999999999999999999/status",
                           "/api/talks/2/status", "/api/talks/01/status",
                           "/api/talks/1/profiles/Nobody", "/api/talks/1/entries?kind=gossip"}) {
    auto res = Get(path, m);
    ASSERT_TRUE(res);
    EXPECT_GE(res->status, 400) << path;
    EXPECT_LT(res->status, 500) << path << ": " << res->body;
  }
  // A body over the limit (64 KiB here) is refused before it is read.
  auto huge = Post("/api/talks/1/notes", m,
                   R"({"date": "2019-03-13", "text": ")" + std::string(200000, 'x') + "\"}");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(EntryCount(), before);
  // A chunked body would escape that limit: refused from its headers, before it is read. The
  // client sends only the headers and waits, so the server closes a clean connection.
  const std::string head =
      "POST /api/talks/1/notes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer " +
      m +
      "\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  const std::string reply = RawExchange(server_.port(), head);
  EXPECT_EQ(reply.rfind("HTTP/1.1 411", 0), 0u) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
  // A body not sent as JSON: 415, also past httplib's 8 KiB cap for forms (curl's default type).
  const httplib::Headers auth = {{"Authorization", "Bearer " + m}};
  const std::string note = R"({"date": "2019-03-13", "text": "x"})";
  for (const std::string& body :
       {note, R"({"date": "2019-03-13", "text": ")" + std::string(9000, 'x') + "\"}"}) {
    auto form =
        client_->Post("/api/talks/1/notes", auth, body, "application/x-www-form-urlencoded");
    ASSERT_TRUE(form);
    EXPECT_EQ(form->status, 415) << form->body;
  }
  EXPECT_EQ(EntryCount(), before);

  // SQL in strings is data, stored verbatim; the ledger stays intact.
  const std::string sql = R"(x'); DROP TABLE entries; --)";
  auto stored = Post("/api/talks/1/notes", m,
                     json{{"date", "2019-03-13"}, {"text", sql}, {"source", sql}}.dump());
  ASSERT_EQ(stored->status, 201) << stored->body;
  json entries = GetJson("/api/talks/1/entries", m)["entries"];
  ASSERT_EQ(entries.size(), before + 1);
  EXPECT_EQ(entries.back()["text"], sql);
}

TEST_F(ServerApiTest, AnotherNegotiationsIdIsNotFoundWhetherItExistsOrNot) {
  Completed second = RunCommand(PARLEY_BINARY, {"talks", "import", "--db", db_, "--name", "other"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  PrintedTokens other = ParseTokens(second.out);
  EXPECT_EQ(GetJson("/api/talks/2/status", other.mediator)["rounds"], 2);
  // Negotiation 1 exists, 3 does not: a token of negotiation 2 cannot tell them apart.
  auto existing = Get("/api/talks/1/status", other.mediator);
  auto missing = Get("/api/talks/3/status", other.mediator);
  ASSERT_TRUE(existing && missing);
  EXPECT_EQ(existing->status, 404);
  EXPECT_EQ(missing->status, 404);
  auto strip = [](std::string body, const std::string& id) {
    body.replace(body.find("id " + id), 3 + id.size(), "id N");
    return body;
  };
  EXPECT_EQ(strip(existing->body, "1"), strip(missing->body, "3"));
  GetJson("/api/talks/2/profiles", tokens_.For("Taliban"), 404);
  auto post = Post("/api/talks/1/notes", other.mediator, R"({"date": "2019-03-13", "text": "x"})");
  EXPECT_EQ(post->status, 404);
  EXPECT_EQ(GetJson("/api/talks", other.mediator)["talks"].size(), 1u);
}

// A writer holding the ledger (another process) past the server's busy timeout: the request is
// answered 503 with Retry-After, not 500, and succeeds once the lock is gone.
TEST(ServerBusyTest, ABusyLedgerIs503AndRetryWorks) {
  TempDir dir;
  const std::string db = dir.File("doha.db");
  Completed imported = RunCommand(PARLEY_BINARY, {"talks", "import", "--db", db});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const PrintedTokens tokens = ParseTokens(imported.out);
  ServerProcess server;
  ASSERT_TRUE(server.Start(PARLEY_BINARY, db, {"--busy-timeout", "200"})) << server.error();
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(20, 0);
  const httplib::Headers auth = {{"Authorization", "Bearer " + tokens.mediator}};
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto busy = client.Post("/api/talks/1/notes", auth, R"({"date": "2019-03-13", "text": "x"})",
                          "application/json");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503) << busy->body;
  EXPECT_EQ(busy->get_header_value("Retry-After"), "1");
  EXPECT_EQ(json::parse(busy->body)["error"]["code"], "busy");
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  auto retried = client.Post("/api/talks/1/notes", auth, R"({"date": "2019-03-13", "text": "x"})",
                             "application/json");
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->status, 201) << retried->body;
}

TEST_F(ServerApiTest, RetractionsKnownAtReplaysAndTheRecordingTimeIsTheServers) {
  const std::string m = tokens_.mediator;
  // The client cannot set the recording time, nor date an event in the future.
  auto forged =
      Post("/api/talks/1/notes", m,
           R"({"date": "2019-03-13", "text": "x", "recorded_at": "2019-03-13T00:00:00Z"})");
  EXPECT_EQ(forged->status, 400);
  EXPECT_EQ(json::parse(forged->body)["error"]["field"], "recorded_at");
  auto future = Post("/api/talks/1/notes", m, R"({"date": "2999-01-01", "text": "x"})");
  EXPECT_EQ(future->status, 400);
  EXPECT_EQ(json::parse(future->body)["error"]["field"], "date");
  // A round before an earlier round needs the correction flag.
  auto early = Post("/api/talks/1/rounds", m, R"({"date": "2018-12-01", "title": "x"})");
  EXPECT_EQ(early->status, 400) << early->body;
  auto corrected =
      Post("/api/talks/1/rounds", m, R"({"date": "2018-12-01", "title": "x", "correction": true})");
  ASSERT_EQ(corrected->status, 201) << corrected->body;
  const int64_t round = json::parse(corrected->body)["seq"];
  // Parties may not retract; the mediator may, with a reason.
  auto by_party = Post("/api/talks/1/retractions", tokens_.For("Taliban"),
                       json{{"retracts", round}, {"text", "no"}}.dump());
  EXPECT_EQ(by_party->status, 403);
  auto no_reason = Post("/api/talks/1/retractions", m, json{{"retracts", round}}.dump());
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_EQ(json::parse(no_reason->body)["error"]["field"], "text");
  auto retracted = Post("/api/talks/1/retractions", m,
                        json{{"retracts", round}, {"text", "entered by mistake"}}.dump());
  ASSERT_EQ(retracted->status, 201) << retracted->body;
  json entries = GetJson("/api/talks/1/entries", m)["entries"];
  json marked;
  for (const auto& e : entries)
    if (e["seq"] == round) marked = e;
  EXPECT_EQ(marked["retracted_by"], json::parse(retracted->body)["seq"]);
  EXPECT_EQ(marked["retraction_reason"], "entered by mistake");
  EXPECT_EQ(marked["late"], true);
  EXPECT_EQ(marked["correction"], true);
  // As known at a time before anything was recorded: nothing; writing with it is refused.
  json known = GetJson("/api/talks/1/entries?known_at=2000-01-01T00:00:00Z", m);
  EXPECT_TRUE(known["entries"].empty());
  EXPECT_EQ(GetJson("/api/talks/1/status?known_at=2000-01-01", m)["known_at"],
            "2000-01-01T23:59:59Z");
  GetJson("/api/talks/1/status?known_at=soon", m, 400);
  auto write =
      Post("/api/talks/1/notes?known_at=2000-01-01", m, R"({"date": "2019-03-13", "text": "x"})");
  EXPECT_EQ(write->status, 400);
}

TEST_F(ServerApiTest, WhatIfFromEveryProfileForTheMediatorAndFromItsOwnForAParty) {
  const std::string fix = "?fix=troop_withdrawal%3Dfull-in-14-months";  // as a browser sends it
  json mediator = GetJson("/api/talks/1/whatif" + fix, tokens_.mediator);
  EXPECT_EQ(mediator["view"], "mediator");
  EXPECT_EQ(mediator["fixed"]["troop_withdrawal"], "full-in-14-months");
  EXPECT_EQ(mediator["fixed"]["counter_terrorism"], "written-guarantee");  // agreed in draft
  json free = GetJson("/api/talks/1/whatif", tokens_.mediator);
  EXPECT_LT(mediator["packages"].get<double>(), free["packages"].get<double>());
  if (!mediator["nash"].is_null()) {
    EXPECT_EQ(mediator["nash"]["package"]["troop_withdrawal"], "full-in-14-months");
  }
  json party = GetJson("/api/talks/1/whatif" + fix, tokens_.For("Taliban"));
  EXPECT_EQ(party["view"], "party");
  EXPECT_EQ(party["party"], "Taliban");
  EXPECT_FALSE(party.contains("reservations")) << "no other party's reservation value";
  EXPECT_FALSE(party.contains("points"));
  ASSERT_FALSE(party["best"].empty());
  for (const auto& b : party["best"])
    EXPECT_EQ(b["package"]["troop_withdrawal"], "full-in-14-months");
  EXPECT_LE(party["acceptable"].get<int64_t>(), party["packages"].get<int64_t>());
  GetJson("/api/talks/1/whatif?fix=troop_withdrawal%3Dmost", tokens_.mediator, 400);
  GetJson("/api/talks/1/whatif?fix=counter_terrorism%3Dnone", tokens_.mediator, 400);
}

// httplib's default socket options would let a second server share the port and take half the
// connections (SO_REUSEPORT); it must fail instead.
TEST_F(ServerApiTest, APortInUseIsAnError) {
  Completed second = RunCommand(
      PARLEY_BINARY, {"serve", "--db", db_, "--port", std::to_string(server_.port())}, 10);
  EXPECT_EQ(second.exit_code, 2) << second.out << second.err;
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
}

TEST_F(ServerApiTest, RevokedTokensStopWorking) {
  const std::string taliban = tokens_.For("Taliban");
  GetJson("/api/talks/1/status", taliban);
  // Token ids: 1 mediator, 2 United States, 3 Taliban, 4 Afghan government.
  Completed revoked = RunCommand(PARLEY_BINARY, {"talks", "token", "revoke", "3", "--db", db_});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  GetJson("/api/talks/1/status", taliban, 401);
}

TEST_F(ServerApiTest, ServesThePage) {
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(page->body.find("<html"), std::string::npos);
  EXPECT_EQ(client_->Get("/no-such-file.js")->status, 404);
}

TEST_F(ServerApiTest, StopsCleanlyOnSigterm) {
  const int status = server_.Stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace parley::testing
