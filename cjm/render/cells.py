"""A lane of a step as the renderers show it: one function per way of showing (see
`cjm.core.lanes`), shared by the poster and page grid and by the SVG timeline's card."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.core import lanes
from cjm.core.fields import CHOICE
from cjm.core.lanes import Lane
from cjm.core.links import is_web_link
from cjm.core.model import Step
from cjm.render.labels import labels
from cjm.render.series import PersonaStyle


@dataclass(frozen=True)
class Detail:
    """One detail of a record (an opportunity's owner or priority), labelled."""

    name: str  # the field: "priority"
    label: str  # its label in the map's language
    value: str  # as written: "high"
    shown: str  # as shown: "hoog"
    choice: bool  # one of a fixed set (styled by value: `priority-high`)
    url: bool = False  # an http(s) URL, which a page may link (`link`, `source`)


@dataclass(frozen=True)
class RecordView:
    text: str
    details: tuple[Detail, ...] = ()


def quotes(lane: Lane, step: Step, styles: tuple[PersonaStyle, ...]) -> list[tuple[str, str]]:
    """A quotes lane as (who, text): the shared ones (who is ""), then each persona's, who
    being their marker and name."""
    shown = [("", item.value) for item in lane.items(step)]
    own = {item.persona.value: item.value for item in lane.by_persona(step)}
    for style in styles:
        shown += [(f"{style.marker} {style.name}", item.value) for item in own.get(style.id, ())]
    return shown


def record_view(lane: Lane, record: object, words: dict[str, str],
                doers: dict[str, str] | None = None) -> RecordView:
    """A record's text and its details (not its id, which is for cross-reference); who
    does a blueprint item (`by`) is shown by name where `doers` has one (the library's)."""
    text = lane.text_of(record)
    details = []
    for name, kind, value in lane.details(record):
        choice = kind.kind == CHOICE
        shown = words.get(value.value, value.value) if choice else value.value
        if name == "by" and doers:
            shown = doers.get(value.value, shown)
        details.append(Detail(name, words.get(name, name), value.value, shown, choice,
                              is_web_link(value.value)))
    score = getattr(record, "score", None)
    if score is not None:
        details.append(Detail("score", words.get("score", "score"), f"{score:g}", f"{score:g}",
                              False))
    return RecordView(text.value if text else "", tuple(details))


def cell(lane: Lane, step: Step, names: dict[str, str], styles: tuple[PersonaStyle, ...],
         words: dict[str, str], doers: dict[str, str] | None = None) -> tuple[object, ...]:
    """What a lane's cell shows for a step: chips as names (through the touchpoint
    catalogue), quotes as (who, text), records as RecordViews, other lists as texts."""
    if lane.shown == lanes.CHIPS:
        return tuple(names.get(item.value, item.value) for item in lane.items(step))
    if lane.shown == lanes.QUOTES:
        return tuple(quotes(lane, step, styles))
    if lane.shown == lanes.RECORD_LIST:
        return tuple(record_view(lane, record, words, doers) for record in lane.items(step))
    if lane.shown in (lanes.LIST, lanes.IDS, lanes.HEADING):
        return tuple(item.value for item in lane.items(step))
    return lane.items(step)


def cell_texts(lane: Lane, step: Step, lang: str, doers: dict[str, str] | None = None
               ) -> list[str]:
    """A lane's items as plain lines of text (the timeline's blueprint strips): a record
    with its details after it, in brackets ("Account is provisioned (Onboarding)")."""
    texts = []
    for item in cell(lane, step, {}, (), labels(lang), doers):
        if isinstance(item, RecordView):
            details = ", ".join(detail.shown for detail in item.details)
            texts.append(f"{item.text} ({details})" if details else item.text)
        else:
            texts.append(str(item))
    return texts
