"""How a step's `detail` link shows in renders: the title of the map it names, and a link.

Only a map inside the repository is read for its title; otherwise the link shows the path
as written. Each output links to its own kind (a PDF to the PDF, a page to the page).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from cjm.core.links import follow
from cjm.core.model import JourneyMap, Step

#: The mark before a detail link's title.
MARK = "↗"


@dataclass(frozen=True)
class DetailLink:
    """A step's link to the map that shows it in detail."""

    title: str  # the detail map's title, else its path as written
    written: str  # the path as written in the map
    path: str | None  # the detail map's resolved path, when it was read

    def href(self, suffix: str) -> str:
        """The link to the detail map's output of the kind `suffix` (".html", ".pdf")."""
        return PurePosixPath(self.written).with_suffix(suffix).as_posix()


def detail_link(journey: JourneyMap, step: Step) -> DetailLink | None:
    """The step's detail link, None when it has none."""
    if step.detail is None:
        return None
    written = step.detail.value
    root = _root(journey.path)
    if root is None:
        return DetailLink(written, written, None)
    link = follow(journey, step, step.detail, root)
    if link.map is None:
        return DetailLink(written, written, None)
    title = link.map.title.value if link.map.title else written
    return DetailLink(title, written, str(link.path.resolve()))


@lru_cache(maxsize=64)
def _root(journey_path: str) -> Path | None:
    """The map's repository, found once per map file (every step with a link asks)."""
    from cjm.project.repository import root_of_map

    return root_of_map(journey_path)
