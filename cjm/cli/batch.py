"""Rendering several maps: where each output goes, progress, and errors per file."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
               options: RenderOptions) -> int:
    """Render every map; returns the exit code (1 when any map failed)."""
    from cjm.cli.output import error, say, warn
    from cjm.project.config import ConfigFinder
    from cjm.project.discover import beside_note, data_beside

    options.check()
    fmt = output_format(output, options.format)
    finder = ConfigFinder()
    pairs = targets(map_files(maps, finder), output, out_dir, fmt)
    if not pairs:
        raise UsageError("no map files found to render")
    if options.data is not None and len(pairs) != 1:
        raise UsageError(f"--data {options.data} belongs to one map; {len(pairs)} maps were "
                         "given")
    failed = 0
    with _printer(fmt) as printer, _progress(len(pairs)) as advance:
        for source, target in pairs:
            try:
                with _printing(source, alone=len(pairs) < PROGRESS_FROM) as progress:
                    notes = render_file(source, target, fmt, options, progress, printer,
                                        finder)
            except UsageError:
                raise
            except CjmError as err:
                failed += 1
                error(str(err))
            else:
                say(f"{source} → {target}")
                if options.data is None and (beside := data_beside(source)) is not None:
                    sys.stderr.write(f"note: {source}: {beside_note(beside)}\n")
                for note in notes:
                    warn(note)
            advance()
    return 1 if failed else 0


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
    """A bar on a terminal's stderr while a big poster prints in parts; it shows from its
    first report on, so small renders never flash one. None for a map among many (their
    own bar shows) or when stderr is not a terminal."""
    if not alone or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    from cjm.cli.output import console

    bar = Bar(console=console(stderr=True), transient=True)
    task = bar.add_task(f"Printing {source.name}", total=None)

    def report(done: int, total: int) -> None:
        bar.start()
        bar.update(task, completed=done, total=total)

    try:
        yield report
    finally:
        bar.stop()


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    if total < PROGRESS_FROM or not sys.stdout.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("Rendering", total=total)
        yield lambda: progress.advance(task)
