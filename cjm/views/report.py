"""`cjm report`: the view across all maps that no single map gives.

Each map is read once (in parallel, like `cjm lint`) into `MapFacts`, a small summary of
what the report needs; the sections are then built from the facts alone:

- coverage: per touchpoint and phase, in how many maps and steps it appears;
- recurring pains: pain points whose wording matches loosely in two or more maps;
- the opportunities backlog, by priority;
- emotion by phase across maps and personas, and the low moments;
- a summary per map, with its lint errors and warnings (maps that fail to load, with their
  first problem).

Phases are aligned by framework phase (a map's declared framework, else any framework whose
phase names match), else by their name compared loosely.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core import frameworks, lanes, parallel
from cjm.core.evidence import backing, insights_by_id
from cjm.core.model import DEFAULT_LOW_MOMENT, JourneyMap, Opportunity, Phase, Step, is_low
from cjm.core.source import Located
from cjm.lint.findings import Severity
from cjm.project.config import ConfigFinder, Settings
from cjm.views.library_report import LIBRARY_SECTIONS, entity_rows, metric_rows, uses

if TYPE_CHECKING:
    from cjm.core.library import Library

#: The sections a report has by default; `blueprint` joins them when a map has one.
DEFAULT_SECTIONS = ("summary", "coverage", "pains", "opportunities", "emotion", "low-moments")
SECTIONS = (*DEFAULT_SECTIONS, "blueprint", "evidence", *LIBRARY_SECTIONS)
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_WORDS = re.compile(r"[^\w]+")
_STOPWORDS = frozenset(
    "a an the of to in on for and or is are be it its at by with from no not de het een "
    "van en of op in te met voor is zijn niet geen er".split())


@dataclass(frozen=True)
class Backlog:
    """What the backlog knows of one opportunity on a step."""

    key: str  # its id (a library opportunity's), else "" (each such one stands alone)
    text: str
    owner: str
    priority: str
    status: str = ""
    value: int | None = None
    effort: int | None = None
    confidence: str = ""
    score: float | None = None
    link: str = ""

    @property
    def planned(self) -> bool:
        """Whether it carries more than a text, an owner and a priority."""
        return bool(self.key or self.status or self.value is not None
                    or self.effort is not None or self.confidence or self.link)


@dataclass(frozen=True)
class StepFacts:
    phase: str  # the phase key (see `phase_key`)
    label: str  # how the report names the step
    touchpoints: tuple[str, ...]
    scores: tuple[tuple[str, int], ...]  # (persona name or "", score)
    pains: tuple[str, ...]
    opportunities: tuple[tuple[str, str, str], ...]  # (text, owner, priority)
    #: The service blueprint: (lane, who, what) per item, and the step's fail points.
    blueprint: tuple[tuple[str, str, str], ...] = ()
    failpoints: tuple[str, ...] = ()
    #: The library entries the step names: (section, id) of touchpoints, teams, systems.
    refs: tuple[tuple[str, str], ...] = ()
    #: Its library metrics: (metric id, value, customers reached or None).
    measures: tuple[tuple[str, float, float | None], ...] = ()
    backlog: tuple[Backlog, ...] = ()  # its opportunities, as the backlog sees them
    #: Evidence: whether an observed or reported insight backs it, how many of its pains
    #: name one, and its insights' kinds.
    backed: bool = False
    pains_backed: int = 0
    insight_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapFacts:
    """What the report knows of one map file."""

    path: str
    title: str = ""
    personas: tuple[str, ...] = ()
    state: str = ""
    framework: str = ""
    phases: tuple[tuple[str, str], ...] = ()  # (key, name as written)
    steps: tuple[StepFacts, ...] = ()
    errors: int = 0
    warnings: int = 0
    problem: str = ""  # the first problem of a map that could not be read
    library_personas: tuple[str, ...] = ()  # the library personas it follows, by id
    library: str | None = None  # the configuration whose library it was read with


@dataclass(frozen=True)
class Options:
    owner: str | None = None  # only this owner's opportunities
    low_moment: int = DEFAULT_LOW_MOMENT
    library: Library | None = None  # the maps' library, for its sections
    status: str | None = None  # only the opportunities with this status


def gather(paths: Iterable[Path], config: Path | None = None, jobs: int | None = None
           ) -> list[MapFacts]:
    """The facts of every map among `paths`, in path order."""
    from cjm.project.discover import map_files

    finder = ConfigFinder(config)
    work = [(path, finder.for_map(path).settings_for(path))
            for path in sorted(map_files(paths, finder))]
    return parallel.in_order(_facts_job, work, parallel.workers(len(work), jobs))


def _facts_job(job: tuple[Path, Settings]) -> MapFacts:
    return facts_of(*job)


def facts_of(path: Path, settings: Settings | None = None) -> MapFacts:
    """Read and lint one map, keeping what the report needs."""
    from cjm.lint.run import lint_loaded
    from cjm.project.repository import load_map, root_for

    result = load_map(path)
    findings = lint_loaded(path, result, settings or Settings(), root=root_for(path))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    journey = result.map
    if journey is None or any(p.code.startswith("Y") for p in result.problems):
        first = result.problems[0].located(str(path)) if result.problems else str(path)
        return MapFacts(str(path), errors=errors, warnings=warnings, problem=first)
    return _facts(journey, str(path), errors, warnings)


def summarise(journey: JourneyMap, path: str) -> MapFacts:
    """What the report knows of a map already read (no lint counts)."""
    return _facts(journey, path, 0, 0)


def phase_order(maps: list[MapFacts]) -> list[tuple[str, str]]:
    """The phases of all maps in journey order (see `build`)."""
    return _phase_order(maps)


def _facts(journey: JourneyMap, path: str, errors: int, warnings: int) -> MapFacts:
    keys = [phase_key(journey, phase) for phase in journey.phases]
    names = journey.touchpoint_names()
    known = insights_by_id(journey)
    steps = tuple(
        StepFacts(key, _step_label(step), tuple(names.get(t.value, t.value)
                                                for t in step.touchpoints),
                  tuple((name, score) for name, score in journey.named_scores(step)
                        if score is not None),
                  tuple(p.text.value for p in step.pains if p.text),
                  tuple((o.text.value if o.text else "", o.owner.value if o.owner else "",
                         o.priority.value if o.priority else "") for o in step.opportunities),
                  _behind(step), tuple(t.value for t in lanes.step_lane("failpoints").items(step)),
                  _refs(journey, step), _measures(journey, step),
                  tuple(_backlog_of(o) for o in step.opportunities),
                  *_evidence(step, known))
        for key, phase in zip(keys, journey.phases, strict=True) for step in phase.steps)
    return MapFacts(
        path, journey.title.value if journey.title else "", _persona_names(journey),
        journey.state.value if journey.state else "",
        journey.framework.value if journey.framework else "",
        tuple((key, phase.name.value if phase.name else key)
              for key, phase in zip(keys, journey.phases, strict=True)),
        steps, errors, warnings, library_personas=_library_personas(journey))


def _refs(journey: JourneyMap, step: Step) -> tuple[tuple[str, str], ...]:
    """(section, id) of each library touchpoint, team and system the step names, once."""
    if journey.library is None:
        return ()
    return tuple(ref for ref in journey.library.named_by(step)
                 if ref[0] in ("touchpoints", "teams", "systems"))


def _measures(journey: JourneyMap, step: Step) -> tuple[tuple[str, float, float | None], ...]:
    """The step's library metrics that can be read: (id, value, reached)."""
    from cjm.core import metrics

    typed = journey.metric_types()
    reached = metrics.step_value(step, metrics.REACHED)
    found = []
    for metric in step.metrics:
        if metric.name.value in typed:
            value, problem = metrics.parse_typed(typed[metric.name.value], metric.text.value)
            if value is not None and not problem:
                found.append((metric.name.value, value, reached))
    return tuple(found)


