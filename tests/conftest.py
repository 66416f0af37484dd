"""Shared test helpers."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
PEERS = ROOT.parent / "shared" / "peers"


@pytest.fixture
def write_map(tmp_path: Path):
    """Write map text (or bytes) to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "map.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def run_cjm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m cjm ARGS` as a user would, output piped (so plain, no colour)."""
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "cjm", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=120)


def run_on_terminal(args: list[str], typed: str = "") -> str:
    """Run `python -m cjm ARGS` on a pseudo-terminal, typing `typed`; all it printed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "cjm", *args], stdin=terminal,
                               stdout=terminal, stderr=terminal, cwd=ROOT, close_fds=True)
    os.close(terminal)
    os.write(controller, typed.encode())
    output = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=30)
    os.close(controller)
    assert process.returncode == 0, output
    return output.decode(errors="replace")
