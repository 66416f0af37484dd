"""The map format, version 1, as data: the single source of truth for the loader (which
keys exist, which are required, what type each value has) and for `cjm schema`.

A record's field names are the model's dataclass field names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cjm.core import frameworks, lanes
from cjm.core.fields import (  # noqa: F401 - the format's vocabulary, used by its readers
    CHOICE,
    INTEGER,
    NUMBERS,
    RECORD,
    RECORDS,
    TEXT,
    TEXTS,
    Field,
    Record,
)
from cjm.core.lanes import BLUEPRINT_ITEM, OPPORTUNITY, PAIN  # noqa: F401 - records
from cjm.core.model import LANGUAGES, STATES

VERSION = 1

STEP = Record("a step", "Step", "One customer action within a phase.", {
    "id": Field(TEXT, "A stable id, unique in the map (for diffs and links)."),
    **lanes.step_fields(),
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
    **{lane.key: lane.field for lane in lanes.PERSONA_LANES},
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


@contextmanager
def declared(lane: lanes.Lane, after: str | None = None) -> Iterator[lanes.Lane]:
    """While in the block, `lane` is one more lane of a step (after the lane named `after`,
    else last), in the format too: how a test shows that a new lane needs no writer."""
    registry = lanes._STEP_LANES
    saved, fields = list(registry), dict(STEP.fields)
    index = next((i + 1 for i, known in enumerate(registry) if known.name == after),
                 len(registry))
    registry.insert(index, lane)
    STEP.fields.clear()
    STEP.fields.update({"id": fields["id"], **lanes.step_fields()})
    try:
        yield lane
    finally:
        registry[:] = saved
        STEP.fields.clear()
        STEP.fields.update(fields)
