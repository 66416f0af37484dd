"""The journey library: touchpoints, personas, teams, systems and metrics that many maps share.

A library is a set of YAML files (which ones, the configuration says). Each file is a
mapping of sections, each a list of records with an `id`; ids are unique across the whole
library. Maps refer to entries by id: a step's touchpoints, `persona: ID`, `personas: [ID]`,
a blueprint item's `by`, a step's metric names. `attach` gives a map its library, so that
every reader shows the library's names and details.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from cjm.core.model import Insight, JourneyMap, Opportunity, Persona, Step, Touchpoint
from cjm.core.source import Position, Text

#: The sections of a library file, in the order files and reports list them.
SECTIONS = ("touchpoints", "personas", "teams", "systems", "metrics", "opportunities",
            "insights")
#: The kinds of a library metric (`kind:`), and which way is better by default.
METRIC_KINDS = ("count", "rate", "score", "nps", "duration")
BETTER = ("higher", "lower")


@dataclass(frozen=True, slots=True)
class Team:
    """A team behind the service: what a blueprint item's `by` may name."""

    pos: Position
    id: Text | None
    name: Text | None = None
    owner: Text | None = None


@dataclass(frozen=True, slots=True)
class System:
    """A system behind the service, run by a team (`owner`, a team id)."""

    pos: Position
    id: Text | None
    name: Text | None = None
    owner: Text | None = None


@dataclass(frozen=True, slots=True)
class MetricType:
    """A typed metric that steps may measure by its id: its kind, scale and target."""

    pos: Position
    id: Text | None
    name: Text | None = None
    kind: Text | None = None
    min: Text | None = None
    max: Text | None = None
    target: Text | None = None
    better: Text | None = None

    @property
    def higher_is_better(self) -> bool:
        if self.better is not None:
            return self.better.value != "lower"
        return self.kind is None or self.kind.value != "duration"


@dataclass(frozen=True, slots=True)
class LibraryFile:
    """One library file as read. A section is None when the file does not have it."""

    path: str
    pos: Position
    touchpoints: tuple[Touchpoint, ...] | None = None
    personas: tuple[Persona, ...] | None = None
    teams: tuple[Team, ...] | None = None
    systems: tuple[System, ...] | None = None
    metrics: tuple[MetricType, ...] | None = None
    opportunities: tuple[Opportunity, ...] | None = None
    insights: tuple[Insight, ...] | None = None


@dataclass(frozen=True)
class Entry:
    """A library record with the file it stands in and its section."""

    section: str
    path: str
    record: Any

    @property
    def id(self) -> str:
        return self.record.id.value

    @property
    def name(self) -> str:
        """How outputs name the entry: its name (an opportunity's or insight's text), else
        its id."""
        named = (getattr(self.record, "name", None) or getattr(self.record, "text", None)
                 or self.record.id)
        return named.value


@dataclass(frozen=True)
class Library:
    """The library of a repository: its files, and each id's first entry."""

    files: tuple[LibraryFile, ...] = ()
    _index: dict[str, dict[str, Entry]] = field(default_factory=dict, compare=False,
                                               repr=False)

    def __post_init__(self) -> None:
        for section in SECTIONS:
            self._index[section] = {}
        for entry in self._entries():
            self._index[entry.section].setdefault(entry.id, entry)

    def _entries(self) -> Iterator[Entry]:
        """Every entry with an id, file by file, each file's sections in their order."""
        for library_file in self.files:
            for section in SECTIONS:
                for record in getattr(library_file, section) or ():
                    if record.id is not None:
                        yield Entry(section, library_file.path, record)

    def declares(self, section: str) -> bool:
        """Whether some library file has the section (then references must name its ids)."""
        return any(getattr(library_file, section) is not None for library_file in self.files)

    def entries(self, section: str) -> list[Entry]:
        """The section's entries, each id once, in file order."""
        return list(self._index[section].values())

    def get(self, section: str, id: str) -> Entry | None:
        return self._index[section].get(id)

    def ids(self, section: str) -> list[str]:
        return list(self._index[section])

    def names(self, section: str) -> dict[str, str]:
        """Id → shown name, for one section."""
        return {id: entry.name for id, entry in self._index[section].items()}

    def duplicates(self) -> Iterator[tuple[Entry, Entry]]:
        """(entry, the entry that first took its id) for every id declared again, in any
        section."""
        first: dict[str, Entry] = {}
        for entry in self._entries():
            taken = first.setdefault(entry.id, entry)
            if taken is not entry:
                yield entry, taken

    def doer(self, id: str) -> Entry | None:
        """The team or system a blueprint item's `by` names."""
        return self.get("teams", id) or self.get("systems", id)

    def named_by(self, step: Step) -> list[tuple[str, str]]:
        """(section, id) of each library entry a step names, once: its touchpoints, the
        teams and systems behind it (`by`), its opportunities, and its insights (its own
        and those its pain points name)."""
        from cjm.core import lanes

        named = [("touchpoints", t.value) for t in step.touchpoints]
        named += [(entry.section, entry.id) for lane in lanes.behind()
                  for item in lane.items(step)
                  if item.by is not None and (entry := self.doer(item.by.value))]
        named += [("opportunities", o.id.value) for o in step.opportunities if o.id]
        named += [("insights", i.id.value) for i in step.insights if i.id]
        named += [("insights", id.value) for pain in step.pains for id in pain.insights]
        return [ref for ref in dict.fromkeys(named) if self.get(*ref)]


def is_reference(persona: Persona) -> bool:
    """Whether a map's persona is written as a library id (`persona: sally`)."""
    return _only(persona, "id")


def attach(journey: JourneyMap, library: Library | None) -> JourneyMap:
    """`journey` with its library: persona references filled in from the library's
    personas (keeping the reference's positions), the library kept for names and details."""
    if library is None or not library.files:
        return journey
    persona = journey.persona and _filled(journey.persona, library)
    personas = tuple(_filled(item, library) for item in journey.personas)
    phases = journey.phases
    if library.ids("opportunities") or library.ids("insights"):
        phases = tuple(replace(phase, steps=tuple(_referenced(step, library)
                                                  for step in phase.steps))
                       for phase in journey.phases)
    return replace(journey, persona=persona, personas=personas, phases=phases,
                   library=library)


def _referenced(step: Step, library: Library) -> Step:
    """The step with each plain text that is a library opportunity's or insight's id
    replaced by that entry (at the reference's position)."""
    opportunities = tuple(_entry(item, "opportunities", library) for item in step.opportunities)
    insights = tuple(_entry(item, "insights", library) for item in step.insights)
    return replace(step, opportunities=opportunities, insights=insights)


def _entry(item: Any, section: str, library: Library) -> Any:
    if not is_plain(item):
        return item
    entry = library.get(section, item.text.value)
    return item if entry is None else replace(entry.record, pos=item.pos)


def is_plain(item: Any) -> bool:
    """Whether an opportunity or insight was written as plain text (no other field)."""
    return _only(item, "text")


def _only(record: Any, key: str) -> bool:
    """Whether a record read from the file has `key` and no other field: what plain text
    in the place of a record stands for."""
    return getattr(record, key) is not None and all(
        getattr(record, name) in (None, ()) for name in record.__slots__
        if name not in ("pos", key))


def _filled(persona: Persona, library: Library) -> Persona:
    if not is_reference(persona):
        return persona
    assert persona.id is not None
    entry = library.get("personas", persona.id.value)
    if entry is None:
        return persona
    return replace(entry.record, pos=persona.pos, id=persona.id)
