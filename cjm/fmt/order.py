"""Key order by moving lines: the format's key order, whatever blank lines or comments lie
between the keys.

ruamel.yaml keeps a blank line or a comment with the key *before* it, so reordering its
loaded mappings would carry them to the wrong place; here each key of a block mapping owns
its lines (the comment and blank lines just above it, its own line, its value), and the
keys' line blocks are put in the format's order. `cjm.fmt.canonical` then does the rest
of the layout and checks that nothing but the order changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cjm.core import spec as mapspec


def in_format_order(text: str, spec: mapspec.Record) -> str:
    """`text` with the keys of its block mappings in `spec`'s order (unknown keys after the
    known ones, in their own order); the text itself when it is not a block mapping."""
    try:
        root = YAML(typ="safe").compose(text)  # libyaml's parser: the marks, fast
    except Exception:  # noqa: BLE001 - the caller reports what does not parse
        return text
    if not isinstance(root, MappingNode) or root.flow_style:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(_Reorder(lines).mapping(root, spec, 0, len(lines)))


class _Reorder:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.seen: set[int] = set()  # an alias repeats a node: its lines are its anchor's

    def mapping(self, node: MappingNode, spec: mapspec.Record, lo: int, hi: int) -> list[str]:
        """Lines lo..hi holding the block mapping `node`, its keys in the format's order."""
        pairs = node.value
        starts = [key.start_mark.line for key, _ in pairs]
        if node.flow_style or not pairs or len(set(starts)) != len(starts):
            return self.lines[lo:hi]
        ends = [self._end(value, start) for (_, value), start in zip(pairs, starts, strict=True)]
        tops = [starts[0]] + [self._top(ends[index - 1], starts[index])
                              for index in range(1, len(pairs))]
        bottoms = tops[1:] + [ends[-1]]  # every line between two keys belongs to one
        names = [self._name(key) for key, _ in pairs]
        blocks = [self._value(value, spec.fields.get(name), tops[index], bottoms[index])
                  for index, (name, (_, value)) in enumerate(zip(names, pairs, strict=True))]
        order = _format_order(names, spec)
        if order != list(range(len(pairs))):
            blocks = _moved(blocks, order, pairs[0][0].start_mark.column)
        head = self.lines[lo:tops[0]]
        return head + [line for block in blocks for line in block] + self.lines[ends[-1]:hi]

    def _value(self, value: Node, field: mapspec.Field | None, lo: int, hi: int) -> list[str]:
        if field is None or field.record is None or id(value) in self.seen:
            return self.lines[lo:hi]
        self.seen.add(id(value))
        if field.kind == mapspec.RECORD and isinstance(value, MappingNode):
            return self.mapping(value, field.record, lo, hi)
        if field.kind == mapspec.RECORDS and isinstance(value, SequenceNode):
            return self._items(value, field.record, lo, hi)
        return self.lines[lo:hi]

    def _items(self, node: SequenceNode, spec: mapspec.Record, lo: int, hi: int) -> list[str]:
        """A list of records: each item's mapping reordered in its own lines."""
        items = [item for item in node.value if isinstance(item, MappingNode)
                 and not item.flow_style and id(item) not in self.seen]
        if node.flow_style or not items:
            return self.lines[lo:hi]
        out, at = [], lo
        for item in items:
            start, end = item.start_mark.line, self._end(item, item.start_mark.line)
            self.seen.add(id(item))
            out += self.lines[at:start] + self.mapping(item, spec, start, end)
            at = end
        return out + self.lines[at:hi]

    def _end(self, node: Node, start: int) -> int:
        """The line after the last line of `node`'s text (an alias: the line it is on)."""
        if id(node) in self.seen:
            return start + 1
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            return self._end(last[1] if isinstance(last, tuple) else last, start)
        mark = node.end_mark
        return max(start + 1, mark.line + (1 if mark.column else 0))

    def _top(self, previous_end: int, start: int) -> int:
        """Where a key's lines begin: the comment and blank lines just above it are its."""
        top = start
        while top > previous_end and _is_blank_or_comment(self.lines[top - 1]):
            top -= 1
        return top

    @staticmethod
    def _name(key: Node) -> str:
        return key.value if isinstance(key, ScalarNode) else ""


def _moved(blocks: list[list[str]], order: list[int], column: int) -> list[list[str]]:
    """The keys' blocks in `order`. The first key's line may start with a list item's dash
    (the text before `column`), which stays on the line of whichever key comes first."""
    moved = [list(block) for block in blocks]
    first = moved[0][0]
    prefix, moved[0][0] = first[:column], " " * column + first[column:]
    new_first = moved[order[0]]
    while not new_first[0].strip():  # no blank line opens a mapping
        del new_first[0]
    key_line = next(index for index, line in enumerate(new_first)
                    if not _is_blank_or_comment(line))
    new_first[key_line] = prefix + new_first[key_line][column:]
    dash = " " * (len(prefix) - len(prefix.lstrip()))  # its comments now sit above the dash
    new_first[:key_line] = [dash + line.lstrip(" ") if line.strip() else line
                            for line in new_first[:key_line]]
    return [moved[index] for index in order]


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _format_order(names: Iterable[str], spec: mapspec.Record) -> list[int]:
    """Positions of `names` in the format's order: known keys first, by the spec."""
    known = list(spec.fields)
    indexed = list(enumerate(names))
    return [index for index, _ in sorted(
        indexed, key=lambda pair: (known.index(pair[1]) if pair[1] in known else len(known),
                                   pair[0]))]
