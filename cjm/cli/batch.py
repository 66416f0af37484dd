"""Rendering several maps: where each output goes, progress, and errors per file."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core.errors import CjmError, UsageError
from cjm.project.discover import map_files
from cjm.render import render_file
from cjm.render.options import Progress, RenderOptions, output_format

if TYPE_CHECKING:
    from cjm.render.printer import Printer

#: From this many maps on, a terminal shows a progress bar.
PROGRESS_FROM = 4


def targets(sources: list[Path], output: Path | None, out_dir: Path | None,
            fmt: str) -> list[tuple[Path, Path]]:
    """(map, output file) pairs: -o for a single map, else NAME.FMT in --out-dir or beside."""
    if output is not None:
        if len(sources) != 1:
            raise UsageError("-o/--output takes a single map; use --out-dir for several")
        return [(sources[0], output)]
    return [(source, (out_dir or source.parent) / f"{source.stem}.{fmt}") for source in sources]


def render_all(maps: list[Path], output: Path | None, out_dir: Path | None,
               options: RenderOptions, jobs: int | None = None) -> int:
    """Render every map, by `jobs` processes (default: see cjm.core.parallel), reporting
    each in the maps' order; returns the exit code (1 when any map failed)."""
    from cjm.core import parallel
    from cjm.project.config import ConfigFinder
    from cjm.render import cache

    options.check()
    fmt = output_format(output, options.format)
    finder = ConfigFinder()
    pairs = targets(map_files(maps, finder), output, out_dir, fmt)
    if not pairs:
        raise UsageError("no map files found to render")
    if options.data is not None and len(pairs) != 1:
        raise UsageError(f"--data {options.data} belongs to one map; {len(pairs)} maps were "
                         "given")
    processes = parallel.workers(len(pairs), jobs, parallel.RENDERS_PARALLEL_FROM)
    work = [RenderJob(source, target, fmt, options, alone=len(pairs) < PROGRESS_FROM)
            for source, target in pairs]
    failed = 0
    with _progress(len(pairs)) as advance:
        if processes > 1:
            from cjm.render.weasy import preload_weasyprint

            outcomes = parallel.as_done_in_order(
                _render_job, work, processes, preload_weasyprint if fmt == "pdf" else None)
        else:
            outcomes = _render_here(work, finder)
        for job, outcome in zip(work, outcomes, strict=True):
            failed += _report(job, outcome)
            advance()
    cache.prune()
    return 1 if failed else 0


@dataclass(frozen=True)
class RenderJob:
    source: Path
    target: Path
    fmt: str
    options: RenderOptions
    alone: bool  # the only map, or one of a few: a big poster shows its own bar


@dataclass(frozen=True)
class Outcome:
    notes: tuple[str, ...] = ()
    error: str | None = None  # the map could not be rendered
    usage: str | None = None  # the command is wrong: it stops


def _render_here(work: list[RenderJob], finder) -> Iterator[Outcome]:
    """Each map rendered in this process, PDFs printed by one printing process."""
    with _printer(work[0].fmt) as printer:
        for job in work:
            yield _render_job(job, printer, finder)


def _render_job(job: RenderJob, printer: Printer | None = None, finder=None) -> Outcome:
    """One map rendered (in a worker process, or here): what to report of it."""
    try:
        with _printing(job.source, job.alone) as progress:
            notes = render_file(job.source, job.target, job.fmt, job.options, progress,
                                printer, finder)
    except UsageError as err:
        return Outcome(usage=str(err))
    except CjmError as err:
        return Outcome(error=str(err))
    return Outcome(tuple(notes))


def _report(job: RenderJob, outcome: Outcome) -> int:
    """Tell what became of one map; 1 when it failed. A usage error stops the command."""
    from cjm.cli.output import error, say, warn
    from cjm.project.discover import beside_note, data_beside

    if outcome.usage is not None:
        raise UsageError(outcome.usage)
    if outcome.error is not None:
        error(outcome.error)
        return 1
    say(f"{job.source} → {job.target}")
    if job.options.data is None and (beside := data_beside(job.source)) is not None:
        sys.stderr.write(f"note: {job.source}: {beside_note(beside)}\n")
    for note in outcome.notes:
        warn(note)
    return 0


@contextmanager
def _printer(fmt: str) -> Iterator[Printer | None]:
    """For PDFs, a printing process started now, so that WeasyPrint loads while the first
    map is read (see cjm.render.printer)."""
    if fmt != "pdf":
        yield None
        return
    from cjm.render.printer import Printer

    with Printer() as printer:
        yield printer


@contextmanager
def _printing(source: Path, alone: bool) -> Iterator[Progress | None]:
    """A bar on a terminal's stderr while a big poster prints in parts; None for a map
    among many (their own bar shows) or when stderr is not a terminal."""
    if not alone:
        yield None
        return
    with progress_bar(f"Printing {source.name}") as report:
        yield report


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    if total < PROGRESS_FROM or not sys.stdout.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("Rendering", total=total)
        yield lambda: progress.advance(task)


@contextmanager
def progress_bar(what: str) -> Iterator[Progress | None]:
    """A bar on a terminal's stderr told (done, total) as work is done; None elsewhere.
    It shows from its first report on, so work that needs none never flashes one."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    from cjm.cli.output import console

    bar = Bar(console=console(stderr=True), transient=True)
    task = bar.add_task(what, total=None)

    def report(done: int, total: int) -> None:
        bar.start()
        bar.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        bar.stop()
