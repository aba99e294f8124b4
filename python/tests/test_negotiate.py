"""negotiate(): built-in agents as the CLI runs them, Python agents in SAO and AMOP, failures,
Ctrl-C."""

import os
import signal
import threading
import time

import pytest

import parley
from agents_for_tests import Conceder, Outsider, Quitter, Thrower, Trivial
from conftest import CAMERA_B, DATA, ROOT, cli_json, run_cli


@pytest.mark.parametrize(
    "path,agents,protocol,rounds,seed",
    [
        (CAMERA_B, "boulware,conceder", "sao", 200, 0),
        (CAMERA_B, "random,aspiration", "sao", 50, 7),
        (DATA / "anl2023" / "domain00", "linear,boulware", "amop", 100, 3),
        ("doha-2019", "", "", 0, 0),
    ],
)
def test_builtin_agents_match_the_cli(path, agents, protocol, rounds, seed):
    args = ["negotiate", path, "--json"]
    kwargs = {}
    if agents:
        args += ["--agents", agents]
        kwargs["agents"] = agents.split(",")
    if protocol:
        args += ["--protocol", protocol]
        kwargs["protocol"] = protocol
    if rounds:
        args += ["--rounds", rounds, "--seed", seed]
        kwargs.update(rounds=rounds, seed=seed)
    # doha-2019 without arguments: the CLI's defaults (the single undertaking, its agent mix).
    r = parley.negotiate(parley.load(path), **kwargs)
    cli = cli_json(*args)
    assert r.to_dict() == cli
    assert r.agreement == (cli["agreement"]["outcome"] if cli["agreement"] else None)
    assert (r.utilities, r.rounds, r.welfare) == (cli["utilities"], cli["rounds"], cli["welfare"])
    assert (r.pareto_distance, r.nash_distance) == (cli["pareto_distance"], cli["nash_distance"])
    assert r.moves == cli["moves"]


