"""Shared test fixtures: sample paths, golden-file helpers and the --update-golden option."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from converter.workers import start_method

# a test that patches the library in the parent process: only `fork` hands that to the workers
FORK_ONLY = pytest.mark.skipif(start_method() != "fork", reason="patches the library in the parent, "
                               "which only the fork start method passes on to the workers")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = ROOT.parent / "shared"
SEED_000 = SAMPLES / "000_b9bdeb844bb02c76.txt"
SEED_002 = SAMPLES / "002_a20aa652e07729f8.txt"
SEED_003 = SAMPLES / "003_0e315d5e1cee0acc.txt"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files from the current output")


@pytest.fixture
def golden(request):
    """Compare text with a golden file under tests/golden (or rewrite it with --update-golden)."""
    update = request.config.getoption("--update-golden")

    def check(relative: str, actual: str) -> None:
        path = GOLDEN / relative
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {relative} was missing and has been written; rerun")
        assert actual == path.read_text(encoding="utf-8"), f"differs from golden {relative}"

    return check


def as_json(data) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"
