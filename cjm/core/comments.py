"""The comments of a YAML text, where they stand, found fast.

libyaml's parser (through ruamel.yaml's C loader) gives every scalar's span; a `#` that
starts a word outside every scalar starts a comment that runs to the end of its line. That
is YAML's own rule, and it costs one C parse instead of ruamel.yaml's pure-Python scanner
(which `cjm show` would pay on every side of every `git diff`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cjm.core.yamlnodes import compose


@dataclass(frozen=True)
class Comment:
    line: int  # 1-based
    column: int  # 1-based, where the `#` is
    text: str  # from the `#` to the end of the line, trailing blanks removed
    alone: bool  # nothing but blanks before it on its line


def comments_in(text: str) -> list[Comment] | None:
    """The comments of `text` in order; None when it is no single YAML document that
    parses (then the comments cannot be told from the text)."""
    if "#" not in text:
        return []
    try:
        root = compose(text)
    except Exception:  # noqa: BLE001 - LoadFailed or worse: the text cannot be read as YAML
        return None
    spans = sorted(_scalar_spans(root)) if root is not None else []
    starts = [start for start, _ in spans]
    found = []
    for number, line in enumerate(text.splitlines()):
        at = line.find("#")
        while at != -1:
            if (at == 0 or line[at - 1] in " \t") and not _inside(spans, starts, (number, at)):
                found.append(Comment(number + 1, at + 1, line[at:].rstrip(),
                                     not line[:at].strip()))
                break
            at = line.find("#", at + 1)
    return found


def _scalar_spans(root: Node) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every scalar, as 0-based (line, column); a block scalar's span
    starts on the line after its `|` or `>`, whose own line may hold a comment."""
    spans, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            start = (node.start_mark.line, node.start_mark.column)
            if node.style in ("|", ">"):
                start = (start[0] + 1, 0)
            spans.append((start, (node.end_mark.line, node.end_mark.column)))
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return spans


def _inside(spans: list[tuple[tuple[int, int], tuple[int, int]]], starts: list[tuple[int, int]],
            point: tuple[int, int]) -> bool:
    index = bisect.bisect_right(starts, point) - 1
    return index >= 0 and point < spans[index][1]
