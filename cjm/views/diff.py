"""`cjm diff`: what changed between two versions of a map, as a reviewer reads it.

Phases are matched by `id`, else by name; an unmatched old and new phase that share steps
were renamed. Steps are matched by `id`, else by their action text. A matched step whose
phase changed has moved; its fields are compared one by one (emotion 4 → 2, touchpoints
+website −reviews, …). Map fields, the persona and the touchpoint catalogue are compared too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cjm.core import lanes
from cjm.core.fields import INTEGER, RECORDS, TEXT
from cjm.core.lanes import Lane
from cjm.core.matching import Matching, StepList
from cjm.core.model import ByPersona, JourneyMap, Persona, Phase, Step, T
from cjm.core.source import Located


@dataclass(frozen=True)
class Change:
    """One change: what it is about (`subject`) and what happened (`details`)."""

    kind: str  # map, persona, touchpoint, phase, step
    subject: str
    details: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.subject}: {'; '.join(self.details)}"


def _value(item: Located[str] | Located[int] | None) -> object:
    return None if item is None else item.value


def _texts(items: Sequence[Located[str]]) -> list[str]:
    return [item.value for item in items]


def _short(text: str) -> str:
    return textwrap.shorten(text, 48, placeholder="…")


def _quote(value: object) -> str:
    if value in (None, ""):
        return "nothing"
    return str(value) if isinstance(value, int) else f'"{_short(str(value))}"'


def _field_change(name: str, old: object, new: object) -> str | None:
    if old == new:
        return None
    if isinstance(old, int) and isinstance(new, int):
        return f"{name} {old} → {new} ({new - old:+d})"
    if old is None:
        return f"{name} set to {_quote(new)}"
    if new is None:
        return f"{name} {_quote(old)} removed"
    return f"{name} {_quote(old)} → {_quote(new)}"


def _list_change(name: str, old: Iterable[str], new: Iterable[str]) -> str | None:
    old_list, new_list = list(old), list(new)
    added = [item for item in new_list if item not in old_list]
    removed = [item for item in old_list if item not in new_list]
    if not added and not removed:
        return None
    parts = [f"+{_quote(item)}" for item in added] + [f"−{_quote(item)}" for item in removed]
    return f"{name} {' '.join(parts)}"


def _changes(*parts: str | None) -> tuple[str, ...]:
    return tuple(part for part in parts if part)


# -- matching -------------------------------------------------------------------------------

def phase_label(phase: Phase) -> str:
    return phase.name.value if phase.name else (phase.id.value if phase.id else "?")


def step_label(step: Step) -> str:
    if step.id:
        return f"step `{step.id.value}`"
    return f'step "{_short(step.action.value)}"' if step.action else "a step"


# -- comparing ------------------------------------------------------------------------------


def compare(old: JourneyMap, new: JourneyMap) -> list[Change]:
    """The changes from `old` to `new`, in reading order: map, persona, catalogue, phases,
    steps."""
    matching = Matching.of(old, new)
    return [*_map_changes(old, new), *_persona_changes(old, new),
            *_catalogue_changes(old, new), *_phase_changes(old, new, matching.phases),
            *_step_changes(old, new, matching.old_steps, matching.new_steps, matching.steps,
                           matching.phases, moved_within_phases(matching))]


def step_marks(old: JourneyMap, new: JourneyMap) -> dict[int, str]:
    """Step number in `new` (1-based, in map order) → "added", "moved" or "changed", for
    the steps that differ from `old` (what `cjm render --diff` highlights)."""
    matching = Matching.of(old, new)
    old_of = {j: i for i, j in matching.steps.items()}
    reordered = moved_within_phases(matching)
    marks = {}
    for j, step in enumerate(matching.new_steps.steps):
        if j not in old_of:
            marks[j + 1] = "added"
            continue
        i = old_of[j]
        if (matching.phases.get(matching.old_steps.phase_of[i]) != matching.new_steps.phase_of[j]
                or i in reordered):
            marks[j + 1] = "moved"
        elif any(_step_field_changes(matching.old_steps.steps[i], step)):
            marks[j + 1] = "changed"
    return marks


def _map_changes(old: JourneyMap, new: JourneyMap) -> list[Change]:
    details = _changes(*(_field_change(name, _value(getattr(old, name)),
                                       _value(getattr(new, name)))
                         for name in ("title", "lang", "framework", "state", "baseline",
                                      "scenario")))
    return [Change("map", "map", details)] if details else []


def _persona_changes(old: JourneyMap, new: JourneyMap) -> list[Change]:
    """The persona, then each of several personas, matched by id."""
    changes = _one_persona_changes("persona", old.persona, new.persona)
    before = {p.id.value: p for p in old.personas if p.id}
    after = {p.id.value: p for p in new.personas if p.id}
    for id in [*before, *(id for id in after if id not in before)]:
        changes += _one_persona_changes(f"persona `{id}`", before.get(id), after.get(id))
    return changes


def _one_persona_changes(subject: str, a: Persona | None, b: Persona | None) -> list[Change]:
    if a is None and b is None:
        return []
    if a is None or b is None:
        what = "added" if a is None else "removed"
        name = _value((b or a).name)  # type: ignore[union-attr]
        return [Change("persona", subject, (f"{_quote(name)} {what}",))]
    details = _changes(
        *(_field_change(name, _value(getattr(a, name)), _value(getattr(b, name)))
          for name in ("name", "role", "description", "quote")),
        *(_list_change(lane.key, _texts(lane.items(a)), _texts(lane.items(b)))
          for lane in lanes.PERSONA_LANES))
    return [Change("persona", subject, details)] if details else []


def _catalogue_changes(old: JourneyMap, new: JourneyMap) -> list[Change]:
    def entries(journey: JourneyMap) -> dict[str, tuple[object, object]]:
        return {t.id.value: (_value(t.name), _value(t.channel))
                for t in journey.touchpoints or () if t.id}

    before, after = entries(old), entries(new)
    changes = []
    for id in after.keys() - before.keys():
        changes.append(Change("touchpoint", f"touchpoint `{id}`", ("added to the catalogue",)))
    for id in before.keys() - after.keys():
        changes.append(Change("touchpoint", f"touchpoint `{id}`",
                              ("removed from the catalogue",)))
    for id in before.keys() & after.keys():
        details = _changes(_field_change("name", before[id][0], after[id][0]),
                           _field_change("channel", before[id][1], after[id][1]))
        if details:
            changes.append(Change("touchpoint", f"touchpoint `{id}`", details))
    return sorted(changes, key=lambda change: change.subject)


def _phase_changes(old: JourneyMap, new: JourneyMap, matched: dict[int, int]) -> list[Change]:
    changes = []
    for i, phase in enumerate(old.phases):
        label = f'phase "{phase_label(phase)}"'
        if i not in matched:
            changes.append(Change("phase", label, ("removed",)))
            continue
        other = new.phases[matched[i]]
        details = _changes(
            _field_change("renamed", _value(phase.name), _value(other.name)),
            _field_change("goal", _value(phase.goal), _value(other.goal)))
        if details:
            changes.append(Change("phase", label, details))
    kept = set(matched.values())
    for j, phase in enumerate(new.phases):
        if j not in kept:
            changes.append(Change("phase", f'phase "{phase_label(phase)}"',
                                  (f"added at position {j + 1}",)))
    changes += _reordered(old, new, matched)
    return changes


def _reordered(old: JourneyMap, new: JourneyMap, matched: dict[int, int]) -> list[Change]:
    """Phases whose place among the kept phases changed (the fewest that explain it)."""
    order = [matched[i] for i in sorted(matched)]
    keep = set(_longest_increasing(order))
    return [Change("phase", f'phase "{phase_label(new.phases[j])}"',
                   (f"moved from position {i + 1} to {j + 1}",))
            for i, j in sorted(matched.items()) if j not in keep]


def _longest_increasing(values: list[int]) -> list[int]:
    best: list[list[int]] = []
    for value in values:
        candidates = [run for run in best if run[-1] < value]
        longest = max(candidates, key=len, default=[])
        best.append([*longest, value])
    return max(best, key=len, default=[])


def moved_within_phases(matching: Matching) -> dict[int, tuple[int, int]]:
    """Old step index → (old, new) position in its phase, 1-based, of each step that stays
    in its phase but changed its place there (the fewest moves that explain the order)."""
    old, new = matching.old_steps, matching.new_steps
    staying: dict[int, list[tuple[int, int]]] = {}
    for i, j in sorted(matching.steps.items()):
        if matching.phases.get(old.phase_of[i]) == new.phase_of[j]:
            staying.setdefault(new.phase_of[j], []).append((i, j))
    moved = {}
    for pairs in staying.values():
        keep = set(_longest_increasing([j for _, j in pairs]))
        for i, j in pairs:
            if j not in keep:
                moved[i] = (i - old.phase_of.index(old.phase_of[i]) + 1,
                            j - new.phase_of.index(new.phase_of[j]) + 1)
    return moved


def _step_changes(old: JourneyMap, new: JourneyMap, old_steps: StepList, new_steps: StepList,
                  step_match: dict[int, int], phase_match: dict[int, int],
                  reordered: dict[int, tuple[int, int]] | None = None) -> list[Change]:
    reordered = reordered or {}
    changes = []
    for i, step in enumerate(old_steps.steps):
        phase = phase_label(old.phases[old_steps.phase_of[i]])
        if i not in step_match:
            changes.append(Change("step", step_label(step), (f'removed from "{phase}"',)))
            continue
        j = step_match[i]
        other = new_steps.steps[j]
        new_phase_index = new_steps.phase_of[j]
        moved = phase_match.get(old_steps.phase_of[i]) != new_phase_index
        within = reordered.get(i)
        details = _changes(
            f'moved from "{phase}" to "{phase_label(new.phases[new_phase_index])}"'
            if moved else None,
            f'moved from position {within[0]} to {within[1]} in "{phase}"' if within else None,
            *_step_field_changes(step, other))
        if details:
            changes.append(Change("step", step_label(other), details))
    matched_new = set(step_match.values())
    for j, step in enumerate(new_steps.steps):
        if j not in matched_new:
            phase = phase_label(new.phases[new_steps.phase_of[j]])
            changes.append(Change("step", step_label(step), (f'added to "{phase}"',)))
    return changes


def record_text(lane: Lane, record: object) -> str:
    """A record as diff compares it: `text [id] (detail, …)`."""
    text = str(_value(lane.text_of(record)))
    id = getattr(record, "id", None)
    if id is not None:
        text += f" [{id.value}]"
    extra = ", ".join([*(str(value.value) for _, _, value in lane.details(record)),
                       *(f"{name} {', '.join(id.value for id in ids)}"
                         for name, ids in lane.references(record))])
    return f"{text} ({extra})" if extra else text


def _per_persona(old: Sequence[ByPersona[T]], new: Sequence[ByPersona[T]]
                 ) -> list[tuple[str, T | None, T | None]]:
    """(persona id, old value, new value) for every persona with a value on either side."""
    before = {item.persona.value: item.value for item in old}
    after = {item.persona.value: item.value for item in new}
    return [(id, before.get(id), after.get(id))
            for id in [*before, *(id for id in after if id not in before)]]


def _step_field_changes(a: Step, b: Step) -> list[str | None]:
    changes = [_field_change("id", _value(a.id), _value(b.id))]
    for lane in _reading_order(lanes.step_lanes()):
        changes += _lane_changes(lane, a, b)
    changes.append(_field_change("critical", *(None if s.critical is None else
                                               ("yes" if s.critical.value else "no")
                                               for s in (a, b))))
    changes.append(_field_change("detail", _value(a.detail), _value(b.detail)))
    return changes


def _reading_order(step_lanes: tuple[Lane, ...]) -> list[Lane]:
    """A step's lanes as a reviewer reads their changes: what and who (the lanes up to the
    first drawn one after the action), then how it feels, then the rest in the file's order."""
    scores = [lane for lane in step_lanes if lane.shown == lanes.SCORE]
    rest = [lane for lane in step_lanes if lane.shown != lanes.SCORE]
    lead = next((i for i, lane in enumerate(rest) if lane.shown not in (lanes.HEADING, lanes.IDS)),
                len(rest))
    return [*rest[:lead], *scores, *rest[lead:]]


