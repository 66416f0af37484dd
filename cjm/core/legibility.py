"""What makes a render of a map hard to read. Lint reports it (J023); the renderers draw the
map all the same and say so in a note: both ask here."""

from __future__ import annotations

from collections.abc import Iterator

from cjm.core.model import LEGIBLE_PERSONAS, JourneyMap
from cjm.core.source import Position

#: The lint rule that reports these.
CODE = "J023"


def too_many_personas(journey: JourneyMap) -> Iterator[tuple[Position, str]]:
    """The first persona past those a render keeps apart, when there is one."""
    if len(journey.personas) > LEGIBLE_PERSONAS:
        extra = journey.personas[LEGIBLE_PERSONAS]
        yield extra.pos, (f"the map has {len(journey.personas)} personas; renders keep "
                          f"{LEGIBLE_PERSONAS} apart")
