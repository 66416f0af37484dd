"""The map as one self-contained HTML page, for a browser: the poster's cover and grid as
real HTML (selectable text, printable through the browser), lanes that collapse, an emotion
curve whose points name their step on hover and focus, and the SVG timeline inline.

Nothing is fetched: CSS, script and SVG are inline, fonts come from the system. Map text is
escaped by Jinja2. Text colours are darkened where needed so that every text reaches WCAG
AA contrast (4.5:1) on the page's lightest tinted backgrounds; fills keep their colours.
"""

from __future__ import annotations

import re
from pathlib import Path

from cjm import __version__
from cjm.core.model import DEFAULT_LOW_MOMENT, JourneyMap
from cjm.render import labels as lx
from cjm.render.contrast import (  # noqa: F401 - the page's, and its tests'
    AA_CONTRAST,
    DARKEST_BACKGROUND,
    contrast,
    readable,
    readable_text,
)
from cjm.render.poster import Paper, build
from cjm.render.series import Curves

#: The darkest background text stands on (chips, tinted headers): the contrast reference.
_XML_PROLOGUE = re.compile(r"\A(?:<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*)*", re.S)


def render_html(journey: JourneyMap, columns: int, marks: dict[int, str],
                curves: Curves, site: dict[str, object] | None = None,
                low_moment: int = DEFAULT_LOW_MOMENT, theme: Path | None = None) -> bytes:
    """The page of `journey`: cover, grid in bands of steps, and the timeline; as a page of
    `cjm site`, `site` adds a link back to the index, downloads and lint findings; `theme`
    is searched for templates and CSS before the built-in theme."""
    from cjm.render.jinja import environment, theme_roots
    from cjm.render.poster_html import context
    from cjm.render.svg import render_svg

    poster = build(journey, Paper("A3", "landscape"), marks, curves, point_titles=True,
                   low_moment=low_moment)
    timeline = render_svg(journey, columns, marks, curves, low_moment).decode("utf-8")
    pages = _site_pages(site)
    values = {**context(poster),
              "detail_href": lambda link: pages.get(link.path or "", link.href(".html"))}
    if site and (site.get("crumbs") or site.get("entries")):
        values.update(linked=True, entry_links=site.get("entries") or {})
    page = environment(theme_roots(theme)).get_template("page.html.j2").render(
        **values, timeline=_inline(timeline, journey), generator=__version__,
        all_lanes=poster.lanes, site=site)
    return readable_text(page).encode("utf-8")


def _site_pages(site: dict[str, object] | None) -> dict[str, str]:
    """On a site: each map's resolved path → its page, for links between maps."""
    pages = site.get("pages") if site else None
    return pages if isinstance(pages, dict) else {}


def _inline(svg: str, journey: JourneyMap) -> str:
    """Graphviz's SVG as an element of the page: no prologue, named for assistive
    technology by a title and a description."""
    title = journey.title.value if journey.title else ""
    return _with_title(_XML_PROLOGUE.sub("", svg), title,
                       lx.timeline_description(journey.language, journey.step_count,
                                               len(journey.phases)))


def _with_title(svg: str, title: str, description: str) -> str:
    from html import escape

    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = (svg[start:end] + ' role="img" '
               'aria-labelledby="timeline-svg-title timeline-svg-desc">')
    return (svg[:start] + opening + f'<title id="timeline-svg-title">{escape(title)}</title>'
            f'<desc id="timeline-svg-desc">{escape(description)}</desc>' + svg[end + 1:])


# -- contrast ----------------------------------------------------------------------------------

