// parley: the command-line front end. Parsing and dispatch only; the work is in the library.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "commands.h"
#include "options.h"

int main(int argc, char** argv) {
  CLI::App app{
      "parley: multi-party, multi-issue negotiation engine.\n"
      "With no command, runs the main job on the built-in default scenario.",
      "parley"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "parley 0.1.0");
  // Usage errors print one line, like every other error: "parley: <message>", with the help of
  // the command being parsed and the closest option or command to a misspelt one.
  app.failure_message([&app, argc, argv](const CLI::App*, const CLI::Error& e) {
    return parley::cli::UsageErrorLine(app, argc, argv, e);
  });
  parley::cli::Action action;
  parley::cli::AddAnalyzeCommand(app, action);
  parley::cli::AddConvertCommand(app, action);
  parley::cli::AddTalksCommand(app, action);
  parley::cli::AddNegotiateCommand(app, action);
  parley::cli::AddAgentsCommand(app, action);
  parley::cli::AddProtocolsCommand(app, action);
  parley::cli::AddTournamentCommand(app, action);
  parley::cli::AddServeCommand(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors are bad input
  }
  int code = 1;
  try {
    code = action ? action() : parley::cli::RunDefault();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parley: internal error: %s\n", e.what());
    return 1;
  }
  // Output that could not be written (a full disk, a closed pipe) is a failure, not a success.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "parley: internal error: cannot write the output: %s\n",
                 std::strerror(errno));
    return 1;
  }
  return code;
}
