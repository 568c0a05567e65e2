"""The code's own checks, run with the suite (so the README's test command and CI run them):
the linter (ruff) and the type checker (mypy) are clean over the package."""
import subprocess
import sys

from tests.conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)


def test_ruff_is_clean():
    result = _run("ruff", "check", "converter", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = _run("mypy", "converter")
    assert result.returncode == 0, result.stdout + result.stderr
