#include "options.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "parley/core/text.h"

namespace parley::cli {

CLI::Validator SeedValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ec != std::errc() || ptr != end) {
          return "expected a whole number from 0 to 18446744073709551615, got '" + text + "'";
        }
        return {};
      },
      "0 to 2^64-1");
}

CLI::Validator SecondsValidator(bool zero_is_none) {
  return CLI::Validator(
      [zero_is_none](std::string& text) -> std::string {
        double value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        const bool ok = !text.empty() && ec == std::errc() && ptr == end && std::isfinite(value) &&
                        value <= 1e6 && (zero_is_none ? value >= 0 : value > 0);
        if (!ok) {
          return std::string(zero_is_none ? "expected seconds from 0 to 1000000 (0: no limit)"
                                          : "expected seconds above 0, up to 1000000") +
                 ", got '" + text + "'";
        }
        return {};
      },
      zero_is_none ? "SECONDS in [0, 1e6]" : "SECONDS in (0, 1e6]");
}

bool WarnIfLongerThanADay(double rounds, int jobs, const std::string& what) {
  const double seconds = rounds / (kFastestRoundsPerSecond * std::max(jobs, 1));
  if (!(seconds > 86400)) return false;
  std::fprintf(stderr,
               "parley: warning: %s: %s rounds would take at least %s days on %d worker%s, even at "
               "the fastest measured %s rounds/s (docs/negotiation.md, \"Speed\")\n",
               what.c_str(), fmt::format("{:.3g}", rounds).c_str(),
               fmt::format("{:.3g}", seconds / 86400).c_str(), std::max(jobs, 1),
               jobs == 1 ? "" : "s", fmt::format("{:.3g}", kFastestRoundsPerSecond).c_str());
  return true;
}

namespace {

/// The subcommand chain argv names (`talks status` is root > talks > status).
std::vector<const CLI::App*> CommandPath(const CLI::App& root, int argc, const char* const* argv) {
  std::vector<const CLI::App*> path{&root};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.empty() || arg[0] == '-') continue;
    const CLI::App* current = path.back();
    for (const CLI::App* sub : current->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_name() == arg) {
        path.push_back(sub);
        break;
      }
    }
  }
  return path;
}

/// The arguments CLI11 did not expect, from its message (it lists them in reverse order).
std::vector<std::string> UnexpectedArguments(const std::string& what) {
  std::vector<std::string> out;
  for (const char* lead : {"The following argument was not expected: ",
                           "The following arguments were not expected: "}) {
    const size_t at = what.find(lead);
    if (at == std::string::npos) continue;
    std::string rest = what.substr(at + std::string_view(lead).size());
    size_t start = 0;
    while (start < rest.size()) {
      const size_t end = rest.find(' ', start);
      out.push_back(rest.substr(start, end == std::string::npos ? end : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    std::reverse(out.begin(), out.end());
  }
  return out;
}

}  // namespace

std::string UsageErrorLine(const CLI::App& root, int argc, const char* const* argv,
                           const CLI::Error& error) {
  const std::vector<const CLI::App*> path = CommandPath(root, argc, argv);
  const CLI::App& command = *path.back();
  std::string help = "parley";
  for (size_t i = 1; i < path.size(); ++i) help += " " + path[i]->get_name();
  std::string message = error.what();
  std::vector<std::string> options, commands;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
    for (const std::string& name : option->get_snames()) options.push_back("-" + name);
  }
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; }))
    commands.push_back(sub->get_name());
  // The first unexpected argument close to an option (if it looks like one) or a command.
  std::string suggestion;
  for (const std::string& unexpected : UnexpectedArguments(message)) {
    if (unexpected.empty()) continue;
    suggestion = DidYouMean(unexpected, unexpected[0] == '-' ? options : commands);
    if (!suggestion.empty()) break;
  }
  return "parley: " + message + suggestion + " (see " + help + " --help)\n";
}

}  // namespace parley::cli
