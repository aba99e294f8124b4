"""genius:CLASS agents from Python: the same session as `parley negotiate --genius-jar`, and the
jar given by genius_jar= (docs/genius-bridge.md)."""

import shutil

import pytest

import parley
from agents_for_tests import Conceder
from conftest import CAMERA_B, ROOT, cli_json

GENIUS_JAR = ROOT.parent / "shared" / "genius-ref" / "genius.jar"
HARDHEADED = "genius:agents.anac.y2011.HardHeaded.KLH"


@pytest.fixture(scope="module")
def genius_jar():
    # As the C++ bridge tests: skipped only where the JDK or GENIUS itself is absent.
    if not GENIUS_JAR.exists() or shutil.which("java") is None:
        pytest.skip(f"no GENIUS jar at {GENIUS_JAR} or no java")
    return GENIUS_JAR


def test_genius_agent_matches_the_cli(camera_b, genius_jar):
    r = parley.negotiate(camera_b, [HARDHEADED, "boulware"], rounds=120, seed=3,
                         genius_jar=genius_jar)
    cli = cli_json("negotiate", CAMERA_B, "--agents", f"{HARDHEADED},boulware", "--rounds", 120,
                   "--seed", 3, "--genius-jar", genius_jar, "--json")
    assert r.failure is None, r.failure
    assert r.agents == [HARDHEADED, "boulware"]
    assert r.to_dict() == cli
    assert len(r.moves) > 10


def test_genius_agent_against_a_python_agent(camera_b, genius_jar):
    r = parley.negotiate(camera_b, [Conceder(), HARDHEADED], rounds=80, genius_jar=genius_jar)
    assert r.failure is None, r.failure
    assert any(m["party"] == camera_b.parties[1] for m in r.moves)


def test_a_missing_genius_jar_is_named(camera_b, tmp_path):
    missing = tmp_path / "no-genius.jar"
    with pytest.raises(parley.ScenarioError, match="no-genius.jar"):
        parley.negotiate(camera_b, [HARDHEADED, "boulware"], rounds=10, genius_jar=missing)
    # The jar given applies to that call only.
    assert parley.negotiate(camera_b, ["boulware", "conceder"], rounds=10).failure is None
