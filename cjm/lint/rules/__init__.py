"""The rule registry: every rule cjm knows, by code, in one explicit list."""

from __future__ import annotations

from cjm.lint.rules import (
    baseline,
    blueprint,
    content,
    evidence,
    library,
    metrics,
    personas,
    phases,
    steps,
    touchpoints,
)
from cjm.lint.rules.base import Rule
from cjm.lint.rules.loading import DATA_RULES, STRUCTURE_RULES, SUPPRESSION_RULES, YAML_RULES

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        *YAML_RULES,
        *STRUCTURE_RULES,
        steps.emotion_range,
        steps.duplicate_step_id,
        phases.empty_phase,
        phases.phase_without_touchpoints,
        steps.step_without_touchpoints,
        steps.step_without_emotion,
        phases.missing_phase,
        phases.phase_order,
        phases.phase_not_in_framework,
        touchpoints.unknown_touchpoint,
        touchpoints.unused_touchpoint,
        content.no_persona,
        content.no_pain_points,
        steps.low_moment_without_opportunity,
        content.framework_required,
        baseline.bad_baseline,
        baseline.unknown_pain,
        baseline.unaddressed_pain,
        baseline.duplicate_pain_id,
        personas.persona_definition,
        personas.unknown_persona,
        personas.persona_without_score,
        personas.too_many_personas,
        metrics.metric_value,
        metrics.drop_off_without_opportunity,
        blueprint.failpoint_without_opportunity,
        blueprint.nothing_behind_phase,
        library.unknown_reference,
        library.duplicate_library_id,
        library.library_metric_definition,
        library.metric_out_of_scale,
        library.metric_misses_target,
        library.bad_detail,
        evidence.critical_low_moment,
        evidence.unevidenced_low_moment,
        evidence.unknown_insight,
        evidence.unknown_opportunity,
        evidence.bad_link,
        evidence.opportunity_scale,
        *DATA_RULES,
        *SUPPRESSION_RULES,
    )
}

CHECKS: tuple[Rule, ...] = tuple(rule for rule in RULES.values() if rule.check is not None)
#: The rules that look at library files.
LIBRARY_CHECKS: tuple[Rule, ...] = tuple(rule for rule in RULES.values()
                                         if rule.library_check is not None)


def get(key: str) -> Rule:
    """The rule with this code or name; KeyError when there is none."""
    found = RULES.get(key.upper()) or next(
        (rule for rule in RULES.values() if rule.name == key.lower()), None)
    if found is None:
        raise KeyError(key)
    return found
