"""Every console example in the README and docs/ is run, and prints what it shows.

A ```console block is a session: `$ command` lines, each followed by the output it shows
(none shown: it prints nothing). A line `…` stands for any lines. Each block runs in a fresh
folder holding copies of samples/, examples/ and the files the examples name
(tests/data/docs/, whose prepare.sh then sets up a git history), with the venv's `cjm`
first on the PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FIXTURES = ROOT / "tests" / "data" / "docs"
#: Commands that wait for a person or run until stopped, as the test runs them instead.
INSTEAD = {"cjm init": "cjm init --yes", "cjm serve maps/": "cjm serve --help >/dev/null"}
_MARK = "@@cjm-docs-command@@"


def _blocks() -> list[tuple[str, str]]:
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for match in re.finditer(r"```console\n(.*?)```", text, re.DOTALL):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{document.name}:{line}", match.group(1)))
    return found


def _session(block: str) -> list[tuple[str, list[str]]]:
    """(command, the output lines shown for it) in order."""
    session: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            session.append((line[2:], []))
        else:
            session[-1][1].append(line)
    return session


def _runnable(command: str) -> str:
    bare = re.sub(r"\s+#.*$", "", command).strip()
    return INSTEAD.get(bare, bare)


def _matches(shown: list[str], printed: list[str]) -> bool:
    """Whether `printed` is `shown`, each `…` line standing for any lines."""
    pattern = "".join(".*" if line.strip() == "…" else re.escape(line + "\n")
                      for line in shown)
    return re.fullmatch(pattern, "".join(line + "\n" for line in printed), re.DOTALL) is not None


def _workspace(folder: Path) -> None:
    shutil.copytree(ROOT / "samples", folder / "samples")
    shutil.copytree(ROOT / "examples", folder / "examples")
    shutil.copytree(FIXTURES, folder, dirs_exist_ok=True)
    subprocess.run(["bash", "prepare.sh"], cwd=folder, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull})
    (folder / "prepare.sh").unlink()


@pytest.mark.parametrize(("where", "block"), _blocks(), ids=[w for w, _ in _blocks()])
def test_the_console_example_prints_what_it_shows(where: str, block: str,
                                                 tmp_path: Path) -> None:
    _workspace(tmp_path)
    session = _session(block)
    script = "".join(f"echo '{_MARK}'\n{_runnable(command)}\n" for command, _ in session)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "200", "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": str(tmp_path / ".gitconfig"),
           "GITHUB_ACTIONS": "", "PYTHONUNBUFFERED": "1"}  # in the order a terminal shows
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    outputs = result.stdout.split(f"{_MARK}\n")[1:]
    assert len(outputs) == len(session), result.stdout
    for (command, shown), printed in zip(session, outputs, strict=True):
        assert "Traceback" not in printed, printed
        assert _matches(shown, printed.splitlines()), (
            f"{where}: `$ {command}` printed:\n{printed}\nbut the docs show:\n"
            + "\n".join(shown))
