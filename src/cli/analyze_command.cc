// `parley analyze`: load a scenario in any format, analyse it exactly, print the report.

#include <cstdio>

#include "analysis_report.h"
#include "commands.h"
#include "options.h"
#include "output.h"
#include "parley/analysis/analysis.h"
#include "parley/io/scenario_io.h"
#include "parley/picture/utility_space.h"

namespace parley::cli {

int RunAnalyze(const AnalyzeArgs& args) {
  LoadOptions load;
  if (!args.format.empty()) {
    load.format = ParseFormatName(args.format);
    if (!load.format)
      return ReportError(Error::BadInput(
          "unknown format '" + args.format + "'; expected native, genius or geniusweb", {}, 0,
          "--format"));
  }
  if (args.resolution) {
    load.real_resolution = *args.resolution;
    load.override_resolution = true;
  }
  if (!args.plot.empty()) {
    if (auto format = picture::PlotFormatForPath(args.plot, "--plot"); !format)
      return ReportError(format.error());
  }
  Result<LoadedScenario> loaded = LoadScenario(args.scenarios, load);
  if (!loaded) return ReportError(loaded.error());

  AnalysisOptions options;
  options.allow_approximation = args.approximate;
  options.time_limit_seconds = args.time_limit;
  Result<Analysis> analysis = Analyze(loaded->scenario, options);
  if (!analysis) return ReportError(analysis.error());

  if (!args.plot.empty()) {
    Result<std::string> svg = picture::RenderAnalysisPicture(loaded->scenario, *analysis);
    if (!svg) return ReportError(svg.error());
    const std::string text = picture::AsFormat(*picture::PlotFormatForPath(args.plot, "--plot"),
                                               *svg, "Analysis of " + loaded->scenario.name);
    if (Status s = picture::WritePictureFile(args.plot, text, "--plot"); !s)
      return ReportError(s.error());
  }
  const AnalysisReport report{loaded->scenario, FormatName(loaded->format), loaded->notes,
                              *analysis};
  if (args.json) {
    PrintJson(AnalysisJson(report));
  } else {
    std::fputs(AnalysisText(report, args.all).c_str(), stdout);
  }
  return 0;
}

void AddAnalyzeCommand(CLI::App& app, Action& action) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* command = app.add_subcommand(
      "analyze",
      "Analyse a scenario exactly: Pareto frontier, Nash, Kalai, Kalai-Smorodinsky, egalitarian, "
      "max welfare, opposition, ZOPA");
  command->add_option("scenario", args->scenarios,
                      "A native .yaml file, a GENIUS folder, a GeniusWeb folder, a list of "
                      "files, or a built-in name (default: doha-2019)");
  command->add_flag("--json", args->json, "Print one JSON object (see docs/cli.md)");
  command->add_flag("--all", args->all, "Show every point of the Pareto frontier");
  command->add_option("--format", args->format, "Input format (default: detected)")
      ->check(CLI::IsMember({"native", "genius", "geniusweb"}));
  command
      ->add_option(
          "--resolution", args->resolution,
          "Grid points for real-valued issues (replaces the files'; default: the file's, else 11)")
      ->check(CLI::Range(2, 1000000));
  command->add_flag("--approximate", args->approximate,
                    "When an exact answer is out of reach, print a labelled approximation "
                    "instead of an error");
  command
      ->add_option("--time-limit", args->time_limit,
                   "Seconds a search may take before giving up (default: 60)")
      ->check(SecondsValidator(false));
  command->add_option("--plot", args->plot,
                      "Write a picture to FILE (.svg or .html): the outcome cloud, the frontier, "
                      "every solution point, the ZOPA shaded; pairwise projections for 3+ parties");
  command->callback([args, &action] { action = [args] { return RunAnalyze(*args); }; });
}

}  // namespace parley::cli
