"""Rules about insight and action: moments of truth, evidence behind low moments, insight and
opportunity ids, scores, and links that are safe to publish."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace

from cjm.core.evidence import backing, insights_by_id
from cjm.core.library import Library, LibraryFile, is_plain
from cjm.core.links import is_web_link
from cjm.core.model import SCORE_MAX, SCORE_MIN, Insight, JourneyMap, Opportunity
from cjm.core.source import Position
from cjm.lint.rules.base import (
    ERROR,
    WARNING,
    Hits,
    RuleOptions,
    did_you_mean,
    low_scores,
    rule,
    step_label,
)

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
#: Schemes a source must never have: a page would run or open them.
_UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript", "file", "blob"})
_ID = re.compile(r"^[\w.-]+$")


@rule("J034", "critical-low-moment", ERROR,
      "A moment of truth that is a low moment, with no opportunity.")
def critical_low_moment(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A step marked `critical: true` decides whether the customer stays; when it is also
    a low moment, the map must say what the business will do about it.

    Bad:  `critical: true`, `emotion: 1` and no `opportunities`.
    Good: the same step with `opportunities: [Call back within the hour]`.
    """
    for _, step in journey.steps():
        if step.is_critical and not step.opportunities and step.critical is not None:
            for persona, score in low_scores(step, options.low_moment):
                who = f" for persona `{persona}`" if persona else ""
                yield step.critical.pos, (f"{step_label(step)} is a moment of truth and a low "
                                          f"moment{who} (emotion {score.value}) with no "
                                          "opportunity")


@rule("J035", "unevidenced-low-moment", WARNING,
      "A low moment backed by no observed or reported insight (with `require-evidence`).")
def unevidenced_low_moment(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Where the configuration says `require-evidence = true`, every low moment rests on
    research: an insight of kind `observed` or `reported`, on the step or named by one of
    its pain points. Otherwise the rule says nothing.

    Bad:  `emotion: 1` with no insights, or only `kind: assumed` ones.
    Good: `insights: [{text: 6 of 8 gave up here, kind: observed, source: Usability test}]`.
    """
    if not options.require_evidence:
        return
    known = insights_by_id(journey)
    for _, step in journey.steps():
        if any(insight.evidence for insight in backing(step, known)):
            continue
        for persona, score in low_scores(step, options.low_moment):
            who = f" for persona `{persona}`" if persona else ""
            yield score.pos, (f"{step_label(step)} is a low moment{who} (emotion "
                              f"{score.value}) backed by no observed or reported insight")


@rule("J036", "unknown-insight", ERROR,
      "A pain point names an insight id that neither the map nor the library has.")
def unknown_insight(journey: JourneyMap, options: RuleOptions) -> Hits:
    """A pain point's `insights` name the ids of insights on the map's steps or in the
    library's `insights`.

    Bad:  `pains: [{text: Slow checkout, insights: [wait-tme]}]` with an insight `wait-time`.
    Good: `insights: [wait-time]`.
    """
    known = insights_by_id(journey)
    names = {id: (insight.text.value if insight.text else id) for id, insight in known.items()}
    for _, step in journey.steps():
        for pain in step.pains:
            for id in pain.insights:
                if id.value not in known:
                    yield id.pos, (f"insight `{id.value}` of a pain point of {step_label(step)} "
                                   f"is neither this map's nor the library's"
                                   f"{did_you_mean(id.value, names)}")


@rule("J037", "unknown-opportunity", ERROR,
      "A step names what looks like a library opportunity's id, but no such id exists.")
def unknown_opportunity(journey: JourneyMap, options: RuleOptions) -> Hits:
    """On a step, a plain text that is a library opportunity's id links that opportunity;
    a single word close to such an id is most likely a misspelt one.

    Bad:  `opportunities: [faster-chekout]` with a library opportunity `faster-checkout`.
    Good: `opportunities: [faster-checkout]`.
    """
    library = journey.library
    if library is None or not library.ids("opportunities"):
        return
    ids = library.ids("opportunities")
    for _, step in journey.steps():
        for item in step.opportunities:
            if not is_plain(item) or item.text is None or not _ID.match(item.text.value):
                continue
            close = difflib.get_close_matches(item.text.value, ids, n=1, cutoff=0.8)
            if close and close[0] != item.text.value:
                yield item.text.pos, (f"opportunity `{item.text.value}` of {step_label(step)} "
                                      f"is no library opportunity; did you mean `{close[0]}`?")


def link_problems(opportunities: tuple[Opportunity, ...], insights: tuple[Insight, ...]
                  ) -> Iterator[tuple[Position, str]]:
    """Links that a page must not publish: an opportunity's `link` that is no http(s) URL,
    an insight's `source` with a scheme that runs or opens something."""
    for opportunity in opportunities:
        link = opportunity.link
        if link is not None and not is_web_link(link.value):
            yield link.pos, f"`link` must be an http(s) URL, got `{link.value}`"
    for insight in insights:
        source = insight.source
        scheme = _SCHEME.match(source.value.strip()) if source is not None else None
        if source is not None and scheme and scheme.group(1).lower() in _UNSAFE_SCHEMES:
            yield source.pos, (f"`source` must be a citation or an http(s) URL, got a "
                               f"`{scheme.group(1).lower()}:` link")


def _library_links(library_file: LibraryFile, library: Library) -> Hits:
    yield from link_problems(library_file.opportunities or (), library_file.insights or ())


@rule("J038", "bad-link", ERROR,
      "An opportunity's link is no http(s) URL, or an insight's source is a script or file.")
def bad_link(journey: JourneyMap, options: RuleOptions) -> Hits:
    """Links go on published pages: an opportunity's `link` is an http(s) URL (the issue
    in the tracker), and an insight's `source` is a citation or an http(s) URL. cjm never
    follows or fetches them.

    Bad:  `link: javascript:alert(1)`; `source: file:///etc/passwd`.
    Good: `link: https://tracker.example.com/CX-12`; `source: Usability test, May 2026`.
    """
    for _, step in journey.steps():
        yield from link_problems(step.opportunities, step.insights)


bad_link = replace(bad_link, library_check=_library_links)


@rule("J039", "opportunity-scale", ERROR, "An opportunity's value or effort is outside 1–5.")
def opportunity_scale(journey: JourneyMap, options: RuleOptions) -> Hits:
    """An opportunity's `value` (for the customer) and `effort` are scores from 1 to 5;
    its backlog score is value × confidence ÷ effort.

    Bad:  `{text: Live chat, value: 8, effort: 0}`.
    Good: `{text: Live chat, value: 4, effort: 2, confidence: medium}`.
    """
    for _, step in journey.steps():
        yield from _off_scale(step.opportunities, f"an opportunity of {step_label(step)}")


def _off_scale(opportunities: tuple[Opportunity, ...], where: str) -> Hits:
    for opportunity in opportunities:
        for key in ("value", "effort"):
            score = getattr(opportunity, key)
            if score is not None and not SCORE_MIN <= score.value <= SCORE_MAX:
                yield score.pos, (f"`{key}` of {where} is {score.value}, outside "
                                  f"{SCORE_MIN}–{SCORE_MAX}")


def _library_scale(library_file: LibraryFile, library: Library) -> Hits:
    for opportunity in library_file.opportunities or ():
        named = f"opportunity `{opportunity.id.value}`" if opportunity.id else "an opportunity"
        yield from _off_scale((opportunity,), named)


opportunity_scale = replace(opportunity_scale, library_check=_library_scale)
