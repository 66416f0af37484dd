"""Rules about the map as a whole: its persona and its pain points."""

from __future__ import annotations

from cjm.core.model import JourneyMap
from cjm.lint.rules.base import ERROR, WARNING, Hits, RuleOptions, rule


@rule("J012", "no-persona", WARNING, "The map names no persona.")
def no_persona(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A journey is always someone's journey: one map per persona.

    Bad:  a map without `persona:`.
    Good: `persona: {name: Sally, role: Team lead}`.
    """
    if journey.persona is None and not journey.personas:
        yield journey.pos, "the map has no persona: whose journey is this?"


@rule("J013", "no-pain-points", WARNING, "No step of the map lists a pain point.")
def no_pain_points(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Pain points are what a journey map is made to find; a map with none is unfinished.

    Bad:  no step with `pains:`.
    Good: `pains: [Too many tools, nothing in one place]` on the steps where it hurts.
    """
    if journey.phases and not any(step.pains for _, step in journey.steps()):
        yield journey.pos, "the map lists no pain points"


@rule("J015", "framework-required", ERROR,
      "The configuration requires a framework that the map does not declare.")
def framework_required(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A team can require every map to follow one phase model (`framework = "…"` in the
    configuration), so that maps stay comparable.

    Bad:  `framework = "seven-phase"` configured, and a map without `framework:`.
    Good: the map declares `framework: seven-phase`.
    """
    wanted = options.framework
    if wanted is None:
        return
    if journey.framework is None:
        yield journey.pos, f"the map declares no framework; this project requires `{wanted}`"
    elif journey.framework.value != wanted:
        yield journey.framework.pos, (f"framework `{journey.framework.value}`, but this "
                                      f"project requires `{wanted}`")
