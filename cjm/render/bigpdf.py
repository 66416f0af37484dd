"""Big posters, printed in parallel and lean.

WeasyPrint lays out one document in one process, holding every page until it writes the
PDF: time and memory grow with the map. A poster of many bands is therefore printed in
parts, one worker process per core: the cover, then groups of bands, each band on a page of
its own. Each part reports where its bands lie; `cjm.render.impose` stacks them onto the
real pages exactly as one flowing print would, and the running title and page numbers,
which only the whole poster knows, are printed last as a part of their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import astuple, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core.errors import CjmError
from cjm.render.impose import Band, Fragment, Frame, Mark, assemble, paginate
from cjm.render.options import Progress
from cjm.render.poster import Poster

if TYPE_CHECKING:  # the pool is imported when a big poster prints, not before
    from concurrent.futures import Future, ProcessPoolExecutor

#: Bands per part: small enough to keep each worker lean, large enough that a part's fixed
#: cost (parsing the theme's CSS) stays small beside its layout.
BANDS_PER_PART = 8
#: CSS px to PDF points.
PT = 0.75

_MARGIN_BOXES = ("top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
                 "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right",
                 "bottom-right-corner", "left-top", "left-middle", "left-bottom", "right-top",
                 "right-middle", "right-bottom")
#: The parts print no page margins: the margins part prints them for the whole poster.
NO_MARGINS = "@page { " + " ".join(f"@{box} {{ content: none; }}" for box in _MARGIN_BOXES) + " }"
BAND_PER_PAGE = ".map-page { break-before: page; }"
MARGINS_ONLY = "body > * { visibility: hidden; } .margins-page { break-before: page; }"


@dataclass(frozen=True)
class Job:
    html: str
    roots: tuple[Path, ...]
    part: int


@dataclass(frozen=True)
class Printed:
    """A printed part and what its layout says: its bands (fragments, and their margins)
    and bookmarks, the end of the cover, and the frame of its pages (all in pt)."""

    pdf: bytes
    pages: int
    bands: tuple[tuple[Fragment, ...], ...]
    margins: tuple[tuple[float, float], ...]  # each band's (margin-top, margin-bottom)
    marks: tuple[Mark, ...]
    cover_end: float
    frame: Frame


def print_big(poster: Poster, roots: list[Path], progress: Progress | None = None,
              jobs: int | None = None) -> bytes | None:
    """The PDF of a poster of many bands, printed in parts by a worker per core. None when
    the parts cannot be measured: a theme's own templates that do not mark the cover and
    the bands as the built-in ones do (section.cover, section.map-page)."""
    from cjm.render.poster_html import poster_html

    def job(number: int, part: str, css: str, pages: list | None = None,
            page_count: int = 0) -> Job:
        html = poster_html(replace(poster, pages=pages or []), roots, part, css, page_count)
        return Job(html, tuple(roots), number)

    groups = [poster.pages[start:start + BANDS_PER_PART]
              for start in range(0, len(poster.pages), BANDS_PER_PART)]
    tick = _counter(progress, len(groups) + 2)
    work = [job(0, "cover", NO_MARGINS)]
    work += [job(number, "bands", NO_MARGINS + BAND_PER_PAGE, group)
             for number, group in enumerate(groups, start=1)]
    with _Parts(min(jobs or len(os.sched_getaffinity(0)), len(groups) + 1)) as parts:
        printed = parts.print_all(work, tick)
        if not _measured(printed, len(poster.pages)):
            return None
        # The poster's pages are framed like a part's pages after its first.
        frame = next((part.frame for part in printed[1:] if part.pages > 1), printed[-1].frame)
        sheets = paginate(printed[0].pages, printed[0].cover_end, _bands(printed), frame)
        margins = parts.print_all([job(-1, "margins", MARGINS_ONLY,
                                       page_count=len(sheets))], tick)[0]
    marks = [mark for part in printed for mark in part.marks]
    return assemble([part.pdf for part in printed], sheets, margins.pdf, frame, marks)


class _Parts:
    """Parts printed by worker processes, started only when some part is not in the render
    cache (an edit to one step prints its band's part again, and the margins)."""

    def __init__(self, count: int) -> None:
        from cjm.render import cache

        self.count = count
        self.cache = cache.active()
        self._stack: ExitStack | None = None
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Parts:
        return self

    def __exit__(self, *raised) -> bool | None:
        # the workers' own exit turns a worker's death into one clear error
        return self._stack.__exit__(*raised) if self._stack is not None else None

    def print_all(self, work: list[Job], tick: Callable[..., None]) -> list[Printed]:
        """Each job printed, in order: from the cache where it was printed before."""
        names = [_part_key(job) for job in work]
        found: list[Printed | None] = [self._kept(name) for name in names]
        futures = {index: self._workers().submit(print_part, job)
                   for index, (job, kept) in enumerate(zip(work, found, strict=True))
                   if kept is None}
        for index, kept in enumerate(found):
            if kept is not None:
                tick()
            else:
                futures[index].add_done_callback(tick)
        for index, future in futures.items():
            found[index] = printed = future.result()
            if self.cache is not None:
                self.cache.put(names[index], _packed(printed))
        return [part for part in found if part is not None]

    def _kept(self, name: str) -> Printed | None:
        body = self.cache.get(name) if self.cache is not None else None
        return _unpacked(body) if body is not None else None

    def _workers(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._stack = ExitStack()
            self._executor = self._stack.enter_context(_workers(self.count))
        return self._executor


def _part_key(job: Job) -> str:
    from cjm.render.cache import print_key

    return print_key(f"part {job.part}", job.html, list(job.roots))


def _packed(printed: Printed) -> bytes:
    """A printed part as the cache keeps it: its layout as a JSON line, then its PDF."""
    import json

    layout = {"pages": printed.pages, "cover_end": printed.cover_end,
              "bands": [[astuple(f) for f in band] for band in printed.bands],
              "margins": printed.margins, "marks": [astuple(m) for m in printed.marks],
              "frame": astuple(printed.frame)}
    return json.dumps(layout).encode() + b"\n" + printed.pdf


def _unpacked(body: bytes) -> Printed | None:
    """The part `_packed` kept; None when the entry does not read as one."""
    import json

    head, _, pdf = body.partition(b"\n")
    try:
        layout = json.loads(head)
        return Printed(pdf, int(layout["pages"]),
                       tuple(tuple(Fragment(*f) for f in band) for band in layout["bands"]),
                       tuple((float(top), float(bottom)) for top, bottom in layout["margins"]),
                       tuple(Mark(*m) for m in layout["marks"]), float(layout["cover_end"]),
                       Frame(*layout["frame"]))
    except (ValueError, KeyError, TypeError):
        return None


@contextmanager
def _workers(count: int) -> Iterator[ProcessPoolExecutor]:
    """Fresh worker processes (they import only what printing needs, WeasyPrint first,
    while this process writes the parts' HTML); a worker that dies is one clear error."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=count, initializer=_start_worker,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    except BrokenProcessPool:
        raise CjmError("a process printing part of the poster stopped unexpectedly (out of "
                       "memory?); try again, or render a smaller paper or fewer steps") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _measured(printed: list[Printed], bands: int) -> bool:
    """Whether the parts found the cover and every band."""
    found = sum(len(part.bands) for part in printed[1:])
    return printed[0].cover_end > 0 and not printed[0].bands and found == bands


def _bands(printed: list[Printed]) -> list[Band]:
    """Every band of the bands parts, in order, with the gap above it: the larger of its
    top margin and the bottom margin of the band before, as they collapse in a flowing
    print. The first band follows the cover, whose bottom margin is in its end."""
    fragments = [band for part in printed[1:] for band in part.bands]
    margins = [margin for part in printed[1:] for margin in part.margins]
    # A part's first band has no band before it, so sibling rules (`.map-page +
    # .map-page`) gave it no gap: take the gap from a band that has one before it.
    between = next((max(top, margins[i - 1][1]) for i, (top, _) in enumerate(margins)
                    if i and top), 0.0)
    return [Band(band, between if index else 0.0) for index, band in enumerate(fragments)]


def print_part(job: Job) -> Printed:
    """Print one part with WeasyPrint and measure its layout (in a worker process)."""
    from cjm.render.weasy import layout, write

    # untagged: joining the parts keeps their pages, not their structure trees (see README)
    document = layout(job.html, list(job.roots), tagged=False)
    return _printed(document, write(document, tagged=False), job.part)


def _printed(document, pdf: bytes, part: int) -> Printed:
    """A printed part with what its layout says (see Printed)."""
    bands: list[list[Fragment]] = []
    margins: list[tuple[float, float]] = []
    marks: list[Mark] = []
    cover_end = 0.0
    previous = None
    for number, page in enumerate(document.pages):
        marks += [Mark(level, label, part, number, x * PT, y * PT)
                  for level, label, (x, y), _ in page.bookmarks]
        for box in _sections(page._page_box):
            classes = (box.element.get("class") or "").split()
            if "cover" in classes:
                cover_end = (box.position_y + box.margin_height()) * PT
            elif "map-page" in classes:
                top = box.border_box_y() * PT
                fragment = Fragment(part, number, top, top + box.border_height() * PT)
                if box.element is previous:
                    bands[-1].append(fragment)
                else:
                    bands.append([fragment])
                    margins.append((_length(box.style["margin_top"]),
                                    _length(box.style["margin_bottom"])))
                previous = box.element
    page_box = document.pages[-1]._page_box
    frame = Frame(page_box.margin_width() * PT, page_box.margin_height() * PT,
                  page_box.content_box_y() * PT,
                  (page_box.content_box_y() + page_box.height) * PT)
    return Printed(pdf, len(document.pages), tuple(tuple(band) for band in bands),
                   tuple(margins), tuple(marks), cover_end, frame)


def _sections(box) -> Iterator:
    """The boxes of <section> elements under `box` (not inside them)."""
    for child in getattr(box, "children", ()):
        if child.element_tag == "section":
            yield child
        else:
            yield from _sections(child)


def _length(value) -> float:
    """A computed CSS length in pt (0 for what is not an absolute length)."""
    return value.value * PT if getattr(value, "unit", None) == "px" else 0.0


def _start_worker(parent: int) -> None:
    """A worker's start: it ends itself when its parent is gone (killed, say, when
    it cannot clean up), and imports WeasyPrint ahead of its first part."""
    import threading

    from cjm.core.parallel import end_with
    from cjm.render.weasy import preload_weasyprint

    threading.Thread(target=end_with, args=(parent,), daemon=True).start()
    preload_weasyprint()


def _counter(progress: Progress | None, total: int) -> Callable[..., None]:
    """A callable that counts a part done (a future's callback, or called bare)."""
    count = 0

    def advance(_: Future | None = None) -> None:
        nonlocal count
        count += 1
        if progress:
            progress(count, total)

    return advance
