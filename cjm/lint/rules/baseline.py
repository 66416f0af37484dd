"""Rules about a future-state map and its baseline: pain ids, `addresses`, coverage."""

from __future__ import annotations

import difflib
import textwrap

from cjm.core.baseline import load_baseline
from cjm.core.model import JourneyMap, Pain
from cjm.lint.rules.base import ERROR, WARNING, Hits, RuleOptions, repeated, rule, step_label


@rule("J016", "bad-baseline", ERROR, "The baseline does not exist or is not a readable map.")
def bad_baseline(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A future-state map names the current-state map it improves on, relative to its own
    folder; that file must exist and load without YAML or structure problems.

    Bad:  `baseline: current/sally.yaml` when there is no such file.
    Good: `baseline: sally.yaml`, a current-state map beside this one.
    """
    baseline = load_baseline(journey, options.root)
    if baseline is not None and baseline.problem:
        yield baseline.pos, baseline.problem


@rule("J017", "unknown-pain", ERROR, "A step addresses a pain point the baseline lacks.",
      needs=("J016",))
def unknown_pain(journey: JourneyMap, options: RuleOptions) -> Hits:
    """`addresses` names the ids of the baseline's pain points that a future step takes
    away; each must be the id of a pain point in the baseline.

    Bad:  `addresses: [missed-deadlines]` when the baseline's pain is `missed-deadline`.
    Good: `addresses: [missed-deadline]`, and in the baseline
          `pains: [{id: missed-deadline, text: Missed a client deadline}]`.
    """
    addressing = [(step, item) for _, step in journey.steps() for item in step.addresses]
    if not addressing:
        return
    baseline = load_baseline(journey, options.root)
    if baseline is None:
        for step, item in addressing:
            yield item.pos, (f"{step_label(step)} addresses `{item.value}`, but the map "
                             "declares no `baseline:` whose pain points it could address")
        return
    if baseline.map is None:
        return  # J016 says why
    known = baseline.pain_ids()
    for step, item in addressing:
        if item.value not in known:
            close = difflib.get_close_matches(item.value, known, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            yield item.pos, (f"{step_label(step)} addresses `{item.value}`, which is no pain "
                             f"point id of the baseline {baseline.name}{hint}")


@rule("J018", "unaddressed-pain", WARNING,
      "A pain point of the baseline that no step of the future map addresses.", needs=("J016",))
def unaddressed_pain(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A future-state map is a plan to take pains away: each pain point of the baseline
    should be addressed by some step (`addresses: [its id]`), or consciously accepted with
    a suppression comment.

    Bad:  the baseline lists `{id: missed-deadline, text: …}` and no future step names it.
    Good: a future step with `addresses: [missed-deadline]`.
    """
    baseline = load_baseline(journey, options.root)
    if baseline is None or baseline.map is None:
        return
    addressed = {item.value for _, step in journey.steps() for item in step.addresses}
    for pain, _ in baseline.pains():
        if pain.id is None:
            yield baseline.pos, (f"{_pain_label(pain, baseline.name)} has no id, so no step "
                                 "can address it")
        elif pain.id.value not in addressed:
            yield baseline.pos, (f"{_pain_label(pain, baseline.name)} is addressed by no "
                                 "step")


def _pain_label(pain: Pain, where: str) -> str:
    text = textwrap.shorten(pain.text.value if pain.text else "", 50, placeholder="…")
    named = f"pain point `{pain.id.value}` " if pain.id else "pain point "
    return f'{named}"{text}" ({where}:{pain.pos.line})'


@rule("J019", "duplicate-pain-id", ERROR, "Two pain points share an id.")
def duplicate_pain_id(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Pain ids are what future-state maps address; each must name one pain point.

    Bad:  two pain points with `id: slow-delivery`.
    Good: `id: slow-delivery` and `id: no-tracking`.
    """
    ids = (pain.id for _, step in journey.steps() for pain in step.pains)
    for id, first in repeated(ids):
        yield id.pos, f"pain point id `{id.value}` is already used at line {first.line}"
