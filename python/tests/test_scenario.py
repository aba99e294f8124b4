"""Scenario: load, names, utility functions, outcome space, writing, bad input."""

import itertools
import math

import pytest

import parley
from conftest import CAMERA_B, DATA, ROOT, run_cli


def test_package_is_the_installed_one():
    # scripts/test runs these tests against the installed package, not the source tree.
    assert "site-packages" in parley.__file__ or "dist-packages" in parley.__file__


def test_genius_folder(camera_b):
    s = camera_b
    assert isinstance(s, parley.Scenario)
    assert s.format == "genius"
    assert len(s.parties) == 2
    assert [i.name for i in s.issues] == [i.name for i in s.issues if i.kind == "discrete"]
    assert s.outcome_count == math.prod(len(i.values) for i in s.issues)
    assert len(s.reservation_values) == 2
    info = run_cli("analyze", CAMERA_B, "--json").stdout
    import json

    head = json.loads(info)["scenario"]
    assert s.name == head["name"] and s.parties == head["parties"]
    assert [i.name for i in s.issues] == head["issues"]
    assert [i.values for i in s.issues] == [d["values"] for d in head["domain"]]


def test_ufuns_take_tuples_and_dicts(camera_b):
    s = camera_b
    names = [i.name for i in s.issues]
    space = s.outcome_space
    assert len(space) == s.outcome_count
    outcomes = list(space)
    assert len(outcomes) == len(space) and len(set(outcomes)) == len(outcomes)
    assert outcomes == list(itertools.product(*[i.values for i in s.issues]))
    for k in (0, 7, len(outcomes) - 1):
        o = outcomes[k]
        assert space[k] == o and space.index(o) == k and o in space
        for u in s.ufuns:
            assert u(o) == u(dict(zip(names, o))) == u(list(o))
            assert 0 <= u(o) <= 1
        assert s.utilities(o) == [u(o) for u in s.ufuns]
    best = [max(u(o) for o in outcomes) for u in s.ufuns]
    assert [u.max() for u in s.ufuns] == pytest.approx(best)
    assert [u(u.best()) for u in s.ufuns] == pytest.approx(best)
    assert [u.reserved_value for u in s.ufuns] == s.reservation_values
    assert ("nope",) * len(names) not in space
    with pytest.raises(ValueError, match="no value"):
        s.ufuns[0](("nope",) * len(names))
    with pytest.raises(ValueError, match="one per issue"):
        s.ufuns[0](outcomes[0][:-1])
    with pytest.raises(TypeError):
        s.ufuns[0](42)


def test_builtin_and_round_trip(tmp_path):
    assert "doha-2019" in parley.builtin_scenarios()
    doha = parley.load("doha-2019")
    assert len(doha.parties) == 3 and doha.name == "doha-2019"
    report = doha.to_file(tmp_path / "doha.yaml")
    assert report["files"]
    again = parley.load(tmp_path / "doha.yaml")
    assert again.parties == doha.parties
    for o in itertools.islice(doha.outcome_space, 0, None, 97):
        assert again.utilities(o) == pytest.approx(doha.utilities(o), abs=1e-12)
    out = tmp_path / "web"
    written = parley.load(DATA / "genius" / "y2012" / "CameraB").to_file(out, format="geniusweb")
    assert written["files"] and parley.load(out).format == "geniusweb"
    with pytest.raises(parley.ScenarioError):
        doha.to_file(tmp_path / "x.txt")


def test_list_of_files_and_resolution():
    lunch = sorted(str(p) for p in (ROOT / "tests/data/cli/lunch").glob("*.xml"))
    s = parley.load(lunch)
    assert s.format == "genius" and len(s.parties) == 2
    m = parley.load(ROOT / "tests/data/cli/market.yaml", resolution=21)
    reals = [i for i in m.issues if i.kind == "real"]
    assert reals and all(len(i.values) == 21 for i in reals)


@pytest.mark.parametrize(
    "args",
    [
        ["tests/data/cli/not-a-scenario.yaml"],
        ["tests/data/cli/malformed-xml"],
        ["tests/data/cli/negative-weight"],
        ["no/such/file.yaml"],
    ],
)
def test_bad_input_has_the_cli_message(args):
    cli = run_cli("analyze", *[ROOT / a for a in args], check=False)
    assert cli.returncode == 2
    with pytest.raises(parley.ScenarioError) as error:
        parley.load([ROOT / a for a in args])
    assert isinstance(error.value, ValueError)
    assert cli.stderr.strip() == "parley: " + str(error.value)
    assert error.value.file


def test_bad_arguments():
    with pytest.raises(parley.ScenarioError, match="unknown format"):
        parley.load("doha-2019", format="docx")
    with pytest.raises(parley.ScenarioError, match="resolution"):
        parley.load("doha-2019", resolution=1)
