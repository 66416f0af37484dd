"""What a rule is: a code, a name, a default severity, a summary and a check."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cjm.lint.findings import Severity
from cjm.model import JourneyMap, Step
from cjm.source import Position

#: A check yields the position and message of each problem it sees in a map.
Check = Callable[[JourneyMap], Iterable[tuple[Position, str]]]

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    """A lint rule. Rules without a check are reported by the loader while it reads a file.

    `doc` is the user documentation: why the rule exists, with a bad and a good example.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    check: Check | None = None
    doc: str = ""


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Rule]:
    """Make a check function into a Rule; its docstring becomes the rule's documentation."""

    def wrap(check: Check) -> Rule:
        return Rule(code, name, severity, summary, check, (check.__doc__ or "").strip())

    return wrap


def step_label(step: Step) -> str:
    """How a step is named in a message: its id, else the start of its action."""
    if step.id:
        return f"step `{step.id.value}`"
    if step.action:
        return f'step "{textwrap.shorten(step.action.value, 40, placeholder="…")}"'
    return "a step"


def phase_label(name: object) -> str:
    return f"phase `{name}`" if name else "a phase"
