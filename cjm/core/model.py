"""The journey-map model: frozen dataclasses whose values know their source position.

Scalars are `Located` values (`Text` for strings); every record has the `pos`
of the mapping it was read from. Optional fields are None or an empty tuple.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cjm.core.source import Located, Position, Text

if TYPE_CHECKING:
    from cjm.core.library import Library

DEFAULT_LANG = "en"
LANGUAGES = ("en", "nl")
STATES = ("current", "future")
PRIORITIES = ("low", "medium", "high")
#: Where an opportunity stands, how sure the team is of it, and what backs an insight.
STATUSES = ("open", "planned", "doing", "done", "dropped")
CONFIDENCES = ("low", "medium", "high")
INSIGHT_KINDS = ("observed", "reported", "assumed")
#: An opportunity's score is value × confidence ÷ effort, confidence weighing this much.
CONFIDENCE_WEIGHTS = {"low": 0.5, "medium": 0.8, "high": 1.0}
SCORE_MIN, SCORE_MAX = 1, 5  # the scale of an opportunity's value and effort
EMOTION_MIN, EMOTION_MAX = 1, 5
#: The emotion at or below which a step is a low moment, unless the configuration says
#: otherwise (`low-moment`): what lint, compare, report and every render go by.
DEFAULT_LOW_MOMENT = 2
#: PNG pixels per point unless `--scale` says otherwise: a picture sharp on a slide (Sally's
#: timeline about 2,200 px wide). Here, beside the other defaults, for the CLI to read cheaply.
DEFAULT_PNG_SCALE = 2.0
#: How many personas one map's renders keep apart (a colour and a marker each).
LEGIBLE_PERSONAS = 5


T = TypeVar("T")


def is_low(score: int | None, low_moment: int = DEFAULT_LOW_MOMENT) -> bool:
    """Whether a score makes a low moment (no score never does)."""
    return score is not None and score <= low_moment


@dataclass(frozen=True, slots=True)
class ByPersona(Generic[T]):
    """One persona's value of a per-persona field (`emotion: {sally: 4}`)."""

    persona: Text  # the persona id, where the key stands
    value: T


@dataclass(frozen=True, slots=True)
class Metric:
    """A named number measured at a step (`reached: 12000`), as written; `source` names the
    data file it came from (`--data`), None when it stands in the map."""

    name: Text
    text: Text
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Opportunity:
    """Something the business can improve: free text, or text with an owner, a priority,
    and what a backlog needs (status, value, effort, confidence, a link to the tracker)."""

    pos: Position
    text: Text | None
    owner: Text | None = None
    priority: Text | None = None
    id: Text | None = None
    status: Text | None = None
    value: Located[int] | None = None
    effort: Located[int] | None = None
    confidence: Text | None = None
    link: Text | None = None

    @property
    def score(self) -> float | None:
        """value × confidence ÷ effort (confidence: high 1, medium 0.8, low 0.5; medium when
        not given); None without a value and an effort."""
        if self.value is None or self.effort is None or self.effort.value <= 0:
            return None
        weight = CONFIDENCE_WEIGHTS.get(self.confidence.value if self.confidence else "medium",
                                        CONFIDENCE_WEIGHTS["medium"])
        return round(self.value.value * weight / self.effort.value, 2)


@dataclass(frozen=True, slots=True)
class Insight:
    """What research says about a step: a fact observed or reported, or an assumption,
    with where it comes from."""

    pos: Position
    text: Text | None
    id: Text | None = None
    kind: Text | None = None
    source: Text | None = None
    date: Text | None = None
    n: Located[int] | None = None

    @property
    def evidence(self) -> bool:
        """Whether it is research (observed or reported), not an assumption."""
        return self.kind is not None and self.kind.value in ("observed", "reported")


@dataclass(frozen=True, slots=True)
class BlueprintItem:
    """Something done behind a step (service blueprint): text, and who does it."""

    pos: Position
    text: Text | None
    by: Text | None = None


@dataclass(frozen=True, slots=True)
class Pain:
    """A pain point: free text, or text with an id that a future-state map can address."""

    pos: Position
    text: Text | None
    id: Text | None = None
    insights: tuple[Text, ...] = ()  # the ids of the insights that back it


