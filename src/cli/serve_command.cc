// `parley serve --db FILE [--port P]`: the ledger over HTTP and the mediator's page.

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>

#include "commands.h"
#include "output.h"
#include "parley/server/talks_server.h"

namespace parley::cli {

namespace {

struct ServeArgs {
  ServerOptions options;
};

int RunServe(const ServeArgs& args) {
  // Block SIGINT and SIGTERM in every thread; one thread waits for them and stops the server,
  // so that in-flight requests finish and the ledger is closed cleanly.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<std::unique_ptr<TalksServer>> server = TalksServer::Create(args.options);
  if (!server) return ReportError(server.error());
  Status bound = (*server)->Bind();
  if (!bound) return ReportError(bound.error());
  std::printf("parley serve: listening on http://%s:%d/ (ledger %s)\n", args.options.host.c_str(),
              (*server)->port(), args.options.db.c_str());
  std::fflush(stdout);
  TalksServer* raw = server->get();
  std::atomic<bool> done = false;
  std::thread waiter([raw, signals, &done] {
    int signal = 0;
    sigwait(&signals, &signal);
    // httplib ignores stop() until its accept loop is running, and a signal can come between
    // Bind() and Run(): repeat until Run() has returned.
    while (!done) {
      raw->Stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  Status ran = raw->Run();
  done = true;
  // Wake the waiter if the server stopped on its own.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!ran) return ReportError(ran.error());
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* command = app.add_subcommand(
      "serve", "Serve a talks ledger over HTTP: the JSON API under /api/ and the mediator's page");
  command->add_option("--db", args->options.db, "Ledger file (create it with `parley talks`)")
      ->required();
  command->add_option("--port", args->options.port, "Port (default 8080; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--host", args->options.host,
                      "Address to listen on (default 127.0.0.1: this machine only)");
  command->add_option("--threads", args->options.threads, "Worker threads (default 8)")
      ->check(CLI::Range(1, 256));
  command
      ->add_option("--max-body", args->options.max_body_bytes,
                   "Largest request body in bytes (default 1048576)")
      ->check(CLI::Range(1024, 64 << 20));
  command
      ->add_option("--busy-timeout", args->options.busy_timeout_ms,
                   "How long a request waits for another writer, in ms, before a 503 "
                   "(default 10000)")
      ->check(CLI::Range(1, 600000));
  command->add_flag("--log", args->options.log_requests, "Log each request to stderr");
  command->callback([args, &action] { action = [args] { return RunServe(*args); }; });
}

}  // namespace parley::cli
