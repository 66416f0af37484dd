"""Rules about the service blueprint under the journey: fail points and what supports a
phase."""

from __future__ import annotations

from cjm.core import lanes
from cjm.core.model import JourneyMap, Step
from cjm.lint.rules.base import WARNING, Hits, RuleOptions, rule, step_label


def _behind(step: Step) -> bool:
    """Whether anything is done behind the step: frontstage, backstage or support (the
    blueprint's lanes under its line of interaction)."""
    return any(lane.filled(step) for lane in lanes.behind())


@rule("J026", "failpoint-without-opportunity", WARNING,
      "A fail point on a step with no opportunity.")
def failpoint_without_opportunity(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A fail point is where the service is likely to go wrong; the map should say what the
    business will do about it.

    Bad:  `failpoints: [Card refused without a reason]` and no `opportunities`.
    Good: the same with `opportunities: [Say why a card is refused]`.
    """
    failpoints = lanes.step_lane("failpoints")
    for _, step in journey.steps():
        if step.opportunities:
            continue
        for failpoint in failpoints.items(step):
            yield failpoint.pos, (f"{step_label(step)} has the fail point \"{failpoint.value}\" "
                                  "and no opportunity")


@rule("J027", "nothing-behind-phase", WARNING,
      "In a map with a service blueprint, a phase whose touchpoints nothing supports.")
def nothing_behind_phase(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Once a map has a service blueprint, every phase where the customer meets the
    business needs someone or something behind it: frontstage, backstage or support.

    Bad:  a phase whose steps have touchpoints but no `frontstage`, `backstage` or `support`.
    Good: `backstage: [{text: Order is picked, by: Warehouse}]` on one of its steps.
    """
    if not lanes.uses_blueprint(step for _, step in journey.steps()):
        return
    for phase in journey.phases:
        if any(step.touchpoints for step in phase.steps) and not any(
                _behind(step) for step in phase.steps):
            name = phase.name.value if phase.name else "?"
            yield phase.pos, (f'phase "{name}" has touchpoints but nothing behind them '
                              "(no frontstage, backstage or support)")
