"""A map as a long table: one row per item, the layout spreadsheets and BI tools read.

Columns: phase, step id, step, lane, persona, text, value, id, details. The rows follow the
file: the map's own fields first (`lane` is the key: `title`, `persona name`, `touchpoint`,
`mermaid acc_title`…), then per phase a `phase` row and its fields (`phase goal`), and per
step a `step` row (its id and action) and a row per item of each of its lanes, in the
format's order. A per-persona value names its persona; a number is in `value`; a record's
text, id and other fields (`details`: one `name: value` a line) have columns of their own.

Everything is driven by the format's declaration (`cjm.core.spec`), so a new lane or field
travels without a change here, and `rows_of` then `map_of` gives back the same map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cjm.core import lanes
from cjm.core import spec as mapspec
from cjm.core.fields import BOOLEAN, INTEGER, NUMBERS, RECORD, RECORDS, TEXTS, Field, Record

COLUMNS = ("phase", "step id", "step", "lane", "persona", "text", "value", "id", "details")
#: The lanes of the rows that open a phase and a step.
PHASE, STEP = "phase", "step"


@dataclass(frozen=True)
class Row:
    phase: str = ""
    step_id: str = ""
    step: str = ""
    lane: str = ""
    persona: str = ""
    text: str = ""
    value: int | float | bool | str | None = None
    id: str = ""
    details: str = ""
    origin: int = 0  # its row in the sheet or file it was read from (0: made in memory)

    def cells(self) -> tuple[Any, ...]:
        return (self.phase, self.step_id, self.step, self.lane, self.persona, self.text,
                self.value, self.id, self.details)


# -- a map into rows ------------------------------------------------------------------------

def rows_of(data: dict[str, Any]) -> list[Row]:
    """The rows of a map read as plain YAML data (see the module docstring)."""
    rows: list[Row] = []
    for key, field in mapspec.MAP.fields.items():
        if key in data and key != "phases":
            rows += _field_rows(key, field, data[key], Row())
    for phase in data.get("phases") or ():
        phase = phase or {}
        name = _text(phase.get("name"))
        where = Row(phase=name)
        rows.append(Row(phase=name, lane=PHASE, id=_text(phase.get("id"))))
        for key, field in mapspec.PHASE.fields.items():
            if key not in ("id", "name", "steps") and key in phase:
                rows += _field_rows(f"phase {key}", field, phase[key], where)
        for step in phase.get("steps") or ():
            rows += _step_rows(step or {}, name)
    return rows


def _step_rows(step: dict[str, Any], phase: str) -> list[Row]:
    where = Row(phase=phase, step_id=_text(step.get("id")), step=_text(step.get("action")))
    rows = [_with(where, lane=STEP)]
    for key, field in mapspec.STEP.fields.items():
        if key not in ("id", "action") and key in step:
            rows += _field_rows(key, field, step[key], where)
    return rows


def _field_rows(lane: str, field: Field, value: Any, where: Row) -> list[Row]:
    """The rows of one field's value (`lane` names it in the table)."""
    if value is None:
        return []
    if isinstance(value, dict) and field.per_persona:
        return [row for persona, own in value.items()
                for row in _field_rows(lane, _plain(field), own, _with(where, persona=persona))]
    if field.kind == RECORD:
        assert field.record is not None
        if not isinstance(value, dict):
            return [_with(where, lane=lane, text=_text(value))]
        return _record_rows(lane, field.record, value, where)
    if field.kind == RECORDS:
        assert field.record is not None
        items = value if isinstance(value, list) else [value]
        return [row for item in items for row in _item_rows(lane, field, item, where)]
    if field.kind == TEXTS:
        items = value if isinstance(value, list) else [value]
        if not items and field.empty_says_none:
            return [_with(where, lane=lane, text=lanes.NONE_SAID)]
        return [_with(where, lane=lane, text=_text(item)) for item in items]
    if field.kind == NUMBERS and isinstance(value, dict):
        return [_with(where, lane=lane, text=str(name), value=_number(number))
                for name, number in value.items()]
    if field.kind in (INTEGER, BOOLEAN) and isinstance(value, (int, float, bool)):
        return [_with(where, lane=lane, value=value)]
    return [_with(where, lane=lane, text=_text(value))]


