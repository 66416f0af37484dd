"""Maps in and out of spreadsheets: an Excel workbook (the grid people draw journeys in, and
the long table of `cjm.interchange.items`) and CSV.

Export writes two sheets: the grid (phases across, merged over their steps; a row per lane
of the registry, named in the map's language; emotion as numbers under a colour scale) and
`Items`, the long table that holds every field. Import reads `Items` when a workbook has it
(so a round trip loses nothing), else the grid of the first sheet in the shape of the common
Miro and Excel templates (see `cjm.interchange.grid`). openpyxl is imported here only.

Workbooks are untrusted input: their size is checked before they are opened (a zip bomb is
refused in a moment), formulas are never evaluated (their cached value is read, and a
formula with none is reported), and text written out never starts a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cjm.core.markup import spreadsheet_safe
from cjm.core.model import JourneyMap
from cjm.interchange.grid import SheetProblem, Unreadable
from cjm.interchange.items import COLUMNS, Row, number_or_text, rows_of

ITEMS = "Items"
#: What a workbook may unpack to, and by how much one part may grow when unpacked.
MAX_UNPACKED = 8 * 1024 * 1024
MAX_RATIO = 200
#: A fixed time for the workbook's own dates and its zip entries: the same map, the same bytes.
_EPOCH = datetime.datetime(2000, 1, 1)


# -- export ---------------------------------------------------------------------------------

def to_csv(data: dict[str, Any]) -> str:
    """The long table as CSV (text that would start a formula is written as text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows_of(data):
        writer.writerow([spreadsheet_safe(cell) if isinstance(cell, str) else
                         ("" if cell is None else _csv_value(cell)) for cell in row.cells()])
    return out.getvalue()


def _csv_value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def to_xlsx(journey: JourneyMap, data: dict[str, Any]) -> bytes:
    """The workbook: the grid, then `Items`; the same map gives the same bytes."""
    from openpyxl import Workbook

    from cjm.interchange.grid import write_grid

    workbook = Workbook()
    grid = workbook.active
    write_grid(grid, journey)
    items = workbook.create_sheet(ITEMS)
    items.append(list(COLUMNS))
    for row in rows_of(data):
        items.append([_cell(value) for value in row.cells()])
    for sheet in (grid, items):
        _as_text(sheet)
    items.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (18, 16, 30, 18, 12, 50, 10, 16, 30), strict=True):
        items.column_dimensions[column].width = width
    workbook.properties.creator = "cjm"
    workbook.properties.created = workbook.properties.modified = _EPOCH
    out = io.BytesIO()
    workbook.save(out)
    return fixed_times(out.getvalue())


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _as_text(sheet: Any) -> None:
    """Cells whose text starts like a formula stay text (openpyxl would write a formula);
    for every sheet cjm writes."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                cell.data_type = "s"


def fixed_times(data: bytes) -> bytes:
    """An Office file (a zip) with every zip entry dated `_EPOCH` and its properties' modified date
    fixed (openpyxl stamps the time it saves)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fixed_modified(content)
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def _fixed_modified(core: bytes) -> bytes:
    stamp = _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                  rb"\g<1>" + stamp + rb"\g<2>", core)


# -- import ---------------------------------------------------------------------------------

def read_csv(path: Path, text: str) -> tuple[list[Row], list[SheetProblem]]:
    """The rows of a CSV file: the long table when its header is cjm's, else a grid."""
    from cjm.interchange.grid import read_grid

    cells = list(csv.reader(io.StringIO(text)))
    if cells and tuple(cell.strip().lower() for cell in cells[0][:len(COLUMNS)]) == COLUMNS:
        return _long_rows(cells[1:]), []
    return read_grid(cells, lambda row, column: f"{row + 1}:{column + 1}")


def read_xlsx(path: Path) -> tuple[list[Row], list[SheetProblem]]:
    """The rows of a workbook: its `Items` sheet when it has one, else the first sheet's
    grid. Unreadable (X001) for a file that is no workbook, too big, or a zip bomb."""
    from cjm.interchange.grid import read_grid

    values, formulas = _open(path)
    sheet_name = ITEMS if ITEMS in values.sheetnames else values.sheetnames[0]
    cells, problems = _sheet_cells(values[sheet_name], formulas[sheet_name], sheet_name)
    if sheet_name == ITEMS:
        return _long_rows(cells[1:]), problems
    rows, found = read_grid(cells, lambda row, column: _a1(sheet_name, row + 1, column + 1))
    if not re.fullmatch(r"(?i)(sheet|blad|tabelle|feuil)\s*\d*", sheet_name):
        rows.insert(0, Row(lane="title", text=sheet_name))  # the sheet names the journey
    return rows, problems + found


