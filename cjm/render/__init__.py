"""`cjm render`: maps to SVG timelines and PDF posters, written atomically.

The renderers import Graphviz and WeasyPrint; nothing here imports them before a render.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core.errors import CjmError
from cjm.core.model import JourneyMap
from cjm.core.source import located
from cjm.project.repository import load_map, root_of_map
from cjm.project.write import write_atomically
from cjm.render.options import FORMATS, Progress, RenderOptions, output_format
from cjm.render.series import Curves, curves_for
from cjm.render.timeline import DEFAULT_COLUMNS

__all__ = ["FORMATS", "Progress", "RenderOptions", "output_format", "render_bytes",
           "render_file", "load_for_render", "curves_of"]

if TYPE_CHECKING:
    from cjm.project.config import ConfigFinder
    from cjm.render.printer import Printer


def load_for_render(path: Path) -> JourneyMap:
    """Load a map, refusing one whose YAML or structure is broken (lint tells the rest)."""
    result = load_map(path)
    if result.problems:
        first = result.problems[0]
        more = len(result.problems) - 1
        extra = f" (and {more} more; run cjm lint {path})" if more else ""
        raise CjmError(first.located(str(path)) + extra)
    assert result.map is not None
    return result.map


def curves_of(journey: JourneyMap, options: RenderOptions) -> Curves:
    """The emotion lane's series: the map's own, and its baseline's unless turned off. A
    baseline that cannot be read stops the render with its position."""
    if journey.baseline is None or not options.baseline:
        return curves_for(journey)
    from cjm.core.baseline import load_baseline

    baseline = load_baseline(journey, root_of_map(journey.path))
    assert baseline is not None
    if baseline.map is None:
        raise CjmError(located(journey.path, baseline.pos, f"{baseline.problem} (render with "
                                                           "--no-baseline to leave it out)"))
    return curves_for(journey, baseline.map, baseline.name)


def render_bytes(journey: JourneyMap, fmt: str, options: RenderOptions,
                 progress: Progress | None = None, printer: Printer | None = None) -> bytes:
    """The map drawn in `fmt`; a big PDF tells `progress` how far it is; a PDF is printed
    by `printer` when given."""
    curves = curves_of(journey, options)
    if fmt == "svg":
        from cjm.render.svg import accessible, render_svg

        return accessible(render_svg(journey, options.columns, options.marks, curves,
                                     options.low_moment), journey)
    if fmt == "png":
        from cjm.render.svg import render_png

        return render_png(journey, options.columns, options.marks, curves, options.scale,
                          options.low_moment)
    if fmt == "html":
        from cjm.render.html import render_html

        return render_html(journey, options.columns or DEFAULT_COLUMNS, options.marks,
                           curves, low_moment=options.low_moment, theme=options.theme)
    from cjm.render.pdf import render_pdf
    from cjm.render.poster import Paper

    return render_pdf(journey, Paper(options.paper, options.orientation), options.theme,
                      options.marks, curves, progress, printer, options.low_moment)


def legibility_notes(journey: JourneyMap) -> list[str]:
    """What will be hard to read in a render of the map (lint rule J023); it is rendered
    all the same."""
    from cjm.core import legibility

    return [located(journey.path, pos, f"{legibility.CODE} {message}")
            for pos, message in legibility.too_many_personas(journey)]


def render_file(source: Path, output: Path, fmt: str, options: RenderOptions,
                progress: Progress | None = None, printer: Printer | None = None,
                finder: ConfigFinder | None = None) -> list[str]:
    """Render one map file to `output`, atomically, with the low-moment threshold of its
    configuration (found by `finder`, shared by a batch); returns notes on what to know
    about it (legibility, numbers from --data that replace the map's)."""
    from cjm.project.config import low_moment_at

    journey = load_for_render(source)
    options = replace(options, low_moment=low_moment_at(source, finder))
    notes: list[str] = []
    from cjm.project.discover import data_beside

    data_file = options.data or data_beside(source)  # the caller says it joined one beside
    if data_file is not None:
        from cjm.interchange.metrics_csv import with_data

        journey, notes = with_data(journey, data_file)
    data = render_bytes(journey, fmt, options, progress, printer)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(output, data)
    return notes + legibility_notes(journey)
