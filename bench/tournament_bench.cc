// Tournaments (docs/tournament.md records the figures):
//   BM_Tournament288: the benchmark, 6 agents (boulware, linear, conceder,
//     naive-tit-for-tat, aspiration, random) on 4 small ANAC 2012 scenarios (LaptopA 27
//     outcomes, FlightBookingA 36, RentalHouseA 60, BarterA 80), profiles rotated, with
//     self-play, 100 rounds: 288 sessions. The time is the whole RunTournament call (loading,
//     preparing and analysing the scenarios included); the counters split it.
//   BM_TournamentY2012: the same agents on all 72 ANAC 2012 scenarios (5,184 sessions).
// Threads: the benchmark argument (--jobs). Run: build/bench/tournament_bench

#include <benchmark/benchmark.h>

#include <string>

#include "parley/tournament/tournament.h"

namespace parley {
namespace {

std::string Y2012(const std::string& name) {
  return std::string(PARLEY_SHARED_DATA_DIR) + "/genius/y2012" + (name.empty() ? "" : "/" + name);
}

TournamentConfig Config(std::vector<std::string> scenarios) {
  TournamentConfig c;
  c.agents = {"boulware", "linear", "conceder", "naive-tit-for-tat", "aspiration", "random"};
  c.scenarios = std::move(scenarios);
  c.rotate_profiles = true;
  c.self_play = true;
  c.rounds = 100;
  return c;
}

void Run(benchmark::State& state, const TournamentConfig& config) {
  TournamentOptions options;
  options.jobs = static_cast<int>(state.range(0));
  double sessions = 0, run = 0, prepare = 0;
  for (auto _ : state) {
    Result<TournamentResults> r = RunTournament(config, options);
    if (!r) {
      state.SkipWithError(r.error().ToString().c_str());
      return;
    }
    sessions = static_cast<double>(r->sessions.size());
    run += r->run_seconds;
    prepare += r->seconds - r->run_seconds;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["sessions"] = sessions;
  state.counters["prepare_ms"] = 1e3 * prepare / n;
  state.counters["run_ms"] = 1e3 * run / n;
  state.counters["sessions_per_s"] = sessions * n / run;
}

void BM_Tournament288(benchmark::State& state) {
  Run(state,
      Config({Y2012("LaptopA"), Y2012("FlightBookingA"), Y2012("RentalHouseA"), Y2012("BarterA")}));
}
BENCHMARK(BM_Tournament288)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TournamentY2012(benchmark::State& state) {
  Result<std::vector<std::string>> all = ExpandScenarioPaths({Y2012("")});
  if (!all) {
    state.SkipWithError(all.error().ToString().c_str());
    return;
  }
  Run(state, Config(*all));
}
BENCHMARK(BM_TournamentY2012)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
}  // namespace parley
