"""Lint reports in the formats that CI systems read: each a small pure function of a Report.

- text: `path:line:col: CODE message` lines and a summary (the terminal's format);
- json: `{"version": 1, "files": N, "summary": {...}, "findings": [...]}`, documented in the
  README;
- github: workflow commands (`::error file=…,line=…,col=…,title=…::message`) that annotate
  a pull request;
- sarif: SARIF 2.1.0, for code-scanning upload;
- junit: JUnit XML, one test suite per file and one failing test case per finding.

The serialisers import json, hashlib and ElementTree themselves: plain `cjm lint` in a
save hook should not pay for them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cjm import DISTRIBUTION, __version__
from cjm.core.source import located
from cjm.lint.findings import Finding, Severity
from cjm.lint.rules import RULES
from cjm.lint.run import Report

FORMATS = ("text", "json", "github", "sarif", "junit")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = f"https://pypi.org/project/{DISTRIBUTION}/"
JSON_VERSION = 1


def summary(report: Report) -> str:
    """One line: how many errors and warnings in how many files."""
    files = len(report.files)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not report.findings:
        return f"No problems found ({checked})."
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    with_findings = len({finding.path for finding in report.findings})
    return (f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} "
            f"in {with_findings} of {checked}.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def statistics(report: Report) -> list[str]:
    """Findings per rule, most frequent first: `count  CODE  name`."""
    counts = Counter(finding.code for finding in report.findings)
    return [f"{count:6d}  {code}  {RULES[code].name}"
            for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def text(report: Report, *, quiet: bool = False, with_statistics: bool = False) -> str:
    """Plain text; `quiet` leaves out the summary (and everything when clean)."""
    lines = [str(finding) for finding in report.findings]
    if with_statistics:
        lines += statistics(report)
    if not quiet:
        lines.append(summary(report))
    return "".join(line + "\n" for line in lines)


def as_json(report: Report) -> str:
    import json

    findings = [{"path": f.path, "line": f.line, "column": f.column, "code": f.code,
                 "name": RULES[f.code].name, "severity": f.severity.value,
                 "message": f.message} for f in report.findings]
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "cjm", "version": __version__},
        "files": len(report.files),
        "summary": {"errors": report.count(Severity.ERROR),
                    "warnings": report.count(Severity.WARNING)},
        "statistics": dict(sorted(Counter(f.code for f in report.findings).items())),
        "findings": findings,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def github(report: Report) -> str:
    """GitHub Actions workflow commands, one per finding."""
    lines = [annotation("error" if f.severity is Severity.ERROR else "warning", Path(f.path),
                        f"{f.code} {RULES[f.code].name}", f.message, f.line, f.column)
             for f in report.findings]
    return "".join(line + "\n" for line in lines)


def annotation(level: str, path: Path, title: str, message: str, line: int | None = None,
               column: int | None = None) -> str:
    """One GitHub Actions workflow command (`::error file=…::message`), escaped."""
    fields = [("file", str(path)), ("line", line), ("col", column), ("title", title)]
    properties = ",".join(f"{key}={_property(str(value))}" for key, value in fields
                          if value is not None)
    return f"::{level} {properties}::{_data(message)}"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def sarif(report: Report) -> str:
    """SARIF 2.1.0: every rule in the driver, a result per finding with a stable fingerprint."""
    import json

    codes = list(RULES)
    rules = [{
        "id": rule.code, "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc or rule.summary},
        "help": {"text": rule.doc or rule.summary},
        "defaultConfiguration": {"level": _level(rule.severity)},
    } for rule in RULES.values()]
    root = _source_root(report)
    results = [{
        "ruleId": f.code, "ruleIndex": codes.index(f.code), "level": _level(f.severity),
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(Path(f.path), root),
            "region": {"startLine": f.line, "startColumn": f.column}}}],
        "partialFingerprints": {"cjmFinding/v1": _fingerprint(f)},
    } for f in report.findings]
    run: dict[str, object] = {"tool": {"driver": {"name": "cjm", "version": __version__,
                                                  "informationUri": INFORMATION_URI,
                                                  "rules": rules}}}
    if root is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root.as_uri() + "/"}}
    run["results"] = results
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _source_root(report: Report) -> Path | None:
    """The repository the findings' files lie in (see `cjm.project.repository.root_for`):
    what SARIF's `%SRCROOT%` stands for."""
    from cjm.project.repository import root_for

    files = [Path(f.path) for f in report.findings] or list(report.files)
    return root_for(files[0]) if files else None


def _artifact(path: Path, root: Path | None) -> dict[str, str]:
    """A file as SARIF names it: a percent-encoded URI reference (RFC 3986) relative to
    `%SRCROOT%`, whatever the working folder; a file outside it, by its file: URI."""
    from urllib.parse import quote

    resolved = path.resolve()
    if root is not None and resolved.is_relative_to(root):
        return {"uri": quote(resolved.relative_to(root).as_posix(), safe="/"),
                "uriBaseId": "%SRCROOT%"}
    return {"uri": resolved.as_uri()}


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _fingerprint(finding: Finding) -> str:
    """Stable across runs and across edits elsewhere in the file: path, rule and message."""
    import hashlib

    key = f"{Path(finding.path).as_posix()}\0{finding.code}\0{finding.message}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def junit(report: Report) -> str:
    """JUnit XML: a suite per file; a file without findings is one passing case. An error is
    a failure; a warning is a passing case that says so (`system-out`), a failure only under
    --strict, so that a lint that passes shows no failed test in a CI test reporter."""
    from xml.etree import ElementTree as ET

    by_file: dict[str, list[Finding]] = {str(path): [] for path in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)

    def fails(finding: Finding) -> bool:
        return report.strict or finding.severity is Severity.ERROR

    failures = sum(1 for findings in by_file.values() for f in findings if fails(f))
    root = ET.Element("testsuites", name="cjm lint", tests=str(sum(
        max(1, len(findings)) for findings in by_file.values())), failures=str(failures))
    for path, findings in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(max(1, len(findings))),
                              failures=str(sum(1 for f in findings if fails(f))), errors="0")
        if not findings:
            ET.SubElement(suite, "testcase", name="cjm lint", classname=path)
        for f in findings:
            case = ET.SubElement(suite, "testcase", name=f"{f.code} {RULES[f.code].name}",
                                 classname=path, file=path, line=str(f.line))
            text = located(f.path, (f.line, f.column), f"{f.severity.value}: {f.message}")
            if fails(f):
                ET.SubElement(case, "failure", message=f.message, type=f.code).text = text
            else:
                ET.SubElement(case, "system-out").text = text
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


RENDERERS = {"json": as_json, "github": github, "sarif": sarif, "junit": junit}