def _lane_changes(lane: Lane, a: Step, b: Step) -> list[str | None]:
    """What changed in one lane of a matched step: a value (a score, the action), the items
    of a list, or each metric; per-persona values per persona."""
    if lane.shown == lanes.METRICS:
        return _metric_changes(a, b)
    if lane.field.kind in (TEXT, INTEGER):
        before, after = lane.items(a), lane.items(b)
        changes = [_field_change(lane.key, before[0].value if before else None,
                                 after[0].value if after else None)]
        return changes + [_field_change(f"{lane.key} of `{id}`", _value(old), _value(new))
                          for id, old, new in _per_persona(lane.by_persona(a),
                                                           lane.by_persona(b))]
    if lane.field.kind == RECORDS:
        return [_list_change(lane.key, [record_text(lane, r) for r in lane.items(a)],
                             [record_text(lane, r) for r in lane.items(b)])]
    changes = [_list_change(lane.key, _said(lane, a), _said(lane, b))]
    return changes + [_list_change(f"{lane.key} of `{id}`", _texts(old or ()), _texts(new or ()))
                      for id, old, new in _per_persona(lane.by_persona(a), lane.by_persona(b))]


def _said(lane: Lane, step: Step) -> list[str]:
    """A list lane's items as text; a list that says "none" as that word."""
    return [lanes.NONE_SAID] if lane.says_none(step) else _texts(lane.items(step))


