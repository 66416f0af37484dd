"""The site of a journey repository: the hierarchy that `detail` links make, breadcrumbs on
each map page, and a page per library entry, linked both ways with the map pages.

Each map is read once, with its library; what a map's page shows of other maps (its
breadcrumbs, the titles of its detail maps) and the library's digest join the map's
fingerprint, so that the incremental build renders a page again when any of them changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from cjm.core import ids, links, metrics
from cjm.core.library import SECTIONS, Entry, Library
from cjm.core.model import JourneyMap
from cjm.project.config import ConfigFinder

#: Where the site keeps the library's entry pages, its overview, and the hierarchy's page.
LIBRARY_FOLDER, LIBRARY_PAGE, HIERARCHY_PAGE = "library", "library.html", "journeys.html"
BACKLOG_PAGE = "opportunities.html"


@dataclass
class Repository:
    """What the site knows across maps: titles, detail links, and the library."""

    slugs: dict[str, str]  # resolved map path → slug
    titles: dict[str, str]  # slug → title
    children: dict[str, list[str]] = field(default_factory=dict)  # slug → detail slugs
    parents: dict[str, list[str]] = field(default_factory=dict)
    maps: dict[str, JourneyMap] = field(default_factory=dict)  # slug → map read
    library: Library | None = None
    #: Library id → the file name of its page (ids made safe and unique as file names).
    pages: dict[str, str] = field(default_factory=dict)
    #: Each library file, as findings name it → as the repository names it.
    files: dict[str, str] = field(default_factory=dict)

    @property
    def backlog(self) -> bool:
        """Whether some opportunity has a value and an effort (the site draws the matrix)."""
        return any(o.value is not None and o.effort is not None
                   for journey in self.maps.values() for _, step in journey.steps()
                   for o in step.opportunities)

    @property
    def linked(self) -> bool:
        """Whether the maps form a hierarchy (some step has a detail map on the site)."""
        return any(self.children.values())

    def breadcrumbs(self, slug: str) -> list[tuple[str, str]]:
        """(title, page) from the top of the hierarchy down to the map's parent, following
        each map's first parent (never round a cycle)."""
        chain: list[str] = []
        here = slug
        while self.parents.get(here) and self.parents[here][0] not in (slug, *chain):
            here = self.parents[here][0]
            chain.append(here)
        return [(self.titles[s], f"{s}.html") for s in reversed(chain)]

    def fingerprint(self, slug: str) -> str:
        """What a map's page shows of the rest of the repository, as a digest."""
        shown = {"crumbs": self.breadcrumbs(slug),
                 "details": [(s, self.titles[s]) for s in self.children.get(slug, [])],
                 "library": library_digest(self.library)}
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()

    def entry_pages(self, prefix: str = "../") -> dict[str, str]:
        """Shown name → page of each library touchpoint, team and system, from a map page."""
        if self.library is None:
            return {}
        return {entry.name: f"{prefix}{LIBRARY_FOLDER}/{self.pages[entry.id]}"
                for section in ("touchpoints", "teams", "systems")
                for entry in self.library.entries(section)}


def read_repository(sources: list[Path], slugs: list[str], finder: ConfigFinder) -> Repository:
    """Read every map with its library; find the detail links between them."""
    from cjm.project.repository import library_across, library_results, load_map, root_for

    by_path = {str(source.resolve()): slug for source, slug in zip(sources, slugs, strict=True)}
    repository = Repository(by_path, {slug: slug for slug in slugs})
    configs = {id(config): config for config in map(finder.for_map, sources)}.values()
    for config in configs:
        for path, result in library_results(config):
            if result.library is not None and config.path is not None:
                repository.files[result.library.path] = path.relative_to(
                    config.path.parent.resolve()).as_posix()
    repository.library = library_across(configs)
    for source, slug in zip(sources, slugs, strict=True):
        journey = load_map(source, finder).map
        if journey is None:
            continue
        repository.maps[slug] = journey
        repository.titles[slug] = journey.title.value if journey.title else source.name
        for link in links.links(journey, root_for(source, finder)):
            target = by_path.get(str(link.path.resolve())) if link.map else None
            if target and target not in repository.children.setdefault(slug, []):
                repository.children[slug].append(target)
                repository.parents.setdefault(target, []).append(slug)
    if repository.library is not None:
        known = [entry.id for section in SECTIONS
                 for entry in repository.library.entries(section)]
        repository.pages = {id: f"{name}.html"
                            for id, name in zip(known, ids.ids_for(tuple(known)), strict=True)}
    return repository


def library_digest(library: Library | None) -> str:
    """A digest of the library's files, as read."""
    if library is None:
        return ""
    return hashlib.sha256(repr(library.files).encode()).hexdigest()


def hierarchy(repository: Repository) -> list[dict]:
    """The journey of journeys as a tree: maps that are no other map's detail at the top,
    each with its detail maps below it (a map met again is not expanded again)."""
    def node(slug: str, seen: frozenset[str]) -> dict:
        kids = [] if slug in seen else [node(child, seen | {slug})
                                        for child in repository.children.get(slug, [])]
        return {"slug": slug, "title": repository.titles[slug], "children": kids}

    tops = [slug for slug in repository.titles if not repository.parents.get(slug)]
    return [node(slug, frozenset()) for slug in tops]


@dataclass(frozen=True)
class Place:
    """Where a library entry appears: a map's page, and the phase and step in it (empty
    for a persona, who takes the whole journey); a metric's value there."""

    slug: str
    title: str
    phase: str = ""
    step: str = ""
    value: str = ""
    missed: str = ""  # how the value misses the metric's target ("" when it does not)


def entry_pages(repository: Repository) -> list[tuple[Entry, list[Place]]]:
    """Every library entry, each id once, with every place it appears, in map order."""
    library = repository.library
    if library is None:
        return []
    places = _places(repository, library)
    return [(entry, places.get(entry.id, [])) for section in SECTIONS
            for entry in library.entries(section)]


def _places(repository: Repository, library: Library) -> dict[str, list[Place]]:
    """Library id → every place it appears, in map and step order, in one pass over the
    maps: the personas a map follows, the entries its steps name, the metrics they measure."""
    found: dict[str, list[Place]] = {}
    for slug, journey in repository.maps.items():
        title = repository.titles[slug]
        for id in dict.fromkeys(p.id.value for p in journey.everyone() if p.id):
            if library.get("personas", id):
                found.setdefault(id, []).append(Place(slug, title))
        for phase, step in journey.steps():
            where = (slug, title, phase.name.value if phase.name else "",
                     step.action.value if step.action else "")
            for _, id in library.named_by(step):
                found.setdefault(id, []).append(Place(*where))
            for m in step.metrics:
                entry = library.get("metrics", m.name.value)
                if entry is not None:
                    found.setdefault(entry.id, []).append(Place(
                        *where, metrics.shown_typed(entry.record, m.text.value),
                        metrics.missed_target(entry.record, m.text.value) or ""))
    return found
