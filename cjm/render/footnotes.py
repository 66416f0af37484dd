"""The insights behind a map as footnotes: each insight numbered once, in step order, and
each step with the numbers of the insights that back it (its own, and those its pain points
name); the poster and the page list them under the grid with their sources."""

from __future__ import annotations

from dataclasses import dataclass

from cjm.core.evidence import backing, insights_by_id
from cjm.core.model import Insight, JourneyMap


@dataclass(frozen=True)
class Footnote:
    number: int
    insight: Insight
    step: int  # the number of the first step it backs

    def facts(self, words: dict[str, str]) -> list[str]:
        """Its kind, participants and date, in the map's language."""
        insight = self.insight
        shown = []
        if insight.kind is not None:
            shown.append(words.get(insight.kind.value, insight.kind.value))
        if insight.n is not None:
            shown.append(f"n = {insight.n.value} {words.get('participants', 'participants')}")
        if insight.date is not None:
            shown.append(insight.date.value)
        return shown


def footnotes(journey: JourneyMap) -> tuple[list[Footnote], dict[int, tuple[int, ...]]]:
    """The map's footnotes, and for each step number (1, 2, …) the footnotes that back it."""
    known = insights_by_id(journey)
    numbered: dict[int, Footnote] = {}  # id() of an insight → its footnote
    notes: dict[int, tuple[int, ...]] = {}
    for number, (_, step) in enumerate(journey.steps(), start=1):
        mine = []
        for insight in backing(step, known):
            if id(insight) not in numbered:
                numbered[id(insight)] = Footnote(len(numbered) + 1, insight, number)
            mine.append(numbered[id(insight)].number)
        if mine:
            notes[number] = tuple(sorted(set(mine)))
    return list(numbered.values()), notes
