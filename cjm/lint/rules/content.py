"""Rules about the map as a whole: its persona and its pain points."""

from __future__ import annotations

from collections.abc import Iterator

from cjm.lint.rules.base import WARNING, rule
from cjm.model import JourneyMap
from cjm.source import Position


@rule("J012", "no-persona", WARNING, "The map names no persona.")
def no_persona(journey: JourneyMap) -> Iterator[tuple[Position, str]]:
    """A journey is always someone's journey: one map per persona.

    Bad:  a map without `persona:`.
    Good: `persona: {name: Sally, role: Team lead}`.
    """
    if journey.persona is None:
        yield journey.pos, "the map has no persona: whose journey is this?"


@rule("J013", "no-pain-points", WARNING, "No step of the map lists a pain point.")
def no_pain_points(journey: JourneyMap) -> Iterator[tuple[Position, str]]:
    """Pain points are what a journey map is made to find; a map with none is unfinished.

    Bad:  no step with `pains:`.
    Good: `pains: [Too many tools, nothing in one place]` on the steps where it hurts.
    """
    if journey.phases and not any(step.pains for _, step in journey.steps()):
        yield journey.pos, "the map lists no pain points"
