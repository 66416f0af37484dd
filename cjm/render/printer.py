"""A printing process: WeasyPrint in a child forked before the maps are read.

Importing WeasyPrint takes about half a second, longer than reading a map and writing its
poster's HTML. A render of PDFs therefore forks a child first, which imports WeasyPrint on
the other core meanwhile and then prints each poster's HTML it is sent, one after the
other (a batch of maps keeps the one child). Where fork is missing, posters print in this
process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core.errors import CjmError, UsageError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


class Printer:
    """The child process and the pipe to it; `print` sends it one poster."""

    def __init__(self) -> None:
        from multiprocessing import Pipe

        self._pipe: Connection | None = None
        if not hasattr(os, "fork"):
            return
        ours, theirs = Pipe()
        self._pid = os.fork()
        if self._pid == 0:
            ours.close()
            _serve(theirs)  # never returns
        theirs.close()
        self._pipe = ours

    def print(self, html: str, roots: list[Path]) -> bytes:
        """The PDF of a poster's HTML, printed by the child (or here, without one)."""
        from cjm.render.weasy import layout, write

        if self._pipe is None:
            return write(layout(html, roots))
        try:
            self._pipe.send((html, roots))
            outcome, value = self._pipe.recv()
        except (EOFError, OSError):
            self.close()
            raise CjmError("the process printing the poster ended unexpectedly (WeasyPrint "
                           "crashed: are fonts installed?)") from None
        if outcome == "pdf":
            return value
        raise (UsageError if outcome == "usage" else CjmError)(value)

    def close(self) -> None:
        """End the child: it stops when its pipe closes."""
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None
            os.waitpid(self._pid, 0)

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _serve(pipe: Connection) -> None:
    """The child: import WeasyPrint, then print what comes down the pipe until it closes.
    It never returns into the code that forked it."""
    status = 0
    try:
        from cjm.render.weasy import layout, preload_weasyprint, write

        preload_weasyprint()
        while True:
            try:
                html, roots = pipe.recv()
            except EOFError:
                break
            try:
                pipe.send(("pdf", write(layout(html, roots))))
            except UsageError as err:
                pipe.send(("usage", str(err)))
            except CjmError as err:
                pipe.send(("error", str(err)))
    except BaseException:  # noqa: BLE001 - interrupted: end quietly, the parent reports
        status = 1
    finally:
        os._exit(status)
