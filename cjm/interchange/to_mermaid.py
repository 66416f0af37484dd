"""`cjm export --to mermaid`: a map as a Mermaid `journey` diagram.

Mermaid holds less than a map: a title, sections, tasks with one score and their actors.
Text it cannot hold is rewritten (see `cjm.interchange.mermaid.safe_name`) and lanes it
lacks are left out; each export says so in notes for stderr.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cjm.core import lanes
from cjm.core.model import JourneyMap, Step
from cjm.interchange import mermaid

#: The score a step without one is drawn at: Mermaid needs a score for every task.
NEUTRAL = 3
#: The lanes a Mermaid journey holds: the task (action) and its score.
_IN_MERMAID = (lanes.HEADING, lanes.SCORE)


@dataclass
class Exported:
    text: str
    notes: list[str] = field(default_factory=list)


def to_mermaid(journey: JourneyMap) -> Exported:
    """The map as a Mermaid journey diagram, with notes on what was rewritten or left out."""
    drawn = diagram(journey)
    return Exported(drawn.text, drawn.notes + _left_out(journey))


def diagram(journey: JourneyMap) -> Exported:
    """The Mermaid text of the map, with notes on what was rewritten."""
    notes: list[str] = []

    def safe(text: str, where: str, reserved: str = mermaid.NAME) -> str:
        changed = mermaid.rewritten(text, reserved)
        if changed:
            notes.append(f"{where}: {', '.join(changed)} rewritten so that Mermaid can read it")
        return mermaid.safe_name(text, reserved)

    title = journey.title.value if journey.title else ""
    diagram = mermaid.Diagram(title=safe(title, "title", mermaid.TITLE) or None)
    if journey.scenario:
        diagram.acc_descr = " ".join(journey.scenario.value.split())
    if journey.mermaid and journey.mermaid.acc_title:
        diagram.acc_title = " ".join(journey.mermaid.acc_title.value.split())
    if journey.mermaid and journey.mermaid.front_matter:
        diagram.front_matter = _front_matter(journey.mermaid.front_matter.value, notes)
    number = 0
    for phase in journey.phases:
        name = phase.name.value if phase.name else ""
        section = mermaid.Section(safe(name, f"phase `{name}`") or "(phase)", phase.pos)
        for step in phase.steps:
            number += 1
            section.tasks += _tasks(journey, step, number, safe, notes)
        diagram.sections.append(section)
    return Exported(mermaid.diagram_text(diagram), notes)


def _tasks(journey: JourneyMap, step: Step, number: int, safe, notes: list[str]
           ) -> list[mermaid.Task]:
    """A step as Mermaid tasks: one, or one per score when its personas score it apart;
    one without actors when no persona takes it (`personas: []`). Personas without a score
    of their own are left out of a scored step's actors; actors come in the order the
    step's `personas` lists them."""
    where = f"step {number}" + (f" (`{step.id.value}`)" if step.id else "")
    action = safe(step.action.value if step.action else "", where) or "(no action)"
    if step.personas == ():
        scores = [("", step.emotion.value if step.emotion else None)]
    else:
        scores = _in_step_order(journey, step)
    if all(score is None for _, score in scores):
        notes.append(f"{where} has no emotion score: drawn at {NEUTRAL} (neutral)")
        scores = [(name, NEUTRAL) for name, _ in scores]
    groups: dict[int, list[str]] = {}
    for name, score in scores:
        if score is not None:
            actors = groups.setdefault(score, [])
            if name:
                actors.append(safe(name, f"persona `{name}`", mermaid.ACTOR))
    return [mermaid.Task(action, str(score), tuple(actors), step.pos, step.pos)
            for score, actors in (groups or {NEUTRAL: []}).items()]


def _in_step_order(journey: JourneyMap, step: Step) -> list[tuple[str, int | None]]:
    """(name, score) of each persona taking the step, in the order of its `personas`."""
    scores = journey.named_scores(step)
    if not step.personas:
        return scores
    names = {p.id.value: p.shown_name for p in journey.personas if p.id}
    order = [names.get(item.value) for item in step.personas]
    return sorted(scores, key=lambda pair: order.index(pair[0]) if pair[0] in order
                  else len(order))


def _front_matter(text: str, notes: list[str]) -> str | None:
    """The front matter to write back, unless a line of it would end the front matter."""
    if any(line.strip() == "---" for line in text.splitlines()):
        notes.append("the front matter holds a `---` line, which would end it early: left out")
        return None
    return text


def _left_out(journey: JourneyMap) -> list[str]:
    steps = [step for _, step in journey.steps()]
    left_out = [lane.key for lane in lanes.step_lanes() if lane.row is not None
                and lane.shown not in _IN_MERMAID and any(lane.filled(step) for step in steps)]
    if not left_out:
        return []
    return [f"Mermaid's journey has no {', '.join(left_out)}: left out (cjm export --to "
            "markdown keeps them)"]
