"""The building blocks of the map format: a record of the format and its fields' kinds."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT, TEXTS, INTEGER, CHOICE, RECORD, RECORDS, NUMBERS, BOOLEAN = (
    "text", "texts", "integer", "choice", "record", "records", "numbers", "boolean")


@dataclass(frozen=True)
class Field:
    """One key of a record: its kind, documentation and constraints.

    Kinds: text (any scalar, kept as text); texts (text or a list of texts); integer;
    boolean (true or false);
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
    #: An empty list says "none" (read as an empty tuple); an absent key reads as None.
    empty_says_none: bool = False


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
