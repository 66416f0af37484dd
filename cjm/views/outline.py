"""`cjm show`: a map as a plain outline, one fact a line, for reading and for git.

Git's textconv runs `cjm show FILE` on both sides of a diff, so `git diff` and `git log -p`
compare outlines: a changed emotion is one changed line under its step's header, whatever
the YAML layout. A file that is not a readable map is shown as it is.
"""

from __future__ import annotations

from pathlib import Path

from cjm.core import lanes
from cjm.core.errors import CjmError
from cjm.core.lanes import Lane
from cjm.core.model import JourneyMap, Persona, Step
from cjm.core.source import DecodeError, read_bytes, read_text
from cjm.project.repository import load_map


def outline(journey: JourneyMap) -> str:
    lines = [f"map: {journey.title.value if journey.title else ''}"]
    for name in ("lang", "framework", "state", "baseline", "scenario"):
        value = getattr(journey, name)
        if value is not None:
            lines.append(f"{name}: {value.value}")
    if journey.persona:
        lines += _persona_lines(journey.persona, "persona")
    for persona in journey.personas:
        lines += _persona_lines(persona, f"persona {_value(persona.id)}")
    for touchpoint in journey.touchpoints or ():
        extra = f" ({touchpoint.channel.value})" if touchpoint.channel else ""
        lines.append(f"touchpoint {_value(touchpoint.id)}: {_value(touchpoint.name)}{extra}")
    for number, phase in enumerate(journey.phases, start=1):
        lines.append(f"phase {number}: {_value(phase.name)}")
        if phase.goal:
            lines.append(f"  goal: {phase.goal.value}")
        for step in phase.steps:
            lines += _step_lines(step)
    return "\n".join(lines) + "\n"


def _persona_lines(persona: Persona, prefix: str) -> list[str]:
    lines = []
    for name in ("name", "role", "description", "quote"):
        value = getattr(persona, name)
        if value is not None:
            lines.append(f"{prefix} {name}: {value.value}")
    for lane in lanes.PERSONA_LANES:
        lines += [f"{prefix} {lane.item}: {item.value}" for item in lane.items(persona)]
    return lines


def _value(item: object) -> str:
    return "" if item is None else str(item.value)  # type: ignore[attr-defined]


def _step_lines(step: Step) -> list[str]:
    header = f"  step {step.id.value}: " if step.id else "  step: "
    lines = [header + _value(step.action)]
    for lane in lanes.step_lanes():
        lines += [f"    {line}" for line in _lane_lines(lane, step)]
    if step.critical is not None:
        lines.append(f"    critical: {'yes' if step.critical.value else 'no'}")
    if step.detail is not None:
        lines.append(f"    detail: {step.detail.value}")
    return lines


def _lane_lines(lane: Lane, step: Step) -> list[str]:
    """A lane of a step as outline lines: one for a list of ids or a score, else one per
    item (and per persona's own items)."""
    items = lane.items(step)
    if lane.shown == lanes.HEADING:
        return []
    if lane.field.inline:
        return [f"{lane.key}: {', '.join(item.value for item in items)}"] if items else []
    if lane.shown == lanes.SCORE:
        return ([f"{lane.key}: {item.value}" for item in items]
                + [f"{lane.key} {own.persona.value}: {own.value.value}"
                   for own in lane.by_persona(step)])
    if lane.shown == lanes.METRICS:
        return [f"{lane.item} {m.name.value}: {m.text.value}" for m in items]
    if lane.shown in (lanes.RECORD_LIST, lanes.FOOTNOTES):
        return [_record_line(lane, record) for record in items]
    return ([f"{lane.item}: {item.value}" for item in items]
            + [f"{lane.item} {own.persona.value}: {item.value}"
               for own in lane.by_persona(step) for item in own.value])


def _record_line(lane: Lane, record: object) -> str:
    """`pain ID: text (owner X, priority Y)`: the id after the item's word, details after."""
    id = getattr(record, "id", None)
    head = f"{lane.item} {id.value}" if id is not None else lane.item
    extra = [f"{name} {value.value}" for name, _, value in lane.details(record)]
    extra += [f"{name} {', '.join(id.value for id in ids)}"
              for name, ids in lane.references(record)]
    text = _value(lane.text_of(record))
    return f"{head}: {text} ({', '.join(extra)})" if extra else f"{head}: {text}"


def show(path: Path) -> str:
    """The outline of the map at `path`; the file as it is when it is no readable map (or
    no map at all: other YAML files have neither a title nor phases)."""
    result = load_map(path)
    journey = result.map
    readable = journey is not None and not any(p.code.startswith("Y") for p in result.problems)
    if readable and journey is not None and (journey.title or journey.phases):
        return outline(journey)
    try:
        return read_text(path)
    except DecodeError:
        return read_bytes(path).decode("utf-8", errors="replace")
    except OSError as err:
        raise CjmError(f"{path}: cannot read it: {err.strerror or err}") from None
