"""The map format, version 1, as data: the single source of truth for the loader (which
keys exist, which are required, what type each value has) and for `cjm schema`.

A record's field names are the model's dataclass field names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cjm import frameworks
from cjm.model import EMOTION_MAX, EMOTION_MIN, LANGUAGES, PRIORITIES, STATES

VERSION = 1

TEXT, TEXTS, INTEGER, CHOICE, RECORD, RECORDS, NUMBERS = (
    "text", "texts", "integer", "choice", "record", "records", "numbers")


@dataclass(frozen=True)
class Field:
    """One key of a record: its kind, documentation and constraints.

    Kinds: text (any scalar, kept as text); texts (text or a list of texts); integer;
    numbers (a mapping of names to numbers, or text where a name's kind allows it);
    choice (text from `choices`); record (a mapping read as `record`); records (a list
    of them; with `scalar_items`, an item may also be plain text, standing for the record's
    `scalar` field; with `single_ok`, a lone item stands for a list of one; with
    `nulls_ignored`, empty items are left out, as in a list of texts).
    """

    kind: str
    description: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    record: Record | None = None
    scalar_items: bool = False
    single_ok: bool = False
    nulls_ignored: bool = False
    inline: bool = False  # a list of texts that `cjm fmt` writes on one line (flow style)
    #: The value may also be a mapping persona id → value, for maps with several personas.
    per_persona: bool = False


@dataclass(frozen=True)
class Record:
    """A YAML mapping of the format: what it is called in messages, its fields, which are
    required."""

    name: str  # "a step": how messages refer to it
    title: str  # "Step": how the schema names it
    description: str
    fields: dict[str, Field] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    scalar: str | None = None  # the field that plain text stands for, where text may do
    inline: bool = False  # `cjm fmt` writes it on one line (flow style)


OPPORTUNITY = Record("an opportunity", "Opportunity", "What the business can do about it.", {
    "text": Field(TEXT, "The opportunity, in a sentence."),
    "owner": Field(TEXT, "Who in the business owns it."),
    "priority": Field(CHOICE, "How urgent it is.", PRIORITIES),
}, ("text",), scalar="text")

PAIN = Record("a pain point", "Pain", "What goes wrong or gets in the way: text, or text "
              "with an id that a future-state map's steps can name in `addresses`.", {
    "id": Field(TEXT, "A stable id, unique in the map: what a future step addresses."),
    "text": Field(TEXT, "The pain point, in a sentence."),
}, ("text",), scalar="text")

STEP = Record("a step", "Step", "One customer action within a phase.", {
    "id": Field(TEXT, "A stable id, unique in the map (for diffs and links)."),
    "action": Field(TEXT, "What the customer does."),
    "personas": Field(TEXTS, "With several personas: the ids of those who take this step "
                             "(default: all).", inline=True),
    "touchpoints": Field(TEXTS, "Where customer and business meet: names, or catalogue ids "
                                "when the map declares a catalogue.", inline=True),
    "emotion": Field(INTEGER, "How the customer feels: 1 very negative … 5 very positive; "
                              "with several personas, a score for all or a mapping persona id "
                              "→ score.", minimum=EMOTION_MIN, maximum=EMOTION_MAX,
                     per_persona=True),
    "thoughts": Field(TEXTS, "What the customer thinks or says; with several personas, also a "
                             "mapping persona id → thoughts.", per_persona=True),
    "pains": Field(RECORDS, "Pain points: what goes wrong or gets in the way; texts, or "
                            "records with an id.", record=PAIN, scalar_items=True,
                   single_ok=True, nulls_ignored=True),
    "addresses": Field(TEXTS, "Future-state maps: ids of the baseline's pain points that this "
                              "step takes away.", inline=True),
    "expectations": Field(TEXTS, "What the customer expects here."),
    "opportunities": Field(RECORDS, "What the business can do: texts, or records with an "
                                    "owner and a priority.", record=OPPORTUNITY,
                           scalar_items=True, single_ok=True),
    "metrics": Field(NUMBERS, "Numbers measured at this step: reached (customers), "
                              "conversion (0–1 or %), csat (1–5), nps (−100…100), ces "
                              "(1–7), time (45s, 3m), or any other name."),
}, ("action",))

PHASE = Record("a phase", "Phase", "A stage of the journey and its steps.", {
    "id": Field(TEXT, "A stable id; may name the framework phase it stands for."),
    "name": Field(TEXT, "The phase's name, in English or Dutch."),
    "goal": Field(TEXT, "What the business wants to achieve in this phase."),
    "steps": Field(RECORDS, "The customer's steps, in order.", record=STEP),
}, ("name",))

PERSONA = Record("the persona", "Persona", "The (fictional) customer whose journey it is.", {
    "name": Field(TEXT, "The persona's name."),
    "role": Field(TEXT, "Role or life situation."),
    "description": Field(TEXT, "Who they are, in a sentence or two."),
    "goals": Field(TEXTS, "What they want to achieve."),
    "frustrations": Field(TEXTS, "What frustrates them."),
    "expectations": Field(TEXTS, "What they expect from a company like yours."),
    "quote": Field(TEXT, "Something they would say."),
}, ("name",))

#: An entry of `personas`: a persona whose id steps refer to.
LISTED_PERSONA = Record("a persona", "Listed persona", "One of several personas taking the "
                        "journey.", {"id": Field(TEXT, "The id that steps use."),
                                     **PERSONA.fields}, ("id", "name"))

TOUCHPOINT = Record("a catalogue touchpoint", "Touchpoint", "An entry of the touchpoint "
                    "catalogue.", {
    "id": Field(TEXT, "The id that steps use."),
    "name": Field(TEXT, "The name shown in renders."),
    "channel": Field(TEXT, "The channel: online, offline, paid, owned, earned, …"),
}, ("id",), inline=True)

MAP = Record("the map", "Customer journey map", "A cjm customer journey map (format "
             f"version {VERSION}): one persona's journey through the phases.", {
    "version": Field(INTEGER, "The format version this file is written for.",
                     minimum=VERSION, maximum=VERSION),
    "title": Field(TEXT, "Whose journey, and towards what."),
    "lang": Field(CHOICE, "The language of labels in renders.", LANGUAGES),
    "framework": Field(CHOICE, "The phase model the phases follow.",
                       tuple(frameworks.FRAMEWORKS)),
    "state": Field(CHOICE, "current: the journey today; future: the journey to design.",
                   STATES),
    "baseline": Field(TEXT, "Future-state maps: the current-state map this one improves on "
                            "(a path relative to this file)."),
    "scenario": Field(TEXT, "The situation that starts the journey."),
    "persona": Field(RECORD, "Whose journey this is.", record=PERSONA),
    "personas": Field(RECORDS, "Several personas taking the same journey (instead of "
                               "`persona`), each with an id.", record=LISTED_PERSONA),
    "touchpoints": Field(RECORDS, "The touchpoint catalogue; steps then refer to its ids.",
                         record=TOUCHPOINT),
    "phases": Field(RECORDS, "The phases of the journey, in order.", record=PHASE),
}, ("title", "phases"))