def _open(path: Path) -> tuple[Any, Any]:
    """The workbook as its cached values and as written (formulas), opened only after its
    zip says it is of a sane size."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise Unreadable(SheetProblem("X001", "1:1", f"not an Excel workbook ({err})",
                                      True)) from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED or any(
            info.file_size > MAX_RATIO * max(info.compress_size, 1) for info in infos):
        raise Unreadable(SheetProblem("X001", "1:1", f"the workbook unpacks to {unpacked:,} "
                                      f"bytes, or one part grows more than {MAX_RATIO}×: "
                                      "refused (a zip bomb?)", True))
    try:
        return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise Unreadable(SheetProblem("X001", "1:1", f"not a readable workbook "
                                      f"({type(err).__name__}: {err})", True)) from None


def _sheet_cells(values: Any, formulas: Any, name: str
                 ) -> tuple[list[list[Any]], list[SheetProblem]]:
    """A sheet's values as rows of cells (merged cells hold their top-left value), and a
    finding for each formula (in `formulas`, the sheet as written) without a cached value."""
    problems = []
    cells: list[list[Any]] = []
    for row, (cached, written) in enumerate(zip(values.iter_rows(), formulas.iter_rows(),
                                                strict=True), start=1):
        line = []
        for column, (value, formula) in enumerate(zip(cached, written, strict=True), start=1):
            if formula.data_type == "f" and value.value is None:
                problems.append(SheetProblem("X004", _a1(name, row, column), "a formula with "
                                             "no cached value (cjm never evaluates "
                                             "formulas): left empty"))
            line.append(value.value)
        cells.append(line)
    for merged in values.merged_cells.ranges:
        top = cells[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                cells[row - 1][column - 1] = top
    return cells, problems


def _a1(sheet: str, row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sheet}!{get_column_letter(column)}{row}"


def _long_rows(cells: list[list[Any]]) -> list[Row]:
    """The long table's rows (after its header, the file's second row)."""
    rows = []
    for number, values in enumerate(cells, start=2):
        values = list(values) + [None] * (len(COLUMNS) - len(values))
        if not any(value not in (None, "") for value in values):
            continue
        text = [("" if value is None else str(value)) for value in values]
        rows.append(Row(phase=text[0], step_id=text[1], step=text[2], lane=text[3],
                        persona=text[4], text=_unguarded(text[5]), value=_value(values[6]),
                        id=text[7], details=_unguarded(text[8]), origin=number))
    return rows


def _unguarded(text: str) -> str:
    """Text as the map had it: the quote that kept it from being a formula taken off."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") \
        else text


def _value(value: Any) -> int | float | bool | str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, bool)):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = str(value).strip()
    if text in ("true", "false"):
        return text == "true"
    return number_or_text(text)


# -- a spreadsheet into a map ---------------------------------------------------------------

@dataclass(frozen=True)
class ImportedSheet:
    """The map's YAML text (None when the file cannot be read) and the findings."""

    text: str | None
    problems: list[SheetProblem]


def import_sheet(path: Path) -> ImportedSheet:
    """The map a workbook or CSV file holds (see the module docstring)."""
    from cjm.core.source import DecodeError, read_text
    from cjm.fmt.canonical import dumped
    from cjm.interchange.items import map_of

    try:
        if path.suffix.lower() == ".csv":
            rows, problems = read_csv(path, read_text(path))
        else:
            rows, problems = read_xlsx(path)
        data, misplaced = map_of(rows)
    except Unreadable as err:
        return ImportedSheet(None, [err.problem])
    except DecodeError as err:
        return ImportedSheet(None, [SheetProblem("X001", f"{err.pos.line}:{err.pos.column}",
                                                 err.reason, True)])
    csv_file = path.suffix.lower() == ".csv"
    for problem in misplaced:
        row = rows[problem.index]
        column = COLUMNS.index(problem.column) + 1
        where = f"{row.origin}:{column}" if csv_file else _a1(ITEMS, row.origin, column)
        problems.append(SheetProblem("X003" if problem.column == "value" else "X002", where,
                                     f"{problem}: the row is left out"))
    if not data.get("title"):
        data = {"title": path.stem, **data}
    document = _commented(data)
    document.yaml_set_start_comment(f"Imported from {path.name} by cjm import.")
    return ImportedSheet(dumped(document), problems)


def _commented(data: Any) -> Any:
    """Plain data as ruamel.yaml's round-trip types, which `cjm fmt`'s layout styles."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(data, dict):
        return CommentedMap((key, _commented(value)) for key, value in data.items())
    if isinstance(data, list):
        return CommentedSeq(_commented(value) for value in data)
    return data