def _metric_changes(a: Step, b: Step) -> list[str | None]:
    before = {m.name.value: m.text.value for m in a.metrics}
    after = {m.name.value: m.text.value for m in b.metrics}
    return [_field_change(name, _number_or_text(before.get(name)),
                          _number_or_text(after.get(name)))
            for name in [*before, *(name for name in after if name not in before)]]


def _number_or_text(text: str | None) -> object:
    """A metric as diff compares it: whole numbers as numbers (so the change is shown)."""
    if text is None:
        return None
    try:
        return int(text.replace("_", ""))
    except ValueError:
        return text


def marks_since(old_spec: str, new_path: str) -> dict[int, str]:
    """`cjm render --diff OLD`: the steps of the map at `new_path` that differ from OLD (a
    file or REV:PATH)."""
    from cjm.git.revisions import load_map

    return step_marks(load_map(old_spec), load_map(new_path))


# -- reports --------------------------------------------------------------------------------

def as_text(changes: list[Change]) -> str:
    if not changes:
        return "No changes.\n"
    return "".join(f"{change}\n" for change in changes)


def as_json(changes: list[Change], old: str, new: str) -> str:
    import json

    document = {"old": old, "new": new, "equal": not changes,
                "changes": [{"kind": c.kind, "subject": c.subject, "details": list(c.details)}
                            for c in changes]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_markdown(changes: list[Change], old: str, new: str) -> str:
    """For a pull-request comment: a heading, then a bullet per change."""
    lines = [f"### Journey map changes: `{new}`", ""]
    if not changes:
        return "\n".join([*lines, f"No changes since `{old}`.", ""])
    for change in changes:
        details = "; ".join(detail.replace("|", "\\|") for detail in change.details)
        lines.append(f"- **{change.subject}**: {details}")
    return "\n".join([*lines, ""])
