"""The `cjm` command line: a thin Typer layer over the core modules.

Each command parses its options, calls one core function, prints, and returns an exit code.
Heavy modules (renderers) are imported inside the commands that need them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from cjm import __version__
from cjm.core.errors import CjmError, UsageError

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as code: scaffold, lint and render maps kept in YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


#: The maps a command works on: files, or folders searched as cjm lint searches them.
MapPaths = Annotated[list[Path], typer.Argument(
    exists=True, show_default=False, help="Map files, or folders searched like cjm lint does.")]


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
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Processes to lint with (default: one per core from "
                                    "16 files on).")] = None,
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
    from cjm.cli.output import write_report
    from cjm.lint.run import lint_paths

    report = lint_paths(paths, config, jobs, only_maps, data)
    write_report(report, fmt, output, quiet=quiet, with_statistics=statistics)
    raise typer.Exit(report.exit_code(strict))


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


@app.command()
def new(
    path: Annotated[Path | None, typer.Argument(
        show_default=False, help="The map file to create (folders are created too).")] = None,
    template: Annotated[str | None, typer.Option(
        "--template", "-t", help="Template id (see --list); default five-phase.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of phase names and hints: en or nl; default en.")] = None,
    title: Annotated[str | None, typer.Option(help="The map's title.")] = None,
    persona: Annotated[str | None, typer.Option(help="The persona's name.")] = None,
    personas: Annotated[str | None, typer.Option(
        help="Several personas' names, separated by commas (2 to 5): the map gets `personas` "
             "and a score per persona on each step.")] = None,
    state: Annotated[str | None, typer.Option(
        help="current (the journey today) or future (the journey to design).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Never ask; use defaults for what is not given.")] = False,
    list_templates: Annotated[bool, typer.Option(
        "--list", help="List the templates and exit.")] = False,
) -> None:
    """Create a new map from a template: every phase of a framework, an example step in each,
    and comments that explain every field. Asks for what is missing when run on a terminal."""
    if list_templates:
        templates()
        return
    if path is None:
        raise UsageError("cjm new needs the path of the map to create, "
                         "e.g. cjm new maps/sally.yaml")
    from cjm.authoring import prompts, scaffold

    several = tuple(name.strip() for name in (personas or "").split(",") if name.strip())
    answers = scaffold.Answers(template or "", lang or "", title, persona, state, several)
    interactive = not yes and sys.stdin.isatty()
    answers = prompts.complete(answers, ask=interactive)
    scaffold.write_new(path, scaffold.render(answers), force=force)
    print(f"Created {path} from template {answers.template} ({answers.lang}). "
          f"Check it with: cjm lint {path}")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(
        file_okay=False, help="The repository (or folder) to set up.")] = Path("."),
    template: Annotated[str | None, typer.Option(
        "--template", "-t", help="Template of the first map (see cjm new --list).")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of the first map: en or nl.")] = None,
    title: Annotated[str | None, typer.Option(help="The first map's title.")] = None,
    persona: Annotated[str | None, typer.Option(help="The first map's persona.")] = None,
    maps: Annotated[str, typer.Option(help="The folder for maps.")] = "maps",
    hooks_repo: Annotated[str | None, typer.Option(
        help="Where pre-commit gets cjm's hooks (a git URL or path); default: local hooks "
             "running the cjm on the PATH.")] = None,
    hooks_rev: Annotated[str | None, typer.Option(
        help="The revision of --hooks-repo (a tag or commit).")] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Never ask; use defaults for what is not given.")] = False,
) -> None:
    """Set a repository up for journey maps: which files are maps (.cjm.toml), the JSON
    Schema, a first map, pre-commit hooks (fmt and lint), a GitHub Actions workflow with code
    scanning, and git's diff driver. Never overwrites; running it again changes nothing."""
    from cjm.authoring import prompts, scaffold
    from cjm.authoring.init import InitOptions
    from cjm.authoring.init import init as set_up

    if Path(maps).is_absolute() or ".." in Path(maps).parts:
        raise UsageError(f"--maps `{maps}` must be a folder inside {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    answers = scaffold.Answers(template or "", lang or "", title, persona)
    answers = prompts.complete(answers, ask=not yes and sys.stdin.isatty())
    lines = set_up(InitOptions(folder, answers, maps, hooks_repo, hooks_rev))
    for line in lines:
        print(line)
    if not any(": created" in line or ": set up (" in line for line in lines):
        print("Nothing changed: this folder is set up for cjm already.")


@app.command()
def templates() -> None:
    """List the templates of `cjm new`: id, languages, phases and where the model comes from."""
    from cjm.authoring import scaffold
    from cjm.cli.output import print_templates

    print_templates(list(scaffold.available().values()))


@app.command()
def render(
    maps: MapPaths,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file, for a single map (.svg, .pdf, .html, .png).")] = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out-dir", help="Folder for the outputs of several maps (default: beside each map).")]
    = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="svg, pdf, html (a page for browsers) or png (the timeline); "
                               "default: from -o's extension, else svg.")] = None,
    layout: Annotated[str, typer.Option(
        help="SVG: rows (wrap into rows of at most --columns steps) or single (every step in "
             "one row, for small maps).")] = "rows",
    columns: Annotated[int | None, typer.Option(
        "--columns", min=1, show_default=False,
        help="SVG, rows layout: steps per row at most (default 6).")] = None,
    paper: Annotated[str, typer.Option(help="PDF: paper size, A4, A3 or letter.")] = "A3",
    orientation: Annotated[str, typer.Option(help="PDF: landscape or portrait.")] = "landscape",
    theme: Annotated[Path | None, typer.Option(
        help="PDF: a folder with poster.css and/or poster.html.j2, used before the built-in "
             "theme.")] = None,
    diff: Annotated[str | None, typer.Option(
        "--diff", metavar="OLD", help="Highlight the steps that are new, moved or changed "
                                      "since OLD (a map file or REV:PATH); one map only.")]
    = None,
    baseline: Annotated[bool, typer.Option(
        "--baseline/--no-baseline", help="Draw the curve of a future map's `baseline:` "
                                          "behind its own, with the change per step.")] = True,
    data: Annotated[Path | None, typer.Option(
        "--data", exists=True, dir_okay=False,
        help="A CSV of metrics per step to join to the map (one map); its numbers win.")]
    = None,
    scale: Annotated[float, typer.Option(
        min=0.25, max=8, help="PNG: pixels per point (2 for sharp slides).")] = 1.0,
) -> None:
    """Draw maps: an SVG (or PNG) timeline (Graphviz), a printable PDF poster (WeasyPrint),
    or one self-contained HTML page with both."""
    from cjm.cli.batch import render_all
    from cjm.render import RenderOptions
    from cjm.render.timeline import DEFAULT_COLUMNS

    if layout not in ("rows", "single"):
        raise UsageError(f"unknown layout `{layout}`; choose rows or single")
    steps_per_row = 0 if layout == "single" else (columns or DEFAULT_COLUMNS)
    marks = _marks_since(diff, maps) if diff else {}
    options = RenderOptions(fmt, steps_per_row, paper, orientation, theme, marks, baseline,
                            data, scale)
    raise typer.Exit(render_all(maps, output, out_dir, options))


