"""Read a map file into the model, collecting every problem instead of stopping at the first.

The YAML is composed safely into positioned nodes (`cjm.core.yamlnodes`); the model is then
built from the nodes as `cjm.core.spec` describes the map format.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cjm.core import spec as mapspec
from cjm.core.library import LibraryFile, MetricType, System, Team
from cjm.core.model import (
    BlueprintItem,
    ByPersona,
    Insight,
    JourneyMap,
    MermaidDetails,
    Metric,
    Opportunity,
    Pain,
    Persona,
    Phase,
    Step,
    Touchpoint,
)
from cjm.core.source import (
    START,
    DecodeError,
    Located,
    Position,
    Text,
    TooLarge,
    decode,
    read_bytes,
)
from cjm.core.yamlnodes import (
    MERGE_TAG,
    PLAIN_TAGS,
    TAG,
    TEXT_TAGS,
    LoadFailed,
    Problem,
    alias_bomb,
    as_int,
    compose,
    describe,
    is_null,
    node_pos,
)

__all__ = ["LibraryResult", "LoadResult", "Problem", "load", "load_library", "load_text"]


@dataclass
class LoadResult:
    """The map read from a file (None when nothing usable was read) and the problems found."""

    map: JourneyMap | None
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None  # the decoded file, when it could be read


def load(path: Path) -> LoadResult:
    """Load the map file at `path`."""
    try:
        data = read_bytes(path)
    except TooLarge as err:
        return LoadResult(None, [Problem("Y008", START, str(err.strerror))])
    except OSError as err:
        return LoadResult(None, [Problem("Y007", START, f"cannot read file: {err.strerror}")])
    try:
        text = decode(data)
    except DecodeError as err:
        return LoadResult(None, [Problem("Y002", err.pos, err.reason)])
    return load_text(text, str(path))


def load_text(text: str, path: str = "<string>") -> LoadResult:
    """Load a map from YAML text; `path` names it in the model."""
    root, problem = _root(text, "a journey map")
    if root is None:
        return LoadResult(None, [problem] if problem else [], text)
    builder = _Builder()
    journey = builder.journey_map(root, path)
    return LoadResult(journey, builder.problems, text)


def read_map(path: Path, stat: os.stat_result | None = None) -> JourneyMap | Problem:
    """The map at `path` if it loads without problems, else its first problem; read once
    per process while the file's time and size stay the same."""
    stat = stat or path.stat()
    return _read_map(str(path), stat.st_mtime_ns, stat.st_size)


def read_named(journey_path: str, name: str, label: str, root: Path | None = None
               ) -> tuple[Path, JourneyMap | None, str | None]:
    """The map that a map at `journey_path` names by `name` (relative to its folder): its
    path, and the map read or the problem with it, which `label` ("baseline `x`") starts.
    With `root`, a path that leads outside it (symbolic links followed) is never read."""
    path = Path(journey_path).parent / name
    if "\0" in name:
        shown = label.replace("\0", "\\0")  # never a raw NUL in a finding
        return path, None, f"{shown} is no usable path: it holds a NUL character"
    if root is not None and (Path(name).is_absolute()
                             or not path.resolve().is_relative_to(root.resolve())):
        return path, None, f"{label} leads outside the repository; name a map inside it"
    if path.resolve() == Path(journey_path).resolve():
        return path, None, f"{label} is this map itself"
    try:
        stat = path.stat()
    except OSError:
        return path, None, f"{label} does not exist (the path is relative to this map's folder)"
    if not path.is_file():
        return path, None, f"{label} is not a file"
    read = read_map(path, stat)
    if isinstance(read, Problem):
        return path, None, f"{label} is not a readable map: {read.located(name)}"
    return path, read, None


@lru_cache(maxsize=256)
def _read_map(path: str, mtime_ns: int, size: int) -> JourneyMap | Problem:
    result = load(Path(path))
    if result.map is None or result.problems:
        return result.problems[0]
    return result.map


@dataclass
class LibraryResult:
    """A library file as read (None when nothing usable was read) and its problems."""

    library: LibraryFile | None
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None


def load_library(path: Path) -> LibraryResult:
    """Load the library file at `path`, checked like a map: every problem with its position."""
    try:
        text = decode(read_bytes(path))
    except TooLarge as err:
        return LibraryResult(None, [Problem("Y008", START, str(err.strerror))])
    except OSError as err:
        return LibraryResult(None, [Problem("Y007", START, f"cannot read file: {err.strerror}")])
    except DecodeError as err:
        return LibraryResult(None, [Problem("Y002", err.pos, err.reason)])
    root, problem = _root(text, "a library of touchpoints, personas, teams, systems or "
                                "metrics")
    if root is None:
        return LibraryResult(None, [problem] if problem else [], text)
    builder = _Builder()
    fields = builder.record(root, mapspec.LIBRARY, top_level=True)
    if fields is None:
        return LibraryResult(None, builder.problems, text)
    values = builder.values(fields, mapspec.LIBRARY)
    for section in mapspec.LIBRARY.fields:
        if section != "version" and section not in fields.entries:
            values[section] = None
    return LibraryResult(LibraryFile(path=str(path), pos=fields.pos, **values), builder.problems,
                         text)


