"""Findings: what `cjm lint` reports, as small ordered value objects."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cjm.core.source import located


class Severity(str, Enum):
    """How much a finding matters: errors fail a lint run, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem at one place in one file; findings sort by file and position."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity

    def __str__(self) -> str:
        return located(self.path, (self.line, self.column), f"{self.code} {self.message}")