@app.command(name="fmt")
def fmt_command(
    paths: Annotated[list[Path], typer.Argument(
        exists=True, show_default=False, help="Map files, or folders searched like cjm lint.")],
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; list the files that would change, exit 1 if any.")]
    = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Write nothing; show what would change as a unified diff.")] = False,
    only_maps: Annotated[bool, typer.Option(
        "--only-maps", help="Skip named files that the configuration does not count as maps "
                            "(`maps`, `exclude`; hidden paths): for pre-commit hooks.")] = False,
) -> None:
    """Rewrite maps in the canonical layout, keeping every comment and value.

    Key order, indentation, quoting and list style become canonical; a file that does not
    parse is never touched. Exit status: 0 when done (or nothing to change), 1 when a file
    would change (--check, --diff) or could not be formatted.
    """
    from cjm.cli.output import error, say
    from cjm.fmt.rewrite import format_paths

    dry_run = check or diff
    report = format_paths(paths, write=not dry_run, diff=diff, only_maps=only_maps)
    for message in report.errors:
        error(message)
    for text in report.diffs:
        sys.stdout.write(text)
    if check:
        for path in report.changed:
            say(f"would reformat {path}")
    elif not diff:
        for path in report.changed:
            say(f"reformatted {path}")
    say(report.summary("would be reformatted" if dry_run else "reformatted"))
    failed = report.errors or (dry_run and report.changed)
    raise typer.Exit(1 if failed else 0)


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
    renderers = {"text": lambda: semantic.as_text(changes),
                 "json": lambda: semantic.as_json(changes, old_spec, new_spec),
                 "markdown": lambda: semantic.as_markdown(changes, old_spec, new_spec)}
    if fmt not in renderers:
        raise UsageError(f"unknown format `{fmt}`; choose one of: {', '.join(renderers)}")
    sys.stdout.write(renderers[fmt]())
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
    from cjm.project.config import low_moment_at
    from cjm.views import compare as uplift

    renderers = {"text": uplift.as_text, "markdown": uplift.as_markdown, "json": uplift.as_json}
    if fmt not in renderers:
        raise UsageError(f"unknown format `{fmt}`; choose one of: {', '.join(renderers)}")
    (current_name, current), (future_name, future) = _compared_maps(maps)
    current = _joined(current, data)
    future = _joined(future, future_data)
    comparison = uplift.compare(current, future, current_name, future_name,
                                low_moment_at(Path(future_name)))
    sys.stdout.write(renderers[fmt](comparison))


