"""Terminal output: findings, summaries and tables, coloured on a terminal, plain when piped."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core.errors import CjmError, choose
from cjm.core.source import located

if TYPE_CHECKING:
    from rich.console import Console

    from cjm.authoring.scaffold import Template
    from cjm.lint.findings import Finding
    from cjm.lint.rules.base import Rule
    from cjm.lint.run import Report

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}


def console(stderr: bool = False) -> Console:
    """A Rich console that never wraps lines (findings stay one line each when piped)."""
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def finding_line(finding: Finding) -> object:
    """`path:line:col: CODE message`, with the code coloured by severity."""
    from rich.text import Text

    line = Text(located(finding.path, (finding.line, finding.column)) + ":", style="bold")
    line.append(" ")
    line.append(finding.code, style=SEVERITY_STYLES[finding.severity.value])
    line.append(f" {finding.message}")
    return line


def print_report(report: Report, *, quiet: bool = False, with_statistics: bool = False) -> None:
    """Each finding on its own line, then statistics and the summary. Piped output is
    written as plain text without loading Rich at all: lint in hooks and CI starts faster."""
    from cjm.lint import formats

    if not sys.stdout.isatty():
        sys.stdout.write(formats.text(report, quiet=quiet, with_statistics=with_statistics))
        return
    out = console()
    for finding in report.findings:
        out.print(finding_line(finding))
    if with_statistics:
        for line in formats.statistics(report):
            out.print(line)
    if not quiet:
        out.print(formats.summary(report), style="bold" if report.findings else "green")


def emit(content: str, output: Path | None) -> None:
    """A command's result: written to `output` (atomically, never half a file), else to
    stdout."""
    if output is None:
        import sys

        sys.stdout.write(content)
        return
    from cjm.project.write import write_atomically

    write_atomically(output, content.encode("utf-8"))


def in_github_actions() -> bool:
    """Whether cjm runs as a step of a GitHub Actions workflow (annotations are read)."""
    return os.environ.get("GITHUB_ACTIONS") == "true" and "GITHUB_WORKFLOW" in os.environ


def write_report(report: Report, fmt: str, output: Path | None, *, quiet: bool = False,
                 with_statistics: bool = False) -> None:
    """A lint report in a format (see cjm.lint.formats), to a file or to stdout."""
    from cjm.lint import formats

    if not quiet:
        for note in report.notes:
            sys.stderr.write(f"note: {note}\n")
    if fmt == "auto":
        fmt = "github" if in_github_actions() else "text"
    choose(fmt, dict.fromkeys(formats.FORMATS), also=("auto",))
    if fmt == "text" and output is None:
        print_report(report, quiet=quiet, with_statistics=with_statistics)
        return
    if fmt == "text":
        rendered = formats.text(report, quiet=quiet, with_statistics=with_statistics)
    else:
        rendered = formats.RENDERERS[fmt](report)
    emit(rendered, output)
    if output is not None and not quiet:  # the report went to a file: say how it went
        say(formats.summary(report))


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


def print_rule(rule: Rule) -> None:
    """A rule's code, name and severity, its summary, and its documentation."""
    sys.stdout.write(f"{rule.code} {rule.name} ({rule.severity.value} by default)\n\n"
                     f"{rule.summary}\n")
    if rule.doc:
        sys.stdout.write(f"\n{rule.doc}\n")


def failed(err: CjmError | OSError) -> int:
    """Say a CjmError or an OSError (what the system refuses mid-way, a full disk) in one
    line; the exit status it calls for."""
    if isinstance(err, OSError):
        error(f"{err.filename}: {err.strerror or err}" if err.filename else
              str(err.strerror or err))
        return 1
    error(str(err))
    return err.exit_code


def error(message: str) -> None:
    """A one-line error on stderr, coloured only on a terminal."""
    _complain("error", message)


def warn(message: str) -> None:
    """A one-line warning on stderr, coloured only on a terminal."""
    _complain("warning", message)


def _complain(severity: str, message: str) -> None:
    if not sys.stderr.isatty():
        sys.stderr.write(f"{severity}: {message}\n")
        return
    from rich.text import Text

    console(stderr=True).print(Text.assemble((f"{severity}: ", SEVERITY_STYLES[severity]),
                                             message))
