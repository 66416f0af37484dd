"""The PDF poster: the map as HTML (Jinja2, autoescaped) printed by WeasyPrint.

The theme (poster.html.j2 and poster.css) lives beside this module; `--theme DIR` is searched
first, so a team can restyle the poster without forking cjm. WeasyPrint may fetch nothing but
files inside those theme folders: no network, no other file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core.model import DEFAULT_LOW_MOMENT, JourneyMap
from cjm.render import cache
from cjm.render.jinja import theme_roots
from cjm.render.options import Progress
from cjm.render.poster import Paper, build
from cjm.render.poster_html import poster_html
from cjm.render.series import Curves
from cjm.render.weasy import layout, write

if TYPE_CHECKING:
    from cjm.render.printer import Printer

#: From this many bands on, a poster is printed in parts (cjm.render.bigpdf).
PARTS_FROM = 10


def render_pdf(journey: JourneyMap, paper: Paper, theme: Path | None = None,
               marks: dict[int, str] | None = None, curves: Curves | None = None,
               progress: Progress | None = None, printer: Printer | None = None,
               low_moment: int = DEFAULT_LOW_MOMENT) -> bytes:
    """The poster of `journey` as PDF bytes; `marks` highlights steps by number; `curves`
    are the emotion lane's series (by default the map's own emotion). A big poster is
    printed in parts on every core, telling `progress` as they are done; another is
    printed by `printer` when given (see cjm.render.printer), else here."""
    roots = theme_roots(theme)
    poster = build(journey, paper, marks or {}, curves, low_moment=low_moment)
    if len(poster.pages) >= PARTS_FROM:
        from cjm.render.bigpdf import print_big

        if printer:
            printer.close()  # the memory of its WeasyPrint is better spent on the parts
        printed = print_big(poster, roots, progress)
        if printed is not None:
            return printed
    html = poster_html(poster, roots)
    return cache.cached(cache.print_key("poster", html, roots), lambda: printer.print(
        html, roots) if printer else write(layout(html, roots)))
