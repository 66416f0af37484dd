"""Terminal output: findings, summaries and tables, coloured on a terminal, plain when piped."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from cjm.lint import Report
    from cjm.lint.findings import Finding
    from cjm.lint.rules.base import Rule
    from cjm.scaffold import Template

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}


def console(stderr: bool = False) -> Console:
    """A Rich console that never wraps lines (findings stay one line each when piped)."""
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def finding_line(finding: Finding) -> object:
    """`path:line:col: CODE message`, with the code coloured by severity."""
    from rich.text import Text

    line = Text(f"{finding.path}:{finding.line}:{finding.column}:", style="bold")
    line.append(" ")
    line.append(finding.code, style=SEVERITY_STYLES[finding.severity.value])
    line.append(f" {finding.message}")
    return line


def summary(report: Report) -> str:
    """One line: how many errors and warnings in how many files."""
    from cjm.lint.findings import Severity

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


def print_report(report: Report) -> None:
    """Each finding on its own line, then the summary. Piped output is written as plain
    text without loading Rich at all: lint in hooks and CI starts faster."""
    if not sys.stdout.isatty():
        lines = [str(finding) for finding in report.findings] + [summary(report)]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    out = console()
    for finding in report.findings:
        out.print(finding_line(finding))
    out.print(summary(report), style="bold" if report.findings else "green")


def say(message: str) -> None:
    """One line of progress on stdout; plain (and without loading Rich) when piped."""
    if sys.stdout.isatty():
        console().print(message)
    else:
        sys.stdout.write(message + "\n")


def print_rules(rules: list[Rule]) -> None:
    """One rule a line: code, name, default severity and summary, in aligned columns."""
    from rich.text import Text

    out = console()
    width = max(len(rule.name) for rule in rules)
    for rule in rules:
        severity = rule.severity.value
        out.print(Text.assemble(
            (rule.code, "bold"), "  ", rule.name.ljust(width), "  ",
            (severity.ljust(7), SEVERITY_STYLES[severity]), "  ", rule.summary))


def print_templates(templates: list[Template]) -> None:
    """Each template: id and languages, then its phases and origin, indented."""
    from rich.text import Text

    out = console()
    for template in templates:
        out.print(Text.assemble((template.id, "bold"), f"  ({', '.join(template.languages)})"))
        if template.phases:
            out.print(f"    phases: {', '.join(template.phases)}")
        out.print(f"    {template.origin}")


def error(message: str) -> None:
    """A one-line error on stderr, coloured only on a terminal."""
    if not sys.stderr.isatty():
        sys.stderr.write(f"error: {message}\n")
        return
    from rich.text import Text

    console(stderr=True).print(Text.assemble(("error: ", "bold red"), message))
