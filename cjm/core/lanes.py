"""The lanes of a map, declared once.

A lane is a field of a step (or of a persona) as readers meet it: its key in the file, its
format declaration, its labels in English and Dutch, where it is drawn and how it is shown.
The format (`cjm.core.spec`) takes the step's and persona's fields from here, and every
writer — the outline of `cjm show`, `cjm diff`, the Markdown export, the poster and page
grid, the SVG card and the legends — iterates over these declarations, with one way of
showing each kind. A new text lane is one declaration here; no writer changes
(`cjm.core.spec.declared` adds one for a while, as a test does).

How a lane is shown (`shown`):
  heading   the step's title (its action)
  ids       an inline list of ids, for the record only (not drawn)
  chips     short names, drawn as chips (touchpoints, named through the catalogue)
  score     the emotion score, drawn as the curve
  quotes    what the customer says, in quotation marks
  list      a list of texts
  records   a list of records with a text and details (owner, priority, …)
  metrics   named numbers, drawn as the funnel and as figures
  footnotes records that renders number and list under the grid, with their sources
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cjm.core.fields import (
    CHOICE,
    INTEGER,
    NUMBERS,
    RECORDS,
    TEXT,
    TEXTS,
    Field,
    Record,
)
from cjm.core.model import (
    CONFIDENCES,
    EMOTION_MAX,
    EMOTION_MIN,
    INSIGHT_KINDS,
    PRIORITIES,
    SCORE_MAX,
    SCORE_MIN,
    STATUSES,
)

HEADING, IDS, CHIPS, SCORE, QUOTES, LIST, RECORD_LIST, METRICS, FOOTNOTES = (
    "heading", "ids", "chips", "score", "quotes", "list", "records", "metrics", "footnotes")
#: How a lane shows on the SVG timeline's card: its text as lines, or a mark and a count.
LINES, COUNT = "lines", "count"


@dataclass(frozen=True)
class Lane:
    """One lane: a field of a step or persona and how every writer shows it.

    Attributes:
        name: the lane as drawn: its label's key and its CSS class (`lane-NAME`).
        key: its key in the file and its attribute in the model.
        field: its declaration in the format (kind, description, constraints).
        shown: how it is shown (see the module's docstring).
        labels: its label per language ("en", "nl").
        item: the word for one of its items, where the outline writes a line per item.
        row: where it is drawn among the grid's rows and the card's lines (None: not drawn).
        card: how the SVG card shows it: LINES, COUNT, or "" (not on the card).
        mark, colour: the glyph and colour of a COUNT on the card and in the legends.
        line_above: the label (per language) of the service blueprint's line drawn above
            the lane (the line of interaction, of visibility, of internal interaction).
        blueprint: a lane of the service blueprint, drawn under the journey's lanes.
    """

    name: str
    key: str
    field: Field
    shown: str
    labels: dict[str, str]
    item: str = ""
    row: int | None = None
    card: str = ""
    mark: str = ""
    colour: str = ""
    line_above: dict[str, str] | None = None
    blueprint: bool = False

    def items(self, record: Any) -> tuple[Any, ...]:
        """The lane's values on a step or persona, as a tuple (empty when it has none)."""
        value = getattr(record, self.key, None)
        if value is None and not hasattr(record, self.key):
            value = dict(getattr(record, "more", ())).get(self.key, ())
        if value is None:
            return ()
        return value if isinstance(value, tuple) else (value,)

    def says_none(self, record: Any) -> bool:
        """Whether the record's empty list says "none" (`personas: []`), not "not given"."""
        return self.field.empty_says_none and getattr(record, self.key, None) == ()

    def by_persona(self, record: Any) -> tuple[Any, ...]:
        """A per-persona lane's values written per persona (`ByPersona` items)."""
        return getattr(record, f"{self.key}_by", ()) if self.field.per_persona else ()

    def filled(self, record: Any) -> bool:
        return bool(self.items(record) or self.by_persona(record))

    def label(self, lang: str) -> str:
        return self.labels.get(lang, self.labels["en"])

    def line_label(self, lang: str) -> str:
        """The label of the line above the lane ("" when none is drawn)."""
        labels = self.line_above or {}
        return labels.get(lang) or labels.get("en", "")

    # -- records lanes (pain points, opportunities, blueprint items) --------------------

    def text_of(self, record: Any) -> Any:
        """A record's text (its scalar field's value as written), None when it has none."""
        assert self.field.record is not None and self.field.record.scalar is not None
        return getattr(record, self.field.record.scalar)

    def details(self, record: Any) -> list[tuple[str, Field, Any]]:
        """(name, field, value) of each detail a record has: every field but its text, its
        id and the ids it names (which are for cross-reference), in the format's order."""
        spec = self.field.record
        assert spec is not None
        return [(name, field, value) for name, field in spec.fields.items()
                if _is_detail(name, field, spec) and (value := getattr(record, name)) is not None]

    def references(self, record: Any) -> list[tuple[str, tuple[Any, ...]]]:
        """(name, ids) of each list of ids a record names (a pain's `insights`)."""
        spec = self.field.record
        assert spec is not None
        return [(name, value) for name, field in spec.fields.items()
                if field.kind == TEXTS and (value := getattr(record, name))]

    @property
    def has_details(self) -> bool:
        """Whether the lane's records can have details beside their text (and ids)."""
        spec = self.field.record
        return spec is not None and any(_is_detail(name, field, spec)
                                        for name, field in spec.fields.items())


def _is_detail(name: str, field: Field, spec: Record) -> bool:
    return name not in ("id", spec.scalar) and field.kind != TEXTS


OPPORTUNITY = Record("an opportunity", "Opportunity", "What the business can do about it: "
                     "text (or the id of a library opportunity), or a record for the "
                     "backlog.", {
    "id": Field(TEXT, "A stable id (a library opportunity's, which steps name)."),
    "text": Field(TEXT, "The opportunity, in a sentence."),
    "owner": Field(TEXT, "Who in the business owns it."),
    "priority": Field(CHOICE, "How urgent it is.", PRIORITIES),
    "status": Field(CHOICE, "Where it stands.", STATUSES),
    "value": Field(INTEGER, "Its value for the customer, 1–5.", minimum=SCORE_MIN,
                   maximum=SCORE_MAX),
    "effort": Field(INTEGER, "The effort it takes, 1–5.", minimum=SCORE_MIN, maximum=SCORE_MAX),
    "confidence": Field(CHOICE, "How sure the team is of value and effort.", CONFIDENCES),
    "link": Field(TEXT, "An http(s) URL: the issue in the team's tracker."),
}, ("text",), scalar="text")

INSIGHT = Record("an insight", "Insight", "What research says: text, or a record with its "
                 "kind and source.", {
    "id": Field(TEXT, "A stable id, which pain points name in `insights`."),
    "text": Field(TEXT, "The insight, in a sentence."),
    "kind": Field(CHOICE, "observed (seen), reported (said by customers) or assumed.",
                  INSIGHT_KINDS),
    "source": Field(TEXT, "Where it comes from: a citation or an http(s) URL."),
    "date": Field(TEXT, "When it was found."),
    "n": Field(INTEGER, "How many participants it rests on."),
}, ("text",), scalar="text")

PAIN = Record("a pain point", "Pain", "What goes wrong or gets in the way: text, or text "
              "with an id that a future-state map's steps can name in `addresses`.", {
    "id": Field(TEXT, "A stable id, unique in the map: what a future step addresses."),
    "text": Field(TEXT, "The pain point, in a sentence."),
    "insights": Field(TEXTS, "The ids of the insights that back it (this map's or the "
                             "library's).", inline=True),
}, ("text",), scalar="text")

#: An item of a service-blueprint lane: what is done, and who does it.
BLUEPRINT_ITEM = Record("a blueprint item", "Blueprint item", "Something staff, systems or "
                        "partners do: text, or text with who does it.", {
    "text": Field(TEXT, "What is done, in a sentence."),
    "by": Field(TEXT, "Who does it: a team, role or system."),
}, ("text",), scalar="text")

PAIN_COLOUR, OPPORTUNITY_COLOUR, FAILPOINT_COLOUR = "#c62828", "#1565c0", "#b71c1c"


def _blueprint(key: str, description: str, labels: dict[str, str], row: int,
               line_above: dict[str, str]) -> Lane:
    """A lane of the service blueprint whose items say who does them."""
    return Lane(key, key, Field(RECORDS, description + " Texts, or records with `by`: who "
                                "does it.", record=BLUEPRINT_ITEM, scalar_items=True,
                                single_ok=True, nulls_ignored=True),
                RECORD_LIST, labels, item=key, row=row, line_above=line_above, blueprint=True)


#: How outlines and diffs show a list that says "none" (see `Lane.says_none`).
NONE_SAID = "(none)"

#: A step's lanes, in the order of the file (and of `cjm fmt`, the schema and the outline).
_STEP_LANES: list[Lane] = [
    Lane("actions", "action", Field(TEXT, "What the customer does."), HEADING,
         {"en": "Actions", "nl": "Acties"}, row=0),
    Lane("personas", "personas", Field(
        TEXTS, "With several personas: the ids of those who take this step (default: all; "
               "`[]`: none, as a Mermaid task without actors).", inline=True,
        empty_says_none=True), IDS, {"en": "Personas", "nl": "Persona's"}),
    Lane("touchpoints", "touchpoints", Field(
        TEXTS, "Where customer and business meet: names, or catalogue ids when the map "
               "declares a catalogue.", inline=True), CHIPS,
         {"en": "Touchpoints", "nl": "Contactpunten"}, row=1, card=LINES),
    Lane("emotion", "emotion", Field(
        INTEGER, "How the customer feels: 1 very negative … 5 very positive; with several "
                 "personas, a score for all or a mapping persona id → score.",
        minimum=EMOTION_MIN, maximum=EMOTION_MAX, per_persona=True), SCORE,
         {"en": "Emotion", "nl": "Emotie"}, row=3),
    Lane("thoughts", "thoughts", Field(
        TEXTS, "What the customer thinks or says; with several personas, also a mapping "
               "persona id → thoughts.", per_persona=True), QUOTES,
         {"en": "Thoughts", "nl": "Gedachten"}, item="thought", row=2, card=LINES),
    Lane("pains", "pains", Field(
        RECORDS, "Pain points: what goes wrong or gets in the way; texts, or records with an "
                 "id.", record=PAIN, scalar_items=True, single_ok=True, nulls_ignored=True),
         RECORD_LIST, {"en": "Pain points", "nl": "Pijnpunten"}, item="pain", row=5,
         card=COUNT, mark="▲", colour=PAIN_COLOUR),
    Lane("insights", "insights", Field(
        RECORDS, "What research says about the step: texts, or records with a kind and a "
                 "source (renders list them as footnotes).", record=INSIGHT, scalar_items=True,
        single_ok=True, nulls_ignored=True), FOOTNOTES,
         {"en": "Insights", "nl": "Inzichten"}, item="insight"),
    Lane("addresses", "addresses", Field(
        TEXTS, "Future-state maps: ids of the baseline's pain points that this step takes "
               "away.", inline=True), IDS, {"en": "Addresses", "nl": "Neemt weg"}),
    Lane("expectations", "expectations", Field(TEXTS, "What the customer expects here."), LIST,
         {"en": "Expectations", "nl": "Verwachtingen"}, item="expectation", row=6),
    Lane("opportunities", "opportunities", Field(
        RECORDS, "What the business can do: texts, or records with an owner and a priority.",
        record=OPPORTUNITY, scalar_items=True, single_ok=True), RECORD_LIST,
         {"en": "Opportunities", "nl": "Kansen"}, item="opportunity", row=7, card=COUNT,
         mark="◆", colour=OPPORTUNITY_COLOUR),
    Lane("funnel", "metrics", Field(
        NUMBERS, "Numbers measured at this step: reached (customers), conversion (0–1 or %), "
                 "csat (1–5), nps (−100…100), ces (1–7), time (45s, 3m), or any other name."),
         METRICS, {"en": "Funnel", "nl": "Trechter"}, item="metric", row=4),
    Lane("evidence", "evidence", Field(
        TEXTS, "Service blueprint: the physical or digital evidence the customer sees "
               "(e-mail, invoice, app screen, sign)."), LIST,
         {"en": "Evidence", "nl": "Fysiek bewijs"}, item="evidence", row=9, blueprint=True),
    _blueprint("frontstage", "Service blueprint: what staff or systems do in contact with "
               "the customer.", {"en": "Frontstage", "nl": "Frontstage"}, 10,
               {"en": "line of interaction", "nl": "lijn van interactie"}),
    _blueprint("backstage", "Service blueprint: what staff or systems do out of the "
               "customer's sight.", {"en": "Backstage", "nl": "Backstage"}, 11,
               {"en": "line of visibility", "nl": "zichtlijn"}),
    _blueprint("support", "Service blueprint: the internal services, systems and partners "
               "that make it possible (CRM, payment provider, warehouse).",
               {"en": "Support processes", "nl": "Ondersteunende processen"}, 12,
               {"en": "line of internal interaction", "nl": "lijn van interne interactie"}),
    Lane("failpoints", "failpoints", Field(
        TEXTS, "Service blueprint: where this step is likely to go wrong (fail points)."),
         LIST, {"en": "Fail points", "nl": "Faalpunten"}, item="failpoint", row=13,
         card=COUNT, mark="⚠", colour=FAILPOINT_COLOUR, blueprint=True),
]

#: A persona's lanes, in the order of the file.
PERSONA_LANES: tuple[Lane, ...] = (
    Lane("goals", "goals", Field(TEXTS, "What they want to achieve."), LIST,
         {"en": "Goals", "nl": "Doelen"}, item="goal"),
    Lane("frustrations", "frustrations", Field(TEXTS, "What frustrates them."), LIST,
         {"en": "Frustrations", "nl": "Frustraties"}, item="frustration"),
    Lane("expectations", "expectations", Field(
        TEXTS, "What they expect from a company like yours."), LIST,
         {"en": "Expectations", "nl": "Verwachtingen"}, item="expectation"),
)


def step_lanes() -> tuple[Lane, ...]:
    """A step's lanes in the file's order."""
    return tuple(_STEP_LANES)


def drawn() -> tuple[Lane, ...]:
    """The lanes that renders draw, in their order on the grid and the card."""
    return tuple(sorted((lane for lane in _STEP_LANES if lane.row is not None),
                        key=lambda lane: lane.row or 0))


def counted() -> list[Lane]:
    """The lanes a card counts with a mark (pain points ▲ 2)."""
    return [lane for lane in drawn() if lane.card == COUNT]


def counted_in_legend(steps: Iterable[Any]) -> list[Lane]:
    """The counted lanes a legend explains: the journey's always, the service blueprint's
    when some step has one."""
    steps = list(steps)
    return [lane for lane in counted()
            if not lane.blueprint or any(lane.filled(step) for step in steps)]


def behind() -> list[Lane]:
    """The blueprint's lanes under its line of interaction (frontstage, backstage,
    support): what is done behind a step, each item saying who does it."""
    return [lane for lane in drawn() if lane.blueprint and lane.line_above]


def uses_blueprint(steps: Iterable[Any]) -> bool:
    """Whether any of the steps has something in a lane of the service blueprint."""
    blueprint = [lane for lane in drawn() if lane.blueprint]
    return any(lane.filled(step) for step in steps for lane in blueprint)


def step_lane(name: str) -> Lane:
    return next(lane for lane in _STEP_LANES if lane.name == name)


def step_fields() -> dict[str, Field]:
    """The format's fields of a step that are lanes, in the file's order."""
    return {lane.key: lane.field for lane in _STEP_LANES}


def lane_labels(lang: str) -> dict[str, str]:
    """Every lane's label in `lang` (English for any other), by lane name."""
    return {lane.name: lane.label(lang) for lane in (*_STEP_LANES, *PERSONA_LANES)}