def _record_rows(lane: str, record: Record, value: dict[str, Any], where: Row) -> list[Row]:
    """A record that is a field of its own (the persona, a listed persona): a row a field."""
    if lane == "personas" and "id" in value:  # a listed persona: its id in `persona`
        where, skip = _with(where, persona=_text(value["id"])), "id"
    else:
        skip = ""
    prefix = "persona" if lane == "personas" else lane  # `persona name`, either way
    return [row for key, field in record.fields.items() if key in value and key != skip
            for row in _field_rows(f"{prefix} {key}", field, value[key], where)]


def _item_rows(lane: str, field: Field, item: Any, where: Row) -> list[Row]:
    record = field.record
    assert record is not None
    if lane == "personas" and isinstance(item, dict):
        return _record_rows(lane, record, item, where)
    named = "touchpoint" if lane == "touchpoints" else lane  # the catalogue: a row an entry
    if not isinstance(item, dict):
        return [_with(where, lane=named, text=_text(item))]
    text_key = _text_key(record)
    details = [f"{key}: {_detail(item[key])}" for key in record.fields
               if key in item and key not in ("id", text_key)]
    return [_with(where, lane=named, text=_text(item.get(text_key)), id=_text(item.get("id")),
                  details="\n".join(details))]


def _text_key(record: Record) -> str:
    """The field that holds a record item's text in the `text` column: its scalar field
    (a pain's `text`), else its `name` (a catalogue touchpoint's)."""
    return record.scalar or ("name" if "name" in record.fields else "")


def _with(row: Row, **changes: Any) -> Row:
    return Row(**{**row.__dict__, **changes})


def _plain(field: Field) -> Field:
    return Field(field.kind, field.description, record=field.record, inline=field.inline)


def _number(value: Any) -> int | float | str:
    """A metric's value: a number, or its text (`31%`, `4m 30s`)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return _text(value)


def number_or_text(text: str) -> int | float | str:
    """A cell's text as the number it spells (`12000`, `3.4`), else the text (`31%`)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _detail(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- rows into a map ------------------------------------------------------------------------

class RowProblem(ValueError):
    """A row the table cannot hold as a map: its index in the rows, the column at fault,
    and what is wrong."""

    def __init__(self, index: int, column: str, message: str) -> None:
        super().__init__(message)
        self.index, self.column = index, column


def map_of(rows: list[Row]) -> tuple[dict[str, Any], list[RowProblem]]:
    """The map (plain data, in the format's key order) that `rows` describe, and a problem
    for each row it cannot place (that row is left out)."""
    data: dict[str, Any] = {}
    phase: dict[str, Any] | None = None
    step: dict[str, Any] | None = None
    problems: list[RowProblem] = []
    for index, row in enumerate(rows):
        try:
            if row.lane == PHASE:
                phase, step = _new_phase(data, row), None
            elif row.lane == STEP:
                if phase is None:
                    phase = _new_phase(data, Row(phase=row.phase))
                step = _new_step(phase, row)
            elif row.lane.startswith("phase ") and phase is not None:
                _put(phase, row.lane[6:], mapspec.PHASE, row, index)
            elif step is not None and _step_field(row.lane) is not None:
                _put(step, row.lane, mapspec.STEP, row, index)
            else:
                _put_map_field(data, row, index)
        except RowProblem as problem:
            problems.append(problem)
        except (ValueError, TypeError) as err:
            problems.append(RowProblem(index, "value", str(err)))
    return _ordered(data, mapspec.MAP), problems


def _new_phase(data: dict[str, Any], row: Row) -> dict[str, Any]:
    phase: dict[str, Any] = {}
    if row.id:
        phase["id"] = row.id
    phase["name"] = row.phase
    phase["steps"] = []
    data.setdefault("phases", []).append(phase)
    return phase


def _new_step(phase: dict[str, Any], row: Row) -> dict[str, Any]:
    step: dict[str, Any] = {}
    if row.step_id:
        step["id"] = row.step_id
    step["action"] = row.step
    phase["steps"].append(step)
    return step


def _step_field(lane: str) -> Field | None:
    return mapspec.STEP.fields.get(lane) if lane not in ("id", "action") else None


