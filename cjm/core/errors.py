"""Errors that end a command with a one-line message instead of a traceback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar


class CjmError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits with `exit_code`."""

    exit_code = 1


class UsageError(CjmError):
    """The command was called wrongly (a bad option value, a missing tool)."""

    exit_code = 2


T = TypeVar("T")


def choose(value: str, choices: Mapping[str, T], what: str = "format",
           also: tuple[str, ...] = ()) -> T:
    """What `value` names among `choices` (a format's writer, an export's target); a
    UsageError listing them (and `also`, names handled before) when it names none."""
    if value not in choices:
        raise UsageError(f"unknown {what} `{value}`; choose one of: "
                         f"{', '.join((*also, *choices))}")
    return choices[value]
