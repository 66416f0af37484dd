"""Source positions and reading map files as text.

This is the only module that turns ruamel.yaml's 0-based marks into the 1-based
line and column numbers that users see.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Position(NamedTuple):
    """A 1-based line and column in a map file."""

    line: int
    column: int

    @classmethod
    def from_mark(cls, mark: object) -> Position:
        """Position of a ruamel.yaml mark (0-based line and column)."""
        return cls(mark.line + 1, mark.column + 1)  # type: ignore[attr-defined]

    @classmethod
    def from_offset(cls, text: str, offset: int) -> Position:
        """Position of a character offset in `text`."""
        line_start = text.rfind("\n", 0, offset) + 1
        return cls(text.count("\n", 0, offset) + 1, offset - line_start + 1)


START = Position(1, 1)


def located(path: object, pos: Position | tuple[int, int], text: str = "") -> str:
    """`path:line:col: text` (`path:line:col` without text): how cjm names a place in a
    file in every finding, note and error, so that editors and CI can jump to it."""
    where = f"{path}:{pos[0]}:{pos[1]}"
    return f"{where}: {text}" if text else where


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A value read from a map, with the position it was read from."""

    value: T
    pos: Position

    def __str__(self) -> str:
        return str(self.value)


#: A string read from a map (annotations only: construct it as `Located(value, pos)`).
Text = Located[str]


class DecodeError(ValueError):
    """A file that is not valid UTF-8 (or UTF-16 with a byte-order mark)."""

    def __init__(self, pos: Position, reason: str) -> None:
        super().__init__(reason)
        self.pos = pos
        self.reason = reason


def decode(data: bytes) -> str:
    """Decode a map file's bytes: UTF-8, or UTF-16/32 when a byte-order mark says so."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom):], encoding)
    return _decode_as(data, "utf-8")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        good = data[: err.start].decode(encoding, errors="replace")
        byte = data[err.start]
        raise DecodeError(
            Position.from_offset(good, len(good)),
            f"file is not valid {encoding.upper()}: byte 0x{byte:02x} cannot be decoded",
        ) from None


#: The largest map file cjm reads: 8 MiB, sixteen times the 2000-step benchmark map. A
#: larger one is refused at once, before it can cost seconds and gigabytes.
MAX_FILE_BYTES = 8 * 1024 * 1024


class TooLarge(OSError):
    """A file beyond MAX_FILE_BYTES."""


def read_bytes(path: Path) -> bytes:
    """A map file's bytes, refusing what is not a regular file (a FIFO would block, a
    device such as /dev/zero never ends) and what is larger than MAX_FILE_BYTES. Raises
    OSError (TooLarge for the size), with a readable `strerror`."""
    import os
    import stat

    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, device or socket"
        raise OSError(0, f"not a regular file ({kind})")
    if info.st_size > MAX_FILE_BYTES:
        raise TooLarge(0, _too_large(info.st_size))
    with open(path, "rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew while we looked
        raise TooLarge(0, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return (f"the file is {size / 1024 / 1024:.1f} MiB; cjm reads maps of up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MiB")


def read_text(path: Path) -> str:
    """Read and decode a map file; raises OSError or DecodeError."""
    return decode(read_bytes(path))
