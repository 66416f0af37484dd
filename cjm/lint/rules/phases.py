"""Rules about phases: empty phases, phases without touchpoints, and the declared framework."""

from __future__ import annotations

from cjm.core import frameworks
from cjm.core.model import JourneyMap, Phase
from cjm.lint.rules.base import ERROR, WARNING, Hits, RuleOptions, phase_label, rule


@rule("J003", "empty-phase", ERROR, "A phase has no steps.")
def empty_phase(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A phase without steps says nothing about the customer there.

    Bad:  `- name: Decision` with no `steps`.
    Good: `- name: Decision` with `steps: [{action: Decides the product is worth a try}]`.
    """
    for phase in journey.phases:
        if not phase.steps:
            yield phase.pos, f"{phase_label(phase.name)} has no steps"


@rule("J004", "phase-without-touchpoints", ERROR,
      "No step of a phase names a touchpoint: where does the business meet the customer?")
def phase_without_touchpoints(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Every phase should show where the customer meets the business. A phase whose steps
    name no touchpoint at all is a blind spot on the map. (A phase with no steps is
    reported by `empty-phase` instead.)

    Bad:  a Purchase phase whose steps have no `touchpoints`.
    Good: `touchpoints: [website, checkout]` on at least one of its steps.
    """
    for phase in journey.phases:
        if phase.steps and not any(step.touchpoints for step in phase.steps):
            count = len(phase.steps)
            yield phase.pos, (f"{phase_label(phase.name)} has no touchpoints: none of its "
                              f"{count} step{'s' if count > 1 else ''} names one")


def _framework_of(journey: JourneyMap) -> frameworks.Framework | None:
    return frameworks.get(journey.framework.value) if journey.framework else None


def _matched(journey: JourneyMap, framework: frameworks.Framework
             ) -> list[tuple[Phase, int | None]]:
    """Each phase of the map with the index of the framework phase it matches (or None)."""
    matched = []
    for phase in journey.phases:
        index = framework.index_of(phase.id.value) if phase.id else None
        if index is None and phase.name:
            index = framework.index_of(phase.name.value)
        matched.append((phase, index))
    return matched


@rule("J007", "missing-phase", ERROR, "A phase of the declared framework is missing from the map.")
def missing_phase(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A map that declares `framework:` should cover each of its phases, so that gaps in the
    journey show. The finding points where the phase belongs: at the phase that should
    follow it, or at the last phase.

    Bad:  `framework: five-phase` with phases Awareness, Consideration, Retention, Loyalty.
    Good: the same with a Purchase phase between Consideration and Retention.
    """
    framework = _framework_of(journey)
    if framework is None or not journey.phases:
        return
    matched = _matched(journey, framework)
    present = {index for _, index in matched if index is not None}
    lang = journey.language
    for index, wanted in enumerate(framework.phases):
        if index in present:
            continue
        later = [phase for phase, other in matched if other is not None and other > index]
        anchor = later[0] if later else journey.phases[-1]
        where = f"before {phase_label(anchor.name)}" if later else "at the end"
        yield anchor.pos, (f"phase `{wanted.names[lang]}` of framework `{framework.id}` is "
                           f"missing (it belongs {where})")


@rule("J008", "phase-order", ERROR, "Phases are out of the order of the declared framework.")
def phase_order(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Phases follow the framework's order, so the map reads as the customer's path.

    Bad:  `framework: five-phase` with Purchase before Consideration.
    Good: Awareness, Consideration, Purchase, Retention, Loyalty.
    """
    framework = _framework_of(journey)
    if framework is None:
        return
    furthest: tuple[Phase, int] | None = None
    for phase, index in _matched(journey, framework):
        if index is None:
            continue
        if furthest and index < furthest[1]:
            yield phase.pos, (f"{phase_label(phase.name)} comes after "
                              f"{phase_label(furthest[0].name)}, but precedes it in "
                              f"framework `{framework.id}`")
        elif furthest is None or index > furthest[1]:
            furthest = (phase, index)


@rule("J009", "phase-not-in-framework", WARNING,
      "A phase that the declared framework does not have.")
def phase_not_in_framework(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A phase whose name (English or Dutch) or id matches no phase of the declared framework:
    often a typo, or a sign that another framework fits better.

    Bad:  `framework: see-think-do-care` with a phase `Buy`.
    Good: the phase named `Do`.
    """
    framework = _framework_of(journey)
    if framework is None:
        return
    names = ", ".join(phase.names[journey.language] for phase in framework.phases)
    for phase, index in _matched(journey, framework):
        if index is None and phase.name:
            yield phase.pos, (f"{phase_label(phase.name)} is not a phase of framework "
                              f"`{framework.id}` ({names})")
