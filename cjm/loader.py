"""Read a map file into the model, collecting every problem instead of stopping at the first.

YAML is composed into nodes by ruamel.yaml's C-backed parser (every node carries
its position); the model is then built from the nodes by hand. No YAML tag ever
constructs an object, and aliases are measured before anything walks them.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from cjm import frameworks
from cjm.model import (
    LANGUAGES,
    PRIORITIES,
    STATES,
    JourneyMap,
    Opportunity,
    Persona,
    Phase,
    Step,
    Touchpoint,
)
from cjm.source import START, DecodeError, Located, Position, Text, decode

R = TypeVar("R")

FORMAT_VERSION = 1
#: Aliases may repeat a node; past this many extra nodes a file is refused as an alias bomb.
ALIAS_EXPANSION_LIMIT = 100_000

_TAG = "tag:yaml.org,2002:"
_TEXT_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "timestamp"))
_PLAIN_TAGS = _TEXT_TAGS | {_TAG + "null", _TAG + "seq", _TAG + "map"}
_MERGE_TAG = _TAG + "merge"

MAP_FIELDS = ("version", "title", "persona", "lang", "framework", "state", "scenario",
              "touchpoints", "phases")
PERSONA_FIELDS = ("name", "role", "description", "goals", "frustrations", "expectations",
                  "quote")
PHASE_FIELDS = ("id", "name", "goal", "steps")
STEP_FIELDS = ("id", "action", "touchpoints", "emotion", "thoughts", "pains", "expectations",
               "opportunities")
OPPORTUNITY_FIELDS = ("text", "owner", "priority")
TOUCHPOINT_FIELDS = ("id", "name", "channel")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file's YAML or its structure, found while loading it."""

    code: str
    pos: Position
    message: str


@dataclass
class LoadResult:
    """The map read from a file (None when nothing usable was read) and the problems found."""

    map: JourneyMap | None
    problems: list[Problem] = field(default_factory=list)


def load(path: Path) -> LoadResult:
    """Load the map file at `path`."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return LoadResult(None, [Problem("Y007", START, f"cannot read file: {err.strerror}")])
    try:
        text = decode(data)
    except DecodeError as err:
        return LoadResult(None, [Problem("Y002", err.pos, err.reason)])
    return load_text(text, str(path))


def load_text(text: str, path: str = "<string>") -> LoadResult:
    """Load a map from YAML text; `path` names it in the model."""
    try:
        root = _compose(text)
    except _LoadFailed as failed:
        return LoadResult(None, [failed.problem])
    if root is None:
        return LoadResult(None, [Problem("Y003", START, "file is empty: expected a journey map")])
    bomb = _alias_bomb(root) if "&" in text else None
    if bomb:
        return LoadResult(None, [bomb])
    builder = _Builder()
    journey = builder.journey_map(root, path)
    return LoadResult(journey, builder.problems)


class _LoadFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _compose(text: str) -> Node | None:
    """Parse YAML text into a node tree (no objects are constructed)."""
    yaml = YAML(typ="safe", pure=False)
    try:
        return yaml.compose(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        pos = Position.from_mark(mark) if mark else START
        raise _LoadFailed(Problem("Y001", pos, _syntax_message(err))) from None
    except ReaderError as err:
        pos = Position.from_offset(text, err.position)
        message = f"character U+{err.character:04X} is not allowed in YAML"
        raise _LoadFailed(Problem("Y002", pos, message)) from None
    except YAMLError as err:  # any other parser complaint, still without a traceback
        raise _LoadFailed(Problem("Y001", START, f"invalid YAML: {err}")) from None


def _syntax_message(err: MarkedYAMLError) -> str:
    problem = (err.problem or "invalid YAML").strip()
    context = (err.context or "").strip()
    return f"{problem} ({context})" if context else problem


def _alias_bomb(root: Node) -> Problem | None:
    """A problem when aliases recurse or expand far beyond the document's own size."""
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    distinct = 0
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            if expanded[key] - distinct > ALIAS_EXPANSION_LIMIT:
                return Problem("Y006", Position.from_mark(node.start_mark),
                               f"aliases expand this node to over {ALIAS_EXPANSION_LIMIT:,} "
                               "copies (an alias bomb?); the file is not read further")
            continue
        if key in on_path:
            return Problem("Y006", Position.from_mark(node.start_mark),
                           "this anchor is used inside itself (a recursive alias)")
        if key in expanded:
            continue
        distinct += 1
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in expanded)
    return None


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _describe(node: Node) -> str:
    """How a node reads in a message: 'a list', 'a mapping', 'text "happy"', …"""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = node.tag.removeprefix(_TAG)
    value = textwrap.shorten(node.value, 40, placeholder="…")
    if kind == "str":
        return f'text "{value}"'
    if kind == "null":
        return "nothing (null)"
    return {"int": "the number", "float": "the number", "bool": "the boolean"}.get(
        kind, kind) + f" {value}"


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _TAG + "null"


def _pos(node: Node) -> Position:
    return Position.from_mark(node.start_mark)