def _root(text: str, expected: str) -> tuple[Node | None, Problem | None]:
    """The composed document, or the problem that stops reading it."""
    try:
        root = compose(text)
    except LoadFailed as failed:
        return None, failed.problem
    if root is None:
        return None, Problem("Y003", START, f"file is empty: expected {expected}")
    bomb = alias_bomb(root) if "&" in text else None
    return (None, bomb) if bomb else (root, None)


class _Fields:
    """The entries of one YAML mapping that stands for a record (a step, a phase, …)."""

    def __init__(self, record: str, node: MappingNode,
                 entries: dict[str, tuple[Position, Node]]) -> None:
        self.record = record
        self.pos = node_pos(node)
        self.key_pos = {key: key_pos for key, (key_pos, _) in entries.items()}
        self.entries = {key: value for key, (_, value) in entries.items()}

    def get(self, key: str) -> Node | None:
        """The value node of `key`; None when the key is absent or its value is null."""
        node = self.entries.get(key)
        return None if node is None or is_null(node) else node


#: The model class that each record of the format is read into.
_MODELS: dict[str, type] = {
    mapspec.MAP.title: JourneyMap, mapspec.PERSONA.title: Persona,
    mapspec.PHASE.title: Phase, mapspec.STEP.title: Step,
    mapspec.OPPORTUNITY.title: Opportunity, mapspec.TOUCHPOINT.title: Touchpoint,
    mapspec.PAIN.title: Pain, mapspec.LISTED_PERSONA.title: Persona,
    mapspec.BLUEPRINT_ITEM.title: BlueprintItem,
    mapspec.LIBRARY.title: LibraryFile, mapspec.LIBRARY_TOUCHPOINT.title: Touchpoint,
    mapspec.LIBRARY_PERSONA.title: Persona, mapspec.TEAM.title: Team,
    mapspec.SYSTEM.title: System, mapspec.METRIC.title: MetricType,
    mapspec.INSIGHT.title: Insight, mapspec.LIBRARY_OPPORTUNITY.title: Opportunity,
    mapspec.LIBRARY_INSIGHT.title: Insight, mapspec.MERMAID.title: MermaidDetails,
}


#: The format's fields that each model keeps (it has no use for `version`).
_MODEL_FIELDS = {title: frozenset(model_field.name for model_field in fields(model))
                 for title, model in _MODELS.items()}


