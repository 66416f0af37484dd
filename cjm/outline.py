"""`cjm show`: a map as a plain outline, one fact a line, for reading and for git.

Git's textconv runs `cjm show FILE` on both sides of a diff, so `git diff` and `git log -p`
compare outlines: a changed emotion is one changed line under its step's header, whatever
the YAML layout. A file that is not a readable map is shown as it is.
"""

from __future__ import annotations

from pathlib import Path

from cjm.errors import CjmError
from cjm.loader import load
from cjm.model import JourneyMap, Opportunity, Persona, Step
from cjm.source import DecodeError, read_bytes, read_text


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
    for name in ("goals", "frustrations", "expectations"):
        lines += [f"{prefix} {name[:-1]}: {item.value}" for item in getattr(persona, name)]
    return lines


def _value(item: object) -> str:
    return "" if item is None else str(item.value)  # type: ignore[attr-defined]


def _step_lines(step: Step) -> list[str]:
    header = f"  step {step.id.value}: " if step.id else "  step: "
    lines = [header + _value(step.action)]
    if step.personas:
        lines.append(f"    personas: {', '.join(id.value for id in step.personas)}")
    if step.touchpoints:
        lines.append(f"    touchpoints: {', '.join(t.value for t in step.touchpoints)}")
    if step.emotion is not None:
        lines.append(f"    emotion: {step.emotion.value}")
    lines += [f"    emotion {own.persona.value}: {own.value.value}" for own in step.emotion_by]
    lines += [f"    thought: {item.value}" for item in step.thoughts]
    lines += [f"    thought {own.persona.value}: {item.value}" for own in step.thoughts_by
              for item in own.value]
    lines += [f"    pain{f' {pain.id.value}' if pain.id else ''}: {_value(pain.text)}"
              for pain in step.pains]
    if step.addresses:
        lines.append(f"    addresses: {', '.join(item.value for item in step.addresses)}")
    lines += [f"    expectation: {item.value}" for item in step.expectations]
    lines += [f"    opportunity: {_opportunity(o)}" for o in step.opportunities]
    lines += [f"    metric {m.name.value}: {m.text.value}" for m in step.metrics]
    return lines


def _opportunity(opportunity: Opportunity) -> str:
    extra = [f"{name} {value.value}" for name, value in (("owner", opportunity.owner),
                                                          ("priority", opportunity.priority))
             if value is not None]
    text = _value(opportunity.text)
    return f"{text} ({', '.join(extra)})" if extra else text


def show(path: Path) -> str:
    """The outline of the map at `path`; the file as it is when it is no readable map (or
    no map at all: other YAML files have neither a title nor phases)."""
    result = load(path)
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
