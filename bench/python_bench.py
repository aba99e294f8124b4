"""Speed of parley from Python (docs/python.md records the figures).

    python3 bench/python_bench.py [SCENARIO] [--repeat N]

1. A trivial Python agent (offers its best outcome, accepts offers above 0.8) against Boulware,
   1000-round SAO on CameraB: microseconds a round, total and beyond the agent's own Python
   code (the same agent methods called in a plain Python loop with the same arguments).
2. Built-in agents (1000 rounds) through parley.negotiate vs the same session run by RunSession
   in a C++ loop (the binding's benchmark hook parley._parley.time_session).
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
# benchmark hook runs RunSession in a C++ loop, without the Python layer).
from parley import _parley  # noqa: E402

for pair in (["boulware", "conceder"], ["hardliner", "boulware"]):
    py_time = best_of(lambda: parley.negotiate(scenario, pair, rounds=ROUNDS))
    cpp_time = _parley.time_session(scenario._h, pair, "sao", ROUNDS, 0, repeat)
    print(f"{pair[0]} vs {pair[1]}, {ROUNDS} rounds: from Python {py_time * 1e3:.3f} ms, "
          f"C++ alone {cpp_time * 1e3:.3f} ms ({(py_time / cpp_time - 1) * 100:+.1f}%)")

a = best_of(lambda: scenario.analyze(), n=5)
n = len(scenario.analyze().pareto)
print(f"analyze(): {a * 1e3:.3f} ms, frontier of {n} points as a NumPy array")
