"""A journey repository: the maps under a configuration, its library, and its root.

The library is read once per process for each configuration (again when one of its files
changes) and attached to every map read through `load_map`, so that lint, every renderer,
show, report and site see the same names. Paths that a map names (`detail`, `baseline`)
stay inside the repository's root: the configuration's folder, else the git work tree, else
the map's own folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from cjm.core.library import Library, LibraryFile, attach
from cjm.core.loader import LibraryResult, LoadResult, load, load_library
from cjm.project.config import Config, ConfigFinder


def shown_path(path: Path) -> str:
    """A path as findings and pages name it: relative to the working folder when inside."""
    resolved = path.resolve()
    cwd = Path.cwd().resolve()
    return os.path.relpath(resolved, cwd) if resolved.is_relative_to(cwd) else str(path)


def library_results(config: Config) -> list[tuple[Path, LibraryResult]]:
    """Every library file of `config`, as read (a file that changed is read again)."""
    files = config.library_files()
    return list(zip(files, _read_library(_stamps(files), os.getcwd()), strict=True))


def library_of(config: Config) -> Library | None:
    """The library of `config`; None when it has no library files."""
    files = config.library_files()
    return _merged(_stamps(files), os.getcwd()) if files else None


def library_across(configs: Iterable[Config]) -> Library | None:
    """One library of several configurations' (each file once, the first one's first);
    None when none has library files."""
    files: dict[str, LibraryFile] = {}
    for config in configs:
        library = library_of(config)
        for library_file in library.files if library else ():
            files.setdefault(library_file.path, library_file)
    return Library(tuple(files.values())) if files else None


def library_for(path: Path, finder: ConfigFinder | None = None) -> Library | None:
    """The library that applies to the map at `path`."""
    return library_of((finder or ConfigFinder()).for_map(path))


def load_map(path: Path, finder: ConfigFinder | None = None) -> LoadResult:
    """A map file read with its repository's library attached."""
    result = load(path)
    if result.map is None:
        return result
    library = library_for(path, finder)
    if library is None:
        return result
    return LoadResult(attach(result.map, library), result.problems, result.text)


def root_for(path: Path, finder: ConfigFinder | None = None) -> Path:
    """The repository root that the paths in the map at `path` must stay inside."""
    config = (finder or ConfigFinder()).for_map(path).path
    if config is not None:
        return config.parent.resolve()
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def root_of_map(journey_path: str) -> Path | None:
    """The repository of a map read from the file at `journey_path`; None for a map read
    from elsewhere (git's `REV:PATH`), whose paths are not followed to files."""
    path = Path(journey_path)
    return root_for(path) if path.is_file() else None


def _stamps(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Each file with its modification time and size: what the caches are keyed by."""
    stamps = []
    for file in files:
        try:
            stat = file.stat()
            stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((str(file), 0, -1))
    return tuple(stamps)


@lru_cache(maxsize=16)
def _read_library(stamps: tuple[tuple[str, int, int], ...], cwd: str
                  ) -> tuple[LibraryResult, ...]:
    """The library files named in `stamps`, read, each named as seen from `cwd`."""
    results = []
    for name, _, _ in stamps:
        result = load_library(Path(name))
        if result.library is not None:
            result.library = replace(result.library, path=shown_path(Path(name)))
        results.append(result)
    return tuple(results)


@lru_cache(maxsize=16)
def _merged(stamps: tuple[tuple[str, int, int], ...], cwd: str) -> Library:
    files = tuple(result.library for result in _read_library(stamps, cwd) if result.library)
    return Library(files)
