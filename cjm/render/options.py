"""What a render is asked for: the options of `cjm render` and the format to write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cjm.core.errors import UsageError, choose
from cjm.core.model import DEFAULT_LOW_MOMENT, DEFAULT_PNG_SCALE
from cjm.render.timeline import DEFAULT_COLUMNS

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
    scale: float = DEFAULT_PNG_SCALE  # PNG: pixels per point
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
        return choose(requested, {name: name for name in FORMATS})
    suffix = output.suffix.lower().lstrip(".") if output else ""
    if suffix in FORMATS:
        return suffix
    if output is not None:
        raise UsageError(f"{output}: cannot tell the format from the extension; "
                         "use .svg, .pdf, .html or .png, or --format")
    return "svg"
