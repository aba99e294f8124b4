// Negotiation speed (docs/negotiation.md, "Speed"):
// - Energy (ANAC 2011, 390,625 outcomes): a 1000-round Boulware self-play, setup included
//   (reading the GENIUS files, compiling the profiles, building both utility indexes, running
//   the session with its full trace). Target: under 50 ms. The metrics=1 variant also computes
//   the Pareto frontier and the Nash point for the distances.
// - CameraB (ANAC 2012, 3,600 outcomes): rounds per second of Boulware self-play once the
//   scenario is prepared (trace=1 records every move, trace=0 only counts them, as tournaments
//   do). Target: at least 100,000 rounds/s.
// - Moves as JSON: the cost of one move in a --trace JSON Lines file and in the pretty-printed
//   --json document (both streamed), and of MoveToJson's document per move (an nlohmann object,
//   for callers that want one). Target: well under 1 us a move (before streaming: about 4 us).
//
// Build and run: cmake -S . -B build-bench -G Ninja -DPARLEY_BUILD_BENCH=ON &&
//   cmake --build build-bench --target negotiation_bench && build-bench/bench/negotiation_bench

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sstream>

#include "parley/io/scenario_io.h"
#include "parley/session/report.h"
#include "parley/session/session.h"

namespace parley {
namespace {

Scenario Load(const std::string& relative) {
  std::vector<std::string> paths{std::string(PARLEY_SHARED_DATA_DIR) + "/" + relative};
  auto loaded = LoadScenario(paths);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().ToString().c_str());
    std::abort();
  }
  return std::move(loaded->scenario);
}

SessionConfig BoulwareSelfPlay(int64_t rounds, bool record) {
  SessionConfig config;
  config.protocol = "sao";
  config.agents = {"boulware", "boulware"};
  config.deadline = Deadline::Rounds(rounds);
  config.record_moves = record;
  return config;
}

// Reservation values only: sessions without distance metrics.
ReferencePoints NoReference(const PreparedScenario& s) {
  ReferencePoints none;
  for (size_t i = 0; i < s.NumParties(); ++i)
    none.reservations.push_back(s.profile(i).reservation_value());
  return none;
}

void BM_EnergyBoulwareSelfPlay1000(benchmark::State& state) {
  const bool metrics = state.range(0) != 0;
  int64_t rounds = 0;
  for (auto _ : state) {
    PreparedScenario prepared(Load("genius/y2011/Energy"));
    const ReferencePoints reference =
        metrics ? ComputeReferencePoints(prepared.scenario()) : NoReference(prepared);
    auto result = RunSession(prepared, BoulwareSelfPlay(1000, true), &reference);
    if (!result) {
      state.SkipWithError(result.error().ToString().c_str());
      break;
    }
    rounds += result->negotiation.rounds;
    benchmark::DoNotOptimize(result->metrics.welfare);
  }
  state.counters["rounds"] =
      benchmark::Counter(static_cast<double>(rounds), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_EnergyBoulwareSelfPlay1000)
    ->ArgName("metrics")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

void BM_CameraBRounds(benchmark::State& state) {
  const bool record = state.range(0) != 0;
  PreparedScenario prepared(Load("genius/y2012/CameraB"));
  prepared.index(0);
  prepared.index(1);
  const ReferencePoints reference = NoReference(prepared);
  const SessionConfig config = BoulwareSelfPlay(1000, record);
  int64_t rounds = 0;
  for (auto _ : state) {
    auto result = RunSession(prepared, config, &reference);
    if (!result) {
      state.SkipWithError(result.error().ToString().c_str());
      break;
    }
    rounds += result->negotiation.rounds;
    benchmark::DoNotOptimize(result->metrics.welfare);
  }
  state.counters["rounds/s"] =
      benchmark::Counter(static_cast<double>(rounds), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CameraBRounds)->ArgName("trace")->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// The utility index alone: building Energy's (390,625 outcomes, sorted) and querying it.
void BM_EnergyIndexBuild(benchmark::State& state) {
  const Scenario scenario = Load("genius/y2011/Energy");
  const CompiledProfile profile(scenario.parties[0].profile);
  for (auto _ : state) {
    auto index = UtilityIndex::Build(scenario.space, profile);
    benchmark::DoNotOptimize(index->best());
  }
}
BENCHMARK(BM_EnergyIndexBuild)->Unit(benchmark::kMillisecond);

// One CameraB Boulware self-play of 1000 rounds (2,000 moves), written as JSON three ways.
// format=0: --trace JSON Lines; 1: the whole --json document; 2: MoveToJson per move, dumped.
void BM_MovesAsJson(benchmark::State& state) {
  const int format = static_cast<int>(state.range(0));
  PreparedScenario prepared(Load("genius/y2012/CameraB"));
  const ReferencePoints reference = NoReference(prepared);
  auto result = RunSession(prepared, BoulwareSelfPlay(1000, true), &reference);
  if (!result) {
    state.SkipWithError(result.error().ToString().c_str());
    return;
  }
  const auto& moves = result->negotiation.moves;
  size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out;
    if (format == 0) {
      WriteTraceJsonLines(out, prepared, *result);
    } else if (format == 1) {
      WriteSessionJson(out, prepared, *result);
    } else {
      for (const Move& move : moves) out << MoveToJson(prepared, move).dump() << "\n";
    }
    bytes = out.str().size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["moves"] = static_cast<double>(moves.size());
  state.counters["per_move"] = benchmark::Counter(
      static_cast<double>(moves.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_MovesAsJson)->ArgName("format")->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace parley
