"""A future-state map's baseline: the current-state map it improves on (`baseline:`).

The path is relative to the future map's folder. A baseline is usable when it is a file
that loads without YAML or structure problems; its own baseline is not followed. Lint rules,
`cjm compare` and the renderers all read it through `load_baseline`, which reads each file
once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cjm.core.loader import read_named
from cjm.core.model import JourneyMap, Pain, Step
from cjm.core.source import Position


@dataclass(frozen=True)
class Baseline:
    """The baseline a map names: `map` when it could be read, else `problem` says why."""

    name: str  # as written in the map
    pos: Position  # of the `baseline:` value
    path: Path
    map: JourneyMap | None = None
    problem: str | None = None

    def pains(self) -> list[tuple[Pain, Step]]:
        """Every pain point of the baseline, with its step, in map order."""
        if self.map is None:
            return []
        return [(pain, step) for _, step in self.map.steps() for pain in step.pains]

    def pain_ids(self) -> dict[str, Pain]:
        return {pain.id.value: pain for pain, _ in self.pains() if pain.id}


def load_baseline(journey: JourneyMap, root: Path | None = None) -> Baseline | None:
    """The baseline `journey` declares, read or with its problem; None when it names none.
    With `root` (the repository), a baseline outside it is never read."""
    if journey.baseline is None:
        return None
    name = journey.baseline.value
    path, read, problem = read_named(journey.path, name, f"baseline `{name}`", root)
    return Baseline(name, journey.baseline.pos, path, read, problem)
