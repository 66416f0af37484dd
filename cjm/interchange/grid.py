"""The journey grid of spreadsheets: phases across the top, a row per lane.

That is the shape of the common Miro, Excel and PowerPoint journey templates: a first column
of lane names ("Touchpoints", "Contactpunten", "Channels", "Feelings"…), a phase row whose
cells are merged over their steps (or repeated, or written once), an actions row with a step
a column. `write_grid` draws a map so; `read_grid` reads such a sheet into the long table's
rows (`cjm.interchange.items`), reporting every row, column and value it cannot place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cjm.core import lanes
from cjm.core.ids import ids_for
from cjm.core.lanes import Lane
from cjm.core.model import EMOTION_MAX, EMOTION_MIN, JourneyMap, Step
from cjm.interchange.items import PHASE, STEP, Row, number_or_text

#: `where(row, column)` names a cell (0-based) as a finding says it.
Where = Callable[[int, int], str]

_PHASE_LABELS = {"en": "Phase", "nl": "Fase"}
#: Lane names besides the registry's own labels, in English and Dutch, lower case.
_SYNONYMS = {
    PHASE: ("phase", "phases", "stage", "stages", "fase", "fases", "journey phase"),
    "action": ("steps", "step", "doing", "what they do", "customer actions", "stappen",
               "stap", "actie", "handelingen", "wat doet de klant"),
    "touchpoints": ("touchpoint", "channels", "channel", "contactpunt", "kanalen", "kanaal",
                    "touch points"),
    "emotion": ("emotions", "feelings", "feeling", "mood", "emoties", "gevoel", "gevoelens",
                "emotional journey", "beleving"),
    "thoughts": ("thinking", "thoughts and feelings", "quotes", "what they think",
                 "gedachten", "denken", "wat denkt de klant"),
    "pains": ("pain points", "pain point", "pains", "problems", "pijnpunten", "pijnpunt",
              "knelpunten", "frustrations"),
    "expectations": ("expectation", "needs", "verwachtingen", "verwachting", "behoeften"),
    "opportunities": ("opportunity", "ideas", "kansen", "kans", "ideeën", "verbeterpunten"),
}
#: Emotion written as a word or a face, as templates and workshops do.
_FEELINGS = {
    **dict.fromkeys(("very happy", "delighted", "zeer blij", "heel blij", "😀", "😄", "😍"), 5),
    **dict.fromkeys(("happy", "positive", "good", "blij", "tevreden", "positief", "goed",
                     "☺", "☺️", "🙂", "😊"), 4),
    **dict.fromkeys(("neutral", "ok", "okay", "neutraal", "oké", "😐", "😶"), 3),
    **dict.fromkeys(("unhappy", "sad", "negative", "bad", "ontevreden", "verdrietig",
                     "negatief", "slecht", "🙁", "☹", "☹️", "😞", "😕"), 2),
    **dict.fromkeys(("very unhappy", "angry", "frustrated", "boos", "gefrustreerd",
                     "zeer ontevreden", "😠", "😡", "😫"), 1),
}
_BULLET = re.compile(r"^\s*(?:[-*•▪‣·]|\d+[.)])\s+")


@dataclass(frozen=True)
class SheetProblem:
    """A finding in a spreadsheet: `where` is `Sheet!B7` in a workbook, `row:col` in CSV.

    Codes: X001 the file cannot be read (an error); X002 a row or column that is not
    understood; X003 a value cjm cannot hold (an emotion word it does not know); X004 a
    formula with no cached value. X002–X004 are warnings: the rest is imported."""

    code: str
    where: str
    message: str
    error: bool = False

    def located(self, path: str) -> str:
        return f"{path}:{self.where}: {self.code} {self.message}"


class Unreadable(Exception):
    """A spreadsheet that cannot be read at all (X001)."""

    def __init__(self, problem: SheetProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


# -- writing --------------------------------------------------------------------------------

def write_grid(sheet: Any, journey: JourneyMap) -> None:
    """Draw the map's grid on an openpyxl sheet."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    lang = journey.language
    steps = [(phase, step) for phase in journey.phases for step in phase.steps]
    sheet.title = _sheet_title(journey.title.value if journey.title else "Journey")
    sheet.append([_PHASE_LABELS.get(lang, "Phase"),
                  *(phase.name.value if phase.name else "" for phase, _ in steps)])
    column = 2
    for phase in journey.phases:
        if len(phase.steps) > 1:
            sheet.merge_cells(start_row=1, start_column=column, end_row=1,
                              end_column=column + len(phase.steps) - 1)
        column += len(phase.steps)
    for lane, persona in _grid_lanes(journey, [step for _, step in steps]):
        label = lane.label(lang) + (f" ({persona[1]})" if persona else "")
        sheet.append([label, *(cell_text(journey, lane, step, persona) for _, step in steps)])
        if lane.shown == lanes.SCORE and steps:
            last = sheet.cell(sheet.max_row, len(steps) + 1).coordinate
            sheet.conditional_formatting.add(
                f"B{sheet.max_row}:{last}", ColorScaleRule(
                    start_type="num", start_value=EMOTION_MIN, start_color="F8696B",
                    mid_type="num", mid_value=3, mid_color="FFEB84",
                    end_type="num", end_value=EMOTION_MAX, end_color="63BE7B"))
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column == 1 or cell.row == 1:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    for index in range(len(steps)):
        sheet.column_dimensions[get_column_letter(index + 2)].width = 28
    sheet.freeze_panes = "B2"


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    title = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())
    if len(title) > 31:  # cut at a word, as a person would
        title = title[:32].rsplit(" ", 1)[0] if " " in title[:32] else title[:31]
    return title or "Journey"


