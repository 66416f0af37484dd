"""Rules about steps: emotion scores, ids, touchpoints and low moments."""

from __future__ import annotations

from cjm.core.model import EMOTION_MAX, EMOTION_MIN, JourneyMap
from cjm.lint.rules.base import (
    ERROR,
    WARNING,
    Hits,
    RuleOptions,
    low_scores,
    repeated,
    rule,
    step_label,
    step_scores,
)


@rule("J001", "emotion-range", ERROR, f"An emotion score outside {EMOTION_MIN}–{EMOTION_MAX}.")
def emotion_range(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Emotion is a score from 1 (very negative) to 5 (very positive).

    Bad:  `emotion: 7`
    Good: `emotion: 5`
    """
    for _, step in journey.steps():
        for _, score in step_scores(step):
            if not EMOTION_MIN <= score.value <= EMOTION_MAX:
                yield score.pos, (f"emotion {score.value} is outside the scale "
                                  f"{EMOTION_MIN}–{EMOTION_MAX}")


@rule("J002", "duplicate-step-id", ERROR, "Two steps share an id.")
def duplicate_step_id(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Step ids name steps across versions of a map (diffs, links); each must be unique.

    Bad:  two steps with `id: trial`.
    Good: `id: trial-signup` and `id: trial-ends`.
    """
    for id, first in repeated(step.id for _, step in journey.steps()):
        yield id.pos, f"step id `{id.value}` is already used at line {first.line}"


@rule("J005", "step-without-touchpoints", WARNING, "A step names no touchpoint.")
def step_without_touchpoints(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Each step happens somewhere: an ad, the website, a shop, a friend's advice.

    Bad:  `- action: Reads user reviews` with no `touchpoints`.
    Good: `- action: Reads user reviews` with `touchpoints: [review site]`.
    """
    for _, step in journey.steps():
        if not step.touchpoints:
            yield step.pos, f"{step_label(step)} names no touchpoints"


@rule("J006", "step-without-emotion", WARNING, "A step has no emotion score.")
def step_without_emotion(journey: JourneyMap, options: RuleOptions) -> Hits:
    """The emotion curve is the heart of a journey map; a step without a score leaves a hole.

    Bad:  a step with no `emotion`.
    Good: `emotion: 3` (1 very negative … 5 very positive).
    """
    for _, step in journey.steps():
        if step.emotion is None and not step.emotion_by:
            yield step.pos, f"{step_label(step)} has no emotion score"


@rule("J014", "low-moment-without-opportunity", WARNING,
      "A low moment (emotion ≤ 2, or the configured low-moment) with no opportunity.")
def low_moment_without_opportunity(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Low moments are where customers drop out; the map should say what the business
    will do about each of them.

    Bad:  `emotion: 1` and no `opportunities`.
    Good: `emotion: 1` with `opportunities: [Offer a guided set-up call]`.
    """
    for _, step in journey.steps():
        if step.opportunities:
            continue
        for persona, score in low_scores(step, options.low_moment):
            who = f" for persona `{persona}`" if persona else ""
            yield score.pos, (f"{step_label(step)} is a low moment{who} (emotion "
                              f"{score.value}) with no opportunity")
