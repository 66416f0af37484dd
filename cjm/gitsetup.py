"""`cjm git install` / `uninstall`: make git diff and git log -p show maps as outlines.

Install writes `PATTERN diff=cjm` lines to the repository's .gitattributes and sets, in the
repository's git config: diff.cjm.textconv (this cjm's `show`), diff.cjm.cachetextconv and
diff.cjm.xfuncname (so hunk headers name the step or phase). Uninstall removes exactly those.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from cjm.errors import UsageError
from cjm.files import write_atomically

DRIVER = "cjm"
DEFAULT_PATTERNS = ("*.cjm.yaml", "*.cjm.yml")
HUNK_HEADER = r"^ *((phase [0-9]+|step).*)$"


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        result = subprocess.run(["git", *args], capture_output=True, text=True, cwd=cwd,
                                check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed") from None
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout.strip()


def repository_root() -> Path:
    return Path(_git("rev-parse", "--show-toplevel"))


def textconv_command() -> str:
    """This very cjm, so that git finds it even outside the virtual environment."""
    return f"{shlex.quote(sys.executable)} -m cjm show"


def install(patterns: tuple[str, ...] = DEFAULT_PATTERNS) -> Path:
    root = repository_root()
    attributes = root / ".gitattributes"
    lines = _read_lines(attributes)
    wanted = [f"{pattern} diff={DRIVER}" for pattern in patterns]
    missing = [line for line in wanted if line not in lines]
    if missing:
        write_atomically(attributes, "".join(f"{line}\n" for line in lines + missing).encode())
    _git("config", f"diff.{DRIVER}.textconv", textconv_command(), cwd=root)
    _git("config", f"diff.{DRIVER}.cachetextconv", "true", cwd=root)
    _git("config", f"diff.{DRIVER}.xfuncname", HUNK_HEADER, cwd=root)
    return root


def uninstall() -> Path:
    root = repository_root()
    attributes = root / ".gitattributes"
    lines = _read_lines(attributes)
    kept = [line for line in lines if not line.rstrip().endswith(f" diff={DRIVER}")]
    if kept != lines:
        write_atomically(attributes, "".join(f"{line}\n" for line in kept).encode())
    subprocess.run(["git", "config", "--remove-section", f"diff.{DRIVER}"], cwd=root,
                   capture_output=True, check=False)
    return root


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []
