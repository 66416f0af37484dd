"""The report's library sections: where each library entry appears across the maps, the
entries used nowhere, and the library's metrics aggregated by their kind.

Metrics are never averaged across kinds: counts are added up, rates are a mean weighted by
the customers who reached each step (where every measured step says how many), scores are a
mean, durations a median, and net promoter scores are shown as a range (a mean of NPS across
maps means nothing).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from cjm.core import metrics
from cjm.core.library import Entry, Library, MetricType

#: The library's sections that list where each entry appears.
ENTITY_SECTIONS = ("touchpoints", "personas", "teams", "systems")
LIBRARY_SECTIONS = (*ENTITY_SECTIONS, "metrics")


@dataclass(frozen=True)
class Use:
    """One place where a library entry appears: a map, and a phase and step in it (both
    empty for a persona, who takes the whole journey)."""

    map: str
    title: str
    phase: str
    step: str


def uses(maps: list, library: Library, phases: dict[str, str]) -> dict[str, list[Use]]:
    """Library id → every place it appears, in map and step order (`maps` are the report's
    MapFacts; `phases` names phase keys)."""
    found: dict[str, list[Use]] = {id: [] for section in ENTITY_SECTIONS
                                    for id in library.ids(section)}
    for facts in maps:
        for id in facts.library_personas:
            found.setdefault(id, []).append(Use(facts.path, facts.title, "", ""))
        for step in facts.steps:
            for _, id in step.refs:
                found.setdefault(id, []).append(
                    Use(facts.path, facts.title, phases.get(step.phase, step.phase), step.label))
    return found


def entity_rows(maps: list, library: Library, section: str, phases: dict[str, str],
                where: dict[str, list[Use]] | None = None) -> list[dict]:
    """One row per entry of a section: its details, the maps and steps where it appears
    (`where`, see `uses`), and whether it is used at all; in library order."""
    where = where if where is not None else uses(maps, library, phases)
    rows = []
    for entry in library.entries(section):
        places = where.get(entry.id, [])
        rows.append({"id": entry.id, "name": entry.name, **_details(entry),
                     "maps": len({use.map for use in places}),
                     "steps": sum(1 for use in places if use.step),
                     "used": bool(places),
                     "where": [{"map": use.map, "phase": use.phase, "step": use.step}
                               for use in places]})
    return rows


def _details(entry: Entry) -> dict[str, str]:
    keys = {"touchpoints": ("channel", "owner"), "personas": ("role",),
            "teams": ("owner",), "systems": ("owner",)}[entry.section]
    return {key: value.value if (value := getattr(entry.record, key)) else ""
            for key in keys}


def metric_rows(maps: list, library: Library) -> list[dict]:
    """One row per library metric: how often it is measured, its aggregate by kind, and
    how many measurements meet its target."""
    measured: dict[str, list[tuple[float, float | None, str]]] = {}
    for facts in maps:
        for step in facts.steps:
            for id, value, reached in step.measures:
                measured.setdefault(id, []).append((value, reached, facts.path))
    rows = []
    for entry in library.entries("metrics"):
        metric = entry.record
        kind = metric.kind.value if metric.kind else ""
        values = measured.get(entry.id, [])
        met = missed = 0
        for value, _, _ in values:
            if metric.target is not None:
                if metrics.missed_target(metric, repr(value)):
                    missed += 1
                else:
                    met += 1
        rows.append({"id": entry.id, "name": entry.name, "kind": kind,
                     "measurements": len(values), "maps": len({path for *_, path in values}),
                     "aggregate": _aggregate(metric, kind, values),
                     "target": metric.target.value if metric.target else "",
                     "met": met, "missed": missed})
    return rows


def _aggregate(metric: MetricType, kind: str,
               values: list[tuple[float, float | None, str]]) -> str:
    if not values:
        return "not measured"
    numbers = [value for value, _, _ in values]

    def shown(value: float) -> str:
        return metrics.shown_typed(metric, repr(value))

    if kind == "count":
        return f"total {shown(sum(numbers))}"
    if kind == "rate":
        weights = [reached for _, reached, _ in values if reached]
        if len(weights) == len(values):
            mean = sum(v * w for v, w in zip(numbers, weights, strict=True)) / sum(weights)
            return f"{shown(mean)} weighted by reached"
        return f"mean {shown(statistics.fmean(numbers))} (reached not known for every step)"
    if kind == "nps":
        low, high = min(numbers), max(numbers)
        return shown(low) if low == high else f"{shown(low)} to {shown(high)} (not averaged)"
    if kind == "duration":
        return f"median {shown(statistics.median(numbers))}"
    return f"mean {shown(round(statistics.fmean(numbers), 2))}"
