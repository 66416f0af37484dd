"""`cjm serve`: the site of `cjm site`, served on this machine, redrawn as you type.

The site is built into a temporary folder. A watcher looks at the maps' files twenty times
a second; when one changes (or a map is added or removed) the site is brought up to date
(only the changed map is rendered again) and every open page is told to reload, through
server-sent events on `/events`. A map that stops loading shows its findings on its page;
the server goes on. Ctrl-C stops it and removes the folder.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

#: What the pages link to but the preview draws only when it is asked for: the page shows
#: an edit at once, the poster is printed when it is opened.
LATER = ("pdf",)
#: How often the watcher looks at the maps, in seconds (a look costs about 0.1 ms).
POLL = 0.05
_RELOAD = (b'<script>new EventSource("/events").onmessage = () => location.reload();'
           b"</script>\n</body>")


class _Site:
    """The built site and the clients waiting to hear that it changed."""

    def __init__(self, paths: list[Path], folder: Path) -> None:
        self.paths = paths
        self.folder = folder
        self.generation = 0
        self.changed = threading.Condition()
        self.stopping = False
        #: Held while the site is built or a PDF drawn: a PDF drawn from a map as it was
        #: is never written after the build that removed it.
        self.drawing = threading.Lock()
        self.sources: dict[str, Path] = {}  # slug → map file, as last built

    def build(self, announce: bool = True) -> None:
        from cjm.core.errors import CjmError
        from cjm.render.cache import prune
        from cjm.site.build import build_site

        try:
            with self.drawing:
                report = build_site(self.paths, self.folder, ("svg",), later=LATER)
            self.sources = report.sources
        except CjmError as err:
            print(f"error: {err}", file=sys.stderr, flush=True)
            return
        if (report.built or report.removed) and announce:
            print(f"rebuilt: {', '.join(report.built + report.removed)}", flush=True)
            with self.changed:
                self.generation += 1
                self.changed.notify_all()
        prune()  # a long preview keeps the cache within its bound too, once pages reload

    def watch(self, seen: dict[str, tuple[float, int]]) -> None:
        """Rebuild whenever a map file or a library file changes from `seen` (the files as
        they were built), until stopped."""
        while not self.stopping:
            with self.changed:
                self.changed.wait(POLL)
            now = self.state()
            if now != seen:
                seen = now
                self.build()

    def state(self) -> dict[str, tuple[float, int]]:
        from cjm.project.config import ConfigFinder
        from cjm.project.discover import map_files

        finder = ConfigFinder()
        maps = map_files(self.paths, finder)
        from cjm.project.discover import data_beside

        shared = {file for path in maps for file in finder.for_map(path).library_files()}
        shared |= {data for path in maps if (data := data_beside(path)) is not None}
        found = {}
        for path in [*maps, *sorted(shared)]:
            try:
                info = path.stat()
            except OSError:
                continue
            found[str(path)] = (info.st_mtime, info.st_size)
        return found


def serve(paths: list[Path], host: str, port: int) -> None:
    _stop_on_signals()
    with tempfile.TemporaryDirectory(prefix="cjm-serve-") as scratch:
        site = _Site(paths, Path(scratch))
        built = site.state()  # before the build: an edit during it is seen as a change
        site.build(announce=False)
        try:
            server = _Server((host, port), _handler(site))
        except OSError as err:
            from cjm.core.errors import UsageError

            raise UsageError(f"cannot serve on {host}:{port}: {err.strerror or err}") from None
        server.daemon_threads = True
        watcher = threading.Thread(target=site.watch, args=(built,), daemon=True)
        watcher.start()
        bound = server.server_address[1]
        try:  # a signal right after the announcement stops it cleanly too
            print(f"Serving the maps at http://{host}:{bound}/ (Ctrl-C stops)", flush=True)
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            print("Stopped.", flush=True)
        finally:
            site.stopping = True
            with site.changed:
                site.changed.notify_all()
            server.server_close()


class _Server(ThreadingHTTPServer):
    """The preview's server: a listen queue for a whole page's requests at once (and many
    tabs), and quiet about clients that go away mid-answer."""

    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _stop_on_signals() -> None:
    """Ctrl-C (SIGINT) and SIGTERM stop the server cleanly, even where SIGINT came in
    ignored (a job started in the background by a script)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _handler(site: _Site) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(site.folder), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows rebuilds, not every request."""

        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            if self.path == "/events":
                self.events()
                return
            try:
                path = Path(self.translate_path(self.path))
                if "\0" in str(path):
                    raise ValueError("a NUL in the path")
                if path.is_dir():
                    path = path / "index.html"
                page = path.suffix == ".html" and path.is_file()
            except (OSError, ValueError):  # a name too long for the file system, a NUL
                self.send_error(HTTPStatus.NOT_FOUND, "no such page")
                return
            try:
                if page:
                    self.page(path)
                else:
                    self.draw_if_later(path)
                    super().do_GET()
            except (BrokenPipeError, ConnectionResetError):
                return  # the browser went away: nothing to answer
            except (OSError, ValueError):
                self.send_error(HTTPStatus.NOT_FOUND, "no such page")

        def draw_if_later(self, path: Path) -> None:
            """Draw a map's PDF when it is asked for and not drawn since the map changed."""
            from cjm.core.errors import CjmError
            from cjm.site.build import draw_later

            slug, fmt = path.stem, path.suffix.lstrip(".")
            if fmt not in LATER or path.parent != site.folder / "maps" or path.exists() \
                    or slug not in site.sources:
                return
            with site.drawing:
                if not path.exists():
                    try:
                        draw_later(site.folder, slug, fmt, site.sources[slug])
                    except CjmError as err:  # the map changed meanwhile: a 404, and why
                        print(f"error: {err}", file=sys.stderr, flush=True)

        def page(self, path: Path) -> None:
            """An HTML page of the site, told to reload when the site changes."""
            body = path.read_bytes().replace(b"</body>", _RELOAD, 1)
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            generation = site.generation
            try:
                while not site.stopping:
                    with site.changed:
                        site.changed.wait(15)
                    if site.generation != generation:
                        generation = site.generation
                        self.wfile.write(b"data: reload\n\n")
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler
