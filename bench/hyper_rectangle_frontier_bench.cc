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

// The 10-issue scenarios (10^10 outcomes): the target of the issue, exact in well under 1 s.
BENCHMARK_CAPTURE(FrontierOf, 10issues, std::string("10issues"), true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(FrontierOf, 10issuesDiscountedwithRV, std::string("10issuesDiscountedwithRV"),
                  true)
    ->Unit(benchmark::kMillisecond);
// Without merging equivalent and dominated values: what that reduction buys.
BENCHMARK_CAPTURE(FrontierOf, 10issues_all_values, std::string("10issues"), false)
    ->Unit(benchmark::kMillisecond);
// 30 and 40 issues (10^30, 10^40 outcomes): the hardest of each size.
BENCHMARK_CAPTURE(FrontierOf, 30issuesDiscountedwithRV, std::string("30issuesDiscountedwithRV"),
                  true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(FrontierOf, 50issuesDiscountedwithRV, std::string("50issuesDiscountedwithRV"),
                  true)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace parley