def _grid_lanes(journey: JourneyMap, steps: list[Step]
                ) -> list[tuple[Lane, tuple[str, str] | None]]:
    """The grid's rows: each lane the map fills, in the registry's order (the emotion once
    per persona when personas score apart)."""
    rows: list[tuple[Lane, tuple[str, str] | None]] = []
    per_persona = [(p.id.value, p.shown_name) for p in journey.personas if p.id]
    for lane in lanes.step_lanes():
        if lane.shown == lanes.IDS or not any(lane.filled(step) for step in steps):
            continue
        if lane.shown == lanes.SCORE and per_persona:
            rows += [(lane, persona) for persona in per_persona]
        else:
            rows.append((lane, None))
    return rows


def cell_text(journey: JourneyMap, lane: Lane, step: Step, persona: tuple[str, str] | None
              ) -> Any:
    """What a grid cell shows of a step's lane: a score (for `persona`, an (id, name)
    pair, when given), else the items one a line."""
    if lane.shown == lanes.SCORE:
        score = step.score_for(persona[0]) if persona else step.emotion
        return score.value if score else None
    if lane.shown == lanes.METRICS:
        return "\n".join(f"{m.name.value}: {m.text.value}" for m in lane.items(step))
    if lane.field.record is not None and lane.field.record.scalar:
        return "\n".join(str(getattr(lane.text_of(item), "value", "") or "")
                         for item in lane.items(step))
    names = journey.touchpoint_names() if lane.shown == lanes.CHIPS else {}
    items = [names.get(str(item.value), str(item.value)) for item in lane.items(step)]
    items += [f"{own.persona.value}: {item.value}" for own in lane.by_persona(step)
              for item in (own.value if isinstance(own.value, tuple) else (own.value,))]
    return "\n".join(items) or None


# -- reading --------------------------------------------------------------------------------

