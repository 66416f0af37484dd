"""The funnel lane and the metric figures, as both renderers draw them.

From the steps' `reached`, each step gets a bar whose width is its share of the widest
step, the share of customers lost since the step before (its drop-off), and a mark on the
step with the biggest drop-off; each phase gets the share lost from its first measured step
to the next phase's. Other metrics become short figures on the step ("conv. 31% · CSAT 3.8").
"""

from __future__ import annotations

from dataclasses import dataclass

from cjm.core import metrics
from cjm.core.library import MetricType
from cjm.core.model import JourneyMap, Step
from cjm.render import labels as lx

BAR_COLOUR = "#5c6bc0"
DROP_COLOUR = "#757575"
BIGGEST_COLOUR = lx.PAIN_COLOUR


@dataclass(frozen=True)
class Bar:
    """One step's place in the funnel."""

    reached: float | None
    share: float  # of the widest step, 0–1 (0 when not measured)
    drop_off: float | None
    biggest: bool

    @property
    def value_text(self) -> str:
        return f"{self.reached:,.0f}" if self.reached is not None else ""

    @property
    def drop_text(self) -> str:
        return f"−{metrics.percent(self.drop_off)}" if self.drop_off else ""

    @property
    def drop_colour(self) -> str:
        return BIGGEST_COLOUR if self.biggest else DROP_COLOUR


def bars(journey: JourneyMap) -> tuple[Bar, ...]:
    """A bar per step, in map order; empty when no step has `reached`."""
    funnel = metrics.funnel(journey)
    if funnel is None:
        return ()
    widest = funnel.widest or 1.0
    biggest = funnel.biggest
    return tuple(Bar(reached, (reached or 0.0) / widest, drop, index == biggest)
                 for index, (reached, drop) in enumerate(zip(funnel.reached, funnel.drop_off,
                                                             strict=True)))


def phase_notes(journey: JourneyMap) -> list[str]:
    """Per phase, "↘ 38%": the share of customers lost before the next phase ("" if not
    measured, so all empty for a map without a funnel)."""
    return [f"↘ {metrics.percent(drop)}" if drop else ""
            for drop in metrics.phase_drop_offs(journey)]


def figures(step: Step, lang: str, with_reached: bool = False,
            typed: dict[str, MetricType] | None = None) -> str:
    """A step's metrics as one line of short figures; `reached` only when asked (the
    funnel shows it). A library metric (`typed`, by id) shows by its name, as its kind."""
    names = lx.labels(lang)
    typed = typed or {}
    shown = []
    for m in step.metrics:
        name = m.name.value
        if not with_reached and name == metrics.REACHED:
            continue
        if name in typed:
            shown.append(f"{(typed[name].name or m.name).value} "
                         f"{metrics.shown_typed(typed[name], m.text.value)}")
        else:
            shown.append(f"{names.get('metric_' + name, name)} {metrics.shown(name, m.text.value)}")
    return " · ".join(shown)
