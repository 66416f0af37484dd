"""`cjm export --to pptx`: a map as a slide deck for the people a CX team reports to.

16:9 slides: a title slide (title, persona, scenario); the timeline as a picture; then per
phase its steps as a table, a column a step and a row per lane the phase fills (the
registry's lanes, named in the map's language; a long phase goes on to another slide), with
the customers' thoughts in the speaker notes. Text stays text, so it can be searched, read
aloud and edited. python-pptx is imported here only.
"""

from __future__ import annotations

import io

from cjm.core import lanes
from cjm.core.lanes import Lane
from cjm.core.model import JourneyMap, Phase, Step
from cjm.interchange.grid import cell_text
from cjm.interchange.workbook import fixed_times

#: Steps on one phase slide at most; a longer phase goes on to the next slide.
STEPS_PER_SLIDE = 5
_WIDTH, _HEIGHT = 13.333, 7.5  # inches: 16:9
_WORDS = {"en": {"journey": "The journey", "thoughts": "What the customer thinks",
                 "of": "of"},
          "nl": {"journey": "De reis", "thoughts": "Wat de klant denkt", "of": "van"}}


def to_pptx(journey: JourneyMap, timeline_png: bytes) -> bytes:
    """The deck; the same map gives the same bytes."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(_WIDTH), Inches(_HEIGHT)
    words = _WORDS.get(journey.language, _WORDS["en"])
    _title_slide(deck, journey)
    _timeline_slide(deck, words["journey"], timeline_png)
    for phase in journey.phases:
        chunks = [phase.steps[start:start + STEPS_PER_SLIDE]
                  for start in range(0, len(phase.steps), STEPS_PER_SLIDE)] or [()]
        for number, steps in enumerate(chunks, start=1):
            name = phase.name.value if phase.name else ""
            part = f" ({number} {words['of']} {len(chunks)})" if len(chunks) > 1 else ""
            _phase_slide(deck, journey, phase, name + part, list(steps), words)
    deck.core_properties.author = "cjm"
    deck.core_properties.title = journey.title.value if journey.title else ""
    out = io.BytesIO()
    deck.save(out)
    return fixed_times(out.getvalue())


def _title_slide(deck, journey: JourneyMap) -> None:
    from pptx.util import Pt

    slide = deck.slides.add_slide(deck.slide_layouts[0])
    _place(slide.shapes.title, 0.8, 1.6, _WIDTH - 1.6, 1.6)
    _place(slide.placeholders[1], 0.8, 3.4, _WIDTH - 1.6, 3.4)
    slide.shapes.title.text = journey.title.value if journey.title else ""
    persona = ", ".join(filter(None, (
        journey.persona.shown_name if journey.persona else ", ".join(
            p.shown_name for p in journey.personas),
        journey.persona.role.value if journey.persona and journey.persona.role else "")))
    lines = [line for line in (persona, journey.scenario.value if journey.scenario else "")
             if line]
    slide.placeholders[1].text = "\n".join(lines)
    _sized(slide.placeholders[1].text_frame, Pt(18))


def _place(shape, left: float, top: float, width: float, height: float) -> None:
    """Put a placeholder of the (4:3) default layouts where it belongs on a 16:9 slide."""
    from pptx.util import Inches

    shape.left, shape.top, shape.width, shape.height = (
        Inches(left), Inches(top), Inches(width), Inches(height))


def _heading(slide, title: str) -> None:
    from pptx.util import Pt

    _place(slide.shapes.title, 0.4, 0.25, _WIDTH - 0.8, 0.9)
    slide.shapes.title.text = title
    _sized(slide.shapes.title.text_frame, Pt(28))


def _timeline_slide(deck, title: str, png: bytes) -> None:
    from pptx.util import Inches

    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    _heading(slide, title)
    top, room_w, room_h = Inches(1.4), Inches(_WIDTH - 1), Inches(_HEIGHT - 1.6)
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(0.5), top)
    scale = min(room_w / picture.width, room_h / picture.height)
    picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
    picture.left = int((deck.slide_width - picture.width) / 2)


def _phase_slide(deck, journey: JourneyMap, phase: Phase, title: str, steps: list[Step],
                 words: dict[str, str]) -> None:
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])
    _heading(slide, title)
    if phase.goal:
        goal = slide.shapes.add_textbox(Inches(0.4), Inches(1.05), Inches(_WIDTH - 0.8),
                                        Inches(0.4)).text_frame
        goal.text = phase.goal.value
        _sized(goal, Pt(14))
    rows = [lane for lane in lanes.step_lanes()
            if lane.shown not in (lanes.HEADING, lanes.IDS)
            and any(lane.filled(step) for step in steps)]
    if steps:
        shape = slide.shapes.add_table(len(rows) + 1, len(steps) + 1, Inches(0.4), Inches(1.4),
                                       Inches(_WIDTH - 0.8), Inches(0.5 * (len(rows) + 1)))
        table = shape.table
        table.columns[0].width = Inches(1.8)
        for index in range(len(steps)):
            table.columns[index + 1].width = int((Inches(_WIDTH - 0.8) - Inches(1.8))
                                                 / len(steps))
        _fill(table.cell(0, 0), "", Pt(12))
        for column, step in enumerate(steps, start=1):
            _fill(table.cell(0, column), step.action.value if step.action else "", Pt(12))
        for row, lane in enumerate(rows, start=1):
            _fill(table.cell(row, 0), lane.label(journey.language), Pt(11))
            for column, step in enumerate(steps, start=1):
                _fill(table.cell(row, column), _text(journey, lane, step), Pt(10))
    thoughts = [f"{step.action.value if step.action else ''}: {item.value}"
                for step in steps for item in step.thoughts]
    thoughts += [f"{step.action.value if step.action else ''} ({own.persona.value}): "
                 f"{item.value}" for step in steps for own in step.thoughts_by
                 for item in own.value]
    if thoughts:
        notes = slide.notes_slide.notes_text_frame
        notes.text = words["thoughts"] + ":\n" + "\n".join(thoughts)


def _text(journey: JourneyMap, lane: Lane, step: Step) -> str:
    if lane.shown == lanes.SCORE and journey.personas:
        return "\n".join(f"{name}: {score}" for name, score in journey.named_scores(step)
                         if score is not None)
    value = cell_text(journey, lane, step, None)
    return "" if value is None else str(value)


def _fill(cell, text: str, size) -> None:
    cell.text = text
    _sized(cell.text_frame, size)


def _sized(frame, size) -> None:
    """Every run of a text frame at `size` (the layouts' own sizes are for 4:3 slides)."""
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = size
