#pragma once

/// \file
/// `parley serve`: the ledger of real talks over HTTP (cpp-httplib), for the mediator's page and
/// for the parties. A JSON API under /api/ (docs/ledger.md, "API") and the page's static files
/// (built from web/ and compiled into the binary) under /.
///
/// Access: every /api/ request carries `Authorization: Bearer TOKEN` (tokens from `parley talks
/// new|import|token`). A token belongs to one negotiation and to one party or the mediator. A
/// party sees the shared record and its own profile, never another party's profile or
/// reservation value, nor the frontier (which is computed from every profile); the mediator sees
/// everything. Without a valid token: 401 and nothing else. Malformed or hostile requests get a
/// 4xx with a JSON error and change nothing: bodies over `max_body_bytes` (413), bad JSON (400),
/// ids other than the token's negotiation (404, whether they exist or not: a token learns
/// nothing about other negotiations), another party's data (403). A ledger busy with another
/// writer for longer than `busy_timeout_ms`: 503 with Retry-After.
///
/// Threads: requests run on a pool of `threads` workers, each borrowing one of a pool of SQLite
/// connections (WAL: readers do not block the writer; writers queue on SQLite's lock). Every
/// write is committed synchronously before its 201 is sent.

#include <memory>
#include <string>

#include "parley/core/result.h"

namespace parley {

struct ServerOptions {
  std::string db;  ///< Ledger file; must exist (create it with `parley talks`).
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0: any free port (see TalksServer::port()).
  size_t max_body_bytes = 1 << 20;
  int threads = 8;
  bool log_requests = false;  ///< One line per request on stderr.
  /// How long a request waits for another writer's lock before it is answered 503 (Retry-After).
  int busy_timeout_ms = 10000;
};

class TalksServer {
 public:
  /// Opens the ledger (it must exist and be a parley ledger) and sets up the routes.
  static Result<std::unique_ptr<TalksServer>> Create(const ServerOptions& options);
  ~TalksServer();

  /// Binds the listening socket; after this, port() is the real port.
  Status Bind();
  int port() const;
  /// Serves until Stop() (blocking). Requires Bind().
  Status Run();
  /// Stops Run() from another thread; safe to call more than once.
  void Stop();

 private:
  struct Impl;
  explicit TalksServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
