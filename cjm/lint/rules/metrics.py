"""Rules about journey metrics: values that fit their kind, and drop-offs someone owns."""

from __future__ import annotations

from cjm.core import metrics
from cjm.core.model import JourneyMap
from cjm.lint.rules.base import ERROR, WARNING, Hits, RuleOptions, rule, step_label


@rule("J024", "metric-value", ERROR, "A known metric has a value its kind does not allow.")
def metric_value(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Known metrics are checked: `reached` is a whole number of customers, `conversion` a
    share (0–1 or a percentage), `csat` 1–5, `nps` −100…100, `ces` 1–7, `time` a duration.
    Other names may hold any number or text.

    Bad:  `metrics: {conversion: 31}` (31 is not a share), `csat: 7`.
    Good: `metrics: {reached: 12000, conversion: 31%, csat: 3.8, time: 3m}`.
    """
    typed = set(journey.library.ids("metrics")) if journey.library else set()
    for _, step in journey.steps():
        for metric in step.metrics:
            if metric.source is None and metric.name.value not in typed:
                _, problem = metrics.parse(metric.name.value, metric.text.value)
                if problem:
                    yield metric.text.pos, problem


@rule("J025", "drop-off-without-opportunity", WARNING,
      "A step loses more customers than `max-drop-off` allows, and names no opportunity.")
def drop_off_without_opportunity(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Where the funnel narrows sharply, customers give up: the map should say what the
    business will do about it. The threshold is the configuration's `max-drop-off`
    (default 0.4: a step that keeps fewer than 60% of the step before).

    Bad:  `reached: 12000` on one step and `reached: 5000` on the next, no opportunities.
    Good: the same numbers, and `opportunities: [Show the price on the product page]`.
    """
    funnel = metrics.funnel(journey)
    if funnel is None:
        return
    previous: float | None = None
    for (_, step), reached, drop in zip(journey.steps(), funnel.reached, funnel.drop_off,
                                        strict=True):
        if (drop is not None and previous and reached is not None
                and drop > options.max_drop_off and not step.opportunities):
            yield step.pos, (f"{step_label(step)} loses {metrics.percent(drop)} of the "
                             f"customers of the step before ({previous:,.0f} → "
                             f"{reached:,.0f}) with no opportunity")
        if reached is not None:
            previous = reached
