"""`cjm lint`: load maps, run the rules, gather findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cjm.lint.findings import Finding, Severity
from cjm.lint.rules import CHECKS, RULES
from cjm.loader import load

MAP_SUFFIXES = (".yaml", ".yml")
#: Folders never searched when linting a directory (hidden ones are skipped too).
SKIPPED_DIRS = frozenset({"node_modules", "venv", "__pycache__"})


@dataclass
class Report:
    """The outcome of linting some files."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def exit_code(self) -> int:
        """0 when no finding is an error, else 1."""
        return 1 if self.count(Severity.ERROR) else 0


def lint_file(path: Path) -> list[Finding]:
    """Every finding for one map file, sorted by position."""
    result = load(path)
    name = str(path)
    findings = [_finding(name, problem.code, problem.pos, problem.message)
                for problem in result.problems]
    if result.map is not None:
        for rule in CHECKS:
            assert rule.check is not None
            findings.extend(_finding(name, rule.code, pos, message)
                            for pos, message in rule.check(result.map))
    return sorted(findings, key=_by_position)


def lint_paths(paths: Iterable[Path]) -> Report:
    """Lint files and directories (see `discover`)."""
    report = Report()
    for path in discover(paths):
        report.files.append(path)
        report.findings.extend(lint_file(path))
    return report


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Map files to lint: files as given; in a directory, every `*.yaml`/`*.yml` below it,
    in sorted order, skipping hidden files and folders and `node_modules`/`venv`."""
    seen: set[Path] = set()
    for path in paths:
        found = _search(path) if path.is_dir() else [path]
        for file in found:
            if file not in seen:
                seen.add(file)
                yield file


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


def _by_position(finding: Finding) -> tuple[int, int]:
    return finding.line, finding.column


def _finding(path: str, code: str, pos: tuple[int, int], message: str) -> Finding:
    return Finding(path, pos[0], pos[1], code, message, RULES[code].severity)
