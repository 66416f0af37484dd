"""Journey metrics: the numbers beside the story (how many customers reach a step, how
many convert, how they rate it) and the funnel they make.

A step's `metrics` maps names to numbers. Known names have a kind that says how a value is
written, checked and shown; other names are kept and shown as written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cjm.core.model import JourneyMap, Metric, Step


@dataclass(frozen=True)
class Kind:
    """How a known metric is written and checked."""

    description: str
    minimum: float | None = None
    maximum: float | None = None
    rate: bool = False  # 0–1, or a percentage written as "31%"
    duration: bool = False  # seconds, or "3m", "1h 20m", "45s"
    whole: bool = False


KNOWN: dict[str, Kind] = {
    "reached": Kind("customers who reach the step (the funnel's width)", 0, whole=True),
    "conversion": Kind("share who go on to the next step: 0–1 or a percentage", 0, 1,
                       rate=True),
    "csat": Kind("customer satisfaction, 1–5", 1, 5),
    "nps": Kind("net promoter score, −100 to 100", -100, 100),
    "ces": Kind("customer effort score, 1–7", 1, 7),
    "time": Kind("time spent: seconds, or 45s, 3m, 1h 20m", 0, duration=True),
}
REACHED = "reached"
_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?"
                       r"\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$", re.IGNORECASE)


def parse(name: str, text: str) -> tuple[float | None, str | None]:
    """The number `text` stands for as metric `name`, or None and what is wrong with it.
    An unknown metric that is no number is kept as text (None, None)."""
    kind = KNOWN.get(name)
    value = _number(text, kind)
    if kind is None:
        return value, None
    if value is None:
        return None, f"`{name}` must be {_expected(kind)}, got `{text}`"
    if kind.whole and value != int(value):
        return None, f"`{name}` must be a whole number, got `{text}`"
    low = kind.minimum if kind.minimum is not None else -math.inf
    high = kind.maximum if kind.maximum is not None else math.inf
    if not low <= value <= high:
        return None, f"`{name}` is {text}, outside {_range(kind)}"
    return value, None


def _number(text: str, kind: Kind | None) -> float | None:
    cleaned = text.strip().replace("_", "")
    if kind is not None and kind.rate and cleaned.endswith("%"):
        number = _float(cleaned[:-1])
        return None if number is None else number / 100
    if kind is not None and kind.duration:
        match = _DURATION.match(cleaned)
        if match and any(match.groups()):
            hours, minutes, seconds = (float(part or 0) for part in match.groups())
            return hours * 3600 + minutes * 60 + seconds
    return _float(cleaned)


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _expected(kind: Kind) -> str:
    if kind.rate:
        return "a share from 0 to 1 or a percentage"
    if kind.duration:
        return "a time (seconds, or 45s, 3m, 1h 20m)"
    return "a whole number" if kind.whole else "a number"


def _range(kind: Kind) -> str:
    if kind.rate:
        return "0–100%"
    if kind.maximum is None:
        return f"{_plain(kind.minimum or 0)} or more"
    return f"{_plain(kind.minimum or 0)} to {_plain(kind.maximum)}"


def value_of(metric: Metric) -> float | None:
    return parse(metric.name.value, metric.text.value)[0]


def shown(name: str, text: str) -> str:
    """A metric's value as renders print it: 12,000 · 31% · 3.8 · +12 · 3m 20s; an unknown
    or unreadable value as written."""
    value, problem = parse(name, text)
    kind = KNOWN.get(name)
    if value is None or problem or kind is None:
        return text.strip()
    if kind.rate:
        return f"{_plain(round(value * 100, 1))}%"
    if kind.duration:
        return _duration(value)
    if name == "nps":
        return f"{value:+g}"
    if kind.whole:
        return f"{int(value):,}"
    return _plain(value)


def _plain(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "",
             f"{rest}s" if rest or not (hours or minutes) else ""]
    return " ".join(part for part in parts if part)


def step_value(step: Step, name: str) -> float | None:
    metric = next((m for m in step.metrics if m.name.value == name), None)
    return value_of(metric) if metric else None


@dataclass(frozen=True)
class Funnel:
    """How many customers reach each step (None: not measured) and, for each step, the
    share of the previous measured step's customers lost on the way (None for the first
    measured step)."""

    reached: tuple[float | None, ...]
    drop_off: tuple[float | None, ...]

    @property
    def widest(self) -> float:
        return max((r for r in self.reached if r), default=0.0)

    @property
    def biggest(self) -> int | None:
        """The index of the step with the biggest drop-off (the first, on a tie)."""
        drops = [(d, i) for i, d in enumerate(self.drop_off) if d is not None and d > 0]
        return max(drops, key=lambda pair: (pair[0], -pair[1]))[1] if drops else None


def funnel(journey: JourneyMap) -> Funnel | None:
    """The map's funnel, from `reached`; None when no step has it."""
    reached = tuple(step_value(step, REACHED) for _, step in journey.steps())
    if not any(r is not None for r in reached):
        return None
    drops: list[float | None] = []
    previous: float | None = None
    for value in reached:
        if value is None:
            drops.append(None)
            continue
        drops.append(None if not previous else max(0.0, (previous - value) / previous))
        previous = value
    return Funnel(reached, tuple(drops))


def phase_drop_offs(journey: JourneyMap) -> list[float | None]:
    """Per phase, the share of customers lost from its first measured step to the next
    phase's first measured step (None where either is not measured)."""
    firsts = [next((v for step in phase.steps if (v := step_value(step, REACHED))), None)
              for phase in journey.phases]
    drops: list[float | None] = []
    for here, after in zip(firsts, [*firsts[1:], None], strict=True):
        drops.append(max(0.0, (here - after) / here) if here and after is not None else None)
    return drops


def percent(share: float) -> str:
    return f"{round(share * 100):.0f}%"
