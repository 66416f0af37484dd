"""Commands that draw maps: render, site and serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cjm.cli.app import Jobs, MapPaths, UseCache, app
from cjm.core.errors import UsageError
from cjm.core.model import DEFAULT_PNG_SCALE


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
        help="PDF and HTML: a folder with poster.css, page.html.j2 and the like, used before "
             "the built-in theme.")] = None,
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
        min=0.25, max=8, help="PNG: pixels per point (default 2: sharp on slides).")]
    = DEFAULT_PNG_SCALE,
    jobs: Jobs = None,
    cache: UseCache = True,
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
    from cjm.render.cache import turned_off

    with turned_off(not cache):
        status = render_all(maps, output, out_dir, options, jobs)
    raise typer.Exit(status)


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
    theme: Annotated[Path | None, typer.Option(
        file_okay=False, exists=True,
        help="A folder of templates and CSS used before the built-in theme (as for "
             "cjm render).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Build into a folder that holds other files (they may be "
                        "overwritten).")] = False,
    jobs: Jobs = None,
    cache: UseCache = True,
) -> None:
    """Build a static site of maps (index with search, a page per map with its render,
    SVG, PDF and lint findings) for GitHub or GitLab Pages; only changed maps are rendered
    again. Exit status: 0 when built, 2 on a usage error."""
    from cjm.cli.batch import progress_bar
    from cjm.render.cache import prune, turned_off
    from cjm.site.build import build_site

    formats = ("svg", "pdf") if pdf else ("svg",)
    with turned_off(not cache), progress_bar("Rendering") as progress:
        report = build_site(paths, output, formats, config, theme, force, jobs, progress)
        prune()
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
    cache: UseCache = True,
) -> None:
    """Preview the site of maps in a browser: a map is rendered again when its file
    changes and open pages reload. Ctrl-C stops it."""
    from cjm.render.cache import turned_off
    from cjm.site.serve import serve as run

    with turned_off(not cache):
        run(paths, host, port)


def _marks_since(old_spec: str, maps: list[Path]) -> dict[int, str]:
    """render --diff: the steps of the one map to render that differ from OLD."""
    from cjm.views.diff import marks_since

    if len(maps) != 1 or maps[0].is_dir():
        raise UsageError("--diff compares one map: give a single map file")
    return marks_since(old_spec, str(maps[0]))
