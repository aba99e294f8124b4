// `parley convert`: read a scenario in one format, write it in another, say what was lost.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "output.h"
#include "parley/io/scenario_io.h"

namespace parley::cli {

namespace {

struct ConvertArgs {
  std::vector<std::string> paths;  ///< Inputs, then the output last.
  std::string to;                  ///< Target format; "" infers it from the output's name.
  std::string from;                ///< Input format; "" detects it.
  std::optional<uint32_t> resolution;
};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool IsYamlName(std::string_view path) { return EndsWith(path, ".yaml") || EndsWith(path, ".yml"); }

Result<ScenarioFormat> TargetFormat(const ConvertArgs& args, const std::string& out) {
  if (args.to.empty()) {
    if (IsYamlName(out)) return ScenarioFormat::kNative;
    return Error::BadInput(
        "cannot tell the target format from the name; give --to native, genius or geniusweb "
        "(native files end in .yaml or .yml)",
        out, 0, "--to");
  }
  const std::optional<ScenarioFormat> format = ParseFormatName(args.to);
  if (!format)
    return Error::BadInput("unknown format '" + args.to + "'; expected native, genius or geniusweb",
                           {}, 0, "--to");
  if (*format != ScenarioFormat::kNative && IsYamlName(out))
    return Error::BadInput(
        fmt::format("{} scenarios are written to a folder, not a .yaml file", FormatName(*format)),
        out, 0, "--to");
  return *format;
}

// A built-in scenario converted to native is its own file, comments and all.
bool IsBuiltinName(std::span<const std::string> inputs) {
  if (inputs.size() != 1 || std::filesystem::exists(inputs[0])) return false;
  const std::vector<std::string> names = BuiltinScenarioNames();
  return std::find(names.begin(), names.end(), inputs[0]) != names.end();
}

Result<WriteReport> WriteBuiltinText(const std::string& name, const std::string& out) {
  PARLEY_ASSIGN_OR_RETURN(std::string text, BuiltinScenarioText(name));
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return Error::BadInput("cannot write the file", out, 0, "OUT");
  return WriteReport{{out}, {}};
}

int RunConvert(const ConvertArgs& args) {
  const std::string& out = args.paths.back();
  const std::span<const std::string> inputs(args.paths.data(), args.paths.size() - 1);

  Result<ScenarioFormat> target = TargetFormat(args, out);
  if (!target) return ReportError(target.error());

  LoadOptions load;
  if (!args.from.empty()) load.format = ParseFormatName(args.from);
  if (args.resolution) {
    load.real_resolution = *args.resolution;
    load.override_resolution = true;
  }
  Result<LoadedScenario> loaded = LoadScenario(inputs, load);
  if (!loaded) return ReportError(loaded.error());
  const Scenario& scenario = loaded->scenario;

  Result<WriteReport> written = *target == ScenarioFormat::kNative && IsBuiltinName(inputs)
                                    ? WriteBuiltinText(inputs[0], out)
                                    : WriteScenario(scenario, *target, out);
  if (!written) return ReportError(written.error());

  std::string from;
  for (const std::string& input : inputs) from += (from.empty() ? "" : " ") + input;
  std::string text = fmt::format("Read    {} ({}; {} parties, {} issues, {} outcomes) from {}\n",
                                 scenario.name, FormatName(loaded->format), scenario.NumParties(),
                                 scenario.space.NumIssues(), SpaceSizeText(scenario.space), from);
  text += fmt::format("Wrote   {} to {}\n", FormatName(*target), out);
  for (const std::string& file : written->files) text += "  " + file + "\n";
  if (written->dropped.empty()) {
    text += fmt::format("Dropped nothing: {} expresses the whole scenario\n", FormatName(*target));
  } else {
    text += fmt::format("Dropped (the {} format cannot express these):\n", FormatName(*target));
    for (const std::string& item : written->dropped) text += "  - " + item + "\n";
  }
  if (!loaded->notes.empty()) {
    text += "Notes\n";
    for (const std::string& note : loaded->notes) text += "  - " + note + "\n";
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void AddConvertCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<ConvertArgs>();
  CLI::App* command = app.add_subcommand(
      "convert",
      "Convert a scenario between formats: parley convert IN... OUT [--to FORMAT]; prints what "
      "the target format cannot express");
  command
      ->add_option("paths", args->paths,
                   "The input (a file, a folder, a list of files or a built-in name), then the "
                   "output (a .yaml file for native, a folder for genius and geniusweb)")
      ->required()
      ->expected(2, -1);
  command->add_option("--to", args->to, "Target format (default: native for .yaml/.yml)")
      ->check(CLI::IsMember({"native", "genius", "geniusweb"}));
  command->add_option("--from", args->from, "Input format (default: detected)")
      ->check(CLI::IsMember({"native", "genius", "geniusweb"}));
  command
      ->add_option(
          "--resolution", args->resolution,
          "Grid points for real-valued issues (replaces the files'; default: the file's, else 11)")
      ->check(CLI::Range(2, 1000000));
  command->callback([args, &action] { action = [args] { return RunConvert(*args); }; });
}

}  // namespace parley::cli