def _joined(journey, data: Path | None):
    """The map with `data`'s metrics, when given; notes on replaced numbers on stderr."""
    if data is None:
        return journey
    from cjm.cli.output import warn
    from cjm.interchange.metrics_csv import with_data

    try:
        joined, notes = with_data(journey, data)
    except CjmError as err:
        raise UsageError(str(err)) from None  # compare: 2 when something cannot be read
    for note in notes:
        warn(note)
    return joined


def _compared_maps(specs: list[str]):
    """((name, map) of the current state, (name, map) of the future state) of cjm compare."""
    from cjm.core.baseline import load_baseline
    from cjm.core.source import located
    from cjm.git.revisions import load_map

    if len(specs) == 2:
        return (specs[0], load_map(specs[0])), (specs[1], load_map(specs[1]))
    if len(specs) != 1:
        raise UsageError("use: cjm compare CURRENT FUTURE, or cjm compare FUTURE when FUTURE "
                         "names its baseline")
    if not Path(specs[0]).is_file():
        raise UsageError(f"{specs[0]}: no such file (with git revisions, give CURRENT and "
                         "FUTURE)")
    future = load_map(specs[0])
    baseline = load_baseline(future)
    if baseline is None:
        raise UsageError(f"{specs[0]} names no `baseline:`; use cjm compare CURRENT FUTURE")
    if baseline.map is None:
        raise UsageError(located(specs[0], baseline.pos, baseline.problem or ""))
    return (str(baseline.path), baseline.map), (specs[0], future)


def _marks_since(old_spec: str, maps: list[Path]) -> dict[int, str]:
    """render --diff: the steps of the one map to render that differ from OLD."""
    from cjm.git.revisions import load_map
    from cjm.views.diff import step_marks

    if len(maps) != 1 or maps[0].is_dir():
        raise UsageError("--diff compares one map: give a single map file")
    return step_marks(load_map(old_spec), load_map(str(maps[0])))


@app.command()
def show(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, show_default=False,
                                         help="A map file.")],
) -> None:
    """Print a map as a plain outline, one fact a line (git's textconv uses it)."""
    from cjm.views.outline import show as outline_of

    sys.stdout.write(outline_of(path))


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
    section: Annotated[list[str] | None, typer.Option(
        "--section", "-s", help="Only these sections (repeat): summary, coverage, pains, "
                                "opportunities, emotion, low-moments.")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", exists=True, dir_okay=False,
        help="Configuration file for all maps (default: the nearest one per map).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Processes to read maps with (default: one per core "
                                    "from 16 maps on).")] = None,
) -> None:
    """Report across maps: touchpoint coverage per phase, recurring pain points, the
    opportunities backlog, emotion by phase and low moments, and a summary per map.

    Maps that cannot be read are listed with their first problem. Exit status: 0 when the
    report is written, 2 on a usage error.
    """
    from cjm.views import report as across
    from cjm.views.report_formats import FORMATS

    if fmt not in FORMATS:
        raise UsageError(f"unknown format `{fmt}`; choose one of: {', '.join(FORMATS)}")
    chosen = tuple(section or across.SECTIONS)
    unknown = [name for name in chosen if name not in across.SECTIONS]
    if unknown:
        raise UsageError(f"unknown section `{unknown[0]}`; choose from: "
                         f"{', '.join(across.SECTIONS)}")
    maps = across.gather(paths, config, jobs)
    if not maps:
        raise UsageError("no map files found to report on")
    from cjm.project.config import low_moment_at

    options = across.Options(owner, low_moment_at(paths[0]))
    text = FORMATS[fmt](across.build(maps, options), chosen)
    if output is None:
        sys.stdout.write(text)
        return
    from cjm.project.write import write_atomically

    write_atomically(output, text.encode("utf-8"))


