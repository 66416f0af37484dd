"""Commands that read maps for people: show, diff, compare, report, and git's set-up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from cjm.cli.app import Jobs, MapPaths, app
from cjm.cli.output import emit
from cjm.core.errors import UsageError, choose


class _KeepsDashes(TyperCommand):
    """A command that remembers the arguments after `--` (git's REV -- PATH), which Click
    otherwise mixes with the rest."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: Click's Context
        ctx.meta["after_dashes"] = args[args.index("--") + 1:] if "--" in args else []
        return super().parse_args(ctx, args)


@app.command(cls=_KeepsDashes)
def diff(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(
        show_default=False, metavar="OLD NEW | REV:PATH | REV [REV2] -- PATH",
        help="Two maps: files, or git revisions (REV:PATH).")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="text, json or markdown (for a pull-request comment).")]
    = "text",
) -> None:
    """Show what changed between two versions of a map: phases, steps, fields, persona.

    Exit status: 0 when the maps are the same, 1 when they differ, 2 on a usage error or a
    map that cannot be read.
    """
    from cjm.git.revisions import load_map
    from cjm.git.revisions import sources as pick_sources
    from cjm.views import diff as semantic

    after = ctx.meta["after_dashes"]
    old_spec, new_spec = pick_sources(sources[:len(sources) - len(after)], after)
    old, new = load_map(old_spec), load_map(new_spec)
    changes = semantic.compare(old, new)
    write = choose(fmt, {"text": lambda: semantic.as_text(changes),
                         "json": lambda: semantic.as_json(changes, old_spec, new_spec),
                         "markdown": lambda: semantic.as_markdown(changes, old_spec, new_spec)})
    emit(write(), None)
    raise typer.Exit(1 if changes else 0)


@app.command()
def compare(
    maps: Annotated[list[str], typer.Argument(
        show_default=False, metavar="[CURRENT] FUTURE",
        help="The current-state and the future-state map (files or REV:PATH); FUTURE alone "
             "when it names its `baseline:`.")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="text, markdown (for a pull-request comment) or json.")]
    = "text",
    data: Annotated[Path | None, typer.Option(
        "--data", exists=True, dir_okay=False,
        help="A CSV of metrics measured on the current journey, joined to CURRENT.")] = None,
    future_data: Annotated[Path | None, typer.Option(
        "--future-data", exists=True, dir_okay=False,
        help="A CSV of metrics (targets or measurements) joined to FUTURE.")] = None,
) -> None:
    """Show the uplift from a current-state map to its future-state map: emotion per step and
    per phase, steps added and removed, which pain points are addressed, low moments, and
    the metrics both measure.

    Exit status: 0 when compared, 2 when a map cannot be read or on a usage error.
    """
    from cjm.cli.output import warn
    from cjm.project.config import low_moment_at
    from cjm.views import compare as uplift

    write = choose(fmt, {"text": uplift.as_text, "markdown": uplift.as_markdown,
                         "json": uplift.as_json})
    (current_name, current), (future_name, future) = uplift.compared_maps(maps)
    current, notes = uplift.measured(current, data)
    future, future_notes = uplift.measured(future, future_data)
    for note in notes + future_notes:
        warn(note)
    comparison = uplift.compare(current, future, current_name, future_name,
                                low_moment_at(Path(future_name)))
    emit(write(comparison), None)


@app.command()
def show(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, show_default=False,
                                         help="A map file.")],
) -> None:
    """Print a map as a plain outline, one fact a line (git's textconv uses it)."""
    from cjm.views.outline import show as outline_of

    sys.stdout.write(outline_of(path))


@app.command()
def report(
    paths: MapPaths,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="text, markdown (for a pull-request comment), json, csv (for "
                               "a spreadsheet) or html.")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report to this file instead of stdout.")] = None,
    owner: Annotated[str | None, typer.Option(
        help="Only this owner's opportunities in the backlog.")] = None,
    status: Annotated[str | None, typer.Option(
        help="Only the opportunities with this status: open, planned, doing, done or "
             "dropped (an opportunity without one is open).")] = None,
    section: Annotated[list[str] | None, typer.Option(
        "--section", "-s", help="Only these sections (repeat): summary, coverage, pains, "
                                "opportunities, emotion, low-moments, blueprint (shown "
                                "when a map has one), and the library's touchpoints, "
                                "personas, teams, systems and metrics (shown when it has "
                                "them).")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", exists=True, dir_okay=False,
        help="Configuration file for all maps (default: the nearest one per map).")] = None,
    jobs: Jobs = None,
    theme: Annotated[Path | None, typer.Option(
        file_okay=False, exists=True,
        help="A folder of templates and CSS used before the built-in theme (HTML).")] = None,
) -> None:
    """Report across maps: touchpoint coverage per phase, recurring pain points, the
    opportunities backlog, emotion by phase and low moments, and a summary per map.

    Maps that cannot be read are listed with their first problem. Exit status: 0 when the
    report is written, 2 on a usage error.
    """
    from cjm.views import report as across
    from cjm.views.report_formats import FORMATS

    write = choose(fmt, FORMATS)
    if fmt == "html":
        from functools import partial

        from cjm.views.report_formats import as_html

        write = partial(as_html, theme=theme)
    chosen = tuple(section or ())
    unknown = [name for name in chosen if name not in across.SECTIONS]
    if unknown:
        raise UsageError(f"unknown section `{unknown[0]}`; choose from: "
                         f"{', '.join(across.SECTIONS)}")
    maps = across.gather(paths, config, jobs)
    if not maps:
        raise UsageError("no map files found to report on")
    from cjm.core.model import STATUSES
    from cjm.project.config import low_moment_at

    if status is not None and status not in STATUSES:
        raise UsageError(f"--status must be one of: {', '.join(STATUSES)}; got `{status}`")
    library = across.shared_library(paths, config)
    options = across.Options(owner, low_moment_at(paths[0]), library, status)
    chosen = chosen or across.default_sections(maps, library)
    emit(write(across.build(maps, options), chosen), output)


git_app = typer.Typer(help="Set up git to show map changes as outlines.", no_args_is_help=True)
app.add_typer(git_app, name="git")


@git_app.command("install")
def git_install(
    pattern: Annotated[list[str] | None, typer.Option(
        "--pattern", "-p", help="Files that are maps, as .gitattributes patterns (default: "
                                "the configuration's `maps`, else every YAML file); repeat "
                                "for several.")] = None,
) -> None:
    """Make git diff and git log -p show map files as outlines (.gitattributes + git config)."""
    from cjm.git import textconv

    root, _ = textconv.install(tuple(pattern) if pattern else None)
    print(f"Set up {root}: git diff and git log -p now show maps as outlines "
          "(commit .gitattributes to share the patterns).")


@git_app.command("uninstall")
def git_uninstall() -> None:
    """Remove what cjm git install set up."""
    from cjm.git import textconv

    root = textconv.uninstall()
    print(f"Removed the cjm diff driver from {root}.")
