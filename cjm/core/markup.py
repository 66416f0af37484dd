"""Map text as literal text where it would be markup: the escaper of the Markdown export, in
the core so that every Markdown writer can use it (see the README's contributor notes on the
others), and the guard that keeps a spreadsheet cell from being a formula."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_START = re.compile(r"^(?=[#+\-=>])|^(\d+)(?=[.)])")


def escape(text: object, line_start: bool = True) -> str:
    """Text as literal Markdown on one line: characters Markdown or HTML could read as
    markup are escaped with a backslash; with `line_start` (text that may begin a line),
    so is a start that would open a block (a heading, list or quote)."""
    line = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    if not line_start:
        return line
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}\\" if m.group(1) else "\\", line, count=1)


def longest_run(text: str, character: str) -> int:
    """The longest run of `character` in `text` (what a fence around it must exceed)."""
    return max((len(run) for run in re.findall(f"{re.escape(character)}+", text)), default=0)


#: What makes a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?%?$")


def spreadsheet_safe(cell: str) -> str:
    """A cell that a spreadsheet reads as text, never as a formula (CSV injection): text
    that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe, as
    OWASP advises; a plain number (−3, +12, 31%) stays a number."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.match(cell):
        return "'" + cell
    return cell
