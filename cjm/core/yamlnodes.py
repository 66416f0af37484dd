"""Composing YAML safely: nodes with positions, no objects constructed, aliases measured.

ruamel.yaml's C-backed parser composes the text into nodes (every node carries its mark);
nothing here constructs Python objects from tags. Problems come back as `Problem`s with
the rule code that reports them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from cjm.core.source import START, Position, located

#: Aliases may repeat a node; past this many extra nodes a file is refused as an alias bomb.
ALIAS_EXPANSION_LIMIT = 100_000

TAG = "tag:yaml.org,2002:"
TEXT_TAGS = frozenset(TAG + name for name in ("str", "int", "float", "bool", "timestamp"))
PLAIN_TAGS = TEXT_TAGS | {TAG + "null", TAG + "seq", TAG + "map"}
MERGE_TAG = TAG + "merge"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a file's YAML or its structure, found while loading it."""

    code: str
    pos: Position
    message: str

    def located(self, where: str) -> str:
        """`where:line:col: CODE message`, as cjm lint prints it."""
        return located(where, self.pos, f"{self.code} {self.message}")


class LoadFailed(Exception):
    """Composing stopped at a problem that leaves nothing to build a map from."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _VersionOnceResolver(VersionedResolver):
    """ruamel.yaml looks the YAML version up again for every scalar it resolves; under the
    C parser that lookup goes through a caught AttributeError each time (~40 % of composing
    a large map). The version cannot change within a document there, so it is looked up
    once."""

    @property
    def processing_version(self) -> object:
        cached = self.__dict__.get("_cjm_version")
        if cached is None:
            cached = VersionedResolver.processing_version.fget(self)  # type: ignore[attr-defined]
            self.__dict__["_cjm_version"] = cached
        return cached


def compose(text: str) -> Node | None:
    """Parse YAML text into a node tree (no objects are constructed)."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _VersionOnceResolver
    try:
        return yaml.compose(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        pos = Position.from_mark(mark) if mark else START
        raise LoadFailed(Problem("Y001", pos, _syntax_message(err))) from None
    except ReaderError as err:
        pos = Position.from_offset(text, err.position)
        message = f"character U+{err.character:04X} is not allowed in YAML"
        raise LoadFailed(Problem("Y002", pos, message)) from None
    except YAMLError as err:  # any other parser complaint, still without a traceback
        raise LoadFailed(Problem("Y001", START, f"invalid YAML: {err}")) from None


def _syntax_message(err: MarkedYAMLError) -> str:
    problem = (err.problem or "invalid YAML").strip()
    context = (err.context or "").strip()
    return f"{problem} ({context})" if context else problem


def alias_bomb(root: Node) -> Problem | None:
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


def describe(node: Node) -> str:
    """How a node reads in a message: 'a list', 'a mapping', 'text "happy"', …"""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = (node.tag or "").removeprefix(TAG)
    value = textwrap.shorten(node.value, 40, placeholder="…")
    if kind == "str":
        return f'text "{value}"'
    if kind == "null":
        return "nothing (null)"
    return {"int": "the number", "float": "the number", "bool": "the boolean"}.get(
        kind, kind) + f" {value}"


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == TAG + "null"


def node_pos(node: Node) -> Position:
    return Position.from_mark(node.start_mark)


def as_int(node: Node) -> int | None:
    if not isinstance(node, ScalarNode) or node.tag != TAG + "int":
        return None
    digits = node.value.replace("_", "")
    for base in (10, 0):
        try:
            return int(digits, base)
        except ValueError:
            continue
    return None
