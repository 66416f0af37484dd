"""`cjm export --to markdown`: a map as a Markdown document that GitHub renders: the
Mermaid diagram on top, then every lane in a table per phase; and the one Markdown escaper
that every Markdown writer of cjm uses.
"""

from __future__ import annotations

from cjm.core import lanes
from cjm.core.fields import CHOICE
from cjm.core.lanes import Lane
from cjm.core.markup import escape, longest_run
from cjm.core.model import JourneyMap, Persona, Step
from cjm.interchange.to_mermaid import Exported, diagram
from cjm.render.labels import FACES, labels

#: Lanes the Markdown tables leave out, and why.
NOT_IN_MARKDOWN = {lanes.IDS: "ids for cross-reference, not for readers",
                   lanes.METRICS: "numbers belong in the funnel of a render or in cjm report",
                   lanes.FOOTNOTES: "the renders' footnotes; cjm report --section evidence"}


def to_markdown(journey: JourneyMap) -> Exported:
    """The map as a Markdown document: title, persona, the diagram and a table per phase."""
    drawn = diagram(journey)
    words = labels(journey.language)
    lines = [f"# {escape(journey.title.value if journey.title else '')}", ""]
    facts = [words[journey.state.value] if journey.state and journey.state.value in words
             else None, journey.framework.value if journey.framework else None,
             f"{journey.step_count} {words['steps']}"]
    lines += [" · ".join(escape(fact) for fact in facts if fact), ""]
    if journey.scenario:
        lines += [f"> {escape(journey.scenario.value)}", ""]
    for persona in journey.everyone():
        lines += _persona(persona, words)
    fence = "`" * max(3, longest_run(drawn.text, "`") + 1)
    lines += [f"{fence}mermaid", drawn.text.rstrip("\n"), fence, ""]
    number = 0
    for phase in journey.phases:
        lines += [f"## {escape(phase.name.value if phase.name else '')}", ""]
        if phase.goal:
            lines += [f"*{escape(phase.goal.value)}*", ""]
        lines += _phase_table(journey, phase.steps, number, words)
        number += len(phase.steps)
    return Exported("\n".join(lines).rstrip("\n") + "\n", drawn.notes)


def _persona(persona: Persona, words: dict[str, str]) -> list[str]:
    head = f"**{escape(persona.shown_name)}**"
    if persona.role:
        head += f" — {escape(persona.role.value)}"
    lines = [f"### {words['persona']}: {head}", ""]
    if persona.description:
        lines += [escape(persona.description.value), ""]
    for lane in lanes.PERSONA_LANES:
        items = lane.items(persona)
        if items:
            lines += [f"- **{words[lane.name]}:** " + "; ".join(escape(i.value) for i in items)]
    if persona.quote:
        lines += ["", f"> “{escape(persona.quote.value)}”"]
    return [*lines, ""]


def _markdown_lanes() -> list[Lane]:
    """The lanes the Markdown tables show, in the file's order."""
    return [lane for lane in lanes.step_lanes() if lane.shown not in NOT_IN_MARKDOWN]


def _phase_table(journey: JourneyMap, steps: tuple[Step, ...], first: int,
                 words: dict[str, str]) -> list[str]:
    columns = {"#": lambda n, s: str(n)}
    for lane in _markdown_lanes():
        columns[words[lane.name]] = _column(journey, lane, words)
    always = ("#", *(words[lane.name] for lane in _markdown_lanes()
                     if lane.shown == lanes.HEADING))
    rows = [{name: cell(first + i, step) for name, cell in columns.items()}
            for i, step in enumerate(steps, start=1)]
    shown = [name for name in columns if name in always or any(row[name] for row in rows)]
    table = ["| " + " | ".join(shown) + " |", "|" + "|".join(" --- " for _ in shown) + "|"]
    table += ["| " + " | ".join(row[name] for name in shown) + " |" for row in rows]
    return [*table, ""]


def _column(journey: JourneyMap, lane: Lane, words: dict[str, str]):
    """How a lane's cell is written, by how the lane is shown."""
    names = journey.touchpoint_names()
    if lane.shown == lanes.HEADING:
        return lambda n, s: escape(" ".join(item.value for item in lane.items(s)))
    if lane.shown == lanes.CHIPS:
        return lambda n, s: ", ".join(escape(names.get(t.value, t.value))
                                      for t in lane.items(s))
    if lane.shown == lanes.SCORE:
        return lambda n, s: _emotion(journey, s)
    if lane.shown == lanes.QUOTES:
        return lambda n, s: _cell(_quotes(journey, lane, s))
    if lane.shown == lanes.RECORD_LIST:
        return lambda n, s: _cell(_record(lane, r, words) for r in lane.items(s))
    return lambda n, s: _cell(item.value for item in lane.items(s))


def _emotion(journey: JourneyMap, step: Step) -> str:
    scored = [(name, score) for name, score in journey.named_scores(step) if score is not None]
    if journey.personas:
        return "<br>".join(f"{escape(name)}: {FACES[s]} {s}" for name, s in scored
                           if s in FACES)
    return f"{FACES[scored[0][1]]} {scored[0][1]}" if scored and scored[0][1] in FACES else ""


def _quotes(journey: JourneyMap, lane: Lane, step: Step) -> list[str]:
    """The shared quotes, then each persona's own, named."""
    shown = [f"“{t.value}”" for t in lane.items(step)]
    own = {item.persona.value: item.value for item in lane.by_persona(step)}
    for persona in journey.personas:
        if persona.id:
            shown += [f"{persona.shown_name}: “{t.value}”" for t in own.get(persona.id.value, ())]
    return shown


def _record(lane: Lane, record: object, words: dict[str, str]) -> str:
    """`text (owner: X, priority: high)`: a record's details labelled, its choices in the
    map's language; its id is for cross-reference and left out."""
    scalar = lane.text_of(record)
    text = scalar.value if scalar else ""
    extra = []
    for name, kind, value in lane.details(record):
        shown = words.get(value.value, "") if kind.kind == CHOICE else value.value
        extra.append(f"{words.get(name, name)}: {shown}")
    return f"{text} ({', '.join(extra)})" if extra else text


def _cell(items) -> str:
    return "<br>".join(escape(item) for item in items)
