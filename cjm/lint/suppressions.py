"""Inline suppressions: YAML comments that silence findings.

    action: Pays   # cjm: disable=J005           this line
    # cjm: disable=step-without-touchpoints      alone on a line: the next line
    # cjm: disable-file=J013                     anywhere: the whole file

Rules are named by code, name or `all`, several separated by commas. A suppression that
silences nothing is reported as C001 (unused-suppression), unless the rules it names could
not run (see `Rule.needs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cjm.core.source import Position
from cjm.lint.findings import Finding
from cjm.lint.rules import RULES

_COMMENT = re.compile(r"#\s*cjm:\s*(disable-file|disable)\s*=\s*([\w\-]+(?:\s*,\s*[\w\-]+)*)")


@dataclass
class Suppression:
    pos: Position  # where the comment is
    line: int | None  # the line it silences; None for the whole file
    selectors: tuple[str, ...]
    used: bool = False

    def silences(self, finding: Finding) -> bool:
        if self.line is not None and finding.line != self.line:
            return False
        rule = RULES.get(finding.code)
        return any(s == "all" or s.upper() == finding.code or (rule and s == rule.name)
                   for s in self.selectors)


def parse(text: str) -> list[Suppression]:
    """The suppression comments in a map's text."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        kind, names = match.groups()
        selectors = tuple(name.strip() for name in names.split(","))
        alone = not line[: match.start()].strip()
        target = None if kind == "disable-file" else (number + 1 if alone else number)
        found.append(Suppression(Position(number, match.start() + 1), target, selectors))
    return found


def apply(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings that no suppression silences; marks the suppressions that were used."""
    kept = []
    for finding in findings:
        silencers = [s for s in suppressions if s.silences(finding)]
        for suppression in silencers:
            suppression.used = True
        if not silencers:
            kept.append(finding)
    return kept


def could_not_run(suppression: Suppression, found: set[str]) -> bool:
    """Whether every rule the suppression names was stopped by another's finding (a rule
    that could not run silences nothing, and that is no fault of the suppression)."""
    stopped = {rule.code for rule in RULES.values() if found & set(rule.needs)}
    return all(s.upper() in stopped or any(rule.name == s and rule.code in stopped
                                           for rule in RULES.values())
               for s in suppression.selectors)


def unknown_selectors(suppression: Suppression) -> list[str]:
    names = {rule.name for rule in RULES.values()}
    return [s for s in suppression.selectors
            if s != "all" and s.upper() not in RULES and s not in names]
