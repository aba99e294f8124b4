"""A tour of parley from Python, notebook-style: run it whole, or cell by cell (# %%).

    python3 examples/python/tour.py [SCENARIO] [OUTPUT_DIR]

SCENARIO defaults to the GENIUS scenario ../shared/data/genius/y2012/CameraB; the pictures and
tables go to OUTPUT_DIR (default: the current folder). Needs matplotlib; pandas for the tables.
"""

# %% Load a GENIUS scenario and look at it
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # write files; no display needed
import matplotlib.pyplot as plt  # noqa: E402

import parley  # noqa: E402
from parley import ResponseType  # noqa: E402

here = Path(__file__).resolve().parent
scenario_path = Path(sys.argv[1]) if len(sys.argv) > 1 else (
    here.parents[2] / "shared" / "data" / "genius" / "y2012" / "CameraB")
out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(".")
out.mkdir(parents=True, exist_ok=True)

scenario = parley.load(scenario_path)
print(scenario)
for issue in scenario.issues:
    print(f"  {issue.name}: {list(issue.values)}")

# %% The Pareto frontier and the solution points, plotted with matplotlib
analysis = scenario.analyze()
pareto = analysis.pareto  # NumPy array: one row per frontier point, one column per party
every = [scenario.utilities(o) for o in scenario.outcome_space]
fig, ax = plt.subplots(figsize=(6, 5))
ax.scatter([u[0] for u in every], [u[1] for u in every], s=4, c="lightgray", label="outcomes")
ax.plot(pareto[:, 0], pareto[:, 1], "o-", ms=3, label="Pareto frontier")
for name in ("nash", "kalai", "max_welfare"):
    point = getattr(analysis, name)
    ax.plot(*point.utilities[:2], "*", ms=12, label=name)
ax.set_xlabel(f"utility of {scenario.parties[0]}")
ax.set_ylabel(f"utility of {scenario.parties[1]}")
ax.legend()
fig.savefig(out / "frontier.png", dpi=100)
print(f"frontier: {len(pareto)} points, opposition {analysis.opposition:.3f} -> frontier.png")


# %% A Python agent against Boulware
class Greedy(parley.SAONegotiator):
    """Asks for its best outcome until late, then accepts anything within 0.1 of its target."""

    def propose(self, state):
        target = 1.0 - 0.5 * state.relative_time ** 3
        return self.outcome_at_least(target)

    def respond(self, state, offer):
        target = 1.0 - 0.5 * state.relative_time ** 3
        if self.ufun(offer) >= target - 0.1:
            return ResponseType.ACCEPT_OFFER
        return ResponseType.REJECT_OFFER


result = parley.negotiate(scenario, [Greedy(), "boulware"], rounds=200)
print(result)
print(f"  distance to Pareto {result.pareto_distance:.4f}, welfare {result.welfare:.4f}")
result.plot(out / "negotiation.svg")
try:
    moves = result.moves_frame()
    print(moves.tail(4).to_string())
except ImportError:
    print(f"  {len(result.moves)} moves (install pandas for a DataFrame)")

# %% A small tournament: the Python agent against built-in agents
results = parley.tournament([Greedy, "boulware", "conceder", "naive-tit-for-tat"],
                            [scenario_path], rounds=200, rotate_profiles=True, seed=1)
print(results)
ranking = results.ranking
print(ranking.to_string(index=False) if hasattr(ranking, "to_string") else ranking)
results.to_csv(out / "tournament.csv")