def _put_map_field(data: dict[str, Any], row: Row, index: int) -> None:
    lane = row.lane
    if lane == "touchpoint":
        data["touchpoints"] = _appended(data.get("touchpoints", []),
                                        mapspec.MAP.fields["touchpoints"], row, index)
    elif lane.startswith("persona ") and row.persona:
        listed = data.setdefault("personas", [])
        entry = next((p for p in listed if isinstance(p, dict) and p.get("id") == row.persona),
                     None)
        if entry is None:
            entry = {"id": row.persona}
            listed.append(entry)
        _put(entry, lane[8:], mapspec.LISTED_PERSONA, row, index)
    elif lane == "persona" and row.persona == "" and "persona" not in data:
        data["persona"] = row.text  # a library persona's id
    elif lane == "personas":
        data.setdefault("personas", []).append(row.text)
    elif lane.startswith("persona "):
        persona = data.setdefault("persona", {})
        _put(persona, lane[8:], mapspec.PERSONA, row, index)
    elif lane.startswith("mermaid "):
        _put(data.setdefault("mermaid", {}), lane[8:], mapspec.MERMAID, row, index)
    elif lane in mapspec.MAP.fields and mapspec.MAP.fields[lane].kind not in (RECORD, RECORDS):
        _put(data, lane, mapspec.MAP, row, index)
    else:
        raise RowProblem(index, "lane", f"`{lane}` is no lane or field of a map")


def _put(target: dict[str, Any], key: str, record: Record, row: Row, index: int) -> None:
    """Set or add to `key` of `target` (a map, phase, step or persona) from one row."""
    field = record.fields.get(key)
    if field is None:
        raise RowProblem(index, "lane", f"`{row.lane}` is no field of {record.name}")
    if row.persona and field.per_persona:
        own = target.setdefault(key, {})
        if not isinstance(own, dict):
            raise RowProblem(index, "persona", f"`{key}` is given for all and for "
                                               f"`{row.persona}`: give it per persona only")
        if field.kind == INTEGER:
            own[row.persona] = _integer(row, index)
        else:
            own.setdefault(row.persona, []).append(row.text)
        return
    if field.kind == RECORDS:  # the list is kept only once the item is whole
        target[key] = _appended(target.get(key, []), field, row, index)
    elif field.kind == TEXTS:
        items = target.setdefault(key, [])
        if not (field.empty_says_none and row.text == lanes.NONE_SAID):
            items.append(row.text)
    elif field.kind == NUMBERS:
        numbers = target.setdefault(key, {})
        numbers[row.text] = row.value if row.value is not None else ""
    elif field.kind == INTEGER:
        target[key] = _integer(row, index)
    elif field.kind == BOOLEAN:
        target[key] = row.value if isinstance(row.value, bool) else row.text == "true"
    else:
        target[key] = row.text


def _appended(items: list[Any], field: Field, row: Row, index: int) -> list[Any]:
    """`items` and the record item of `row` (plain text when it has only a text)."""
    record = field.record
    assert record is not None
    text_key = _text_key(record)
    if field.scalar_items and not row.id and not row.details:
        return [*items, row.text]
    item: dict[str, Any] = {}
    if row.id:
        item["id"] = row.id
    if row.text or text_key in record.required:
        item[text_key] = row.text
    for line in row.details.splitlines():
        name, _, value = line.partition(": ")
        detail = record.fields.get(name.strip())
        if detail is None:
            raise RowProblem(index, "details", f"`{name.strip()}` is no field of {record.name}")
        item[name.strip()] = _typed(detail, value.strip())
    return [*items, item]  # in the format's order once the whole map is (see map_of)


def _typed(field: Field, text: str) -> Any:
    if field.kind == INTEGER:
        return int(text)
    if field.kind == TEXTS:
        return [part.strip() for part in text.split(",") if part.strip()]
    if field.kind == BOOLEAN:
        return text == "true"
    return text


def _integer(row: Row, index: int) -> int:
    value = row.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise RowProblem(index, "value", f"`{row.lane}` needs a whole number in `value`, "
                                         f"got {value!r}")
    return int(value)


def _ordered(data: dict[str, Any], record: Record) -> dict[str, Any]:
    """`data` with its keys in the format's order (the steps' and phases' too)."""
    ordered = {key: data[key] for key in record.fields if key in data}
    for key, field in record.fields.items():
        if key in ordered and field.kind == RECORDS and field.record is not None:
            ordered[key] = [_ordered(item, field.record) if isinstance(item, dict) else item
                            for item in ordered[key]]
        elif key in ordered and field.kind == RECORD and isinstance(ordered[key], dict):
            assert field.record is not None
            ordered[key] = _ordered(ordered[key], field.record)
    return ordered

