"""`--data FILE`: journey metrics from a CSV file that an analytics tool exported, joined to
a map's steps by id.

Three shapes are read: wide, a `step` column (step ids) and one column per metric; long,
the columns `step`, `metric`, `value`; and a GA4 funnel exploration export (its `#` preamble
skipped): `Step` with `Active users` (or `activeUsers`), read as `reached`, and `Completion
rate`, read as `conversion` (abandonments follow from those two and are not read). A GA4
step is joined to the map's step by this rule: its step id; else its action, compared
without case and without GA4's leading `1. `; else, for a bare number N, the map's N-th
step. Commas separate cells, or semicolons (as spreadsheet
programs write in locales such as Dutch, where a decimal comma is then read as a point).
Problems are reported at their row (the file's line) and column (the cell's number, as a
spreadsheet counts them). Numbers in the file win over those in the map, and say so (D005).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from cjm.core import metrics
from cjm.core.model import JourneyMap, Metric
from cjm.core.source import DecodeError, Located, Position, Text, read_text
from cjm.core.yamlnodes import Problem

LONG_HEADER = ["step", "metric", "value"]
#: GA4's funnel columns, as its exports name them, and the metrics they are.
GA4_COLUMNS = {"active users": "reached", "activeusers": "reached",
               "completion rate": "conversion", "completionrate": "conversion"}
_GA4_NUMBERING = re.compile(r"^\s*(\d+)\.\s*")


@dataclass
class Table:
    """The metrics of a data file: step id → (metric name, value) pairs, in file order."""

    path: str
    rows: dict[str, list[tuple[Text, Text]]] = field(default_factory=dict)
    step_pos: dict[str, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_table(path: Path) -> Table:
    """Read a data file; its problems are in the table (D002–D004, Y002, Y007)."""
    table = Table(str(path))
    try:
        text = read_text(path)
    except OSError as err:
        table.problems.append(Problem("Y007", Position(1, 1), f"cannot read file: {err.strerror}"))
        return table
    except DecodeError as err:
        table.problems.append(Problem("Y002", err.pos, err.reason))
        return table
    preamble = _preamble(text)
    _Reader(table, "".join(text.splitlines(keepends=True)[preamble:]), preamble).read()
    return table


def _preamble(text: str) -> int:
    """How many lines open the file before its header: `#` comments (GA4 writes some) and
    blank lines."""
    count = 0
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        count += 1
    return count


class _Reader:
    def __init__(self, table: Table, text: str, skipped: int = 0) -> None:
        self.table = table
        self.skipped = skipped  # the preamble's lines: positions count them
        first = text.split("\n", 1)[0]
        self.delimiter = ";" if first.count(";") > first.count(",") else ","
        self.reader = csv.reader(io.StringIO(text), delimiter=self.delimiter)
        self.seen: dict[tuple[str, str], int] = {}

    def problem(self, code: str, line: int, column: int, message: str) -> None:
        self.table.problems.append(Problem(code, Position(line + self.skipped, column),
                                           message))

    def read(self) -> None:
        try:
            header = [cell.strip() for cell in next(self.reader)]
        except StopIteration:
            self.problem("D004", 1, 1, "the file is empty: expected a header with a `step` column")
            return
        except csv.Error as err:
            self.problem("D004", 1, 1, f"not a CSV file: {err}")
            return
        names = [cell.casefold() for cell in header]
        if "step" not in names:
            self.problem("D004", 1, 1, "no `step` column: the header needs `step` (step ids), "
                                       "then a column per metric, or `step,metric,value`")
            return
        long = sorted(names) == sorted(LONG_HEADER)
        if any(name in GA4_COLUMNS for name in names):  # GA4: its columns, as cjm's metrics
            header = [GA4_COLUMNS.get(name, "") if name != "step" else cell
                      for name, cell in zip(names, header, strict=True)]
        try:
            for cells in self.reader:
                line = self.reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) > len(header):
                    self.problem("D004", line, len(header) + 1,
                                 f"the row has {len(cells)} cells, the header {len(header)}")
                    continue
                cells = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
                by_name = dict(zip(names, cells, strict=True))
                if long:
                    self.long_row(line, names, by_name)
                else:
                    self.wide_row(line, header, names, cells)
        except csv.Error as err:
            self.problem("D004", self.reader.line_num, 1, f"not a CSV row: {err}")

    def wide_row(self, line: int, header: list[str], names: list[str], cells: list[str]) -> None:
        column = names.index("step")
        step = cells[column]
        if not self.step_id(line, column + 1, step, ""):
            return
        for index, (name, cell) in enumerate(zip(header, cells, strict=True)):
            if index != column and cell and name:
                self.value(line, index + 1, step, name, cell)

    def long_row(self, line: int, names: list[str], by_name: dict[str, str]) -> None:
        step, name, value = by_name["step"], by_name["metric"], by_name["value"]
        if not self.step_id(line, names.index("step") + 1, step, name):
            return
        if not name:
            self.problem("D004", line, names.index("metric") + 1, "no metric name")
            return
        self.value(line, names.index("value") + 1, step, name, value)

    def step_id(self, line: int, column: int, step: str, metric: str) -> bool:
        """Register a row of `step` (and `metric`, in the long shape); False when it has no
        id or repeats an earlier row."""
        if not step:
            self.problem("D004", line, column, "no step id in the `step` column")
            return False
        first = self.seen.setdefault((step, metric), line)
        if first != line:
            what = f"`{metric}` of step `{step}`" if metric else f"step `{step}`"
            self.problem("D003", line, column, f"{what} is already in row {first}")
            return False
        self.table.step_pos.setdefault(step, Position(line + self.skipped, column))
        return True

    def value(self, line: int, column: int, step: str, name: str, cell: str) -> None:
        text = cell.replace(",", ".") if self.delimiter == ";" else cell
        value, problem = metrics.parse(name, text)
        if problem is None and value is None and name not in metrics.KNOWN:
            problem = f"`{name}` must be a number, got `{cell}`"
        if problem:
            self.problem("D002", line, column, f"step `{step}`: {problem}")
            return
        pos = Position(line + self.skipped, column)
        self.table.rows.setdefault(step, []).append((Located(name, pos), Located(text, pos)))


def join(journey: JourneyMap, table: Table) -> tuple[JourneyMap, list[Problem]]:
    """The map with the table's metrics on its steps (the table's win), and the problems
    of the join: unknown step ids (D001) and values that replace the map's (D005)."""
    ids = [step.id.value for _, step in journey.steps() if step.id]
    found = {key: _step_for(key, journey) for key in table.rows}
    problems = [Problem("D001", table.step_pos[key], _unknown(key, ids, journey.path))
                for key, step in found.items() if step is None]
    by_step = {id(step): table.rows[key] for key, step in found.items() if step is not None}
    phases = []
    for phase in journey.phases:
        steps = []
        for step in phase.steps:
            rows = by_step.get(id(step))
            if rows:
                merged, replaced = _merge(step.metrics, rows, table.path)
                problems += replaced
                step = replace(step, metrics=merged)
            steps.append(step)
        phases.append(replace(phase, steps=tuple(steps)) if steps != list(phase.steps) else phase)
    return replace(journey, phases=tuple(phases)), problems


