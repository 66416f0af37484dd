"""The `cjm` command line: a thin Typer layer over the core modules.

Each command parses its options, calls one core function, prints, and returns an exit code.
Heavy modules (renderers) are imported inside the commands that need them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from cjm import __version__
from cjm.errors import CjmError, UsageError

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as code: scaffold, lint and render maps kept in YAML.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        print(f"cjm {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    """Customer journey maps as code."""


@app.command()
def lint(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        exists=True, show_default=False,
        help="Map files, or folders searched for *.yaml/*.yml (hidden folders skipped).")] = None,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", help="List the rules and exit.")] = False,
) -> None:
    """Check maps for structural problems and journey-mapping mistakes.

    Prints `path:line:col: CODE message` per finding and a summary. Exit status: 0 when no
    finding is an error, 1 when some are, 2 on a usage error.
    """
    if list_rules:
        rules()
        return
    if not paths:
        raise UsageError("cjm lint needs at least one map file or folder (see cjm lint --help)")
    from cjm.lint import lint_paths
    from cjm.output import print_report

    report = lint_paths(paths)
    print_report(report)
    raise typer.Exit(report.exit_code)


@app.command()
def rules() -> None:
    """List the lint rules: code, name, default severity and what each checks."""
    from cjm.lint.rules import RULES
    from cjm.output import print_rules

    print_rules(list(RULES.values()))


def main() -> None:
    """Entry point: run the app, turning CjmError into a one-line message and exit code."""
    try:
        app()
    except CjmError as err:
        from cjm.output import error

        error(str(err))
        raise SystemExit(err.exit_code) from None