@app.command()
def site(
    paths: MapPaths,
    output: Annotated[Path, typer.Option(
        "--output", "-o", file_okay=False, help="The site's folder.")] = Path("site"),
    pdf: Annotated[bool, typer.Option(
        "--pdf/--no-pdf", help="Also a PDF poster per map (the slowest part).")] = True,
    config: Annotated[Path | None, typer.Option(
        "--config", exists=True, dir_okay=False,
        help="Configuration file for all maps (default: the nearest one per map).")] = None,
) -> None:
    """Build a static site of maps (index with search, a page per map with its render,
    SVG, PDF and lint findings) for GitHub or GitLab Pages; only changed maps are rendered
    again. Exit status: 0 when built, 2 on a usage error."""
    from cjm.site.build import build_site

    formats = ("svg", "pdf") if pdf else ("svg",)
    report = build_site(paths, output, formats, config)
    if not report.built and not report.kept:
        raise UsageError("no map files found for the site")
    print(f"Site in {output}: {len(report.built)} rendered, {len(report.kept)} unchanged"
          + (f", {len(report.removed)} removed" if report.removed else "") + ".")


@app.command()
def serve(
    paths: MapPaths,
    port: Annotated[int, typer.Option(min=0, max=65535,
                                      help="Port (0: any free one).")] = 8000,
    host: Annotated[str, typer.Option(
        help="Address to listen on; the default keeps the preview on this machine.")]
    = "127.0.0.1",
) -> None:
    """Preview the site of maps in a browser: a map is rendered again when its file
    changes and open pages reload. Ctrl-C stops it."""
    from cjm.site.serve import serve as run

    run(paths, host, port)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, show_default=False,
                                           help="A Mermaid journey diagram (.mmd).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The map file to write (default: print the map).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Turn a Mermaid `journey` diagram into a map: title, sections as phases, tasks as
    steps, scores as emotion, actors as personas; comments stay.

    Problems are printed as `path:line:col: CODE message`. Exit status: 0 when imported
    (warnings, such as a score outside 1–5, allowed), 1 when the diagram has errors (nothing
    is written), 2 on a usage error.
    """
    from cjm.authoring.scaffold import write_new
    from cjm.core.source import DecodeError, located, read_text
    from cjm.interchange.from_mermaid import import_journey

    try:
        text = read_text(source)
    except OSError as err:
        raise CjmError(f"{source}: cannot read it: {err.strerror}") from None
    except DecodeError as err:
        raise CjmError(located(source, err.pos, err.reason)) from None
    imported = import_journey(text, source.name)
    for problem in imported.problems:
        sys.stderr.write(problem.located(str(source)) + "\n")
    if imported.text is None:
        raise typer.Exit(1)
    if output is None:
        sys.stdout.write(imported.text)
        return
    write_new(output, imported.text, force=force)
    print(f"Imported {source} into {output}. Check it with: cjm lint {output}")


@app.command()
def export(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, show_default=False,
                                           help="A map file.")],
    to: Annotated[str, typer.Option(
        "--to", "-t", help="mermaid (a journey diagram) or markdown (a document with the "
                           "diagram and every lane in tables).")] = "mermaid",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print a map as a Mermaid journey diagram, or as Markdown that GitHub renders.

    What Mermaid cannot hold is said on stderr: text rewritten so that Mermaid can read it,
    lanes left out. Exit status: 0 when exported, 1 when the map cannot be read, 2 on a usage
    error.
    """
    from cjm.interchange.markdown import to_markdown
    from cjm.interchange.to_mermaid import to_mermaid
    from cjm.render import load_for_render

    writers = {"mermaid": to_mermaid, "markdown": to_markdown}
    if to not in writers:
        raise UsageError(f"unknown target `{to}`; choose one of: {', '.join(writers)}")
    exported = writers[to](load_for_render(source))
    for note in exported.notes:
        sys.stderr.write(f"note: {source}: {note}\n")
    if output is None:
        sys.stdout.write(exported.text)
        return
    from cjm.project.write import write_atomically

    write_atomically(output, exported.text.encode("utf-8"))


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (e.g. cjm.schema.json) instead of stdout.")]
    = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the map format, for editors and validators.

    Save it as cjm.schema.json at the root of your maps; `cjm new` then adds the modeline
    `# yaml-language-server: $schema=…` that makes VS Code's YAML extension use it.
    """
    from cjm.core.schema import schema_json

    text = schema_json()
    if output is None:
        sys.stdout.write(text)
        return
    from cjm.project.write import write_atomically

    write_atomically(output, text.encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app on `argv` (default: the command line), turning CjmError into
    a one-line message and exit code."""
    try:
        app(args=argv, prog_name="cjm")
    except CjmError as err:
        from cjm.cli.output import error

        error(str(err))
        raise SystemExit(err.exit_code) from None