def read_grid(cells: list[list[Any]], where: Where) -> tuple[list[Row], list[Any]]:
    """The rows of a grid sheet (see the module docstring), and its findings."""
    problems: list[SheetProblem] = []
    known = _lane_names()
    labelled: list[tuple[int, str, str | None]] = []  # (row, lane key, persona name)
    for number, line in enumerate(cells):
        label = _text(line[0] if line else None)
        content = any(_text(value) for value in line[1:])
        if not label:
            if content:
                problems.append(SheetProblem("X002", where(number, 0), "a row with no lane "
                                             "name in its first cell: left out"))
            continue
        name, persona = _label(label, known)
        key = known.get(name)
        if key is None:
            problems.append(SheetProblem("X002", where(number, 0), f"row `{label}` is no lane "
                                         "cjm knows (see cjm export --to xlsx for the names): "
                                         "left out"))
            continue
        labelled.append((number, key, persona))
    actions = next((row for row, key, _ in labelled if key == "action"), None)
    if actions is None:
        raise _unreadable(where(0, 0), "no row of steps (Actions, Steps, Acties…) in the "
                                       "first column: not a journey grid")
    phases = next((row for row, key, _ in labelled if key == PHASE), None)
    columns = [column for column in range(1, len(cells[actions]))
               if _text(cells[actions][column])]
    problems += _stray_columns(cells, columns, {actions, phases}, where)
    personas = list(dict.fromkeys(persona for _, _, persona in labelled if persona))
    ids = dict(zip(personas, ids_for(tuple(personas)), strict=True))
    rows = [Row(lane="persona name", persona=ids[name], text=name) for name in personas]
    current_phase = ""
    for column in columns:
        phase = _text(_at(cells, phases, column)) or current_phase or "Journey"
        if phase != current_phase:  # merged, repeated or written once: a new name, a phase
            current_phase = phase
            rows.append(Row(phase=phase, lane=PHASE))
        action = _text(cells[actions][column])
        rows.append(Row(phase=current_phase, step=action, lane=STEP))
        for row, key, persona in labelled:
            if key in (PHASE, "action"):
                continue
            rows += _lane_rows(key, _at(cells, row, column), ids.get(persona or "", ""),
                               where(row, column), problems)
    return rows, problems


def _lane_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for lane in lanes.step_lanes():
        for label in lane.labels.values():
            names[_normal(label)] = lane.key
        names[_normal(lane.key)] = lane.key
    for key, synonyms in _SYNONYMS.items():
        for synonym in synonyms:
            names.setdefault(_normal(synonym), key)
    names[_normal("actions")] = names[_normal("acties")] = "action"
    for label in _PHASE_LABELS.values():
        names[_normal(label)] = PHASE
    return names


def _label(label: str, known: dict[str, str]) -> tuple[str, str | None]:
    """A row's lane name, normalised, and the persona in brackets after it, if any (when
    the name before the brackets is one of the `known` lane names)."""
    match = re.fullmatch(r"(.*?)\s*\((.+)\)\s*", label)
    if match and _normal(match.group(1)) in known:
        return _normal(match.group(1)), match.group(2).strip()
    return _normal(label), None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _lane_rows(key: str, value: Any, persona: str, where: str, problems: list[Any]
               ) -> list[Row]:
    if value is None or _text(value) == "":
        return []
    if key == "emotion":
        score = _score(value)
        if score is None:
            problems.append(SheetProblem("X003", where, f"emotion `{_text(value)}` is no "
                                         f"score from {EMOTION_MIN} to {EMOTION_MAX} nor a "
                                         "feeling cjm knows: the step is imported without it"))
            return []
        return [Row(lane=key, persona=persona, value=score)]
    if key == "metrics":
        rows = []
        for item in _items(value):
            name, _, number = item.partition(":")
            rows.append(Row(lane=key, text=name.strip(), value=number_or_text(number.strip())))
        return rows
    return [Row(lane=key, persona=persona, text=item) for item in _items(value)]


def _score(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if value == int(value) and EMOTION_MIN <= value <= EMOTION_MAX \
            else None
    text = _text(value)
    if text.isascii() and text.isdigit():
        return _score(int(text))
    return _FEELINGS.get(text.lower()) or _FEELINGS.get(text)


def _items(value: Any) -> list[str]:
    """A cell's items: one a line, bullets taken off."""
    return [_BULLET.sub("", line).strip() for line in _text(value).splitlines()
            if _BULLET.sub("", line).strip()]


def _stray_columns(cells: list[list[Any]], columns: list[int], skipped: set[int | None],
                   where: Where) -> list[Any]:
    """A finding for each column with text (outside the phase row) but no step."""
    width = max((len(line) for line in cells), default=0)
    stray = []
    for column in sorted(set(range(1, width)) - set(columns)):
        rows = [row for row, line in enumerate(cells) if row not in skipped
                and column < len(line) and _text(line[column])]
        if rows:
            stray.append(SheetProblem("X002", where(rows[0], column), "a column with text "
                                      "but no step (its cell in the steps row is empty): "
                                      "left out"))
    return stray


def _at(cells: list[list[Any]], row: int | None, column: int) -> Any:
    if row is None or column >= len(cells[row]):
        return None
    return cells[row][column]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _unreadable(where: str, message: str) -> Exception:
    return Unreadable(SheetProblem("X001", where, message, True))
