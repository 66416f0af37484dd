"""The map format, version 1, as data: the single source of truth for the loader (which
keys exist, which are required, what type each value has) and for `cjm schema`.

A record's field names are the model's dataclass field names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cjm.core import frameworks, lanes
from cjm.core.fields import (  # noqa: F401 - the format's vocabulary, used by its readers
    BOOLEAN,
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
from cjm.core.lanes import (  # noqa: F401 - records
    BLUEPRINT_ITEM,
    INSIGHT,
    OPPORTUNITY,
    PAIN,
)
from cjm.core.library import BETTER, METRIC_KINDS
from cjm.core.model import LANGUAGES, STATES

VERSION = 1

_DETAIL = Field(TEXT, "Another map that shows this step in detail (a path relative to this "
                      "file, inside the repository): a journey of journeys.")

_CRITICAL = Field(BOOLEAN, "A moment of truth: true when the step decides whether the "
                          "customer stays.")

STEP = Record("a step", "Step", "One customer action within a phase.", {
    "id": Field(TEXT, "A stable id, unique in the map (for diffs and links)."),
    **lanes.step_fields(),
    "critical": _CRITICAL,
    "detail": _DETAIL,
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
}, ("name",), scalar="id")

#: An entry of `personas`: a persona whose id steps refer to.
LISTED_PERSONA = Record("a persona", "Listed persona", "One of several personas taking the "
                        "journey.", {"id": Field(TEXT, "The id that steps use."),
                                     **PERSONA.fields}, ("id", "name"), scalar="id")

TOUCHPOINT = Record("a catalogue touchpoint", "Touchpoint", "An entry of the touchpoint "
                    "catalogue.", {
    "id": Field(TEXT, "The id that steps use."),
    "name": Field(TEXT, "The name shown in renders."),
    "channel": Field(TEXT, "The channel: online, offline, paid, owned, earned, …"),
}, ("id",), inline=True)

MERMAID = Record("the map's Mermaid details", "Mermaid details", "What `cjm import` keeps "
                 "of a Mermaid diagram that a map has no place for, so that `cjm export` "
                 "gives it back.", {
    "acc_title": Field(TEXT, "The diagram's accessibility title (`accTitle`)."),
    "front_matter": Field(TEXT, "The diagram's front matter (its `config:` and other keys; "
                                "the title is the map's), as YAML text."),
}, ())

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
    "persona": Field(RECORD, "Whose journey this is: the persona, or the id of a library "
                             "persona.", record=PERSONA, scalar_items=True),
    "personas": Field(RECORDS, "Several personas taking the same journey (instead of "
                               "`persona`), each with an id, or the ids of library personas.",
                      record=LISTED_PERSONA, scalar_items=True),
    "touchpoints": Field(RECORDS, "The touchpoint catalogue; steps then refer to its ids.",
                         record=TOUCHPOINT),
    "phases": Field(RECORDS, "The phases of the journey, in order.", record=PHASE),
    "mermaid": Field(RECORD, "Details of the Mermaid diagram the map was imported from.",
                     record=MERMAID),
}, ("title", "phases"))


LIBRARY_TOUCHPOINT = Record("a library touchpoint", "Library touchpoint", "A touchpoint "
                            "that maps name by its id.", {
    **TOUCHPOINT.fields,
    "owner": Field(TEXT, "The team that owns it (a team id, where the library has teams)."),
}, ("id",), inline=True)

LIBRARY_PERSONA = Record("a library persona", "Library persona", "A persona that maps name "
                         "by its id (`persona: ID`).", dict(LISTED_PERSONA.fields), ("id", "name"))

TEAM = Record("a library team", "Team", "A team behind the service.", {
    "id": Field(TEXT, "The id that maps use (a blueprint item's `by`)."),
    "name": Field(TEXT, "The team's name, shown in renders."),
    "owner": Field(TEXT, "Who leads the team."),
}, ("id",), inline=True)

SYSTEM = Record("a library system", "System", "A system behind the service.", {
    "id": Field(TEXT, "The id that maps use (a blueprint item's `by`)."),
    "name": Field(TEXT, "The system's name, shown in renders."),
    "owner": Field(TEXT, "The team that runs it (a team id, where the library has teams)."),
}, ("id",), inline=True)

METRIC = Record("a library metric", "Metric", "A typed metric that steps measure by its id.", {
    "id": Field(TEXT, "The name that a step's `metrics` use."),
    "name": Field(TEXT, "The name shown in renders and reports."),
    "kind": Field(CHOICE, "count: a whole number; rate: a share (0–1 or a percentage); score: "
                          "a number on the scale; nps: −100 to 100; duration: 45s, 3m, 1h 20m.",
                  METRIC_KINDS),
    "min": Field(TEXT, "The lowest value on the scale."),
    "max": Field(TEXT, "The highest value on the scale."),
    "target": Field(TEXT, "The value to reach."),
    "better": Field(CHOICE, "Whether higher or lower values are better (default: higher, "
                            "lower for a duration).", BETTER),
}, ("id", "kind"), inline=True)

LIBRARY_OPPORTUNITY = Record("a library opportunity", "Library opportunity", "An "
                             "opportunity that steps name by its id.",
                             dict(OPPORTUNITY.fields), ("id", "text"))

LIBRARY_INSIGHT = Record("a library insight", "Library insight", "An insight that pain "
                         "points name by its id.", dict(INSIGHT.fields), ("id", "text"))

LIBRARY = Record("a library file", "Journey library", "A cjm library file: touchpoints, "
                 "personas, teams, systems and metrics that maps share by id.", {
    "version": MAP.fields["version"],
    "touchpoints": Field(RECORDS, "Touchpoints that steps name by id.",
                         record=LIBRARY_TOUCHPOINT),
    "personas": Field(RECORDS, "Personas that maps name by id.", record=LIBRARY_PERSONA),
    "teams": Field(RECORDS, "Teams behind the service.", record=TEAM),
    "systems": Field(RECORDS, "Systems behind the service.", record=SYSTEM),
    "metrics": Field(RECORDS, "Typed metrics: kind, scale and target.", record=METRIC),
    "opportunities": Field(RECORDS, "Opportunities that steps of many maps name by id.",
                           record=LIBRARY_OPPORTUNITY),
    "insights": Field(RECORDS, "Insights that pain points of many maps name by id.",
                      record=LIBRARY_INSIGHT),
}, ())


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
    STEP.fields.update({"id": fields["id"], **lanes.step_fields(), "critical": _CRITICAL,
                        "detail": _DETAIL})
    try:
        yield lane
    finally:
        registry[:] = saved
        STEP.fields.clear()
        STEP.fields.update(fields)
