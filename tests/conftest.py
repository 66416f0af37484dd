"""Shared test helpers."""

from __future__ import annotations

import contextlib
import io
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
#: The render cache stays off unless a test turns it on (the `render_cache` fixture): a
#: test that breaks Graphviz or WeasyPrint on purpose must not be answered from it.
os.environ["CJM_NO_CACHE"] = "1"


@pytest.fixture
def render_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The render cache on, in a folder of this test's own; its path."""
    folder = tmp_path / "render-cache"
    monkeypatch.delenv("CJM_NO_CACHE")
    monkeypatch.setenv("CJM_CACHE_DIR", str(folder))
    return folder


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


#: What every run of cjm in the tests sees: plain output, no colour, a fixed width.
PLAIN = {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "100"}


def run_cjm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `cjm ARGS` in this process, as yamllint and flake8 test theirs: its output
    captured (piped, so plain), its exit status caught, from `cwd` (default: the
    repository)."""
    from cjm.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in PLAIN}
    here = os.getcwd()
    os.environ.update(PLAIN)
    os.chdir(cwd or ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = _exit_status(main, list(args))
    finally:
        os.chdir(here)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["cjm", *args], status, out.getvalue(), err.getvalue())


def rendered(path: Path, suffix: str) -> bytes:
    """`cjm render PATH -o` beside it with `suffix` (.svg, .pdf, .html, .png): the bytes."""
    out = path.with_suffix(suffix)
    result = run_cjm("render", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def _exit_status(main, args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        sys.stderr.write(f"{exit.code}\n")
        return 1
    return 0


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m cjm ARGS` in a process of its own, where the process is the point
    (a hang that a timeout must catch, start-up, the module entry point)."""
    return subprocess.run([sys.executable, "-m", "cjm", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, **PLAIN}, timeout=120)


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
