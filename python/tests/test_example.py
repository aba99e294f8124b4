"""examples/python/tour.py runs to the end and writes its pictures and table."""

import csv
import os
import subprocess
import sys

from conftest import CAMERA_B, ROOT


def test_tour(tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / "tour.py"),
                          str(CAMERA_B), str(tmp_path)], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "frontier:" in run.stdout and "NegotiationResult(" in run.stdout
    assert (tmp_path / "frontier.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "negotiation.svg").read_text().startswith("<svg")
    rows = list(csv.DictReader(open(tmp_path / "tournament.csv")))
    assert {r["agent"] for r in rows} == {"python-greedy", "boulware", "conceder",
                                          "naive-tit-for-tat"}
