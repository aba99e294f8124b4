"""Shared fixtures: the installed package, the CLI binary (build/parley) to compare with, and
the reference scenarios in ../shared/data (PARLEY_SHARED_DATA_DIR overrides)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("PARLEY_CLI", ROOT / "build" / "parley"))
DATA = Path(os.environ.get("PARLEY_SHARED_DATA_DIR", ROOT.parent / "shared" / "data"))
CAMERA_B = DATA / "genius" / "y2012" / "CameraB"


def run_cli(*args, check=True, cwd=None):
    """Runs build/parley; returns the CompletedProcess (text)."""
    if not CLI.exists():
        pytest.fail(f"{CLI} is missing: build it first (cmake --build build --target parley)")
    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True,
                          check=check, cwd=cwd)


def cli_json(*args):
    return json.loads(run_cli(*args).stdout)


@pytest.fixture(scope="session")
def camera_b():
    if not CAMERA_B.exists():
        pytest.fail(f"reference data missing: {CAMERA_B} (set PARLEY_SHARED_DATA_DIR)")
    import parley

    return parley.load(CAMERA_B)
