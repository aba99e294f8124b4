// Exact Pareto frontier of the ANAC 2014 non-linear scenarios by branch and bound
// (src/analysis/hyper_rectangle_frontier.cc). Figures in docs/anac2014.md. Run:
//   cmake -S . -B build -DPARLEY_BUILD_BENCH=ON && cmake --build build --target
//   hyper_rectangle_frontier_bench && build/bench/hyper_rectangle_frontier_bench

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "parley/analysis/hyper_rectangle_frontier.h"
#include "parley/io/scenario_io.h"

namespace parley {
namespace {

void FrontierOf(benchmark::State& state, const std::string& name, bool reduce_values) {
  const std::vector<std::string> paths = {std::string(PARLEY_SHARED_DATA_DIR) + "/genius/y2014/" +
                                          name};
  auto loaded = LoadScenario(paths);
  if (!loaded.ok()) {
    state.SkipWithError(loaded.error().ToString().c_str());
    return;
  }
  HyperRectangleSearchOptions options;
  options.reduce_values = reduce_values;
  HyperRectangleSearchStats stats;
  size_t points = 0;
  for (auto _ : state) {
    auto frontier = HyperRectangleParetoFrontier(loaded->scenario, options, &stats);
    if (!frontier.ok() || !frontier->exact) {
      state.SkipWithError("no exact frontier");
      return;
    }
    points = frontier->points.size();
    benchmark::DoNotOptimize(frontier->points.data());
  }
  state.counters["points"] = static_cast<double>(points);
  state.counters["nodes"] = static_cast<double>(stats.nodes);
}

// Every ANAC 2014 scenario (10^10, 10^30 and 10^40 outcomes), then the 10-issue one without
// merging equivalent and dominated values, to show what that reduction buys.
const bool kRegistered = [] {
  for (const char* name :
       {"10issues", "10issuesDiscounted", "10issuesDiscountedwithRV", "10issueswithRV", "30issues",
        "30issuesDiscounted", "30issuesDiscountedwithRV", "30issueswithRV", "50issues",
        "50issuesDiscounted", "50issuesDiscountedwithRV", "50issueswithRV"})
    benchmark::RegisterBenchmark((std::string("Anac2014/") + name).c_str(), FrontierOf,
                                 std::string(name), true)
        ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Anac2014/10issues_all_values", FrontierOf, std::string("10issues"),
                               false)
      ->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace
}  // namespace parley
