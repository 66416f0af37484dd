"""Errors that end a command with a one-line message instead of a traceback."""

from __future__ import annotations


class CjmError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits with `exit_code`."""

    exit_code = 1


class UsageError(CjmError):
    """The command was called wrongly (a bad option value, a missing tool)."""

    exit_code = 2
