"""Rules about the shared library: references to its entries, unique ids, typed metrics, and
links between maps."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from cjm.core import lanes, links, metrics
from cjm.core.library import Library, LibraryFile, MetricType, is_reference
from cjm.core.model import JourneyMap, Metric
from cjm.core.source import located
from cjm.lint.rules.base import (
    ERROR,
    WARNING,
    Hits,
    RuleOptions,
    did_you_mean,
    library_rule,
    rule,
    step_label,
)


def _persona_references(journey: JourneyMap, library: Library | None) -> Hits:
    for persona in journey.everyone():
        if not is_reference(persona):
            continue
        assert persona.id is not None
        id = persona.id.value
        if library is None or not library.declares("personas"):
            yield persona.id.pos, (f"persona `{id}` names a library persona, but the "
                                   "repository's library has no `personas`")
        else:
            yield persona.id.pos, (f"persona `{id}` is not in the library"
                                   f"{did_you_mean(id, library.names('personas'))}")


def _doer_references(journey: JourneyMap, library: Library | None) -> Hits:
    if library is None or not (library.declares("teams") or library.declares("systems")):
        return
    known = {**library.names("teams"), **library.names("systems")}
    doing = lanes.behind()
    for _, step in journey.steps():
        for lane in doing:
            for item in lane.items(step):
                if item.by is not None and item.by.value not in known:
                    yield item.by.pos, (f"`by: {item.by.value}` in `{lane.key}` of "
                                        f"{step_label(step)} names no team or system of the "
                                        f"library{did_you_mean(item.by.value, known)}")


def _owner_references(library_file: LibraryFile, library: Library) -> Hits:
    if not library.declares("teams"):
        return
    teams = library.names("teams")
    for section in ("touchpoints", "systems"):
        for record in getattr(library_file, section) or ():
            owner = record.owner
            if owner is not None and owner.value not in teams:
                yield owner.pos, (f"owner `{owner.value}` of {section[:-1]} "
                                  f"`{record.id.value if record.id else '?'}` is no team of the "
                                  f"library{did_you_mean(owner.value, teams)}")


@rule("J028", "unknown-reference", ERROR,
      "A map or library file names a persona, team or system the library does not declare.")
def unknown_reference(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Where the library declares personas, teams or systems, maps refer to them by id:
    `persona: ID`, `personas: [ID, …]`, a blueprint item's `by` (free text while the library
    has no teams or systems), and in the library a touchpoint's or system's `owner` (a team).

    Bad:  `persona: saly` with a library persona `sally`; `by: Digitl` with a team `digital`.
    Good: `persona: sally`; `by: digital`.
    """
    yield from _persona_references(journey, journey.library)
    yield from _doer_references(journey, journey.library)


#: The same rule looks at library files' owners.
unknown_reference = replace(unknown_reference, library_check=_owner_references)


@library_rule("J029", "duplicate-library-id", ERROR, "Two library entries share an id.")
def duplicate_library_id(library_file: LibraryFile, library: Library) -> Hits:
    """Ids are unique across the whole library, in every section and file, since maps name
    entries by id alone. Both places are reported.

    Bad:  `touchpoints: [{id: web}]` in one library file and `systems: [{id: web}]` in another.
    Good: `id: web` and `id: web-shop`.
    """
    for entry, first in library.duplicates():
        if entry.path == library_file.path:
            yield entry.record.id.pos, (f"library id `{entry.id}` is already declared at "
                                        f"{located(first.path, first.record.id.pos)}")
        if first.path == library_file.path:
            yield first.record.id.pos, (f"library id `{entry.id}` is declared again at "
                                        f"{located(entry.path, entry.record.id.pos)}")


@library_rule("J030", "library-metric-definition", ERROR,
              "A library metric's scale or target does not fit its kind.")
def library_metric_definition(library_file: LibraryFile, library: Library) -> Hits:
    """A typed metric's `min`, `max` and `target` are written as its kind's values (a rate
    as 0–1 or a percentage, a duration as 3m), with `min` below `max` and the target on the
    scale.

    Bad:  `{id: activation, kind: rate, min: 0, max: 150%}`; `{kind: score, min: 5, max: 1}`.
    Good: `{id: activation, kind: rate, target: 40%}`; `{kind: score, min: 1, max: 5}`.
    """
    for metric in library_file.metrics or ():
        yield from metrics.definition_problems(metric)


@rule("J031", "metric-out-of-scale", ERROR,
      "A step's library metric has a value its kind or scale does not allow.")
def metric_out_of_scale(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A step's `metrics` may name library metrics by id; their values are checked against
    the metric's kind and scale.

    Bad:  `metrics: {activation: 140%}` for a rate; `{effort: 9}` for a score with `max: 7`.
    Good: `metrics: {activation: 34%}`.
    """
    for metric, typed in _typed_metrics(journey):
        _, problem = metrics.parse_typed(typed, metric.text.value)
        if problem:
            yield metric.text.pos, problem


@rule("J032", "metric-misses-target", WARNING,
      "A step's library metric misses the target the library sets for it.")
def metric_misses_target(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A library metric may have a `target` and say whether `better` is higher or lower;
    a step whose value is on the wrong side of it is reported with both numbers.

    Bad:  `metrics: {activation: 25%}` when the library's target is 40%.
    Good: `metrics: {activation: 42%}`, or a plan for the step in `opportunities`.
    """
    for metric, typed in _typed_metrics(journey):
        missed = metrics.missed_target(typed, metric.text.value)
        if missed:
            yield metric.text.pos, missed


def _typed_metrics(journey: JourneyMap) -> Iterator[tuple[Metric, MetricType]]:
    library = journey.library
    if library is None or not library.declares("metrics"):
        return
    for _, step in journey.steps():
        for metric in step.metrics:
            entry = library.get("metrics", metric.name.value)
            if entry is not None and metric.source is None:
                yield metric, entry.record


@rule("J033", "bad-detail", ERROR,
      "A step's `detail` map is missing, not a map, outside the repository, or a cycle.")
def bad_detail(journey: JourneyMap, options: RuleOptions) -> Hits:
    """`detail: PATH` says that another map shows the step in detail (a journey of
    journeys). The path is relative to this map's folder, stays inside the repository, and
    names a map that loads; following the links never comes back to this map.

    Bad:  `detail: onboardng.yaml` (no such file); `detail: ../../elsewhere.yaml`.
    Good: `detail: onboarding.yaml`, a map beside this one.
    """
    for link in links.links(journey, options.root):
        if link.problem:
            yield link.written.pos, f"{step_label(link.step)}: {link.problem}"
            continue
        route = links.cycle(journey, link, options.root)
        if route:
            base = Path(journey.path).parent
            shown = " → ".join(Path(os.path.relpath(p, base)).as_posix() for p in route)
            yield link.written.pos, (f"{step_label(link.step)}: `detail` links form a cycle: "
                                     f"{shown}")
