"""The render cache: what Graphviz and WeasyPrint made, kept by the content they were given.

A render's costly steps are Graphviz laying out a timeline and WeasyPrint printing a poster
or a part of one. Each is keyed by a digest of exactly what it is given (the DOT source,
the poster's HTML and the theme's files) with the versions of cjm and of the tool, so an
entry can only be found by the very input that made it: an edited step changes its band's
HTML and only that band prints again; an edited theme, data file or option changes the
HTML or the theme's digest.

Where: `$CJM_CACHE_DIR`, else `$XDG_CACHE_HOME/cjm/renders`, else `~/.cache/cjm/renders`.
Size: at most `$CJM_CACHE_MIB` MiB (default 512); the least recently used entries go first.
Off: `--no-cache`, or `CJM_NO_CACHE=1`. Keys also digest the modules that make entries
(MAKERS), so a change to them within one version never reads an entry they made before.

An entry is written to a temporary file and renamed into place, so a reader (another build
at the same time) sees a whole entry or none; each entry carries its key and a digest of its
bytes, so a torn, corrupt or foreign file is ignored and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cjm import __version__

MAGIC = b"cjm-render-cache 1\n"
DEFAULT_MIB = 512
#: What pruning leaves, as a share of the limit: room for a build before the next prune.
PRUNED_TO = 0.8
#: A temporary file this many seconds old belongs to no build that is still writing.
STALE_S = 3600


@contextmanager
def turned_off(off: bool = True) -> Iterator[None]:
    """No cache while inside (--no-cache), for this process and the workers it starts."""
    before = os.environ.get("CJM_NO_CACHE")
    if off:
        os.environ["CJM_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("CJM_NO_CACHE", None)
        else:
            os.environ["CJM_NO_CACHE"] = before


def active() -> RenderCache | None:
    """The cache renders use now, or None when it is off."""
    if os.environ.get("CJM_NO_CACHE", "") not in ("", "0"):
        return None
    return RenderCache(folder())


def folder() -> Path:
    """Where the cache lives (see the module's doc)."""
    if os.environ.get("CJM_CACHE_DIR"):
        return Path(os.environ["CJM_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cjm" / "renders"


def limit_bytes() -> int:
    """The cache's size bound, from CJM_CACHE_MIB (an unreadable value: the default)."""
    try:
        mib = float(os.environ.get("CJM_CACHE_MIB", DEFAULT_MIB))
    except ValueError:
        mib = DEFAULT_MIB
    return max(0, int(mib * 1024 * 1024))


#: The modules that turn what a key digests into what an entry holds: a change to them
#: (a developer's, within one version) makes other entries.
MAKERS = ("cache.py", "weasy.py", "bigpdf.py", "printer.py", "svg.py")


@functools.cache
def _makers_digest() -> str:
    digest = hashlib.sha256()
    for name in MAKERS:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    """The digest of `parts`, cjm's version and the code that makes entries: a name."""
    digest = hashlib.sha256(f"cjm {__version__} {_makers_digest()}".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def print_key(kind: str, html: str, roots: list[Path]) -> str:
    """The name of WeasyPrint's print of `html` with the theme folders `roots`."""
    return key(kind, _weasyprint_version(), folder_digest(roots), html)


def _weasyprint_version() -> str:
    """WeasyPrint's version, read without importing it (a cache hit needs no WeasyPrint)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weasyprint")
    except PackageNotFoundError:
        return "none"


class RenderCache:
    """Entries in a folder, two hex digits of fan-out, each file named by its key."""

    def __init__(self, where: Path) -> None:
        self.folder = where

    def path(self, name: str) -> Path:
        return self.folder / name[:2] / name

    def get(self, name: str) -> bytes | None:
        """The bytes kept under `name`, or None: missing, unreadable, torn or not ours."""
        path = self.path(name)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header = MAGIC + name.encode() + b"\n"  # then the body's digest, a newline, the body
        digest, _, body = data[len(header):].partition(b"\n")
        if not data.startswith(header) or hashlib.sha256(body).hexdigest().encode() != digest:
            return None
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return body

    def put(self, name: str, body: bytes) -> None:
        """Keep `body` under `name`, whole or not at all; a cache that cannot be written
        (a read-only or full disk) is no error: the render has its output."""
        path = self.path(name)
        header = MAGIC + name.encode() + b"\n" + hashlib.sha256(body).hexdigest().encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(header + b"\n" + body)
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass

    def prune(self, limit: int | None = None) -> int:
        """Remove the least recently used entries until the cache holds at most
        PRUNED_TO of `limit` (default: limit_bytes()) when it holds more; returns how many
        went. Temporary files older than STALE_S (of builds that died) go too."""
        import time

        limit = limit_bytes() if limit is None else limit
        entries = []
        for path in self._files():
            try:
                info = path.stat()
                if path.name.startswith(".tmp-") and info.st_mtime < time.time() - STALE_S:
                    path.unlink()  # a build that died mid-write left it
                    continue
            except OSError:
                continue
            entries.append((info.st_mtime, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        if total <= limit:
            return 0
        removed = 0
        for _, size, path in sorted(entries):
            if total <= limit * PRUNED_TO:
                break
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            removed += 1
        return removed

    def _files(self):
        try:
            shards = list(os.scandir(self.folder))
        except OSError:
            return
        for shard in shards:
            if shard.is_dir(follow_symlinks=False) and len(shard.name) == 2:
                try:
                    yield from (Path(entry.path) for entry in os.scandir(shard.path)
                                if entry.is_file(follow_symlinks=False))
                except OSError:
                    continue


def cached(name: str, make) -> bytes:
    """The bytes under `name` in the active cache, else `make()`, kept there."""
    cache = active()
    if cache is not None and (found := cache.get(name)) is not None:
        return found
    made = make()
    if cache is not None:
        cache.put(name, made)
    return made


def prune() -> None:
    """Bring the active cache within its bound (after a command's renders)."""
    cache = active()
    if cache is not None:
        cache.prune()


def folder_digest(roots: list[Path]) -> str:
    """A digest of the files in theme folders: what WeasyPrint may fetch besides the HTML."""
    digest = hashlib.sha256()
    for root in roots:
        resolved = root.resolve()
        digest.update(_folder_digest(resolved, _signature(resolved)).encode())
    return digest.hexdigest()


def _signature(root: Path) -> tuple:
    """The names, sizes and times of a folder's files (those WeasyPrint may fetch: inside
    it): when they change, it is read again."""
    found = []
    for path in sorted(root.rglob("*")):
        try:
            if not path.is_file() or not path.resolve().is_relative_to(root):
                continue
            info = path.stat()
        except OSError:  # gone meanwhile, or a loop of links
            continue
        found.append((path.relative_to(root).as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(found)


_digests: dict[tuple, str] = {}


def _folder_digest(root: Path, signature: tuple) -> str:
    known = _digests.get((root, signature))
    if known is None:
        digest = hashlib.sha256()
        for name, _, _ in signature:
            try:
                content = (root / name).read_bytes()
            except OSError as err:  # unreadable: WeasyPrint could not fetch it either
                content = f"unreadable: {err.strerror}".encode()
            digest.update(name.encode() + b"\0" + content + b"\0")
        known = _digests[(root, signature)] = digest.hexdigest()
    return known
