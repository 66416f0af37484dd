"""Which files are maps: one rule for lint, fmt, render, the pre-commit hooks and git's diff
driver.

A folder is searched for `*.yaml`/`*.yml` files below it, in sorted order, skipping hidden
files and folders and `node_modules`, `venv` and `__pycache__`. A file found there is a map
when the nearest configuration's `maps` patterns match it (default: every YAML file) and
its `exclude` patterns do not. A file named on the command line is always taken, unless
`only_maps` is set (as the hooks do, since pre-commit names every YAML file it checks):
then it follows the same rule, hidden paths too. The library's files (the configuration's
`library` patterns) are never maps, even when named.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the configuration (and the lint rules it names) loads when needed
    from cjm.project.config import ConfigFinder

MAP_SUFFIXES = (".yaml", ".yml")
#: Folders never searched (hidden ones are skipped too).
SKIPPED_DIRS = frozenset({"node_modules", "venv", "__pycache__"})


def map_files(paths: Iterable[Path], finder: ConfigFinder | None = None, *,
              only_maps: bool = False) -> list[Path]:
    """The map files among `paths` (files and folders), each once, in the order found;
    never a library file, nor a link that leads outside the repository (see
    `outside_links`)."""
    found: dict[Path, None] = {}
    for path in paths:
        folder = path.is_dir()
        if finder is None:
            from cjm.project.config import ConfigFinder

            finder = ConfigFinder()
        if not folder and not only_maps:
            if not finder.for_map(path).is_library(path) and not leads_outside(path, finder):
                found[path] = None
            continue
        if folder:
            found.update((file, None) for file in _search(path)
                         if is_map(file, finder) and not leads_outside(file, finder))
        elif not _hidden(path, finder) and is_map(path, finder) \
                and not leads_outside(path, finder):
            found[path] = None
    return list(found)


def outside_links(paths: Iterable[Path], finder: ConfigFinder) -> list[Path]:
    """The YAML files among `paths` (named, or found in a folder) that are symbolic links
    to a file outside the repository they stand in: never read, so that a map in a pull
    request cannot make cjm print or publish what lies elsewhere."""
    found: dict[Path, None] = {}
    for path in paths:
        candidates = _search(path) if path.is_dir() else [path]
        found.update((file, None) for file in candidates if leads_outside(file, finder))
    return list(found)


def leads_outside(path: Path, finder: ConfigFinder) -> bool:
    """Whether `path` is a symbolic link whose target lies outside the repository of the
    folder the link stands in."""
    if not path.is_symlink():
        return False
    from cjm.project.repository import root_for

    root = root_for(path.parent / ".cjm-link-probe.yaml", finder)
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        return True


def library_files(paths: Iterable[Path], finder: ConfigFinder) -> list[Path]:
    """The library files among `paths`: named, or found in a folder."""
    found: dict[Path, None] = {}
    for path in paths:
        candidates = _search(path) if path.is_dir() else [path]
        found.update((file, None) for file in candidates
                     if finder.for_map(file).is_library(file))
    return list(found)


def is_map(path: Path, finder: ConfigFinder) -> bool:
    """Whether the configuration that applies to `path` counts it as a map."""
    return finder.for_map(path).counts_as_map(path)


def _search(folder: Path) -> list[Path]:
    found = []
    for file in folder.rglob("*"):
        parts = file.relative_to(folder).parts
        if file.suffix.lower() not in MAP_SUFFIXES or not file.is_file():
            continue
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in parts):
            continue
        found.append(file)
    return sorted(found)


def _hidden(path: Path, finder: ConfigFinder) -> bool:
    """Whether a named file lies in a hidden or skipped folder, or is hidden itself, seen
    from its configuration's folder (else from the working folder)."""
    config = finder.for_map(path).path
    root = config.parent.resolve() if config else Path.cwd()
    resolved = path.resolve()
    parts = resolved.relative_to(root).parts if resolved.is_relative_to(root) else (path.name,)
    return any(part.startswith(".") or part in SKIPPED_DIRS for part in parts)


#: The file of a map's metrics beside it (`NAME.yaml` → `NAME.metrics.csv`), joined by
#: lint, render, site and serve when no `--data` is given (cjm.interchange.metrics_csv).
BESIDE = ".metrics.csv"


def data_beside(path: Path) -> Path | None:
    """The metrics file beside the map at `path`, when there is one (a regular file: a
    link is not followed, it could lead anywhere)."""
    candidate = path.with_name(path.stem + BESIDE)
    return candidate if candidate.is_file() and not candidate.is_symlink() else None


def beside_note(data: Path) -> str:
    return f"joined the metrics in {data} (beside the map; --data names another file)"