def _backlog_of(o: Opportunity) -> Backlog:
    def text(value: Located[str] | None) -> str:
        return value.value if value else ""

    return Backlog(text(o.id), text(o.text), text(o.owner), text(o.priority), text(o.status),
                   o.value.value if o.value else None, o.effort.value if o.effort else None,
                   text(o.confidence), o.score, text(o.link))


def _evidence(step: Step, known: dict) -> tuple[bool, int, tuple[str, ...]]:
    """Whether research backs the step, how many of its pains name research, and the kinds
    of the insights behind it."""
    behind = backing(step, known)
    pains = sum(1 for pain in step.pains
                if any(known[id.value].evidence for id in pain.insights if id.value in known))
    return (any(i.evidence for i in behind), pains,
            tuple(i.kind.value if i.kind else "" for i in behind))


def _library_personas(journey: JourneyMap) -> tuple[str, ...]:
    library = journey.library
    if library is None:
        return ()
    return tuple(p.id.value for p in journey.everyone()
                 if p.id and library.get("personas", p.id.value))


def _behind(step: Step) -> tuple[tuple[str, str, str], ...]:
    """(lane, who, what) of each item done behind the step (see lanes.behind)."""
    return tuple((lane.key, item.by.value if item.by else "", item.text.value if item.text else "")
                 for lane in lanes.behind() for item in lane.items(step))


