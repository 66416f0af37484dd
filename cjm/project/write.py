"""Writing files safely: never half a file, never a user's file lost."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cjm.core.errors import CjmError


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: readers see the
    old file or the new one, never half of one. An existing file keeps its permissions.
    A temporary file left by a process that was killed while writing is removed first.
    A symbolic link is written through (its target changes, the link stays a link); a
    read-only file is refused, as an editor would. Failures (a folder in the way, no
    permission, a full disk) are a one-line CjmError."""
    if path.is_symlink():
        path = path.resolve()
    if _read_only(path):
        raise CjmError(f"{path}: cannot write it: the file is read-only (make it writable "
                       "first)")
    try:
        _remove_stale_temporaries(path)
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path) +
                                             f"{os.getpid()}-", suffix=".tmp")
    except OSError as err:
        raise CjmError(f"{path}: cannot write it: {err.strerror or err}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException as err:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise CjmError(f"{path}: cannot write it: {err.strerror or err}") from None
        raise


def _read_only(path: Path) -> bool:
    """Whether an existing file has no write permission for its owner (even for root)."""
    try:
        return path.is_file() and not path.stat().st_mode & stat.S_IWUSR
    except OSError:
        return False


def _prefix(path: Path) -> str:
    return f".{path.name}.cjm-"


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of `path` whose writing process is gone (killed mid-write)."""
    for stale in path.parent.glob(_prefix(path) + "*.tmp"):
        pid = stale.name[len(_prefix(path)):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
