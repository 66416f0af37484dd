"""Rules about the touchpoint catalogue: unknown and unused touchpoints."""

from __future__ import annotations

import difflib

from cjm.core.model import JourneyMap
from cjm.lint.rules.base import ERROR, WARNING, Hits, RuleOptions, rule, step_label


@rule("J010", "unknown-touchpoint", ERROR,
      "A step names a touchpoint that the map's catalogue or the library does not declare.")
def unknown_touchpoint(journey: JourneyMap, options: RuleOptions) -> Hits:
    """When a map declares a `touchpoints:` catalogue, or the repository's library has
    `touchpoints`, steps refer to their ids, so that a renamed or misspelt touchpoint cannot
    slip in.

    Bad:  catalogue `[{id: web, name: Website}]` and a step with `touchpoints: [website]`.
    Good: the step with `touchpoints: [web]`.
    """
    shared = journey.library is not None and journey.library.declares("touchpoints")
    if journey.touchpoints is None and not shared:
        return
    ids = journey.touchpoint_names()
    where = {(True, False): "the map's catalogue", (False, True): "the library",
             (True, True): "the map's catalogue or the library"}[
        (journey.touchpoints is not None, shared)]
    by_name = {name.casefold(): id for id, name in ids.items()}
    for _, step in journey.steps():
        for touchpoint in step.touchpoints:
            if touchpoint.value in ids:
                continue
            guess = by_name.get(touchpoint.value.casefold()) or next(
                iter(difflib.get_close_matches(touchpoint.value, ids, n=1)), None)
            hint = f"; did you mean `{guess}`?" if guess else ""
            yield touchpoint.pos, (f"touchpoint `{touchpoint.value}` of {step_label(step)} is "
                                   f"not in {where}{hint}")


@rule("J011", "unused-touchpoint", WARNING, "A catalogue touchpoint that no step uses.")
def unused_touchpoint(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A catalogue entry no step refers to is dead weight, or a step that was forgotten.

    Bad:  `{id: chat, name: Live chat}` in the catalogue and no step naming `chat`.
    Good: remove it, or add it to the step where the customer uses it.
    """
    used = {touchpoint.value for _, step in journey.steps() for touchpoint in step.touchpoints}
    for touchpoint in journey.touchpoints or ():
        if touchpoint.id and touchpoint.id.value not in used:
            yield touchpoint.pos, f"catalogue touchpoint `{touchpoint.id.value}` is never used"