def _persona_names(journey: JourneyMap) -> tuple[str, ...]:
    """The names of the map's personas ("" for a map that names none)."""
    if journey.personas:
        return tuple(p.shown_name for p in journey.personas if p.id)
    return (journey.persona.shown_name if journey.persona else "",)


def _step_label(step: Step) -> str:
    if step.id:
        return step.id.value
    action = step.action.value if step.action else ""
    return action if len(action) <= 48 else action[:47] + "…"


def phase_key(journey: JourneyMap, phase: Phase) -> str:
    """The phase's place in the report: a framework phase's id (from the map's framework,
    else any framework naming it so), else its loosely compared name."""
    named = phase.id or phase.name
    name = named.value if named else ""
    declared = frameworks.get(journey.framework.value) if journey.framework else None
    for framework in ([declared] if declared else []) + list(frameworks.FRAMEWORKS.values()):
        index = framework.index_of(name)
        if index is None and phase.name:
            index = framework.index_of(phase.name.value)
        if index is not None:
            return framework.phases[index].id
    return frameworks.normalise(name) or "?"


# -- sections --------------------------------------------------------------------------------

@dataclass
class Report:
    maps: list[MapFacts]
    phases: list[tuple[str, str]] = field(default_factory=list)  # (key, shown name)
    coverage: list[dict] = field(default_factory=list)
    pains: list[dict] = field(default_factory=list)
    opportunities: list[dict] = field(default_factory=list)
    emotion: list[dict] = field(default_factory=list)
    low_moments: list[dict] = field(default_factory=list)
    summary: list[dict] = field(default_factory=list)
    blueprint: list[dict] = field(default_factory=list)
    touchpoints: list[dict] = field(default_factory=list)
    personas: list[dict] = field(default_factory=list)
    teams: list[dict] = field(default_factory=list)
    systems: list[dict] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    scored: bool = False  # whether the opportunities are a scored backlog


def build(maps: list[MapFacts], options: Options | None = None) -> Report:
    options = options or Options()
    report = Report(maps, _phase_order(maps))
    readable = [m for m in maps if not m.problem]
    report.summary = [_summary_row(m) for m in maps]
    report.coverage = _coverage(readable, report.phases)
    report.pains = _recurring_pains(readable)
    if any(item.planned for m in readable for step in m.steps for item in step.backlog):
        report.opportunities = scored_backlog(readable, options, report.phases)
        report.scored = True
    else:
        report.opportunities = _backlog(readable, options.owner, report.phases)
    report.evidence = _evidence_rows(readable, options.low_moment, report.phases)
    report.emotion = _emotion(readable, report.phases)
    report.low_moments = _low_moments(readable, options.low_moment, report.phases)
    report.blueprint = _blueprint(readable, report.phases)
    if options.library is not None:
        names = dict(report.phases)
        where = uses(readable, options.library, names)
        for section in LIBRARY_SECTIONS[:-1]:
            setattr(report, section, entity_rows(readable, options.library, section, names,
                                                 where))
        report.metrics = metric_rows(readable, options.library)
    return report


def default_sections(maps: list[MapFacts], library: Library | None = None) -> tuple[str, ...]:
    """The sections of a report that names none: the blueprint's when a map has one, and
    the library's sections that it has."""
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    if any(step.blueprint or step.failpoints for m in maps for step in m.steps):
        sections = (*sections, "blueprint")
    if any(step.insight_kinds for m in maps for step in m.steps):
        sections = (*sections, "evidence")
    if library is not None:
        sections = (*sections, *(name for name in LIBRARY_SECTIONS if library.declares(name)))
    return sections


def shared_library(paths: Iterable[Path], config: Path | None = None) -> Library | None:
    """The library of the maps among `paths`: the libraries of their configurations, the
    first one's entries first."""
    from cjm.project.discover import map_files
    from cjm.project.repository import library_across

    finder = ConfigFinder(config)
    configs = {id(found): found for found in map(finder.for_map, map_files(paths, finder))}
    return library_across(configs.values())


