"""Work over many map files: in this process for a few, one process per core for many,
the results always in the order of the work."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

#: From this many files on, the work is spread over one process per core.
PARALLEL_FROM = 16

Job = TypeVar("Job")
Result = TypeVar("Result")


def workers(count: int, jobs: int | None = None) -> int:
    """How many processes do `count` pieces of work: `jobs` when given, else one per core
    from PARALLEL_FROM pieces on; never more than there are pieces."""
    if jobs is not None:
        return max(1, min(jobs, count))
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), count))


def in_order(function: Callable[[Job], Result], work: Sequence[Job],
             processes: int) -> list[Result]:
    """`function` applied to each piece of `work` (a picklable, top-level function when
    `processes` > 1), the results in the work's order."""
    if processes <= 1:
        return [function(job) for job in work]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=processes) as pool:
        chunk = max(1, len(work) // (processes * 8))
        return list(pool.map(function, work, chunksize=chunk))
