// Kill the server (SIGKILL) in the middle of writes: every write it acknowledged (201) must be
// in the ledger afterwards, intact, and the file must pass SQLite's integrity check.

#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "parley/talks/ledger.h"
#include "process.h"

namespace parley::testing {
namespace {

using nlohmann::json;

TEST(ServerCrashTest, EveryAcknowledgedWriteSurvivesSigkill) {
  TempDir dir;
  const std::string db = dir.File("crash.db");
  Completed imported = RunCommand(PARLEY_BINARY, {"talks", "import", "--db", db});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const PrintedTokens tokens = ParseTokens(imported.out);

  std::mutex mutex;
  std::map<int64_t, std::string> acknowledged;  // seq -> text
  constexpr int kCrashes = 3;
  constexpr int kWriters = 4;
  for (int crash = 0; crash < kCrashes; ++crash) {
    ServerProcess server;
    ASSERT_TRUE(server.Start(PARLEY_BINARY, db)) << server.error();
    std::atomic<int> acks_this_round{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        httplib::Client client("127.0.0.1", server.port());
        client.set_connection_timeout(2, 0);
        client.set_read_timeout(5, 0);
        const httplib::Headers auth = {{"Authorization", "Bearer " + tokens.mediator}};
        // Bounded: at most 2000 requests per writer per round, and only while the server lives.
        for (int i = 0; i < 2000 && !stop; ++i) {
          const std::string text = "crash " + std::to_string(crash) + " writer " +
                                   std::to_string(w) + " note " + std::to_string(i);
          const json body = {{"date", "2019-03-13"}, {"text", text}};
          auto res = client.Post("/api/talks/1/notes", auth, body.dump(), "application/json");
          if (!res) break;  // the server is gone
          if (res->status != 201) continue;
          const int64_t seq = json::parse(res->body)["seq"].get<int64_t>();
          std::lock_guard lock(mutex);
          acknowledged[seq] = text;
          ++acks_this_round;
        }
      });
    }
    // Let the writers get going, then kill the server without warning.
    for (int waited = 0; acks_this_round < 40 && waited < 1000; ++waited)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const int status = server.Stop(SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    ASSERT_GT(acks_this_round.load(), 0) << "no write was acknowledged before the kill";
  }

  // Every acknowledged write is there, with its text.
  auto ledger = Ledger::Open(db, {.create = false});
  ASSERT_TRUE(ledger.ok()) << ledger.error().ToString();
  auto state = ledger->Load(1);
  ASSERT_TRUE(state.ok()) << state.error().ToString();
  std::map<int64_t, std::string> found;
  for (const LedgerEntry& e : state->entries) found[e.seq] = e.text;
  size_t missing = 0;
  for (const auto& [seq, text] : acknowledged) {
    auto it = found.find(seq);
    if (it == found.end() || it->second != text) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  std::string check;
  sqlite3_exec(
      raw, "PRAGMA integrity_check",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) = values[0] ? values[0] : "";
        return 0;
      },
      &check, nullptr);
  sqlite3_close(raw);
  EXPECT_EQ(check, "ok");
  std::printf("acknowledged %zu writes across %d crashes; all present\n", acknowledged.size(),
              kCrashes);
}

}  // namespace
}  // namespace parley::testing
