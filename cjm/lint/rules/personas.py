"""Rules about maps with several personas: their ids, and a score for each in each phase."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cjm.core import legibility
from cjm.core.model import JourneyMap, Step
from cjm.core.source import Text
from cjm.lint.rules.base import (
    ERROR,
    WARNING,
    Hits,
    RuleOptions,
    phase_label,
    repeated,
    rule,
    step_label,
)


@rule("J020", "persona-definition", ERROR,
      "A map has both `persona` and `personas`, or two personas share an id.")
def persona_definition(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A map follows one persona (`persona:`) or several (`personas:`, each with an id that
    steps use), never both; persona ids are unique.

    Bad:  `persona: {name: Sally}` and `personas: [{id: ben, name: Ben}]` in one map.
    Good: `personas: [{id: sally, name: Sally}, {id: ben, name: Ben}]`.
    """
    if journey.persona is not None and journey.personas:
        yield journey.personas[0].pos, ("the map has both `persona` and `personas`: keep "
                                        "`personas` and list every persona there")
    for id, first in repeated(persona.id for persona in journey.personas):
        yield id.pos, f"persona id `{id.value}` is already used at line {first.line}"


def _persona_keys(step: Step) -> Iterator[tuple[str, Text]]:
    """(field, persona id) for every persona a step names."""
    for scored in step.emotion_by:
        yield "emotion", scored.persona
    for thought in step.thoughts_by:
        yield "thoughts", thought.persona
    for id in step.personas or ():
        yield "personas", id


@rule("J021", "unknown-persona", ERROR, "A step names a persona id that `personas` lacks.")
def unknown_persona(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Per-persona emotion and thoughts (`emotion: {sally: 4, ben: 2}`) and a step's
    `personas` name ids of the map's `personas`.

    Bad:  `emotion: {sally: 4, bne: 2}` with personas `sally` and `ben`.
    Good: `emotion: {sally: 4, ben: 2}`.
    """
    known = journey.persona_ids()
    for _, step in journey.steps():
        for field, id in _persona_keys(step):
            if id.value in known:
                continue
            if not known:
                yield id.pos, (f"{step_label(step)} names persona `{id.value}` in `{field}`, "
                               "but the map lists no `personas`")
                continue
            close = difflib.get_close_matches(id.value, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"the map's are: {', '.join(known)}"
            yield id.pos, (f"{step_label(step)} names unknown persona `{id.value}` in "
                           f"`{field}`; {hint}")


@rule("J022", "persona-without-score", WARNING,
      "A persona takes steps in a phase but has an emotion score in none of them.")
def persona_without_score(journey: JourneyMap, options: RuleOptions) -> Hits:
    """With several personas, each one's curve should run through every phase they take
    part in; a phase where a persona has no score leaves their curve with a hole.

    Bad:  `emotion: {sally: 4}` on every step of a phase that Ben takes too.
    Good: `emotion: {sally: 4, ben: 2}`, or `emotion: 3` for everyone.
    """
    for phase in journey.phases:
        for id in journey.persona_ids():
            taken = [step for step in phase.steps if step.takes(id)]
            if taken and all(step.score_for(id) is None for step in taken):
                yield phase.pos, (f"persona `{id}` has no emotion score in "
                                  f"{phase_label(phase.name.value if phase.name else None)}")


@rule(legibility.CODE, "too-many-personas", WARNING,
      "A map has more personas than its renders keep apart.")
def too_many_personas(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Renders give each persona its own colour and marker; from the sixth persona on they
    repeat, and the curves are hard to tell apart. Split the map, or compare personas in
    pairs.

    Bad:  `personas:` with six entries.
    Good: at most five personas on one map.
    """
    yield from legibility.too_many_personas(journey)
