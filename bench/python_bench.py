"""Speed of parley from Python (docs/python.md records the figures).

    python3 bench/python_bench.py [SCENARIO] [--repeat N]

1. A trivial Python agent (offers its best outcome, accepts offers above 0.8) against Boulware,
   1000-round SAO on CameraB: microseconds a round, total and beyond the agent's own Python
   code (the same agent methods called in a plain Python loop with the same arguments).
2. Built-in agents through parley.negotiate vs the same session run by RunSession in a C++ loop
   (the binding's benchmark hook parley._parley.time_session), result destroyed in both: CameraB
   SAO 1000 and 10000 rounds, doha-2019 under the single undertaking (the CLI's default).
3. analyze(): time to get the frontier as a NumPy array vs its size.
"""

import sys
import time
from pathlib import Path

import parley
from parley import ResponseType

ROOT = Path(__file__).resolve().parents[1]
args = [a for a in sys.argv[1:] if not a.startswith("--")]
path = Path(args[0]) if args else ROOT.parent / "shared" / "data" / "genius" / "y2012" / "CameraB"
repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 20
ROUNDS = 1000


class Trivial(parley.SAONegotiator):
    def on_negotiation_start(self):
        self.best = self.ufun.best()

    def propose(self, state):
        return self.best

    def respond(self, state, offer):
        return ResponseType.ACCEPT_OFFER if self.ufun(offer) > 0.8 else ResponseType.REJECT_OFFER


def best_of(f, n=repeat):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


scenario = parley.load(path)
scenario.analyze()  # warm the caches the sessions share (reference points are per scenario)

# Boulware rarely offers above 0.8 for the trivial agent, so this runs all 1000 rounds.
r = parley.negotiate(scenario, [Trivial(), "boulware"], rounds=ROUNDS)
rounds = r.rounds
python_session = best_of(lambda: parley.negotiate(scenario, [Trivial(), "boulware"],
                                                  rounds=ROUNDS))
builtin_pair = best_of(lambda: parley.negotiate(scenario, ["hardliner", "boulware"],
                                                rounds=ROUNDS))

# The agent's own Python code: the calls parley makes, with the same kinds of arguments.
agent = Trivial()
parley.negotiate(scenario, [agent, "boulware"], rounds=1)  # binds ufun for a fresh session
ufun = scenario.ufuns[0]
offers = [m["outcome"] for m in r.moves if m["party"] == scenario.parties[1]]
offers = [tuple(o.values()) for o in offers] or [ufun.best()]


class State:
    relative_time = 0.5
    step = 1
    current_offer = offers[0]


def own_code():
    agent_ufun = ufun
    a = Trivial()
    a.ufun = agent_ufun
    a.best = agent_ufun.best()
    st = State()
    for i in range(rounds):
        o = offers[i % len(offers)]
        a.respond(st, o)
        a.propose(st)


own = best_of(own_code)
per_round = python_session / rounds * 1e6
own_per_round = own / rounds * 1e6
builtin_per_round = builtin_pair / rounds * 1e6
print(f"scenario {scenario.name}, {rounds} rounds, best of {repeat}")
print(f"python agent vs boulware: {python_session * 1e3:.3f} ms = {per_round:.3f} us/round")
print(f"  the agent's own Python code: {own_per_round:.3f} us/round")
print(f"  hardliner vs boulware (both built-in, same session shape): {builtin_per_round:.3f} us/round")
print(f"  parley's overhead for the Python agent: "
      f"{per_round - own_per_round - builtin_per_round / 2:.3f} us/round "
      "(total - own code - half the built-in pair)")
print(f"  vs NegMAS's 110 us/round (the issue's figure, not rerun here): "
      f"{110 / per_round:.0f}x faster")

# Built-in agents: the same session through parley.negotiate and in C++ alone (the binding's
# benchmark hook runs RunSession in a C++ loop, without the Python layer). Both include
# destroying the result (its moves), as every caller does; "run only" is RunSession alone.
from parley import _parley  # noqa: E402

doha = parley.load("doha-2019")
doha.analyze()
cases = [
    (scenario, ["boulware", "conceder"], "sao", ROUNDS),
    (scenario, ["hardliner", "boulware"], "sao", ROUNDS),
    (scenario, ["hardliner", "boulware"], "sao", 10 * ROUNDS),
    (doha, ["logroller", "issue-by-issue", "conditional-hardliner"], "single-undertaking", 100),
]
# Interleaved (one from Python, one in C++, in turn), so that a loaded machine slows both
# alike: the best of each, and the median of the paired ratios.
pairs = 10 * repeat
for s, agents, protocol, n in cases:
    py_times, cpp_times, run_times, ratios = [], [], [], []
    for _ in range(pairs):
        t = time.perf_counter()
        parley.negotiate(s, agents, protocol=protocol, rounds=n)
        py_times.append(time.perf_counter() - t)
        total, run = _parley.time_session(s._h, agents, protocol, n, 0, 1)
        cpp_times.append(total)
        run_times.append(run)
        ratios.append(py_times[-1] / total)
    py_time, cpp_time, cpp_run = min(py_times), min(cpp_times), min(run_times)
    median = sorted(ratios)[len(ratios) // 2]
    print(f"{s.name}: {' vs '.join(agents)}, {protocol}, {n} rounds: from Python "
          f"{py_time * 1e3:.3f} ms, C++ alone {cpp_time * 1e3:.3f} ms "
          f"(best {(py_time / cpp_time - 1) * 100:+.1f}%, median of {pairs} pairs "
          f"{(median - 1) * 100:+.1f}%; RunSession without freeing the result "
          f"{cpp_run * 1e3:.3f} ms)")

# The fixed cost of a call (1-round sessions): what parley.negotiate adds to any session of
# built-in agents, whatever its length.
for s, agents, protocol, _ in (cases[0], cases[-1]):
    py_times, cpp_times = [], []
    for _ in range(100 * repeat):
        t = time.perf_counter()
        parley.negotiate(s, agents, protocol=protocol, rounds=1)
        py_times.append(time.perf_counter() - t)
        cpp_times.append(_parley.time_session(s._h, agents, protocol, 1, 0, 1)[0])
    py_times.sort()
    cpp_times.sort()
    half = len(py_times) // 2
    print(f"{s.name}: 1-round session, the call's fixed cost: from Python {py_times[0] * 1e6:.1f} us "
          f"(median {py_times[half] * 1e6:.1f}), C++ alone {cpp_times[0] * 1e6:.1f} us (median "
          f"{cpp_times[half] * 1e6:.1f}): parley.negotiate adds "
          f"{(py_times[0] - cpp_times[0]) * 1e6:.1f} us a call")

a = best_of(lambda: scenario.analyze(), n=5)
n = len(scenario.analyze().pareto)
print(f"analyze(): {a * 1e3:.3f} ms, frontier of {n} points as a NumPy array")
