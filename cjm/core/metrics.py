"""Journey metrics: the numbers beside the story (how many customers reach a step, how
many convert, how they rate it) and the funnel they make.

A step's `metrics` maps names to numbers. Known names have a kind that says how a value is
written, checked and shown; other names are kept and shown as written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from cjm.core.library import MetricType
from cjm.core.model import JourneyMap, Metric, Step
from cjm.core.source import Position


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


#: What each kind of library metric is, before its own scale (`min`, `max`).
TYPED: dict[str, Kind] = {
    "count": Kind("a whole number", 0, whole=True),
    "rate": Kind("a share: 0–1 or a percentage", 0, 1, rate=True),
    "score": Kind("a number"),
    "nps": Kind("a net promoter score, −100 to 100", -100, 100),
    "duration": Kind("a time: seconds, or 45s, 3m, 1h 20m", 0, duration=True),
}


def parse(name: str, text: str) -> tuple[float | None, str | None]:
    """The number `text` stands for as metric `name`, or None and what is wrong with it.
    An unknown metric that is no number is kept as text (None, None)."""
    return _parse_as(KNOWN.get(name), name, text)


@lru_cache(maxsize=1024)
def kind_of(metric: MetricType) -> Kind | None:
    """A library metric's kind with its own scale; None when its kind is unknown or its
    scale cannot be read (lint says why)."""
    base = TYPED.get(metric.kind.value) if metric.kind else None
    if base is None:
        return None
    bounds = [None if text is None else _number(text.value, base)
              for text in (metric.min, metric.max)]
    if any(text is not None and bound is None
           for text, bound in zip((metric.min, metric.max), bounds, strict=True)):
        return None
    low, high = bounds
    return Kind(base.description, base.minimum if low is None else low,
                base.maximum if high is None else high, base.rate, base.duration, base.whole)


def parse_typed(metric: MetricType, text: str) -> tuple[float | None, str | None]:
    """`text` as a value of the library metric (see `parse`)."""
    kind = kind_of(metric)
    if kind is None:
        return None, None
    assert metric.id is not None
    return _parse_as(kind, metric.id.value, text)


def missed_target(metric: MetricType, text: str) -> str | None:
    """"`activation` is 25%, below its target 40%", when the value misses the target."""
    kind = kind_of(metric)
    if kind is None or metric.target is None or metric.id is None:
        return None
    value, problem = _parse_as(kind, metric.id.value, text)
    target = _number(metric.target.value, kind)
    if value is None or problem or target is None:
        return None
    higher = metric.higher_is_better
    if (value >= target) if higher else (value <= target):
        return None
    side = "below" if higher else "above"
    return (f"`{metric.id.value}` is {_as_kind(kind, value)}, {side} its target "
            f"{_as_kind(kind, target)}")


def definition_problems(metric: MetricType) -> list[tuple[Position, str]]:
    """What is wrong with a library metric's scale and target, with positions."""
    base = TYPED.get(metric.kind.value) if metric.kind else None
    if base is None:
        return []  # an unknown kind is reported by the loader
    found: list[tuple[Position, str]] = []
    values = {}
    for key in ("min", "max", "target"):
        text = getattr(metric, key)
        if text is None:
            continue
        value, problem = _parse_as(base, key, text.value)
        if problem:
            found.append((text.pos, f"`{key}` of metric `{_id(metric)}`: {problem}"))
        else:
            values[key] = value
    low, high = values.get("min"), values.get("max")
    if low is not None and high is not None and low >= high:
        assert metric.max is not None
        found.append((metric.max.pos, f"`max` of metric `{_id(metric)}` must be above its "
                                      f"`min` ({metric.min.value if metric.min else ''})"))
    target = values.get("target")
    if target is not None and metric.target is not None and (
            (low is not None and target < low) or (high is not None and target > high)):
        found.append((metric.target.pos, f"`target` of metric `{_id(metric)}` is outside "
                                         "its scale"))
    return found


def _id(metric: MetricType) -> str:
    return metric.id.value if metric.id else "?"


def _as_kind(kind: Kind, value: float) -> str:
    if kind.rate:
        return f"{_plain(round(value * 100, 1))}%"
    if kind.duration:
        return _duration(value)
    return f"{int(value):,}" if kind.whole else _plain(value)


def _parse_as(kind: Kind | None, name: str, text: str) -> tuple[float | None, str | None]:
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
        low, high = kind.minimum or 0, 1 if kind.maximum is None else kind.maximum
        return f"{_plain(round(low * 100, 1))}–{_plain(round(high * 100, 1))}%"
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


def shown_typed(metric: MetricType, text: str) -> str:
    """A library metric's value as renders print it (see `shown`), by the metric's kind."""
    kind = kind_of(metric)
    value, problem = parse_typed(metric, text)
    if kind is None or value is None or problem:
        return text.strip()
    if metric.kind is not None and metric.kind.value == "nps":
        return f"{value:+g}"
    return _as_kind(kind, value)


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
