"""What a rule is: a code, a name, a default severity, a summary and a check."""

from __future__ import annotations

import difflib
import inspect
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cjm.core.library import Library, LibraryFile
from cjm.core.model import DEFAULT_LOW_MOMENT, JourneyMap, Step, is_low
from cjm.core.source import Located, Position, Text
from cjm.lint.findings import Severity


@dataclass(frozen=True)
class RuleOptions:
    """Settings that rules read (from the configuration)."""

    framework: str | None = None  # the framework every map must declare (J015)
    low_moment: int = DEFAULT_LOW_MOMENT  # emotion at or below which a step is a low moment (J014)
    max_drop_off: float = 0.4  # the share of customers a step may lose unremarked (J025)
    root: Path | None = None  # the repository that paths a map names must stay inside
    require_evidence: bool = False  # low moments must rest on research (J035)


#: What a check yields: the position and message of each problem it sees in a map.
Hits = Iterator[tuple[Position, str]]
Check = Callable[[JourneyMap, RuleOptions], Iterable[tuple[Position, str]]]
#: A check of one library file, seeing the whole library.
LibraryCheck = Callable[[LibraryFile, Library], Iterable[tuple[Position, str]]]

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    """A lint rule. Its `check` looks at a map, its `library_check` at a library file;
    rules with neither are reported by the loader while it reads a file.

    `doc` is the user documentation: why the rule exists, with a bad and a good example.
    `needs` names the rules whose finding means this one could not run (a J016 unreadable
    baseline stops the rules that compare with it).
    """

    code: str
    name: str
    severity: Severity
    summary: str
    check: Check | None = None
    doc: str = ""
    library_check: LibraryCheck | None = None
    needs: tuple[str, ...] = ()


def rule(code: str, name: str, severity: Severity, summary: str,
         needs: tuple[str, ...] = ()) -> Callable[[Check], Rule]:
    """Make a check function into a Rule; its docstring becomes the rule's documentation."""

    def wrap(check: Check) -> Rule:
        return Rule(code, name, severity, summary, check, inspect.cleandoc(check.__doc__ or ""),
                    needs=needs)

    return wrap


def library_rule(code: str, name: str, severity: Severity, summary: str
                 ) -> Callable[[LibraryCheck], Rule]:
    """Make a check of library files into a Rule, documented by its docstring."""

    def wrap(check: LibraryCheck) -> Rule:
        return Rule(code, name, severity, summary, None, inspect.cleandoc(check.__doc__ or ""),
                    check)

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


def repeated(ids: Iterable[Text | None]) -> Iterator[tuple[Text, Position]]:
    """Each id that was seen before, with the position where it was first seen."""
    first_seen: dict[str, Position] = {}
    for id in ids:
        if id is not None:
            first = first_seen.setdefault(id.value, id.pos)
            if first != id.pos:
                yield id, first


def step_scores(step: Step) -> list[tuple[str | None, Located[int]]]:
    """A step's emotion scores: (None, the score for everyone), if given, then (persona id,
    that persona's own score) for each persona who has one."""
    shared: list[tuple[str | None, Located[int]]] = [(None, step.emotion)] if step.emotion \
        else []
    return shared + [(item.persona.value, item.value) for item in step.emotion_by]


def did_you_mean(value: str, known: dict[str, str]) -> str:
    """"; did you mean `id`?" for the id (of `known`, id → name) closest to `value`, or
    whose name it is; "" when none is close."""
    by_name = {name.casefold(): id for id, name in known.items()}
    guess = by_name.get(value.casefold()) or next(
        iter(difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)), None)
    return f"; did you mean `{guess}`?" if guess else ""


def low_scores(step: Step, low: int) -> list[tuple[str | None, Located[int]]]:
    """The step's scores (see `step_scores`) that make a low moment at threshold `low`."""
    return [(persona, score) for persona, score in step_scores(step) if is_low(score.value, low)]