def test_moves_frame_plot_and_trace(camera_b, tmp_path):
    r = parley.negotiate(camera_b, ["boulware", "conceder"], rounds=60)
    frame = r.moves_frame()
    assert len(frame) == len(r.moves)
    assert list(frame.columns[:5]) == ["round", "time", "party", "turn", "action"]
    assert set("u_" + p for p in camera_b.parties) <= set(frame.columns)
    r.plot(tmp_path / "py.svg")
    run_cli("negotiate", CAMERA_B, "--agents", "boulware,conceder", "--rounds", 60,
            "--plot", tmp_path / "cli.svg")
    assert (tmp_path / "py.svg").read_bytes() == (tmp_path / "cli.svg").read_bytes()
    r.write_trace(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text().count("\n") > len(r.moves)
    with pytest.raises(parley.ScenarioError):
        r.plot(tmp_path / "x.png")


def test_python_agent_in_sao(camera_b):
    agent = Conceder()
    r = parley.negotiate(camera_b, [agent, "boulware"], rounds=100)
    assert r.agents == ["Conceder", "boulware"]
    assert agent.name == camera_b.parties[0]
    assert agent.reserved_value == camera_b.reservation_values[0]
    assert r.end == "agreement" and r.agreement is not None
    assert agent.ended == ("agreement", tuple(r.agreement.values()))
    assert r.utilities == pytest.approx(camera_b.utilities(r.agreement))
    steps = [s for s, *_ in agent.seen]
    assert steps == sorted(steps) and all(p == camera_b.parties[1] for *_, p in agent.seen)
    times = [t for _, t, *_ in agent.seen]
    assert all(0 <= t < 1 for t in times)
    # Every move the Python agent made is in the record with its utilities.
    mine = [m for m in r.moves if m["party"] == camera_b.parties[0]]
    assert mine and all(m["action"] in ("offer", "accept") for m in mine)
    # Deterministic: the same again.
    again = parley.negotiate(camera_b, [Conceder(), "boulware"], rounds=100)
    assert again.to_dict() == r.to_dict()
    # An object kept after the negotiation refuses to be used.
    with pytest.raises(RuntimeError, match="ended"):
        agent.ufun(r.agreement)


def test_python_agents_on_both_sides_and_in_amop():
    s = parley.load(DATA / "anl2023" / "domain00")
    r = parley.negotiate(s, [Trivial(), Conceder()], rounds=50)
    assert r.end in ("agreement", "deadline")
    a = parley.negotiate(s, [Conceder(), "boulware"], protocol="amop", rounds=50)
    assert a.to_dict()["protocol"] == "amop"
    turns = {m["turn"] for m in a.moves if m["party"] == s.parties[0]}
    assert turns <= {"offer", "respond"} and "offer" in turns


def test_python_agent_failures(camera_b):
    r = parley.negotiate(camera_b, [Thrower(), "boulware"], rounds=100)
    assert r.end == "failure" and r.agreement is None
    f = r.failure
    assert f["party"] == camera_b.parties[0] and f["agent"] == "Thrower"
    assert f["kind"] == "exception"
    assert "Traceback (most recent call last)" in f["message"]
    assert "RuntimeError: deliberate failure in round 3" in f["message"]
    assert "agents_for_tests.py" in f["message"]
    assert r.utilities == camera_b.reservation_values
    r = parley.negotiate(camera_b, ["boulware", Outsider()], rounds=10)
    assert r.failure["party"] == camera_b.parties[1] and "not an outcome" in r.failure["message"]
    r = parley.negotiate(camera_b, ["boulware", Quitter()], rounds=10)
    assert r.end == "walk-away" and r.ended_by == camera_b.parties[1]

    class NoRespond(parley.SAONegotiator):
        def propose(self, state):
            return self.ufun.best()

    r = parley.negotiate(camera_b, ["boulware", NoRespond()], rounds=10)
    assert r.end == "failure" and "must implement respond" in r.failure["message"]

    class BadResponse(NoRespond):
        def respond(self, state, offer):
            return True

    r = parley.negotiate(camera_b, ["boulware", BadResponse()], rounds=10)
    assert "ACCEPT_OFFER" in r.failure["message"]


def test_bad_arguments(camera_b):
    with pytest.raises(parley.ScenarioError, match="unknown agent 'nobody'"):
        parley.negotiate(camera_b, ["nobody", "boulware"])
    with pytest.raises(parley.ScenarioError, match="unknown protocol"):
        parley.negotiate(camera_b, ["boulware"], protocol="nope")
    with pytest.raises(parley.ScenarioError, match="2 parties but 3 agents"):
        parley.negotiate(camera_b, ["boulware"] * 3)
    with pytest.raises(parley.ScenarioError, match="rounds"):
        parley.negotiate(camera_b, ["boulware"], rounds=0)
    with pytest.raises(TypeError):
        parley.negotiate(camera_b, [object(), "boulware"])
    assert any(a["name"] == "boulware" for a in parley.agents())
    assert any(p["name"] == "sao" for p in parley.protocols())


def test_ctrl_c_in_a_python_agent(camera_b):
    class Interrupter(Trivial):
        def propose(self, state):
            if state.step == 5:
                os.kill(os.getpid(), signal.SIGINT)
            return super().propose(state)

    with pytest.raises(KeyboardInterrupt):
        parley.negotiate(camera_b, [Interrupter(), "boulware"], rounds=1000)


def test_ctrl_c_in_a_long_builtin_session(camera_b):
    # 10^8 rounds would take minutes; the interrupt arrives after 0.1 s and stops it.
    timer = threading.Timer(0.1, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            parley.negotiate(camera_b, ["hardliner", "hardliner"], rounds=100_000_000)
    finally:
        timer.cancel()


def test_defaults_follow_the_cli(camera_b):
    doha = parley.load("doha-2019")
    assert doha.default_protocol == "single-undertaking"
    assert camera_b.default_protocol == "sao"
    r = parley.negotiate(doha)
    assert r.to_dict()["protocol"] == "single-undertaking"
    assert r.agents == ["logroller", "issue-by-issue", "conditional-hardliner"]
    # An explicit protocol is kept; the default agents follow it, as --protocol alone does.
    sao = parley.negotiate(doha, protocol="sao", rounds=20)
    assert sao.to_dict() == cli_json("negotiate", "doha-2019", "--protocol", "sao", "--rounds",
                                     20, "--json")
    assert sao.agents == ["boulware"] * 3
    c = parley.negotiate(camera_b, rounds=30)
    assert c.to_dict() == cli_json("negotiate", CAMERA_B, "--rounds", 30, "--json")


class Tracker(Conceder):
    """A Conceder that records the single undertaking's turns it is given."""

    def __init__(self):
        super().__init__()
        self.turns = []

    def propose(self, state):
        self.turns.append((state.turn, state.track, state.current_offer))
        return super().propose(state)

    def respond(self, state, offer):
        self.turns.append((state.turn, state.track, offer))
        return super().respond(state, offer)


def test_python_agent_in_the_single_undertaking():
    doha = parley.load("doha-2019")
    agent = Tracker()
    r = parley.negotiate(doha, [agent, "issue-by-issue", "conditional-hardliner"], rounds=60)
    assert r.failure is None, r.failure
    assert r.to_dict()["protocol"] == "single-undertaking"
    package_turns = [t for t in agent.turns if t[0] == "package"]
    assert package_turns, agent.turns
    tracks = {t["name"] for t in r.to_dict()["tracks"]}
    assert {t[1] for t in package_turns} <= tracks and None not in {t[1] for t in package_turns}
    # Offers given to it are whole packages (tuples over every issue).
    n = len(doha.issues)
    assert all(len(o) == n for _, _, o in package_turns if o is not None)
    # Its whole-package proposals are recorded as the protocol's moves for the track.
    mine = [m for m in r.moves if m["party"] == doha.parties[0]]
    assert mine and {m["action"] for m in mine} & {"offer", "partial-offer", "accept"}
    # Ratification turns, if any, reach respond with a whole package and no track.
    assert all(t[1] is None for t in agent.turns if t[0] == "ratify")
    again = parley.negotiate(doha, [Tracker(), "issue-by-issue", "conditional-hardliner"],
                             rounds=60)
    assert again.to_dict() == r.to_dict()
    # Python agents for every party, under the default protocol.
    r = parley.negotiate(doha, [Conceder(), Conceder(), Conceder()], rounds=60)
    assert r.failure is None and r.end in ("agreement", "deadline")


def test_builtin_sessions_cost_what_they_cost_in_cpp(camera_b):
    # The result is read from C++ only when used: nothing is converted up front.
    r = parley.negotiate(camera_b, ["boulware", "conceder"], rounds=200)
    assert r._d is None and not {"agreement", "utilities", "moves"} & set(vars(r))
    assert r.utilities == r.utilities and "utilities" in vars(r)
    assert r._d is None  # reading fields does not build the JSON either
    # The call's fixed cost beyond RunSession in C++ (1-round sessions, best of 300 each,
    # interleaved): a few microseconds; 50 leaves room for a loaded machine.
    from parley import _parley

    py, cpp = [], []
    for _ in range(300):
        t = time.perf_counter()
        parley.negotiate(camera_b, ["boulware", "conceder"], rounds=1)
        py.append(time.perf_counter() - t)
        cpp.append(_parley.time_session(camera_b._h, ["boulware", "conceder"], "sao", 1, 0, 1)[0])
    assert min(py) - min(cpp) < 50e-6, (min(py), min(cpp))
