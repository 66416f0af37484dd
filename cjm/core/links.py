"""Links between maps, and to the web.

A step's `detail: PATH` names the map that shows it in detail. The path is relative to the
map's folder and must stay inside the repository's root. The links make a hierarchy, a
journey of journeys; a link that comes back to where it started is a cycle, which the
hierarchy cannot have. A link to the web (an opportunity's tracker, an insight's source) is
one that lint accepts and pages link only when `is_web_link` says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cjm.core.loader import read_named
from cjm.core.model import JourneyMap, Step
from cjm.core.source import Text


@dataclass(frozen=True)
class Link:
    """Where a step's `detail` leads: the map read there, or the problem with it."""

    step: Step
    written: Text
    path: Path
    map: JourneyMap | None = None
    problem: str | None = None


_WEB_LINK = re.compile(r"^https?://[^\s/<>\"']+[^\s<>\"']*$", re.IGNORECASE)


def is_web_link(text: object) -> bool:
    """Whether a value is an http(s) URL with a host: the only kind a page links, and what
    lint asks of an opportunity's `link` (never a script, a file, or markup)."""
    return isinstance(text, str) and bool(_WEB_LINK.match(text.strip()))


def links(journey: JourneyMap, root: Path | None = None) -> Iterator[Link]:
    """Every `detail` link of the map, in step order, each read or with its problem."""
    for _, step in journey.steps():
        if step.detail is not None:
            yield follow(journey, step, step.detail, root)


def follow(journey: JourneyMap, step: Step, written: Text, root: Path | None) -> Link:
    """The link a step's `detail` makes, read (a map that loads with problems is none)."""
    name = written.value
    path, read, problem = read_named(journey.path, name, f"`detail: {name}`", root)
    return Link(step, written, path, read, problem)


def cycle(journey: JourneyMap, link: Link, root: Path | None = None) -> list[Path] | None:
    """The maps a link passes through on its way back to `journey` (the cycle, starting
    and ending there), None when it never comes back."""
    start = Path(journey.path).resolve()
    stack: list[tuple[Link, list[Path]]] = [(link, [Path(journey.path), link.path])]
    seen: set[Path] = set()
    while stack:
        current, route = stack.pop()
        if current.map is None:
            continue
        here = current.path.resolve()
        if here in seen:
            continue
        seen.add(here)
        for onward in links(current.map, root):
            if onward.path.resolve() == start:
                return [*route, onward.path]
            stack.append((onward, [*route, onward.path]))
    return None