@dataclass(frozen=True, slots=True)
class Step:
    """One customer action within a phase, with what surrounds it."""

    pos: Position
    id: Text | None = None
    action: Text | None = None
    touchpoints: tuple[Text, ...] = ()
    emotion: Located[int] | None = None
    thoughts: tuple[Text, ...] = ()
    #: The ids of the personas who take it; None: every persona, (): none (`personas: []`).
    personas: tuple[Text, ...] | None = None
    pains: tuple[Pain, ...] = ()
    addresses: tuple[Text, ...] = ()
    expectations: tuple[Text, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()
    metrics: tuple[Metric, ...] = ()
    #: `emotion` and `thoughts` written per persona (mappings persona id → value).
    emotion_by: tuple[ByPersona[Located[int]], ...] = ()
    thoughts_by: tuple[ByPersona[tuple[Text, ...]], ...] = ()
    #: Lanes declared without a field here (see cjm.core.lanes): (key, items) pairs.
    more: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    #: The map that shows this step in detail (a path relative to this map's folder).
    detail: Text | None = None
    insights: tuple[Insight, ...] = ()
    #: A moment of truth: it decides whether the customer stays.
    critical: Located[bool] | None = None

    @property
    def is_critical(self) -> bool:
        return self.critical is not None and self.critical.value

    def takes(self, persona: str) -> bool:
        """Whether the persona takes this step (every persona does unless `personas` says)."""
        return self.personas is None or any(item.value == persona for item in self.personas)

    def score_for(self, persona: str) -> Located[int] | None:
        """The persona's emotion here: their own score, else the score for all; None when
        they do not take the step or it has no score for them."""
        if not self.takes(persona):
            return None
        own = next((item.value for item in self.emotion_by if item.persona.value == persona),
                   None)
        return own or self.emotion

    def thoughts_for(self, persona: str) -> tuple[Text, ...]:
        """The persona's own thoughts here (not the shared ones)."""
        return next((item.value for item in self.thoughts_by if item.persona.value == persona),
                    ())


@dataclass(frozen=True, slots=True)
class Phase:
    """A stage of the journey (e.g. Awareness) and its steps."""

    pos: Position
    name: Text | None
    id: Text | None = None
    goal: Text | None = None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class Persona:
    """The (fictional) customer whose journey the map follows."""

    pos: Position
    name: Text | None = None
    role: Text | None = None
    description: Text | None = None
    goals: tuple[Text, ...] = ()
    frustrations: tuple[Text, ...] = ()
    expectations: tuple[Text, ...] = ()
    quote: Text | None = None
    id: Text | None = None

    @property
    def shown_name(self) -> str:
        """How outputs name the persona: its name, else its id ("" with neither)."""
        named = self.name or self.id
        return named.value if named else ""


@dataclass(frozen=True, slots=True)
class Touchpoint:
    """An entry of the map's touchpoint catalogue."""

    pos: Position
    id: Text | None
    name: Text | None = None
    channel: Text | None = None
    owner: Text | None = None  # in the library: the team that owns it


@dataclass(frozen=True, slots=True)
class MermaidDetails:
    """What an import keeps of a Mermaid diagram for the export (see `cjm.core.spec`)."""

    pos: Position
    acc_title: Text | None = None
    front_matter: Text | None = None


@dataclass(frozen=True, slots=True)
class JourneyMap:
    """One customer journey map, as read from one file.

    `touchpoints` is None when the map declares no catalogue, so that steps may
    name touchpoints freely.
    """

    path: str
    pos: Position
    title: Text | None = None
    persona: Persona | None = None
    phases: tuple[Phase, ...] = ()
    personas: tuple[Persona, ...] = ()
    lang: Text | None = None
    framework: Text | None = None
    state: Text | None = None
    baseline: Text | None = None
    scenario: Text | None = None
    touchpoints: tuple[Touchpoint, ...] | None = None
    mermaid: MermaidDetails | None = None
    #: The repository's library, when the map was read with it (`cjm.core.library.attach`).
    library: Library | None = None

    @property
    def language(self) -> str:
        """The language of labels in renders: the map's `lang`, else English."""
        return self.lang.value if self.lang and self.lang.value in LANGUAGES else DEFAULT_LANG

    def touchpoint_names(self) -> dict[str, str]:
        """Touchpoint id → display name (the id when the entry has no name): the library's
        touchpoints, and the map's own catalogue, which wins."""
        shared = self.library.names("touchpoints") if self.library else {}
        own = {t.id.value: (t.name or t.id).value for t in self.touchpoints or () if t.id}
        return {**shared, **own} if shared else own

    def metric_types(self) -> dict[str, Any]:
        """The library's typed metrics by id (`cjm.core.library.MetricType`)."""
        if self.library is None:
            return {}
        return {entry.id: entry.record for entry in self.library.entries("metrics")}

    def doer_names(self) -> dict[str, str]:
        """The library's team and system ids → names: who a blueprint item's `by` names."""
        if self.library is None:
            return {}
        return {**self.library.names("teams"), **self.library.names("systems")}

    def persona_ids(self) -> list[str]:
        """The ids of `personas`, in order (empty for a map with one persona)."""
        return [persona.id.value for persona in self.personas if persona.id]

    def everyone(self) -> tuple[Persona, ...]:
        """The map's persona, or its several personas (none when it names none)."""
        return (self.persona,) if self.persona else self.personas

    def named_scores(self, step: Step) -> list[tuple[str, int | None]]:
        """(name, score) of each persona who takes `step` (None: no score for them); for a
        map with one persona, or none, its name ("" for none) and the step's score."""
        if self.personas:
            return [(p.shown_name, score.value if (score := step.score_for(p.id.value)) else None)
                    for p in self.personas if p.id and step.takes(p.id.value)]
        name = self.persona.shown_name if self.persona else ""
        return [(name, step.emotion.value if step.emotion else None)]

    @property
    def step_count(self) -> int:
        return sum(len(phase.steps) for phase in self.phases)

    def steps(self) -> Iterator[tuple[Phase, Step]]:
        """Every step of the map in order, with its phase."""
        for phase in self.phases:
            for step in phase.steps:
                yield phase, step