def _blueprint(maps: list[MapFacts], phases: list[tuple[str, str]]) -> list[dict]:
    """Who does what behind the journeys: each item of the blueprint with who does it (by
    who, then in the blueprint's lane order), then every fail point, in map order."""
    names = dict(phases)
    order = {lane.key: index for index, lane in enumerate(lanes.drawn())}
    rows = [{"who": who, "lane": lane, "what": what, "map": m.path,
             "phase": names.get(step.phase, step.phase), "step": step.label}
            for m in maps for step in m.steps for lane, who, what in step.blueprint]
    rows.sort(key=lambda r: (not r["who"], r["who"].casefold(), order[r["lane"]]))
    return rows + [{"who": "", "lane": "failpoints", "what": text, "map": m.path,
                    "phase": names.get(step.phase, step.phase), "step": step.label}
                   for m in maps for step in m.steps for text in step.failpoints]


def _phase_order(maps: list[MapFacts]) -> list[tuple[str, str]]:
    """Phase keys in journey order: by the median of their relative places in the maps;
    shown by a framework phase's English name, else the most common name as written."""
    places: dict[str, list[float]] = {}
    written: dict[str, dict[str, int]] = {}
    for facts in maps:
        count = len(facts.phases)
        for index, (key, name) in enumerate(facts.phases):
            places.setdefault(key, []).append(index / max(1, count - 1) if count > 1 else 0.0)
            names = written.setdefault(key, {})
            names[name] = names.get(name, 0) + 1
    english: dict[str, str] = {}
    for framework in frameworks.FRAMEWORKS.values():
        for phase in framework.phases:
            english.setdefault(phase.id, phase.names["en"])
    order = sorted(places, key=lambda key: (statistics.median(places[key]), key))
    return [(key, english.get(key) or _most_common(written[key])) for key in order]


def _most_common(counts: dict[str, int]) -> str:
    return min(counts, key=lambda name: (-counts[name], name))


def _summary_row(m: MapFacts) -> dict:
    return {"map": m.path, "title": m.title, "persona": ", ".join(m.personas),
            "state": m.state, "framework": m.framework, "steps": len(m.steps),
            "errors": m.errors, "warnings": m.warnings, "problem": m.problem}


def loose(text: str) -> str:
    """A key for comparing names loosely: case, accents, punctuation and spacing aside
    ("E-mail" is "email", "web shop" is "Webshop")."""
    return frameworks.normalise(text).replace(" ", "")


def _coverage(maps: list[MapFacts], phases: list[tuple[str, str]]) -> list[dict]:
    """Per touchpoint (loosely matched), per phase: maps and steps it appears in."""
    cells: dict[str, dict[str, tuple[set[str], int]]] = {}
    spelled: dict[str, dict[str, int]] = {}
    for facts in maps:
        for step in facts.steps:
            for name in step.touchpoints:
                key = loose(name) or name
                spelled.setdefault(key, {}).setdefault(name, 0)
                spelled[key][name] += 1
                seen, steps = cells.setdefault(key, {}).get(step.phase, (set(), 0))
                cells[key][step.phase] = (seen | {facts.path}, steps + 1)
    rows = []
    for key, by_phase in cells.items():
        per_phase = {phase: {"maps": len(by_phase[phase][0]), "steps": by_phase[phase][1]}
                     for phase, _ in phases if phase in by_phase}
        rows.append({"touchpoint": _most_common(spelled[key]),
                     "maps": len(set().union(*(seen for seen, _ in by_phase.values()))),
                     "steps": sum(steps for _, steps in by_phase.values()),
                     "phases": per_phase})
    return sorted(rows, key=lambda row: (-row["maps"], -row["steps"], row["touchpoint"]))


def pain_key(text: str) -> str:
    """Pain points match loosely: the same words, whatever their order, case, accents,
    punctuation, small words and plural s."""
    words = {word.rstrip("s") if len(word) > 3 else word
             for word in _WORDS.split(frameworks.normalise(text)) if word}
    return " ".join(sorted(words - _STOPWORDS))


def _recurring_pains(maps: list[MapFacts]) -> list[dict]:
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for facts in maps:
        for step in facts.steps:
            for pain in step.pains:
                groups.setdefault(pain_key(pain) or pain, []).append(
                    (pain, facts.path, step.label))
    rows = []
    for items in groups.values():
        in_maps = sorted({path for _, path, _ in items})
        if len(in_maps) < 2:
            continue
        texts: dict[str, int] = {}
        for text, _, _ in items:
            texts[text] = texts.get(text, 0) + 1
        rows.append({"pain": _most_common(texts), "maps": len(in_maps),
                     "where": [{"map": path, "step": label} for _, path, label in
                               sorted(items, key=lambda item: (item[1], item[2]))]})
    return sorted(rows, key=lambda row: (-row["maps"], row["pain"]))