class _Fields:
    """The entries of one YAML mapping that stands for a record (a step, a phase, …)."""

    def __init__(self, record: str, node: MappingNode,
                 entries: dict[str, tuple[Position, Node]]) -> None:
        self.record = record
        self.pos = _pos(node)
        self.key_pos = {key: key_pos for key, (key_pos, _) in entries.items()}
        self.entries = {key: value for key, (_, value) in entries.items()}

    def get(self, key: str) -> Node | None:
        """The value node of `key`; None when the key is absent or its value is null."""
        node = self.entries.get(key)
        return None if node is None or _is_null(node) else node


class _Builder:
    """Builds the model from composed nodes, gathering problems as it goes."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def report(self, code: str, pos: Position, message: str) -> None:
        self.problems.append(Problem(code, pos, message))

    # -- records -----------------------------------------------------------------

    def journey_map(self, node: Node, path: str) -> JourneyMap | None:
        fields = self.record(node, "the map", MAP_FIELDS, ("title", "phases"), top_level=True)
        if fields is None:
            return None
        self.version(fields)
        framework = self.choice(fields, "framework", tuple(frameworks.FRAMEWORKS))
        return JourneyMap(
            path=path,
            pos=fields.pos,
            title=self.text(fields, "title"),
            persona=self.one(fields, "persona", self.persona),
            phases=self.phases(fields),
            lang=self.choice(fields, "lang", LANGUAGES),
            framework=framework,
            state=self.choice(fields, "state", STATES),
            scenario=self.text(fields, "scenario"),
            touchpoints=self.catalogue(fields),
        )

    def persona(self, node: Node) -> Persona | None:
        fields = self.record(node, "the persona", PERSONA_FIELDS, ("name",))
        if fields is None:
            return None
        return Persona(
            pos=fields.pos,
            name=self.text(fields, "name"),
            role=self.text(fields, "role"),
            description=self.text(fields, "description"),
            goals=self.texts(fields, "goals"),
            frustrations=self.texts(fields, "frustrations"),
            expectations=self.texts(fields, "expectations"),
            quote=self.text(fields, "quote"),
        )

    def phases(self, fields: _Fields) -> tuple[Phase, ...]:
        node = fields.get("phases")
        if isinstance(node, SequenceNode) and not node.value:
            self.report("S003", _pos(node), "`phases` is empty: a map needs at least one phase")
        return self.many(fields, "phases", self.phase)

    def phase(self, node: Node) -> Phase | None:
        fields = self.record(node, "a phase", PHASE_FIELDS, ("name",))
        if fields is None:
            return None
        return Phase(
            pos=fields.pos,
            name=self.text(fields, "name"),
            id=self.text(fields, "id"),
            goal=self.text(fields, "goal"),
            steps=self.many(fields, "steps", self.step),
        )

    def step(self, node: Node) -> Step | None:
        fields = self.record(node, "a step", STEP_FIELDS, ("action",))
        if fields is None:
            return None
        return Step(
            pos=fields.pos,
            id=self.text(fields, "id"),
            action=self.text(fields, "action"),
            touchpoints=self.texts(fields, "touchpoints"),
            emotion=self.integer(fields, "emotion"),
            thoughts=self.texts(fields, "thoughts"),
            pains=self.texts(fields, "pains"),
            expectations=self.texts(fields, "expectations"),
            opportunities=self.many(fields, "opportunities", self.opportunity, single_ok=True),
        )

    def opportunity(self, node: Node) -> Opportunity | None:
        if isinstance(node, ScalarNode):
            text = self.scalar_text(node, "an opportunity")
            return Opportunity(text.pos, text) if text else None
        fields = self.record(node, "an opportunity", OPPORTUNITY_FIELDS, ("text",),
                             expected="text or a mapping with `text`, `owner`, `priority`")
        if fields is None:
            return None
        return Opportunity(
            pos=fields.pos,
            text=self.text(fields, "text"),
            owner=self.text(fields, "owner"),
            priority=self.choice(fields, "priority", PRIORITIES),
        )

    def catalogue(self, fields: _Fields) -> tuple[Touchpoint, ...] | None:
        if "touchpoints" not in fields.entries:
            return None
        return self.many(fields, "touchpoints", self.touchpoint)

    def touchpoint(self, node: Node) -> Touchpoint | None:
        fields = self.record(node, "a catalogue touchpoint", TOUCHPOINT_FIELDS, ("id",))
        if fields is None:
            return None
        return Touchpoint(
            pos=fields.pos,
            id=self.text(fields, "id"),
            name=self.text(fields, "name"),
            channel=self.text(fields, "channel"),
        )

    # -- structure ---------------------------------------------------------------

    def record(self, node: Node, record: str, allowed: tuple[str, ...],
               required: tuple[str, ...], *, top_level: bool = False,
               expected: str = "a mapping") -> _Fields | None:
        """Read a mapping's entries, reporting unknown keys and missing required ones."""
        if not self.allowed_tag(node):
            return None
        if not isinstance(node, MappingNode):
            where = "the top level of a map file" if top_level else record
            self.report("S001", _pos(node), f"{where} must be {expected}, got {_describe(node)}")
            return None
        entries = self.entries(node)
        for key, (key_pos, _) in entries.items():
            if key not in allowed:
                self.report("S002", key_pos, self.unknown_key_message(key, record, allowed))
        fields = _Fields(record, node, entries)
        for key in required:
            if key not in fields.entries:
                self.report("S003", fields.pos, f"{record} is missing `{key}`")
            elif fields.get(key) is None:
                self.report("S003", fields.key_pos[key], f"`{key}` of {record} is empty")
        return fields

    def entries(self, node: MappingNode) -> dict[str, tuple[Position, Node]]:
        """Key → (key position, value node), merge keys applied, duplicates reported."""
        entries: dict[str, tuple[Position, Node]] = {}
        merged: list[MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(self.merge_sources(value_node))
                continue
            if not isinstance(key_node, ScalarNode) or not self.allowed_tag(key_node):
                self.report("S001", _pos(key_node), f"a key must be text, got {_describe(key_node)}")
                continue
            key = key_node.value
            if key in entries:
                first = entries[key][0]
                self.report("Y004", _pos(key_node),
                            f"duplicate key `{key}` (first defined at line {first.line})")
                continue
            entries[key] = (_pos(key_node), value_node)
        for source in merged:
            for key, entry in self.entries(source).items():
                entries.setdefault(key, entry)
        return entries

    def merge_sources(self, node: Node) -> list[MappingNode]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        good = [source for source in sources if isinstance(source, MappingNode)]
        if len(good) != len(sources):
            self.report("S001", _pos(node), "a merge key (<<) must name a mapping or a list of them")
        return good

    def unknown_key_message(self, key: str, record: str, allowed: tuple[str, ...]) -> str:
        message = f"unknown key `{key}` in {record}"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean `{close[0]}`?"
        return f"{message}; expected one of: {', '.join(allowed)}"

    def one(self, fields: _Fields, key: str, build: Callable[[Node], R | None]) -> R | None:
        node = fields.get(key)
        return None if node is None else build(node)

    def many(self, fields: _Fields, key: str, build: Callable[[Node], R | None], *,
             single_ok: bool = False) -> tuple[R, ...]:
        """A list of records; with `single_ok`, a lone item stands for a list of one."""
        node = fields.get(key)
        if node is None or not self.allowed_tag(node):
            return ()
        if isinstance(node, SequenceNode):
            items = node.value
        elif single_ok:
            items = [node]
        else:
            self.report("S001", _pos(node),
                        f"`{key}` of {fields.record} must be a list, got {_describe(node)}")
            return ()
        built = (build(item) for item in items)
        return tuple(item for item in built if item is not None)

    # -- values ------------------------------------------------------------------

    def allowed_tag(self, node: Node) -> bool:
        if node.tag in _PLAIN_TAGS:
            return True
        self.report("Y005", _pos(node),
                    f"tag `{node.tag.replace(_TAG, '!!')}` is not allowed: "
                    "a map holds plain YAML data only")
        return False

    def scalar_text(self, node: Node, what: str) -> Text | None:
        if not self.allowed_tag(node):
            return None
        if isinstance(node, ScalarNode) and node.tag in _TEXT_TAGS:
            return Located(node.value, _pos(node))
        self.report("S001", _pos(node), f"{what} must be text, got {_describe(node)}")
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
            items = (self.scalar_text(item, what) for item in node.value if not _is_null(item))
            return tuple(item for item in items if item is not None)
        if isinstance(node, ScalarNode):
            return (Located(node.value, _pos(node)),) if node.tag in _TEXT_TAGS else ()
        self.report("S001", _pos(node),
                    f"`{key}` of {fields.record} must be text or a list of texts, "
                    f"got {_describe(node)}")
        return ()

    def integer(self, fields: _Fields, key: str) -> Located[int] | None:
        node = fields.get(key)
        if node is None or not self.allowed_tag(node):
            return None
        value = _as_int(node)
        if value is None:
            self.report("S001", _pos(node),
                        f"`{key}` of {fields.record} must be a whole number, got {_describe(node)}")
            return None
        return Located(value, _pos(node))

    def choice(self, fields: _Fields, key: str, choices: tuple[str, ...]) -> Text | None:
        value = self.text(fields, key)
        if value is None or value.value in choices:
            return value
        close = difflib.get_close_matches(value.value, choices, n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else f"; expected one of: {', '.join(choices)}"
        self.report("S004", value.pos, f"`{key}` is `{value.value}`, which cjm does not know{hint}")
        return value

    def version(self, fields: _Fields) -> None:
        node = fields.get("version")
        if node is not None and _as_int(node) != FORMAT_VERSION:
            self.report("S004", _pos(node),
                        f"`version` is {node.value!r}; this cjm reads map format version "
                        f"{FORMAT_VERSION}")


def _as_int(node: Node) -> int | None:
    if not isinstance(node, ScalarNode) or node.tag != _TAG + "int":
        return None
    digits = node.value.replace("_", "")
    for base in (10, 0):
        try:
            return int(digits, base)
        except ValueError:
            continue
    return None
