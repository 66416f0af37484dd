"""Running `cjm fmt` over files: check, show a diff, or rewrite atomically."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from cjm.core import spec as mapspec
from cjm.core.loader import load, load_library
from cjm.core.source import DecodeError, located, read_text
from cjm.fmt.canonical import NotFormatted, format_text
from cjm.project.config import ConfigFinder
from cjm.project.discover import library_files, map_files
from cjm.project.write import write_atomically

#: Loader problems that mean the YAML itself is unsafe to rewrite.
_BLOCKING = ("Y",)


@dataclass
class FormatReport:
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)

    def summary(self, verb: str) -> str:
        parts = [f"{len(self.changed)} file{'s' if len(self.changed) != 1 else ''} {verb}",
                 f"{len(self.unchanged)} left unchanged"]
        if self.errors:
            parts.append(f"{len(self.errors)} not formatted (errors)")
        return ", ".join(parts) + "."


def format_paths(paths: list[Path], *, write: bool, diff: bool,
                 only_maps: bool = False) -> FormatReport:
    """Format every map and library file among `paths` (see `cjm.project.discover`); write
    changed ones when `write`."""
    report = FormatReport()
    finder = ConfigFinder()
    files = [(path, mapspec.LIBRARY) for path in library_files(paths, finder)]
    files += [(path, mapspec.MAP) for path in map_files(paths, finder, only_maps=only_maps)]
    for path, spec in files:
        try:
            original = _checked_text(path, spec)
            formatted = format_text(original, str(path), spec)
        except NotFormatted as err:
            report.errors.append(str(err))
            continue
        if formatted == original:
            report.unchanged.append(path)
            continue
        report.changed.append(path)
        if diff:
            report.diffs.append("".join(difflib.unified_diff(
                original.splitlines(keepends=True), formatted.splitlines(keepends=True),
                fromfile=f"{path} (original)", tofile=f"{path} (formatted)")))
        if write:
            write_atomically(path, formatted.encode("utf-8"))
    return report


def _checked_text(path: Path, spec: mapspec.Record = mapspec.MAP) -> str:
    """The file's text, when its YAML is sound enough to rewrite (see cjm lint's Y rules)."""
    try:
        text = read_text(path)
    except DecodeError as err:
        raise NotFormatted(located(path, err.pos, f"not formatted: {err.reason}")) from None
    except OSError as err:
        raise NotFormatted(f"{path}: not formatted: {err.strerror or err}") from None
    loaded = load_library(path) if spec is mapspec.LIBRARY else load(path)
    problems = [p for p in loaded.problems if p.code.startswith(_BLOCKING)]
    if problems:
        raise NotFormatted(f"{problems[0].located(str(path))} (not formatted)")
    return text
