"""`cjm render`: maps to SVG timelines and PDF posters, written atomically.

The renderers import Graphviz and WeasyPrint; nothing here imports them before a render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.errors import CjmError, UsageError
from cjm.files import write_atomically
from cjm.loader import load
from cjm.model import DEFAULT_LOW_MOMENT, JourneyMap
from cjm.render.series import Curves, curves_for
from cjm.render.timeline import DEFAULT_COLUMNS

if TYPE_CHECKING:
    from cjm.render.printer import Printer

FORMATS = ("svg", "pdf", "html", "png")

#: Told (parts done, parts in all) while a big poster prints.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderOptions:
    format: str | None = None  # None: from the output's extension, else svg
    columns: int = DEFAULT_COLUMNS  # SVG: steps per row at most
    paper: str = "A3"  # PDF: A4, A3 or letter
    orientation: str = "landscape"  # PDF: landscape or portrait
    theme: Path | None = None  # PDF: a folder searched before the built-in theme
    #: Step number → "added", "moved" or "changed": steps to highlight (render --diff).
    marks: dict[int, str] = field(default_factory=dict)
    baseline: bool = True  # draw the curve of the map's `baseline:` behind its own
    data: Path | None = None  # a CSV of metrics to join to the (single) map
    scale: float = 1.0  # PNG: pixels per point
    #: The emotion at or below which a step is drawn as a low moment (the configuration's).
    low_moment: int = DEFAULT_LOW_MOMENT

    def check(self) -> None:
        """Refuse option values that no renderer knows."""
        from cjm.render.poster import ORIENTATIONS, PAPERS

        if self.paper not in PAPERS:
            raise UsageError(f"unknown paper `{self.paper}`; choose one of: {', '.join(PAPERS)}")
        if self.orientation not in ORIENTATIONS:
            raise UsageError(f"unknown orientation `{self.orientation}`; choose one of: "
                             f"{', '.join(ORIENTATIONS)}")
        if self.theme is not None and not self.theme.is_dir():
            raise UsageError(f"--theme {self.theme}: not a folder")


def output_format(output: Path | None, requested: str | None) -> str:
    """The format to write: --format when given, else the output's extension, else svg."""
    if requested:
        if requested not in FORMATS:
            raise UsageError(f"unknown format `{requested}`; choose one of: "
                             f"{', '.join(FORMATS)}")
        return requested
    suffix = output.suffix.lower().lstrip(".") if output else ""
    if suffix in FORMATS:
        return suffix
    if output is not None:
        raise UsageError(f"{output}: cannot tell the format from the extension; "
                         "use .svg, .pdf, .html or .png, or --format")
    return "svg"


def load_for_render(path: Path) -> JourneyMap:
    """Load a map, refusing one whose YAML or structure is broken (lint tells the rest)."""
    result = load(path)
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
    from cjm.baseline import load_baseline

    baseline = load_baseline(journey)
    assert baseline is not None
    if baseline.map is None:
        raise CjmError(f"{journey.path}:{baseline.pos.line}:{baseline.pos.column}: "
                       f"{baseline.problem} (render with --no-baseline to leave it out)")
    return curves_for(journey, baseline.map, baseline.name)


def render_bytes(journey: JourneyMap, fmt: str, options: RenderOptions,
                 progress: Progress | None = None, printer: Printer | None = None) -> bytes:
    """The map drawn in `fmt`; a big PDF tells `progress` how far it is; a PDF is printed
    by `printer` when given."""
    curves = curves_of(journey, options)
    if fmt == "svg":
        from cjm.render.svg import render_svg

        return render_svg(journey, options.columns, options.marks, curves, options.low_moment)
    if fmt == "png":
        from cjm.render.svg import render_png

        return render_png(journey, options.columns, options.marks, curves, options.scale,
                          options.low_moment)
    if fmt == "html":
        from cjm.render.html import render_html

        return render_html(journey, options.columns or DEFAULT_COLUMNS, options.marks,
                           curves, low_moment=options.low_moment)
    from cjm.render.pdf import render_pdf
    from cjm.render.poster import Paper

    return render_pdf(journey, Paper(options.paper, options.orientation), options.theme,
                      options.marks, curves, progress, printer, options.low_moment)


def legibility_notes(journey: JourneyMap) -> list[str]:
    """What will be hard to read in a render of the map (lint rule J023); it is rendered
    all the same."""
    from cjm.lint.rules.base import RuleOptions
    from cjm.lint.rules.personas import too_many_personas

    assert too_many_personas.check is not None
    return [f"{journey.path}:{pos.line}:{pos.column}: {too_many_personas.code} {message}"
            for pos, message in too_many_personas.check(journey, RuleOptions())]


def render_file(source: Path, output: Path, fmt: str, options: RenderOptions,
                progress: Progress | None = None, printer: Printer | None = None
                ) -> list[str]:
    """Render one map file to `output`, atomically; returns notes on what to know about it
    (legibility, numbers from --data that replace the map's)."""
    journey = load_for_render(source)
    from cjm.lint.config import low_moment_at

    options = replace(options, low_moment=low_moment_at(source))
    notes: list[str] = []
    if options.data is not None:
        from cjm.data import with_data

        journey, notes = with_data(journey, options.data)
    data = render_bytes(journey, fmt, options, progress, printer)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(output, data)
    return notes + legibility_notes(journey)
