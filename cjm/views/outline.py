"""`cjm show`: a map as a plain outline, one fact a line, for reading and for git.

Git's textconv runs `cjm show FILE` on both sides of a diff, so `git diff` and `git log -p`
compare outlines: a changed emotion is one changed line under its step's header, whatever
the YAML layout. A file that is not a readable map is shown as it is.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cjm.core import lanes
from cjm.core.comments import Comment, comments_in
from cjm.core.errors import CjmError
from cjm.core.lanes import Lane
from cjm.core.model import JourneyMap, Persona, Step
from cjm.core.source import DecodeError, Located, read_bytes, read_text
from cjm.project.repository import load_map

#: An outline line and the map line it tells of (0: none of its own; it follows the last).
Fact = tuple[int, str]


def outline(journey: JourneyMap, comments: Sequence[Comment] = ()) -> str:
    """The map as an outline; `comments` (see `cjm.core.comments`) stand where they stood:
    a comment on a line of its own above the fact that follows it, at that fact's indent,
    and one after a value at the end of that value's line."""
    return "\n".join(_with_comments(_facts(journey), comments)) + "\n"


def _facts(journey: JourneyMap) -> list[Fact]:
    facts = [(_line(journey.title), f"map: {journey.title.value if journey.title else ''}")]
    for name in ("lang", "framework", "state", "baseline", "scenario"):
        value = getattr(journey, name)
        if value is not None:
            facts.append((_line(value), f"{name}: {value.value}"))
    if journey.persona:
        facts += _persona_lines(journey.persona, "persona")
    for persona in journey.personas:
        facts += _persona_lines(persona, f"persona {_value(persona.id)}")
    for touchpoint in journey.touchpoints or ():
        extra = f" ({touchpoint.channel.value})" if touchpoint.channel else ""
        facts.append((touchpoint.pos.line,
                      f"touchpoint {_value(touchpoint.id)}: {_value(touchpoint.name)}{extra}"))
    if journey.mermaid and journey.mermaid.acc_title:
        facts.append((_line(journey.mermaid.acc_title),
                      f"mermaid acc_title: {journey.mermaid.acc_title.value}"))
    if journey.mermaid and journey.mermaid.front_matter:
        facts += [(_line(journey.mermaid.front_matter), f"mermaid front_matter: {line}")
                  for line in journey.mermaid.front_matter.value.splitlines()]
    for number, phase in enumerate(journey.phases, start=1):
        facts.append((phase.pos.line, f"phase {number}: {_value(phase.name)}"))
        if phase.goal:
            facts.append((_line(phase.goal), f"  goal: {phase.goal.value}"))
        for step in phase.steps:
            facts += _step_lines(step)
    return facts


def _with_comments(facts: list[Fact], comments: Sequence[Comment]) -> list[str]:
    """The facts' text with each comment placed by its line (see `outline`): after the
    value on its line, else above the fact whose line comes next in the map."""
    if not comments:
        return [text for _, text in facts]
    first_at: dict[int, int] = {}  # a map line -> the first fact that tells of it
    for index, (line, _) in enumerate(facts):
        if line:
            first_at.setdefault(line, index)
    lines = sorted(first_at)
    above: dict[int, list[str]] = {}
    after: dict[int, str] = {}
    for comment in comments:
        if not comment.alone and comment.line in first_at and first_at[comment.line] not in after:
            after[first_at[comment.line]] = comment.text
            continue
        next_line = bisect.bisect_right(lines, comment.line)
        index = first_at[lines[next_line]] if next_line < len(lines) else len(facts)
        above.setdefault(index, []).append(comment.text)
    out = []
    for index, (_, text) in enumerate(facts):
        indent = text[:len(text) - len(text.lstrip())]
        out += [indent + comment for comment in above.get(index, ())]
        out.append(f"{text}  {after[index]}" if index in after else text)
    return out + above.get(len(facts), [])


def _line(item: Located[Any] | None) -> int:
    return item.pos.line if item is not None else 0


def _persona_lines(persona: Persona, prefix: str) -> list[Fact]:
    facts = []
    for name in ("name", "role", "description", "quote"):
        value = getattr(persona, name)
        if value is not None:
            facts.append((_line(value), f"{prefix} {name}: {value.value}"))
    for lane in lanes.PERSONA_LANES:
        facts += [(_line(item), f"{prefix} {lane.item}: {item.value}")
                  for item in lane.items(persona)]
    return facts


def _value(item: object) -> str:
    return "" if item is None else str(item.value)  # type: ignore[attr-defined]


def _step_lines(step: Step) -> list[Fact]:
    header = f"  step {step.id.value}: " if step.id else "  step: "
    facts = [(step.pos.line, header + _value(step.action))]
    for lane in lanes.step_lanes():
        facts += [(line, f"    {text}") for line, text in _lane_lines(lane, step)]
    if step.critical is not None:
        said = "yes" if step.critical.value else "no"
        facts.append((_line(step.critical), f"    critical: {said}"))
    if step.detail is not None:
        facts.append((_line(step.detail), f"    detail: {step.detail.value}"))
    return facts


def _lane_lines(lane: Lane, step: Step) -> list[Fact]:
    """A lane of a step as outline lines: one for a list of ids or a score, else one per
    item (and per persona's own items)."""
    items = lane.items(step)
    if lane.shown == lanes.HEADING:
        return []
    if lane.says_none(step):
        return [(step.pos.line, f"{lane.key}: {lanes.NONE_SAID}")]
    if lane.field.inline:
        return [(_line(items[0]), f"{lane.key}: {', '.join(item.value for item in items)}")
                ] if items else []
    if lane.shown == lanes.SCORE:
        return ([(_line(item), f"{lane.key}: {item.value}") for item in items]
                + [(_line(own.value), f"{lane.key} {own.persona.value}: {own.value.value}")
                   for own in lane.by_persona(step)])
    if lane.shown == lanes.METRICS:
        return [(_line(m.name), f"{lane.item} {m.name.value}: {m.text.value}") for m in items]
    if lane.shown in (lanes.RECORD_LIST, lanes.FOOTNOTES):
        return [(record.pos.line, _record_line(lane, record)) for record in items]
    return ([(_line(item), f"{lane.item}: {item.value}") for item in items]
            + [(_line(item), f"{lane.item} {own.persona.value}: {item.value}")
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
        return outline(journey, comments_in(result.text or "") or ())
    try:
        return read_text(path)
    except DecodeError:
        return read_bytes(path).decode("utf-8", errors="replace")
    except OSError as err:
        raise CjmError(f"{path}: cannot read it: {err.strerror or err}") from None
