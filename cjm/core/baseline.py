"""A future-state map's baseline: the current-state map it improves on (`baseline:`).

The path is relative to the future map's folder. A baseline is usable when it is a file
that loads without YAML or structure problems; its own baseline is not followed. Lint rules,
`cjm compare` and the renderers all read it through `load_baseline`, which reads each file
once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cjm.core.loader import Problem, load
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


def load_baseline(journey: JourneyMap) -> Baseline | None:
    """The baseline `journey` declares, read or with its problem; None when it names none."""
    if journey.baseline is None:
        return None
    name = journey.baseline.value
    path = Path(journey.path).parent / name
    found = Baseline(name, journey.baseline.pos, path)
    if path.resolve() == Path(journey.path).resolve():
        return _with_problem(found, f"baseline `{name}` is this map itself")
    try:
        stat = path.stat()
    except OSError:
        return _with_problem(found, f"baseline `{name}` does not exist (the path is relative "
                                    "to this map's folder)")
    if not path.is_file():
        return _with_problem(found, f"baseline `{name}` is not a file")
    journey_or_problem = _read(str(path), stat.st_mtime_ns, stat.st_size)
    if isinstance(journey_or_problem, Problem):
        return _with_problem(found, f"baseline `{name}` is not a readable map: "
                                    f"{journey_or_problem.located(name)}")
    return Baseline(name, found.pos, path, journey_or_problem)


def _with_problem(baseline: Baseline, problem: str) -> Baseline:
    return Baseline(baseline.name, baseline.pos, baseline.path, problem=problem)


@lru_cache(maxsize=64)
def _read(path: str, mtime_ns: int, size: int) -> JourneyMap | Problem:
    """The map at `path`, or its first problem (the file's time and size are part of the
    cache key, so a changed file is read again)."""
    result = load(Path(path))
    if result.map is None or result.problems:
        return result.problems[0]
    return result.map
