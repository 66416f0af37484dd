"""`cjm lint`: load maps, run the rules, apply configuration and suppressions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cjm.core import parallel
from cjm.core.errors import UsageError
from cjm.core.loader import LoadResult
from cjm.core.source import Position
from cjm.lint import suppressions
from cjm.lint.findings import Finding, Severity
from cjm.lint.rules import CHECKS, LIBRARY_CHECKS
from cjm.lint.rules.base import RuleOptions
from cjm.project.config import ConfigFinder, Settings
from cjm.project.repository import library_of, library_results, load_map, root_for


@dataclass
class Report:
    """The outcome of linting some files."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    jobs: int = 1  # how many processes did the work
    strict: bool = False  # warnings fail too (--strict)
    notes: list[str] = field(default_factory=list)  # said on stderr: a metrics file joined

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def exit_code(self, strict: bool = False) -> int:
        """1 when a finding is an error (with `strict`, any finding), else 0."""
        failing = self.findings if strict else [f for f in self.findings
                                                if f.severity is Severity.ERROR]
        return 1 if failing else 0


def lint_file(path: Path, settings: Settings | None = None,
              data: Path | None = None, finder: ConfigFinder | None = None) -> list[Finding]:
    """Every finding for one map file, sorted by position; with `data`, the map is checked
    with that file's metrics joined (see `cjm.interchange.metrics_csv`), whose own findings
    follow. The map is read with its repository's library (`finder` finds it)."""
    finder = finder or ConfigFinder()
    return lint_loaded(path, load_map(path, finder), settings or Settings(), data,
                       root_for(path, finder))


def lint_loaded(path: Path, result: LoadResult, settings: Settings,
                data: Path | None = None, root: Path | None = None) -> list[Finding]:
    """The findings for a map file already loaded (see `lint_file`); `root` is the
    repository that the paths it names must stay inside."""
    name = str(path)
    found = [(problem.code, problem.pos, problem.message) for problem in result.problems]
    journey, data_findings = result.map, []
    if data is not None:
        from cjm.interchange.metrics_csv import joined

        journey, data_problems = joined(journey, data)
        data_findings = [_finding(str(data), p.code, p.pos, p.message, settings)
                         for p in data_problems if p.code in settings.enabled]
    if journey is not None:
        options = RuleOptions(settings.framework, settings.low_moment, settings.max_drop_off,
                              root, settings.require_evidence)
        for rule in CHECKS:
            if rule.code in settings.enabled:
                assert rule.check is not None
                found.extend((rule.code, pos, message)
                             for pos, message in rule.check(journey, options))
    findings = [_finding(name, code, pos, message, settings)
                for code, pos, message in found if code in settings.enabled]
    if result.text is not None and "cjm:" in result.text:
        ran = {code for code, _, _ in found} if journey is not None else None
        findings = _suppress(name, result.text, findings, settings, ran)
    return sorted(findings, key=_by_position) + data_findings


def lint_library(path: Path, finder: ConfigFinder | None = None) -> list[Finding]:
    """Every finding for one library file, checked against the whole library."""
    config = (finder or ConfigFinder()).for_map(path)
    settings = config.settings_for(path)
    results = dict(library_results(config))
    result = results.get(path.resolve())
    library = library_of(config)
    if result is None or library is None:
        from cjm.core.loader import load_library

        result = load_library(path)
    found = [(problem.code, problem.pos, problem.message) for problem in result.problems]
    if result.library is not None and library is not None:
        for rule in LIBRARY_CHECKS:
            if rule.code in settings.enabled:
                assert rule.library_check is not None
                found.extend((rule.code, pos, message)
                             for pos, message in rule.library_check(result.library, library))
    name = str(path)
    findings = [_finding(name, code, pos, message, settings)
                for code, pos, message in found if code in settings.enabled]
    if result.text is not None and "cjm:" in result.text:
        findings = _suppress(name, result.text, findings, settings,
                             {code for code, _, _ in found})
    return sorted(findings, key=_by_position)


def _suppress(name: str, text: str, findings: list[Finding], settings: Settings,
              found: set[str] | None) -> list[Finding]:
    """`findings` less those a suppression comment silences, with a C001 for each comment
    that names no rule or silences nothing. `found`: the codes of every finding before
    suppression and settings (None: the map could not be read, so no rule ran)."""
    comments = suppressions.parse(text)
    kept = suppressions.apply(findings, comments)
    if "C001" not in settings.enabled:
        return kept
    for comment in comments:
        unknown = suppressions.unknown_selectors(comment)
        if unknown:
            message = f"suppression names no rule: `{unknown[0]}`"
        elif not comment.used and (found is None or suppressions.could_not_run(comment, found)):
            continue
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
    from cjm.project.discover import library_files, map_files, outside_links

    paths = list(paths)
    finder = ConfigFinder(config)
    files = map_files(paths, finder, only_maps=only_maps)
    linked_out = outside_links(paths, finder)
    if data is not None and len(files) != 1:
        raise UsageError(f"--data {data} belongs to one map; {len(files)} maps were given")
    from cjm.project.discover import beside_note, data_beside

    shared = library_files(paths, finder)
    datas = [data or data_beside(path) for path in files]
    work = [(path, finder.for_map(path).settings_for(path), found, config)
            for path, found in zip(files, datas, strict=True)]
    processes = parallel.workers(len(work), jobs)
    joined_files = list(dict.fromkeys(found for found in datas if found is not None))
    report = Report(files=linked_out + shared + files + joined_files, jobs=processes,
                    notes=[f"{path}: {beside_note(found)}" for path, found
                           in zip(files, datas, strict=True) if found and data is None])
    for path in linked_out:
        settings = finder.for_map(path).settings_for(path)
        if "Y007" in settings.enabled:
            report.findings.append(_finding(str(path), "Y007", Position(1, 1), (
                "the file is a link that leads outside the repository; not read"), settings))
    for path in shared:
        report.findings.extend(lint_library(path, finder))
    for findings in parallel.in_order(_lint_job, work, processes):
        report.findings.extend(findings)
    return report


def _lint_job(job: tuple[Path, Settings, Path | None, Path | None]) -> list[Finding]:
    path, settings, data, config = job
    return lint_file(path, settings, data, _finder(config))


_FINDERS: dict[Path | None, ConfigFinder] = {}


def _finder(config: Path | None) -> ConfigFinder:
    """One configuration finder per process and `--config`: each file is read once."""
    if config not in _FINDERS:
        _FINDERS[config] = ConfigFinder(config)
    return _FINDERS[config]


def _by_position(finding: Finding) -> tuple[int, int]:
    return finding.line, finding.column


def _finding(path: str, code: str, pos: Position, message: str,
             settings: Settings) -> Finding:
    return Finding(path, pos.line, pos.column, code, message, settings.severity(code))
