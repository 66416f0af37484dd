"""The lane registry: a lane declared once reaches every writer, and each writer shows every
lane or says why not."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from cjm.core import lanes
from cjm.core.fields import INTEGER, NUMBERS, RECORDS, TEXT, TEXTS, Field
from cjm.core.lanes import Lane
from cjm.core.loader import load_text
from cjm.core.schema import schema
from cjm.core.spec import declared
from cjm.interchange.markdown import NOT_IN_MARKDOWN, to_markdown
from cjm.lint.run import lint_file
from cjm.render.jinja import BUILTIN_THEME
from cjm.render.poster import Paper, build
from cjm.render.poster_html import poster_html
from cjm.render.svg import render_svg
from cjm.views import diff
from cjm.views.outline import outline

#: A lane no writer has heard of, declared only here.
HOPES = Lane("hopes", "hopes", Field(TEXTS, "What the customer hopes for."), lanes.LIST,
             {"en": "Hopes", "nl": "Hoop"}, item="hope", row=8, card=lanes.LINES)

MAP = """\
title: Sally buys a bike
lang: {lang}
persona: {{name: Sally}}
phases:
  - name: Purchase
    steps:
      - id: pay
        action: Pays online
        emotion: 2
        hopes: [Delivery by Friday, A bell included]
      - action: Waits
        emotion: 4
"""


@pytest.fixture
def hopes():
    with declared(HOPES) as lane:
        yield lane


def journey(lang: str = "en", text: str = MAP):
    result = load_text(text.format(lang=lang), "sally.yaml")
    assert result.map is not None and not result.problems, result.problems
    return result.map


class Cells(HTMLParser):
    """Each table row's class with the texts of its header and cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.current = self.rows.setdefault(dict(attrs).get("class") or "", [])

    def handle_endtag(self, tag):
        if tag == "tr":
            self.current = None

    def handle_data(self, data):
        if self.current is not None and data.strip():
            self.current.append(data.strip())


def test_a_lane_declared_once_is_read_and_shown_by_every_writer(hopes: Lane, write_map
                                                                ) -> None:
    sally = journey()
    assert ("hopes", tuple(t.value for t in hopes.items(sally.phases[0].steps[0]))) == (
        "hopes", ("Delivery by Friday", "A bell included"))
    assert not [f.code for f in lint_file(write_map(MAP.format(lang="en")))
                if f.code.startswith("S")]  # no unknown key
    assert "hopes" in schema()["$defs"]["Step"]["properties"]

    shown = outline(sally).splitlines()
    assert shown[shown.index("  step pay: Pays online") + 2:][:2] == [
        "    hope: Delivery by Friday", "    hope: A bell included"]

    before = journey(text=MAP.replace(", A bell included", ""))
    assert [str(c) for c in diff.compare(before, sally)] == [
        'step `pay`: hopes +"A bell included"']

    markdown = to_markdown(sally).text
    assert "| # | Actions | Emotion | Hopes |" in markdown
    assert "| 1 | Pays online | ☹ 2 | Delivery by Friday<br>A bell included |" in markdown

    cells = Cells()
    cells.feed(poster_html(build(sally, Paper("A3", "landscape")), [BUILTIN_THEME]))
    assert cells.rows["lane lane-hopes"] == ["Hopes", "Delivery by Friday", "A bell included"]

    svg = ET.fromstring(render_svg(sally, 6))
    card = next(g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == "step-1")
    texts = [t.text for t in card.iter("{http://www.w3.org/2000/svg}text")]
    assert "· Delivery by Friday" in texts and "· A bell included" in texts


def test_a_declared_lane_speaks_the_maps_language(hopes: Lane) -> None:
    cells = Cells()
    cells.feed(poster_html(build(journey("nl"), Paper("A3", "landscape")), [BUILTIN_THEME]))
    assert cells.rows["lane lane-hopes"][0] == "Hoop"
    assert "| # | Acties | Emotie | Hoop |" in to_markdown(journey("nl")).text