class _Builder:
    """Builds the model from composed nodes as `cjm.core.spec` describes it, gathering
    problems as it goes."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def report(self, code: str, pos: Position, message: str) -> None:
        self.problems.append(Problem(code, pos, message))

    def journey_map(self, node: Node, path: str) -> JourneyMap | None:
        fields = self.record(node, mapspec.MAP, top_level=True)
        if fields is None:
            return None
        values = self.values(fields, mapspec.MAP)
        phases = fields.get("phases")
        if isinstance(phases, SequenceNode) and not phases.value:
            self.report("S003", node_pos(phases),
                        "`phases` is empty: a map needs at least one phase")
        if "touchpoints" not in fields.entries:
            values["touchpoints"] = None  # no catalogue: steps name touchpoints freely
        return JourneyMap(path=path, pos=fields.pos, **values)

    def build(self, node: Node, spec: mapspec.Record, scalar_ok: bool = False) -> object | None:
        """A model object read from `node` as the record `spec`; with `scalar_ok`, plain
        text stands for a record with only its `scalar` field (an opportunity's text)."""
        model = _MODELS[spec.title]
        if scalar_ok and isinstance(node, ScalarNode):
            assert spec.scalar is not None
            text = self.scalar_text(node, spec.name)
            return model(pos=text.pos, **{spec.scalar: text}) if text else None
        expected = "a mapping"
        if scalar_ok:
            expected = f"text or a mapping with {', '.join(f'`{k}`' for k in spec.fields)}"
        fields = self.record(node, spec, expected=expected)
        if fields is None:
            return None
        return model(pos=fields.pos, **self.values(fields, spec))

    def values(self, fields: _Fields, spec: mapspec.Record) -> dict[str, Any]:
        """Every field of a record, read by its kind; absent fields get their empty value."""
        values: dict[str, Any] = {}
        for key, kind in spec.fields.items():
            if kind.per_persona and isinstance(fields.get(key), MappingNode):
                values[f"{key}_by"] = self.by_persona(fields, key, kind)
                continue
            if kind.kind == mapspec.TEXT:
                values[key] = self.text(fields, key)
            elif kind.kind == mapspec.TEXTS:
                said = fields.get(key) is not None or not kind.empty_says_none
                values[key] = self.texts(fields, key) if said else None
            elif kind.kind == mapspec.INTEGER:
                values[key] = self.integer(fields, key, kind)
            elif kind.kind == mapspec.CHOICE:
                values[key] = self.choice(fields, key, kind.choices)
            elif kind.kind == mapspec.NUMBERS:
                values[key] = self.numbers(fields, key)
            elif kind.kind == mapspec.BOOLEAN:
                values[key] = self.boolean(fields, key)
            elif kind.kind == mapspec.RECORD:
                node = fields.get(key)
                assert kind.record is not None
                values[key] = None if node is None else self.build(node, kind.record,
                                                                   kind.scalar_items)
            else:
                values[key] = self.many(fields, key, kind)
        kept = _MODEL_FIELDS[spec.title]
        more = tuple((key, value) for key, value in values.items()
                     if key not in kept and isinstance(value, tuple) and value)
        values = {key: value for key, value in values.items() if key in kept}
        if "more" in kept and more:
            values["more"] = more
        return values

    def by_persona(self, fields: _Fields, key: str, field: mapspec.Field) -> tuple[ByPersona, ...]:
        """A per-persona field written as a mapping persona id → value, each value read as
        the field's kind."""
        node = fields.get(key)
        assert isinstance(node, MappingNode)
        if not self.allowed_tag(node):
            return ()
        entries = self.entries(node)
        values = _Fields(f"`{key}` of {fields.record}", node, entries)
        read = self.integer if field.kind == mapspec.INTEGER else self.texts_of
        found = []
        for persona, (persona_pos, _) in entries.items():
            value = read(values, persona, field)
            if value:
                found.append(ByPersona(Located(persona, persona_pos), value))
        return tuple(found)

    def numbers(self, fields: _Fields, key: str) -> tuple[Metric, ...]:
        """A mapping of names to numbers (kept as written; `cjm.core.metrics` reads them)."""
        node = fields.get(key)
        if node is None or not self.allowed_tag(node):
            return ()
        if not isinstance(node, MappingNode):
            self.report("S001", node_pos(node), f"`{key}` of {fields.record} must be a mapping "
                                                f"of names to numbers, got {describe(node)}")
            return ()
        found = []
        for name, (name_pos, value) in self.entries(node).items():
            if is_null(value):
                continue
            if not self.allowed_tag(value):
                continue
            if not isinstance(value, ScalarNode) or value.tag not in TEXT_TAGS:
                self.report("S001", node_pos(value), f"`{name}` in `{key}` of {fields.record} "
                                                     f"must be a number, got {describe(value)}")
                continue
            found.append(Metric(Located(name, name_pos), Located(value.value, node_pos(value))))
        return tuple(found)

    def texts_of(self, fields: _Fields, key: str, field: mapspec.Field) -> tuple[Text, ...]:
        return self.texts(fields, key)

    # -- structure ---------------------------------------------------------------

    def record(self, node: Node, spec: mapspec.Record, *, top_level: bool = False,
               expected: str = "a mapping") -> _Fields | None:
        """Read a mapping's entries, reporting unknown keys and missing required ones."""
        if not self.allowed_tag(node):
            return None
        if not isinstance(node, MappingNode):
            where = spec.name
            if top_level:
                where = ("the top level of a map file" if spec is mapspec.MAP
                         else f"the top level of {spec.name}")
            self.report("S001", node_pos(node), f"{where} must be {expected}, got {describe(node)}")
            return None
        entries = self.entries(node)
        for key, (key_pos, _) in entries.items():
            if key not in spec.fields:
                self.report("S002", key_pos, self.unknown_key_message(key, spec))
        fields = _Fields(spec.name, node, entries)
        for key in spec.required:
            if key not in fields.entries:
                self.report("S003", fields.pos, f"{spec.name} is missing `{key}`")
            elif fields.get(key) is None:
                self.report("S003", fields.key_pos[key], f"`{key}` of {spec.name} is empty")
        return fields

    def entries(self, node: MappingNode) -> dict[str, tuple[Position, Node]]:
        """Key → (key position, value node), merge keys applied, duplicates reported."""
        entries: dict[str, tuple[Position, Node]] = {}
        merged: list[MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged.extend(self.merge_sources(value_node))
                continue
            if not isinstance(key_node, ScalarNode) or not self.allowed_tag(key_node):
                self.report("S001", node_pos(key_node),
                            f"a key must be text, got {describe(key_node)}")
                continue
            key = key_node.value
            if key in entries:
                first = entries[key][0]
                self.report("Y004", node_pos(key_node),
                            f"duplicate key `{key}` (first defined at line {first.line})")
                continue
            entries[key] = (node_pos(key_node), value_node)
        for source in merged:
            for key, entry in self.entries(source).items():
                entries.setdefault(key, entry)
        return entries

    def merge_sources(self, node: Node) -> list[MappingNode]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        good = [source for source in sources if isinstance(source, MappingNode)]
        if len(good) != len(sources):
            self.report("S001", node_pos(node),
                        "a merge key (<<) must name a mapping or a list of them")
        return good

    def unknown_key_message(self, key: str, spec: mapspec.Record) -> str:
        message = f"unknown key `{key}` in {spec.name}"
        close = difflib.get_close_matches(key, spec.fields, n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean `{close[0]}`?"
        return f"{message}; expected one of: {', '.join(spec.fields)}"

    def many(self, fields: _Fields, key: str, field: mapspec.Field) -> tuple[object, ...]:
        """A list of records; with `single_ok`, a lone item stands for a list of one."""
        node = fields.get(key)
        if node is None or not self.allowed_tag(node):
            return ()
        if isinstance(node, SequenceNode):
            items = [item for item in node.value if not (field.nulls_ignored and is_null(item))]
        elif field.single_ok:
            items = [node]
        else:
            self.report("S001", node_pos(node),
                        f"`{key}` of {fields.record} must be a list, got {describe(node)}")
            return ()
        assert field.record is not None
        built = (self.build(item, field.record, field.scalar_items) for item in items)
        return tuple(item for item in built if item is not None)

    # -- values ------------------------------------------------------------------

    def allowed_tag(self, node: Node) -> bool:
        if node.tag in PLAIN_TAGS:
            return True
        tag = (node.tag or "").replace(TAG, "!!")
        self.report("Y005", node_pos(node),
                    f"tag `{tag}` is not allowed: a map holds plain YAML data only")
        return False

    def scalar_text(self, node: Node, what: str) -> Text | None:
        if not self.allowed_tag(node):
            return None
        if isinstance(node, ScalarNode) and node.tag in TEXT_TAGS:
            return Located(node.value, node_pos(node))
        self.report("S001", node_pos(node), f"{what} must be text, got {describe(node)}")
        return None

    def text(self, fields: _Fields, key: str) -> Text | None:
        node = fields.get(key)
        return None if node is None else self.scalar_text(node, f"`{key}` of {fields.record}")

    def texts(self, fields: _Fields, key: str) -> tuple[Text, ...]:
        """Text or a list of texts (a single text stands for a list of one)."""
        node = fields.get(key)
        if node is None or not self.allowed_tag(node):
            return ()
        what = f"an item of `{key}` in {fields.record}"
        if isinstance(node, SequenceNode):
            items = (self.scalar_text(item, what) for item in node.value if not is_null(item))
            return tuple(item for item in items if item is not None)
        if isinstance(node, ScalarNode):
            return (Located(node.value, node_pos(node)),) if node.tag in TEXT_TAGS else ()
        self.report("S001", node_pos(node),
                    f"`{key}` of {fields.record} must be text or a list of texts, "
                    f"got {describe(node)}")
        return ()

    def integer(self, fields: _Fields, key: str, field: mapspec.Field) -> Located[int] | None:
        """A whole number. A field whose minimum is its maximum (the format version) must
        have that value; other ranges are for the lint rules to judge."""
        node = fields.get(key)
        if node is None or not self.allowed_tag(node):
            return None
        value = as_int(node)
        if value is None:
            self.report("S001", node_pos(node),
                        f"`{key}` of {fields.record} must be a whole number, got {describe(node)}")
            return None
        if field.minimum is not None and field.minimum == field.maximum != value:
            self.report("S004", node_pos(node), f"`{key}` is {node.value!r}; this cjm reads map "
                                            f"format {key} {field.minimum}")
        return Located(value, node_pos(node))

    def boolean(self, fields: _Fields, key: str) -> Located[bool] | None:
        """true or false (YAML's booleans)."""
        node = fields.get(key)
        if node is None or not self.allowed_tag(node):
            return None
        if not isinstance(node, ScalarNode) or node.tag != TAG + "bool":
            self.report("S001", node_pos(node),
                        f"`{key}` of {fields.record} must be true or false, got {describe(node)}")
            return None
        return Located(node.value.lower() == "true", node_pos(node))

    def choice(self, fields: _Fields, key: str, choices: tuple[str, ...]) -> Text | None:
        value = self.text(fields, key)
        if value is None or value.value in choices:
            return value
        close = difflib.get_close_matches(value.value, choices, n=1, cutoff=0.6)
        hint = (f"; did you mean `{close[0]}`?" if close
                else f"; expected one of: {', '.join(choices)}")
        self.report("S004", value.pos, f"`{key}` is `{value.value}`, which cjm does not know{hint}")
        return value
