"""`cjm lint` and `cjm rules`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cjm.cli.app import Jobs, app
from cjm.core.errors import UsageError


@app.command()
def lint(
    paths: Annotated[list[Path] | None, typer.Argument(
        exists=True, show_default=False,
        help="Map files, or folders searched for *.yaml/*.yml (hidden folders skipped).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", exists=True, dir_okay=False,
        help="Configuration file for all maps (default: the nearest .cjm.toml, cjm.toml or "
             "pyproject.toml with [tool.cjm] above each map).")] = None,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="auto, text, json, github, sarif or junit; auto is github "
                               "inside GitHub Actions, else text.")] = "auto",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report to this file instead of stdout.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1) on warnings too.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Findings only: no summary, nothing when clean.")] = False,
    statistics: Annotated[bool, typer.Option(
        "--statistics", help="Also print how many findings each rule has.")] = False,
    jobs: Jobs = None,
    only_maps: Annotated[bool, typer.Option(
        "--only-maps", help="Skip named files that the configuration does not count as maps "
                            "(`maps`, `exclude`; hidden paths): for pre-commit hooks.")] = False,
    data: Annotated[Path | None, typer.Option(
        "--data", exists=True, dir_okay=False,
        help="A CSV of metrics per step (step,reached,…; or step,metric,value) to join to "
             "the map (one map only); its problems are findings too.")] = None,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", help="List the rules and exit.")] = False,
) -> None:
    """Check maps for structural problems and journey-mapping mistakes.

    Prints `path:line:col: CODE message` per finding and a summary. Exit status: 0 when no
    finding is an error, 1 when some are (with --strict: any finding), 2 on a usage error
    (unknown option, missing path, invalid configuration).
    """
    if list_rules:
        rules(None)
        return
    if not paths:
        raise UsageError("cjm lint needs at least one map file or folder (see cjm lint --help)")
    from cjm.cli.fast import lint_and_report

    raise typer.Exit(lint_and_report(paths, config, fmt, output, strict, quiet, statistics,
                                     jobs, only_maps, data))


@app.command()
def rules(
    rule: Annotated[str | None, typer.Argument(
        show_default=False, help="A rule's code or name: explain it, with examples.")] = None,
) -> None:
    """List the lint rules (code, name, default severity, what each checks), or explain one."""
    from cjm.cli.output import print_rule, print_rules
    from cjm.lint.rules import RULES, get

    if rule is None:
        print_rules(list(RULES.values()))
        return
    try:
        print_rule(get(rule))
    except KeyError:
        raise UsageError(f"no rule `{rule}`; cjm rules lists them") from None
