"""What backs a step: the insights it holds, and those its pain points name by id (the map's
own, else the library's)."""

from __future__ import annotations

from cjm.core.model import Insight, JourneyMap, Step


def insights_by_id(journey: JourneyMap) -> dict[str, Insight]:
    """Every insight a map can name by id: the library's, then its own (which win)."""
    found: dict[str, Insight] = {}
    if journey.library is not None:
        found.update((entry.id, entry.record) for entry in journey.library.entries("insights"))
    for _, step in journey.steps():
        found.update((insight.id.value, insight) for insight in step.insights if insight.id)
    return found


def backing(step: Step, known: dict[str, Insight]) -> list[Insight]:
    """The insights behind a step, each once: its own, then those its pain points name."""
    named = [known[id.value] for pain in step.pains for id in pain.insights
             if id.value in known]
    unique: dict[int, Insight] = {}
    for insight in [*step.insights, *named]:
        unique.setdefault(id(insight), insight)
    return list(unique.values())
