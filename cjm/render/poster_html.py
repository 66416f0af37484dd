"""The poster's HTML: its template context and the template rendered (for the PDF, its
parts, and the HTML page)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from cjm import __version__
from cjm.core import lanes
from cjm.core.errors import UsageError
from cjm.core.links import is_web_link
from cjm.core.model import EMOTION_MAX, EMOTION_MIN, JourneyMap, Persona
from cjm.render import labels as lx
from cjm.render.detail import MARK
from cjm.render.jinja import environment
from cjm.render.poster import LANE_LABEL_WIDTH, Poster
from cjm.render.series import PersonaStyle, persona_styles


def poster_html(poster: Poster, roots: list[Path], part: str = "whole", part_css: str = "",
                page_count: int = 0) -> str:
    """The poster's HTML, from the first theme folder that has each template; a big
    poster's parts (see cjm.render.bigpdf) name theirs, with the CSS that makes them."""
    from cjm.render.contrast import readable_text  # text at AA contrast, as on the page

    return readable_text(environment(roots, cached=True, trailing_newlines=False).get_template(
        "poster.html.j2").render(
        **context(poster), part=part, part_css=part_css, page_count=page_count))


def context(poster: Poster) -> dict[str, object]:
    """What the poster's templates are rendered with (the HTML page uses it too)."""
    journey, words = poster.journey, poster.words
    persona = journey.persona
    title = journey.title.value if journey.title else ""
    scores = range(EMOTION_MIN, EMOTION_MAX + 1)
    return {
        "journey": journey, "persona": persona, "pages": poster.pages, "lanes": poster.lanes,
        "words": words, "paper": poster.paper, "lang": journey.language, "title": title,
        "author": persona.name.value if persona and persona.name else "",
        "subject": journey.scenario.value if journey.scenario else title,
        "keywords": ", ".join(p.name.value for p in journey.phases if p.name),
        "version": __version__, "created": _source_date(),
        "state": journey.state.value if journey.state and journey.state.value in
        ("current", "future") else None,
        "step_count": lx.counted(journey.step_count, words["step"], words["steps"]),
        "lane_width": f"{LANE_LABEL_WIDTH:.2f}",
        "column_width": f"{poster.paper.column_width:.2f}",
        "scores": scores, "colours": {s: lx.emotion_colour(s) for s in scores},
        "faces": lx.FACES,
        "marked": any(view.mark for page in poster.pages for view in page.steps),
        "in_legend": poster.curves.in_legend,
        "deltas": poster.curves.deltas is not None, "personas": _personas(journey),
        "funnel": "funnel" in poster.lanes,
        "lane_of": {lane.name: lane for lane in lanes.drawn()},
        "blueprint": any(lane.blueprint for lane in lanes.drawn() if lane.name in poster.lanes),
        "persona_lanes": lanes.PERSONA_LANES,
        "counted": lanes.counted_in_legend(step for _, step in journey.steps()),
        "detail_mark": MARK, "detail_href": lambda link: link.href(".pdf"),
        "linked": any(view.detail for page in poster.pages for view in page.steps),
        "entry_links": {},
        "footnotes": poster.footnotes, "critical_mark": lx.CRITICAL_MARK,
        "critical": any(step.is_critical for _, step in journey.steps()),
        "evidence": bool(poster.footnotes) or any(step.is_critical for _, step in journey.steps()),
        "web_link": is_web_link,
    }


def _personas(journey: JourneyMap) -> list[tuple[Persona, PersonaStyle]]:
    """Each persona of a map with several, with how it is drawn."""
    styles = {style.id: style for style in persona_styles(journey)}
    return [(persona, styles[persona.id.value]) for persona in journey.personas
            if persona.id and persona.id.value in styles]


def _source_date() -> str | None:
    """The date to stamp on the PDF: SOURCE_DATE_EPOCH when set, else none at all, so
    that the same map always gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError):
        raise UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds, got `{epoch}`") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
