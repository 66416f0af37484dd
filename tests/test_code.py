"""The code's own checks: ruff's lint rules and mypy's type check pass."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "cjm", "tests", "bench")
    assert result.returncode == 0, result.stdout


def test_mypy_finds_nothing() -> None:
    result = run("mypy", "cjm")
    assert result.returncode == 0, result.stdout
