"""Work over many map files: in this process for a few, one process per core for many,
the results always in the order of the work."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

#: From this many files on, the work is spread over one process per core.
PARALLEL_FROM = 16
#: From this many maps to draw on, renders are (each costs far more than a lint).
RENDERS_PARALLEL_FROM = 4

Job = TypeVar("Job")
Result = TypeVar("Result")


def workers(count: int, jobs: int | None = None,
            parallel_from: int = PARALLEL_FROM) -> int:
    """How many processes do `count` pieces of work: `jobs` when given, else one per core
    from `parallel_from` pieces on; never more than there are pieces."""
    if jobs is not None:
        return max(1, min(jobs, count))
    if count < parallel_from:
        return 1
    return max(1, min(cores(), count))


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


def as_done_in_order(function: Callable[[Job], Result], work: Sequence[Job], processes: int,
                     start: Callable[[], None] | None = None) -> Iterator[Result]:
    """`function` applied to each piece of `work`, yielded in the work's order as each is
    done (a progress bar can follow). With more than one process the pieces go one at a
    time to fresh worker processes (spawned: no state of this one, no threads copied),
    each begun by `start()` (say, importing WeasyPrint once); they ignore
    Ctrl-C, which this process handles, and end when it is gone."""
    if processes <= 1:
        if start is not None:
            start()
        yield from map(function, work)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=processes, initializer=_begin,
                               initargs=(os.getpid(), start),
                               mp_context=multiprocessing.get_context("spawn"))
    try:
        yield from pool.map(function, work)
    except BrokenProcessPool:
        from cjm.core.errors import CjmError

        raise CjmError(f"a worker process stopped unexpectedly (out of memory?); try again "
                       f"with fewer processes (--jobs {max(1, processes // 2)})") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _begin(parent: int, start: Callable[[], None] | None) -> None:
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=end_with, args=(parent,), daemon=True).start()
    if start is not None:
        start()


def end_with(parent: int) -> None:
    """Wait until the parent process is gone, then end this one (a worker's watch)."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0))
