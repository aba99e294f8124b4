"""analyze(): the CLI's analysis, the frontier as a NumPy array."""

import numpy as np
import pytest

import parley
from conftest import CAMERA_B, DATA, cli_json


@pytest.mark.parametrize(
    "path",
    [CAMERA_B, DATA / "anl2023" / "domain00", DATA / "genius" / "y2011" / "Laptop", "doha-2019"],
)
def test_to_dict_is_the_cli_json(path):
    s = parley.load(path)
    a = s.analyze()
    assert a.to_dict() == cli_json("analyze", path, "--json")
    assert parley.analyze(path).to_dict() == a.to_dict()


def test_fields(camera_b):
    a = camera_b.analyze(time_limit=30)
    d = a.to_dict()
    assert isinstance(a.pareto, np.ndarray) and a.pareto.dtype == np.float64
    assert a.pareto.shape == (len(d["pareto"]), 2) and a.pareto.flags["C_CONTIGUOUS"]
    assert a.pareto.tolist() == [p["utilities"] for p in d["pareto"]]
    assert a.pareto_outcomes == [p["outcome"] for p in d["pareto"]]
    for name in ("nash", "kalai", "kalai_smorodinsky", "egalitarian", "max_welfare"):
        point = getattr(a, name)
        assert point.outcome == d[name]["outcome"]
        assert list(point.utilities) == d[name]["utilities"]
        assert camera_b.utilities(point.outcome) == pytest.approx(point.utilities)
    assert a.opposition == d["opposition"]
    assert (a.zopa.outcomes, a.zopa.share, a.zopa.exact) == (
        d["zopa"]["outcomes"], d["zopa"]["share"], d["zopa"]["exact"])
    # Every frontier row is undominated among all outcomes (the interface, not the algorithm:
    # a cheap check that rows and outcomes match).
    us = np.array([camera_b.utilities(o) for o in camera_b.outcome_space])
    for row in a.pareto[:: max(1, len(a.pareto) // 10)]:
        assert not np.any(np.all(us >= row, axis=1) & np.any(us > row, axis=1))


def test_bad_time_limit(camera_b):
    with pytest.raises(parley.ScenarioError, match="time limit"):
        camera_b.analyze(time_limit=-1)
