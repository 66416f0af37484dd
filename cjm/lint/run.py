"""`cjm lint`: load maps, run the rules, apply configuration and suppressions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cjm.core import parallel
from cjm.core.errors import UsageError
from cjm.core.loader import LoadResult, load
from cjm.core.source import Position
from cjm.lint import suppressions
from cjm.lint.findings import Finding, Severity
from cjm.lint.rules import CHECKS
from cjm.lint.rules.base import RuleOptions
from cjm.project.config import ConfigFinder, Settings


@dataclass
class Report:
    """The outcome of linting some files."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    jobs: int = 1  # how many processes did the work

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def exit_code(self, strict: bool = False) -> int:
        """1 when a finding is an error (with `strict`, any finding), else 0."""
        failing = self.findings if strict else [f for f in self.findings
                                                if f.severity is Severity.ERROR]
        return 1 if failing else 0


def lint_file(path: Path, settings: Settings | None = None,
              data: Path | None = None) -> list[Finding]:
    """Every finding for one map file, sorted by position; with `data`, the map is checked
    with that file's metrics joined (see `cjm.interchange.metrics_csv`), whose own findings
    follow."""
    return lint_loaded(path, load(path), settings or Settings(), data)


def lint_loaded(path: Path, result: LoadResult, settings: Settings,
                data: Path | None = None) -> list[Finding]:
    """The findings for a map file already loaded (see `lint_file`)."""
    name = str(path)
    found = [(problem.code, problem.pos, problem.message) for problem in result.problems]
    journey, data_findings = result.map, []
    if data is not None:
        from cjm.interchange.metrics_csv import joined

        journey, data_problems = joined(journey, data)
        data_findings = [_finding(str(data), p.code, p.pos, p.message, settings)
                         for p in data_problems if p.code in settings.enabled]
    if journey is not None:
        options = RuleOptions(settings.framework, settings.low_moment, settings.max_drop_off)
        for rule in CHECKS:
            if rule.code in settings.enabled:
                assert rule.check is not None
                found.extend((rule.code, pos, message)
                             for pos, message in rule.check(journey, options))
    findings = [_finding(name, code, pos, message, settings)
                for code, pos, message in found if code in settings.enabled]
    if result.text is not None and "cjm:" in result.text:
        findings = _suppress(name, result.text, findings, settings)
    return sorted(findings, key=_by_position) + data_findings


def _suppress(name: str, text: str, findings: list[Finding],
              settings: Settings) -> list[Finding]:
    comments = suppressions.parse(text)
    kept = suppressions.apply(findings, comments)
    if "C001" not in settings.enabled:
        return kept
    for comment in comments:
        unknown = suppressions.unknown_selectors(comment)
        if unknown:
            message = f"suppression names no rule: `{unknown[0]}`"
        elif not comment.used:
            message = f"suppression of {', '.join(comment.selectors)} silences nothing"
        else:
            continue
        kept.append(_finding(name, "C001", comment.pos, message, settings))
    return kept


def lint_paths(paths: Iterable[Path], config: Path | None = None,
               jobs: int | None = None, only_maps: bool = False,
               data: Path | None = None) -> Report:
    """Lint the maps among files and folders (see `cjm.project.discover`), each with the
    configuration that applies to it; many files are linted in parallel, the report keeping
    the files' order."""
    from cjm.project.discover import map_files

    finder = ConfigFinder(config)
    files = map_files(paths, finder, only_maps=only_maps)
    if data is not None and len(files) != 1:
        raise UsageError(f"--data {data} belongs to one map; {len(files)} maps were given")
    work = [(path, finder.for_map(path).settings_for(path), data) for path in files]
    processes = parallel.workers(len(work), jobs)
    report = Report(files=files + ([data] if data is not None else []), jobs=processes)
    for findings in parallel.in_order(_lint_job, work, processes):
        report.findings.extend(findings)
    return report


def _lint_job(job: tuple[Path, Settings, Path | None]) -> list[Finding]:
    return lint_file(*job)


def _by_position(finding: Finding) -> tuple[int, int]:
    return finding.line, finding.column


def _finding(path: str, code: str, pos: Position, message: str,
             settings: Settings) -> Finding:
    return Finding(path, pos.line, pos.column, code, message, settings.severity(code))