def _backlog(maps: list[MapFacts], owner: str | None,
             phases: list[tuple[str, str]]) -> list[dict]:
    """Every opportunity (of `owner`, when given): by priority, then map, then step."""
    shown = dict(phases)
    ranked = []
    for facts in maps:
        for number, step in enumerate(facts.steps):
            for text, who, priority in step.opportunities:
                if owner is not None and who.casefold() != owner.casefold():
                    continue
                ranked.append(((PRIORITY_ORDER.get(priority, 3), facts.path, number), {
                    "opportunity": text, "owner": who, "priority": priority,
                    "map": facts.path, "phase": shown.get(step.phase, step.phase),
                    "step": step.label}))
    return [row for _, row in sorted(ranked, key=lambda item: item[0])]


def scored_backlog(maps: list[MapFacts], options: Options,
                   phases: list[tuple[str, str]]) -> list[dict]:
    """Every opportunity once (one with an id once, however many steps link it), with the
    steps it is on: by score (highest first; unscored last), then priority and place."""
    shown = dict(phases)
    rows: dict[object, dict] = {}
    for facts in maps:
        for number, step in enumerate(facts.steps):
            for index, item in enumerate(step.backlog):
                if options.owner is not None and item.owner.casefold() != options.owner.casefold():
                    continue
                if options.status is not None and (item.status or "open") != options.status:
                    continue
                key = item.key or (facts.path, number, index)
                row = rows.setdefault(key, {
                    "id": item.key, "opportunity": item.text, "status": item.status or "open",
                    "score": item.score, "value": item.value, "effort": item.effort,
                    "confidence": item.confidence, "owner": item.owner,
                    "priority": item.priority, "link": item.link, "steps": [],
                    "order": (PRIORITY_ORDER.get(item.priority, 3), facts.path, number)})
                row["steps"].append({"map": facts.path,
                                     "phase": shown.get(step.phase, step.phase),
                                     "step": step.label})
    ranked = sorted(rows.values(), key=lambda r: (r["score"] is None, -(r["score"] or 0),
                                                  r["order"]))
    return [{key: value for key, value in row.items() if key != "order"} for row in ranked]


def _evidence_rows(maps: list[MapFacts], low: int, phases: list[tuple[str, str]]) -> list[dict]:
    """Per map: the share of steps and of pain points backed by observed or reported
    insight, and the low moments that rest on assumption alone (or on nothing)."""
    shown = dict(phases)
    rows = []
    for facts in maps:
        steps = len(facts.steps)
        pains = sum(len(step.pains) for step in facts.steps)
        unbacked = [{"phase": shown.get(step.phase, step.phase), "step": step.label,
                     "emotion": min(score for _, score in step.scores),
                     "insights": "assumed" if step.insight_kinds else "none"}
                    for step in facts.steps
                    if step.scores and is_low(min(s for _, s in step.scores), low)
                    and not step.backed]
        rows.append({"map": facts.path, "steps": steps,
                     "steps_backed": sum(1 for step in facts.steps if step.backed),
                     "pains": pains,
                     "pains_backed": sum(step.pains_backed for step in facts.steps),
                     "unbacked_low_moments": unbacked})
    return rows


def _emotion(maps: list[MapFacts], phases: list[tuple[str, str]]) -> list[dict]:
    rows = []
    for key, name in phases:
        scored = [(score, facts.path, step.label, who) for facts in maps for step in facts.steps
                  if step.phase == key for who, score in step.scores]
        if not scored:
            continue
        lowest = min(scored, key=lambda item: (item[0], item[1], item[2], item[3]))
        rows.append({"phase": name, "mean": round(statistics.fmean(s for s, *_ in scored), 2),
                     "min": lowest[0], "scores": len(scored),
                     "maps": len({path for _, path, _, _ in scored}),
                     "lowest": {"map": lowest[1], "step": lowest[2], "persona": lowest[3]}})
    return rows


def _low_moments(maps: list[MapFacts], low: int, phases: list[tuple[str, str]]) -> list[dict]:
    shown = dict(phases)
    return [{"map": facts.path, "phase": shown.get(step.phase, step.phase),
             "step": step.label, "persona": who, "emotion": score}
            for facts in maps for step in facts.steps for who, score in step.scores
            if is_low(score, low)]
