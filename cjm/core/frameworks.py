"""The registry of phase frameworks: well-known models of the customer journey.

A map that declares `framework: ID` is checked against that model's phases.
A phase of the map matches a framework phase by its `id`, or by its name in
English or Dutch (or a common alias), compared loosely: case, accents,
punctuation, articles and a trailing "phase"/"fase" do not matter.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class FrameworkPhase:
    """A phase of a framework, named in each supported language."""

    id: str
    names: dict[str, str]
    aliases: tuple[str, ...] = ()

    def matches(self, key: str) -> bool:
        """True when `key` (a normalised name or id) denotes this phase."""
        candidates = (self.id, *self.names.values(), *self.aliases)
        return any(normalise(candidate) == key for candidate in candidates)


@dataclass(frozen=True)
class Framework:
    """A phase model: its id, its origin and its phases in order."""

    id: str
    origin: str
    phases: tuple[FrameworkPhase, ...]

    def index_of(self, name: str) -> int | None:
        """Index of the phase that `name` (a phase name or id) denotes, or None."""
        key = normalise(name)
        for index, phase in enumerate(self.phases):
            if phase.matches(key):
                return index
        return None


def _phase(id: str, en: str, nl: str, *aliases: str) -> FrameworkPhase:
    return FrameworkPhase(id, {"en": en, "nl": nl}, aliases)


FRAMEWORKS: dict[str, Framework] = {
    framework.id: framework
    for framework in (
        Framework(
            "five-phase",
            "The classic five-phase customer journey, from awareness to loyalty.",
            (
                _phase("awareness", "Awareness", "Bewustzijn", "Bewustwording", "Bekendheid"),
                _phase("consideration", "Consideration", "Overweging", "Afweging"),
                _phase("purchase", "Purchase", "Aankoop"),
                _phase("retention", "Retention", "Retentie", "Behoud"),
                _phase("loyalty", "Loyalty", "Loyaliteit"),
            ),
        ),
        Framework(
            "seven-phase",
            "The buyer's journey of the classic worked example, Sally chooses task software.",
            (
                _phase("awareness", "Awareness", "Bewustwording", "Bewustzijn"),
                _phase("consideration", "Consideration", "Overweging"),
                _phase("comparison", "Comparison", "Vergelijking"),
                _phase("decision", "Decision", "Beslissing"),
                _phase("purchase", "Purchase", "Aankoop"),
                _phase("retention", "Retention", "Behoud", "Retentie"),
                _phase("advocacy", "Advocacy", "Aanbeveling", "Ambassadeurschap"),
            ),
        ),
        Framework(
            "eight-phase",
            "A Dutch online-marketing model: from latent need to loyal ambassador.",
            (
                _phase("need", "Latent & concrete need", "Latente & concrete behoefte", "Need",
                       "Behoefte"),
                _phase("orientation", "Orientation", "Oriëntatie"),
                _phase("consideration", "Consideration", "Overweging"),
                _phase("decision", "Decision", "Beslissing"),
                _phase("purchase", "Purchase", "Aankoop"),
                _phase("delivery", "Delivery", "Levering"),
                _phase("use", "Use", "Gebruik", "Usage"),
                _phase("loyalty", "Loyalty & ambassador", "Loyaliteit & ambassadeur", "Loyalty",
                       "Loyaliteit", "Ambassador", "Ambassadeur"),
            ),
        ),
        Framework(
            "see-think-do-care",
            "Google's four-phase model of intent, from no commercial intent to existing customers.",
            (
                _phase("see", "See", "See", "Zien"),
                _phase("think", "Think", "Think", "Denken"),
                _phase("do", "Do", "Do", "Doen"),
                _phase("care", "Care", "Care", "Zorg", "Zorgen"),
            ),
        ),
        Framework(
            "mckinsey",
            "McKinsey's consumer decision journey: a loop instead of a funnel.",
            (
                _phase("initial-consideration", "Initial consideration", "Eerste overweging",
                       "Overweging"),
                _phase("active-evaluation", "Active evaluation", "Actieve oriëntatie",
                       "Actieve evaluatie"),
                _phase("moment-of-purchase", "Moment of purchase", "Moment van aankoop",
                       "Aankoopmoment"),
                _phase("post-purchase", "Post-purchase experience", "Ervaring na aankoop",
                       "Post-purchase"),
            ),
        ),
    )
}

_STOPWORDS = frozenset({"the", "de", "het", "een", "a", "and", "en", "phase", "fase", "stage"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """A loose key for comparing phase names: "De Oriëntatiefase" == "orientatie".
    Cached: the same few names are compared again and again across steps and maps."""
    ascii_only = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _NON_ALNUM.sub(" ", ascii_only.casefold()).split()
    kept = [_without_fase_suffix(word) for word in words if word not in _STOPWORDS]
    return " ".join(kept)


def _without_fase_suffix(word: str) -> str:
    """Dutch compounds name the phase: "oriëntatiefase" → "oriëntatie", and with a
    linking s, "overwegingsfase" → "overweging"."""
    for suffix in ("sfase", "fase", "phase"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def get(framework_id: str) -> Framework | None:
    """The framework with this id, or None."""
    return FRAMEWORKS.get(framework_id)
