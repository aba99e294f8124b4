"""tournament(): the CLI's results for built-in agents, Python agent classes and factories,
Ctrl-C."""

import os
import signal
import threading
import time

import pytest

import parley
from agents_for_tests import Conceder, Thrower, Trivial
from conftest import DATA, run_cli

SCENARIOS = [DATA / "genius" / "y2012" / "CameraB", DATA / "genius" / "y2012" / "EnergySmallA"]


def test_builtin_agents_match_the_cli(tmp_path):
    agents = ["boulware", "conceder", "random", "naive-tit-for-tat"]
    t = parley.tournament(agents, SCENARIOS, rounds=80, repetitions=2, rotate_profiles=True,
                          self_play=True, seed=11, jobs=2)
    run_cli("tournament", "--agents", ",".join(agents), "--scenarios", *SCENARIOS,
            "--rounds", 80, "--repetitions", 2, "--rotate-profiles", "--self-play",
            "--seed", 11, "--jobs", 2, "--csv", tmp_path / "cli.csv", "--no-timing", "-q")
    assert t.to_csv(timing=False) == (tmp_path / "cli.csv").read_text()
    rows = t.sessions
    assert len(rows) == t.to_csv().count("\n") - 1
    assert set(rows["agent"]) == set(agents)
    ranking = t.ranking
    assert list(ranking["agent"]) != [] and set(ranking["agent"]) == set(agents)
    means = rows.groupby("agent")["advantage"].mean()
    for _, r in ranking.iterrows():
        assert r["advantage"] == pytest.approx(means[r["agent"]])
    assert list(ranking["advantage"]) == sorted(ranking["advantage"], reverse=True)
    t.write_report(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text().startswith("<!")


def test_python_agents_in_a_tournament():
    def make():
        return Conceder()

    args = dict(scenarios=SCENARIOS[:1], rounds=60, rotate_profiles=True, self_play=True, seed=3)
    one = parley.tournament([Trivial, make, "boulware"], jobs=1, **args)
    two = parley.tournament([Trivial, make, "boulware"], jobs=2, **args)
    assert one.agents == ["python-trivial", "python-make", "boulware"]
    assert one.to_csv(timing=False) == two.to_csv(timing=False)
    rows = one.sessions
    assert set(rows["agent"]) == set(one.agents)
    assert (rows["failed"] == 0).all()
    assert (rows[rows["agent"] == "python-make"]["agreement"] == 1).any()


def test_python_agent_failures_in_a_tournament():
    t = parley.tournament([Thrower, "boulware"], SCENARIOS[:1], rounds=30, seed=1)
    rows = t.sessions
    mine = rows[rows["agent"] == "python-thrower"]
    assert (mine["failed"] == 1).all()
    assert (mine["failure"] == "exception").all()
    assert len(t.failures) == len(mine)
    for f in t.failures:
        assert f["agent"] == "python-thrower" and f["kind"] == "exception"
        assert "Traceback (most recent call last)" in f["message"]
        assert "RuntimeError: deliberate failure in round 3" in f["message"]
    theirs = rows[rows["agent"] == "boulware"]
    assert (theirs["failed"] == 0).all()
    ranking = t.ranking
    assert int(ranking[ranking["agent"] == "python-thrower"]["failures"].iloc[0]) == len(mine)


def test_bad_tournaments():
    with pytest.raises(parley.ScenarioError, match="unknown agent"):
        parley.tournament(["boulware", "nobody"], SCENARIOS[:1])
    with pytest.raises(parley.ScenarioError):
        parley.tournament(["boulware"], ["no/such/folder"])
    with pytest.raises(TypeError):
        parley.tournament([Trivial(), "boulware"], SCENARIOS[:1])


@pytest.mark.parametrize("agents", [["hardliner", "boulware"], [Trivial, "hardliner"]])
def test_ctrl_c_ends_a_long_tournament(agents):
    # Sessions of 10^8 rounds take minutes; Ctrl-C after 0.3 s ends the run within seconds.
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            parley.tournament(agents, SCENARIOS[:1], rounds=100_000_000, jobs=2,
                              session_time_limit=0)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 20


def test_python_agents_in_a_single_undertaking_tournament():
    # doha-2019 under its own protocol: three parties, so every pairing fills three roles.
    args = dict(scenarios=["doha-2019"], protocol="single-undertaking", rounds=40, seed=2)
    one = parley.tournament([Conceder, "logroller", "boulware"], jobs=1, **args)
    two = parley.tournament([Conceder, "logroller", "boulware"], jobs=2, **args)
    assert one.to_csv(timing=False) == two.to_csv(timing=False)
    assert one.failures == []
    rows = one.sessions
    assert (rows[rows["agent"] == "python-conceder"]["agreement"] == 1).any()