def test_the_lane_is_gone_after_its_block(write_map) -> None:
    with declared(HOPES):
        pass
    findings = lint_file(write_map(MAP.format(lang="en")))
    assert [(f.line, f.column, f.code) for f in findings if f.code.startswith("S")] == [
        (10, 9, "S002")]
    assert "hopes" not in schema()["$defs"]["Step"]["properties"]


def test_every_drawn_lane_has_a_label_in_both_languages() -> None:
    for lane in (*lanes.step_lanes(), *lanes.PERSONA_LANES):
        assert set(lane.labels) == {"en", "nl"}, lane.name


def test_markdown_shows_every_lane_it_does_not_list_with_a_reason() -> None:
    for lane in lanes.step_lanes():
        if lane.shown in NOT_IN_MARKDOWN:
            continue
        assert lane.row is not None, f"{lane.name}: shown in Markdown but drawn nowhere"


def _filled_step() -> str:
    """A step with a value in every lane of the registry, each value naming its lane."""
    lines = ["      - id: every"]
    for lane in lanes.step_lanes():
        kind = lane.field.kind
        if kind == TEXT:
            lines.append(f"        {lane.key}: {lane.key} value")
        elif kind == INTEGER:
            lines.append(f"        {lane.key}: 2")
        elif kind == NUMBERS:
            lines.append(f"        {lane.key}: {{reached: 1200, csat: 3.5}}")
        elif kind == RECORDS:
            lines.append(f"        {lane.key}: [{{text: {lane.key} value}}]")
        elif lane.field.inline:
            lines.append(f"        {lane.key}: [{lane.key}value]")
        else:
            lines.append(f"        {lane.key}: [{lane.key} value]")
    return "\n".join(lines) + "\n"


def test_every_lane_of_the_registry_reaches_every_writer_that_shows_it() -> None:
    """The completeness check: a step filled in every lane, and each writer shows each lane
    (or its module says why not), so a new way of showing cannot be forgotten."""
    text = ("title: Everything\npersona: {name: Sally}\nphases:\n  - name: All\n    steps:\n"
            + _filled_step()).replace("personas: [personasvalue]", "")
    result = load_text(text, "every.yaml")
    assert result.map is not None and not result.problems, result.problems
    every = result.map
    shown = outline(every)
    markdown = to_markdown(every).text
    poster = poster_html(build(every, Paper("A3", "landscape")), [BUILTIN_THEME])
    svg = render_svg(every, 6).decode("utf-8")
    for lane in lanes.step_lanes():
        if lane.key == "personas":
            continue  # a map with one persona: no step names personas
        value = "2" if lane.shown == lanes.SCORE else (
            "1200" if lane.shown == lanes.METRICS else
            f"{lane.key}value" if lane.field.inline else f"{lane.key} value")
        assert value in shown, f"cjm show leaves out {lane.name}"
        if lane.shown not in NOT_IN_MARKDOWN:
            assert value in markdown, f"the Markdown export leaves out {lane.name}"
        if lane.row is not None:
            assert f"lane-{lane.name}" in poster, f"the poster has no row for {lane.name}"
            if lane.shown not in (lanes.SCORE, lanes.METRICS):
                assert value in poster, f"the poster leaves out {lane.name}"
        if lane.card == lanes.LINES:
            assert value in svg, f"the SVG card leaves out {lane.name}"
        if lane.card == lanes.COUNT:
            assert f"{lane.mark} 1" in svg, f"the SVG card does not count {lane.name}"
    changed = load_text(text.replace(" value", " changed"), "every.yaml").map
    assert changed is not None
    details = str(diff.compare(every, changed)[0])
    for lane in lanes.step_lanes():
        if lane.field.kind not in (INTEGER, NUMBERS) and not lane.field.inline:
            assert f'{lane.key} ' in details, f"cjm diff leaves out {lane.name}"
