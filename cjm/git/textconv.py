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

from cjm.core.errors import UsageError
from cjm.project.write import write_atomically

DRIVER = "cjm"
DEFAULT_PATTERNS = ("*.yaml", "*.yml")  # every YAML file, as cjm.project.discover by default
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


def repository_root(folder: Path | None = None) -> Path:
    return Path(_git("rev-parse", "--show-toplevel", cwd=folder))


def textconv_command() -> str:
    """This very cjm, so that git finds it even outside the virtual environment."""
    return f"{shlex.quote(sys.executable)} -m cjm show"


def map_patterns(root: Path) -> tuple[str, ...]:
    """The configuration's `maps` patterns (see `cjm.project.discover`) as .gitattributes patterns
    for the repository at `root`: `maps/*.yaml` becomes `maps/**/*.yaml`, since fnmatch's
    `*` matches `/` and git's does not."""
    from cjm.project.config import ConfigFinder

    config = ConfigFinder().for_map(root / "map.yaml")
    folder = config.path.parent.resolve() if config.path else root.resolve()
    if not folder.is_relative_to(root.resolve()):
        return DEFAULT_PATTERNS
    prefix = folder.relative_to(root.resolve()).as_posix()
    patterns = []
    for pattern in config.maps:
        if "/" in pattern:
            head, tail = pattern.rsplit("/", 1)
            pattern = f"{head}/**/{tail}"
        elif prefix != ".":
            pattern = f"**/{pattern}"
        patterns.append(pattern if prefix == "." else f"{prefix}/{pattern}")
    return tuple(patterns)


def install(patterns: tuple[str, ...] | None = None, folder: Path | None = None
            ) -> tuple[Path, bool]:
    """Set up the diff driver of the repository around `folder` (default: the working
    folder) for `patterns`, by default the maps the configuration names. Returns the
    repository's root and whether anything changed."""
    root = repository_root(folder)
    patterns = patterns or map_patterns(root)
    attributes = root / ".gitattributes"
    lines = _read_lines(attributes)
    wanted = [f"{pattern} diff={DRIVER}" for pattern in patterns]
    missing = [line for line in wanted if line not in lines]
    if missing:
        write_atomically(attributes, "".join(f"{line}\n" for line in lines + missing).encode())
    settings = {"textconv": textconv_command(), "cachetextconv": "true",
                "xfuncname": HUNK_HEADER}
    changed = bool(missing)
    for key, value in settings.items():
        if _current(root, f"diff.{DRIVER}.{key}") != value:
            _git("config", f"diff.{DRIVER}.{key}", value, cwd=root)
            changed = True
    return root, changed


def _current(root: Path, key: str) -> str | None:
    result = subprocess.run(["git", "config", "--get", key], cwd=root, capture_output=True,
                            text=True, check=False)
    return result.stdout.rstrip("\n") if result.returncode == 0 else None


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
