"""Reading maps from git: `REV:PATH` arguments of `cjm diff`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cjm.core.errors import UsageError
from cjm.core.loader import LoadResult, load_text
from cjm.core.model import JourneyMap
from cjm.core.source import DecodeError, decode


def load_source(spec: str) -> LoadResult:
    """A map from a file path (with its library), or from git when `spec` is `REV:PATH`
    (and no such file)."""
    path = Path(spec)
    if path.exists() or ":" not in spec:
        if not path.is_file():
            raise UsageError(f"{spec}: no such file (and not a git REV:PATH)")
        from cjm.project.repository import load_map as load_with_library

        return load_with_library(path)
    return load_text(_git_show(spec), spec)


def load_map(spec: str) -> JourneyMap:
    """The map of a file or `REV:PATH`; a usage error naming its first problem when no map
    could be read from it."""
    result = load_source(spec)
    if result.map is None:
        raise UsageError(result.problems[0].located(spec))
    return result.map


def _git_show(spec: str) -> str:
    """The blob at REV:PATH. A spec can never be read as one of git's options (it may not
    start with `-`, and `--end-of-options` comes first); git refuses paths outside the
    repository itself."""
    if spec.startswith("-"):
        raise UsageError(f"{spec}: not a file and not a git REV:PATH (it starts with `-`)")
    try:
        result = subprocess.run(["git", "show", "--end-of-options", spec], capture_output=True,
                                check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed: cannot read " + spec) from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"{spec}: {message[0] if message else 'git show failed'}")
    try:
        return decode(result.stdout)
    except DecodeError as err:
        raise UsageError(f"{spec}: {err.reason}") from None


def sources(arguments: list[str], paths: list[str]) -> tuple[str, str]:
    """The old and new map of `cjm diff`:

    - `OLD NEW`: two files or REV:PATH specs;
    - `REV` with one path after `--`: REV:PATH against the working tree's PATH;
    - `REV1 REV2` with one path after `--`: REV1:PATH against REV2:PATH.
    """
    if paths:
        if len(paths) != 1 or not 1 <= len(arguments) <= 2:
            raise UsageError("use: cjm diff REV [REV2] -- PATH (one path)")
        path = paths[0]
        old = f"{arguments[0]}:{path}"
        new = f"{arguments[1]}:{path}" if len(arguments) == 2 else path
        return old, new
    if len(arguments) == 1 and ":" in arguments[0]:
        return arguments[0], arguments[0].split(":", 1)[1]
    if len(arguments) != 2:
        raise UsageError("use: cjm diff OLD NEW, cjm diff REV:PATH, or cjm diff REV [REV2] -- PATH")
    return arguments[0], arguments[1]
