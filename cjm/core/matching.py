"""Which step and phase of one version of a map became which of another: matched by `id`,
else by action text (steps) or name (phases); unmatched phases that share steps were
renamed. `cjm diff`, `cjm compare` and the baseline curve of a render all match this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cjm.core.model import JourneyMap, Step


def _value(item) -> object:
    return None if item is None else item.value


def match(old: Sequence[object], new: Sequence[object], keys) -> dict[int, int]:
    """old index → new index, matching by each key function in turn (first match wins)."""
    matched: dict[int, int] = {}
    for key in keys:
        taken = set(matched.values())
        by_key: dict[object, list[int]] = {}
        for j, item in enumerate(new):
            if j not in taken and key(item) is not None:
                by_key.setdefault(key(item), []).append(j)
        for i, item in enumerate(old):
            if i in matched or key(item) is None:
                continue
            candidates = by_key.get(key(item))
            if candidates:
                matched[i] = candidates.pop(0)
    return matched


def _step_keys():
    return (lambda s: _value(s.id),
            lambda s: _value(s.action),
            lambda s: " ".join(s.action.value.casefold().split()) if s.action else None)


@dataclass
class StepList:
    """Every step of a map with the index of its phase."""

    steps: list[Step]
    phase_of: list[int]

    @classmethod
    def of(cls, journey: JourneyMap) -> StepList:
        steps, phase_of = [], []
        for index, phase in enumerate(journey.phases):
            for step in phase.steps:
                steps.append(step)
                phase_of.append(index)
        return cls(steps, phase_of)


@dataclass
class Matching:
    """Which old step and phase became which new one."""

    old_steps: StepList
    new_steps: StepList
    steps: dict[int, int]
    phases: dict[int, int]

    @classmethod
    def of(cls, old: JourneyMap, new: JourneyMap) -> Matching:
        old_steps, new_steps = StepList.of(old), StepList.of(new)
        steps = match(old_steps.steps, new_steps.steps, _step_keys())
        return cls(old_steps, new_steps, steps,
                   _match_phases(old, new, old_steps, new_steps, steps))


def _match_phases(old: JourneyMap, new: JourneyMap, old_steps: StepList, new_steps: StepList,
                  step_match: dict[int, int]) -> dict[int, int]:
    """Phases by id, then name; then renames: unmatched phases sharing the most steps."""
    matched = match(old.phases, new.phases, (lambda p: _value(p.id), lambda p: _value(p.name)))
    shared: dict[tuple[int, int], int] = {}
    for i, j in step_match.items():
        pair = (old_steps.phase_of[i], new_steps.phase_of[j])
        shared[pair] = shared.get(pair, 0) + 1
    taken = set(matched.values())
    for (i, j), _ in sorted(shared.items(), key=lambda item: -item[1]):
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)
    return matched


def baseline_scores(current: JourneyMap, future: JourneyMap) -> list[int | None]:
    """For each step of `future`, in map order, the score of its step in `current` (None
    for a new step or one the current map did not score): the baseline curve."""
    matching = Matching.of(current, future)
    old_of = {j: i for i, j in matching.steps.items()}
    old = matching.old_steps.steps
    return [_score(old[old_of[j]]) if j in old_of else None
            for j in range(len(matching.new_steps.steps))]


def _score(step: Step) -> int | None:
    return step.emotion.value if step.emotion else None
