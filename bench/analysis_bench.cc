// Exact analysis on reference scenarios (docs/analysis.md records the figures):
//   BM_Frontier: ComputeParetoFrontier only;
//   BM_Analyze: frontier, ranges, every solution point, opposition and ZOPA.
// Run: build/bench/analysis_bench --benchmark_min_time=2

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "parley/analysis/analysis.h"
#include "parley/core/random.h"
#include "parley/io/scenario_io.h"

namespace parley {
namespace {

// `parties` parties (2 by default), `issues` issues of `values` values each, random weights and
// value utilities;
// `opposed`: the second party's value utilities are 1 minus the first's (different weights),
// which makes a much larger frontier.
Scenario Linear(uint64_t seed, size_t issues, size_t values, bool opposed = false,
                size_t parties = 2) {
  Rng rng(seed);
  Scenario s;
  s.name = "linear";
  std::vector<Issue> list;
  for (size_t i = 0; i < issues; ++i) {
    std::vector<std::string> names;
    for (size_t v = 0; v < values; ++v) names.push_back("v" + std::to_string(v));
    list.push_back(Issue::Discrete("issue" + std::to_string(i), names));
  }
  s.space = OutcomeSpace(std::move(list));
  for (size_t p = 0; p < parties; ++p) {
    AdditiveUtility a;
    double sum = 0;
    for (size_t i = 0; i < issues; ++i) sum += a.weights.emplace_back(rng.Uniform(0.01, 1));
    for (double& w : a.weights) w /= sum;
    for (size_t i = 0; i < issues; ++i) {
      ValueFunction f;
      for (size_t v = 0; v < values; ++v)
        f.table.push_back(opposed && p == 1 ? 1 - s.parties[0].profile.additive().issues[i].table[v]
                                            : rng.Uniform());
      const double max = *std::max_element(f.table.begin(), f.table.end());
      for (double& x : f.table) x /= max;
      a.issues.push_back(f);
    }
    Party party;
    party.name = party.profile.name = "party" + std::to_string(p);
    party.profile.utility = a;
    party.profile.reservation_value = 0.3;
    s.parties.push_back(party);
  }
  return s;
}

const Scenario& Get(const std::string& name) {
  static std::map<std::string, Scenario> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  Scenario s;
  if (name == "linear-10x10") {
    s = Linear(2023, 10, 10);
  } else if (name == "opposed-10x10") {
    s = Linear(2023, 10, 10, true);
  } else if (name == "random-6p-8x5") {
    s = Linear(2023, 8, 5, false, 6);
  } else {
    const std::vector<std::string> paths = {std::string(PARLEY_SHARED_DATA_DIR) + "/genius/" +
                                            name};
    auto loaded = LoadScenario(paths);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.error().ToString().c_str());
      std::exit(1);
    }
    s = std::move(loaded->scenario);
  }
  return cache.emplace(name, std::move(s)).first->second;
}

void Report(benchmark::State& state, const Scenario& s, const ParetoFrontier& f) {
  state.counters["outcomes"] = s.space.Size();
  state.counters["parties"] = static_cast<double>(s.NumParties());
  state.counters["frontier"] = static_cast<double>(f.points.size());
}

void BM_Frontier(benchmark::State& state, const std::string& name) {
  const Scenario& s = Get(name);
  ParetoFrontier last;
  for (auto _ : state) {
    auto f = ComputeParetoFrontier(s);
    if (!f.ok()) {
      state.SkipWithError(f.error().ToString().c_str());
      return;
    }
    last = std::move(*f);
    benchmark::DoNotOptimize(last);
  }
  Report(state, s, last);
}

void BM_Analyze(benchmark::State& state, const std::string& name) {
  const Scenario& s = Get(name);
  Analysis last;
  for (auto _ : state) {
    auto a = Analyze(s);
    if (!a.ok()) {
      state.SkipWithError(a.error().ToString().c_str());
      return;
    }
    last = std::move(*a);
    benchmark::DoNotOptimize(last);
  }
  Report(state, s, last.frontier);
  state.counters["zopa_exact"] = last.zopa.exact;
}

#define PARLEY_ANALYSIS_BENCH(label, path)                                                 \
  BENCHMARK_CAPTURE(BM_Frontier, label, std::string(path))->Unit(benchmark::kMillisecond); \
  BENCHMARK_CAPTURE(BM_Analyze, label, std::string(path))->Unit(benchmark::kMillisecond)

PARLEY_ANALYSIS_BENCH(Energy, "y2011/Energy");
PARLEY_ANALYSIS_BENCH(Travel, "y2010/Travel");
PARLEY_ANALYSIS_BENCH(KillerRobot, "y2015/group9-killer_robot");
PARLEY_ANALYSIS_BENCH(Linear10x10, "linear-10x10");
PARLEY_ANALYSIS_BENCH(Opposed10x10, "opposed-10x10");
PARLEY_ANALYSIS_BENCH(Random6Parties, "random-6p-8x5");

}  // namespace
}  // namespace parley