def _step_for(key: str, journey: JourneyMap) -> object | None:
    """The step a data row names (see the module docstring for the rule)."""
    steps = [step for _, step in journey.steps()]
    by_id = next((step for step in steps if step.id and step.id.value == key), None)
    if by_id is not None:
        return by_id
    action = _GA4_NUMBERING.sub("", key).casefold()
    by_action = [step for step in steps if step.action and
                 step.action.value.casefold() == action]
    if len(by_action) == 1:
        return by_action[0]
    if key.strip().isascii() and key.strip().isdigit() and 1 <= int(key) <= len(steps):
        return steps[int(key) - 1]
    return None


def _merge(own: tuple[Metric, ...], rows: list[tuple[Text, Text]], source: str
           ) -> tuple[tuple[Metric, ...], list[Problem]]:
    from_data = {name.value: Metric(name, text, source) for name, text in rows}
    problems = []
    for metric in own:
        new = from_data.get(metric.name.value)
        if new is not None and _differ(metric, new):
            problems.append(Problem("D005", new.text.pos, (
                f"`{metric.name.value}` {new.text.value} replaces {metric.text.value} written "
                f"in the map at line {metric.text.pos.line}")))
    kept = [m for m in own if m.name.value not in from_data]
    return tuple(kept) + tuple(from_data.values()), problems


def _differ(a: Metric, b: Metric) -> bool:
    """Whether two values of a metric differ, as numbers where both are (0.75 is 75%)."""
    first, second = metrics.value_of(a), metrics.value_of(b)
    if first is not None and second is not None:
        return abs(first - second) > 1e-9
    return a.text.value.strip() != b.text.value.strip()


def _unknown(step: str, ids: list[str], map_path: str) -> str:
    close = difflib.get_close_matches(step, ids, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return f"no step `{step}` in {map_path}{hint}"


def joined(journey: JourneyMap | None, data: Path
           ) -> tuple[JourneyMap | None, list[Problem]]:
    """The map with the metrics of the file `data` joined (None when there is no map to
    join to), and every problem of the file and of the join, in position order."""
    table = read_table(data)
    if journey is None:
        return None, sorted(table.problems, key=lambda problem: problem.pos)
    result, problems = join(journey, table)
    return result, sorted(table.problems + problems, key=lambda problem: problem.pos)


def with_data(journey: JourneyMap, data: Path) -> tuple[JourneyMap, list[str]]:
    """The map with the metrics of `data` joined, and notes on the numbers the file
    replaced; a file with errors is a CjmError naming the first, positioned."""
    from cjm.core.errors import CjmError

    result, problems = joined(journey, data)
    assert result is not None
    errors = [p for p in problems if p.code != "D005"]
    if errors:
        more = (f" (and {len(errors) - 1} more; run cjm lint {journey.path} --data {data})"
                if len(errors) > 1 else "")
        raise CjmError(errors[0].located(str(data)) + more)
    return result, [p.located(str(data)) for p in problems]
