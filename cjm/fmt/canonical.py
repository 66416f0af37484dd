"""`cjm fmt`: the canonical layout of a map, through ruamel.yaml's round trip.

Canonical means: keys in the format's order (unknown keys kept, after the known ones),
two-space indentation with list dashes indented under their key, quotes only where YAML
needs them, a step's touchpoints and addresses and the catalogue's entries on one line each
(flow style), everything else in block style, and lines never re-wrapped. Comments stay,
and so does every value: the result is checked against the original before anything is
written.
"""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cjm.core import spec as mapspec
from cjm.core.comments import comments_in
from cjm.core.errors import CjmError
from cjm.fmt.order import in_format_order


def round_trip_yaml() -> YAML:
    """The ruamel.yaml round-tripper that every file cjm writes goes through."""
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


#: Blank lines before a document's first line mean nothing (ruamel.yaml drops one per run).
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\r?\n)+")


class NotFormatted(CjmError):
    """A map that cjm cannot format without risk (it does not parse, or would change)."""


def format_text(text: str, where: str = "<string>", spec: mapspec.Record = mapspec.MAP) -> str:
    """The canonical text of a map (or, with `spec`, of a library file); NotFormatted when
    it cannot be done safely."""
    trimmed = _LEADING_BLANK_LINES.sub("", text)
    ordered = in_format_order(trimmed, spec)
    if ordered != trimmed:
        try:
            return _formatted(ordered, text, where, spec)
        except NotFormatted:  # an order that moving lines cannot give: keep the keys' order
            pass
    return _formatted(trimmed, text, where, spec)


def dumped(data: CommentedMap, spec: mapspec.Record = mapspec.MAP) -> str:
    """The canonical text of a map built in memory (an import): one dump, nothing to check
    against."""
    _arrange(data, spec)
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    return out.getvalue()


def _formatted(text: str, original: str, where: str, spec: mapspec.Record) -> str:
    """`text` laid out by ruamel.yaml, checked against `original`."""
    yaml = round_trip_yaml()
    try:
        data = yaml.load(text)
    except RecursionError:
        raise NotFormatted(f"{where}: not formatted: the YAML nests too deeply") from None
    except Exception as err:  # noqa: BLE001 - any parser error means: do not touch the file
        raise NotFormatted(f"{where}: not formatted: the YAML does not parse ({_first_line(err)})"
                           ) from None
    if not isinstance(data, CommentedMap):
        raise NotFormatted(f"{where}: not formatted: the top level is not a mapping")
    _arrange(data, spec)
    out = io.StringIO()
    yaml.dump(data, out)
    formatted = out.getvalue()
    if text.startswith("---") and not formatted.startswith("---"):
        formatted = "---\n" + formatted
    _check_unchanged(original, formatted, where)
    return formatted


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _arrange(node: CommentedMap, spec: mapspec.Record) -> None:
    """Put a record's keys in the format's order, and style its lists, recursively.

    ruamel.yaml keeps a comment with the key or item *before* it, so moving keys would move
    comments away from the key they describe, and restyling a commented collection moves
    its comment: a mapping with comments between its keys keeps its order, and a collection
    with a comment on or after it keeps its style."""
    if not node.ca.items:
        known = [key for key in spec.fields if key in node]
        for key in known + [key for key in list(node) if key not in spec.fields]:
            node.move_to_end(key)
    for key, field in spec.fields.items():
        value = node.get(key)
        restyle = key not in node.ca.items
        if field.kind == mapspec.TEXTS and isinstance(value, CommentedSeq) and restyle:
            _style(value, flow=field.inline)
        elif field.kind == mapspec.RECORD and isinstance(value, CommentedMap):
            assert field.record is not None
            if restyle:
                _style(value, flow=False)
            _arrange(value, field.record)
        elif field.kind == mapspec.RECORDS and isinstance(value, CommentedSeq):
            assert field.record is not None
            if restyle:
                _style(value, flow=False)
            for index, item in enumerate(value):
                if isinstance(item, CommentedMap):
                    if index not in value.ca.items:
                        _style(item, flow=field.record.inline)
                    _arrange(item, field.record)


def _style(collection: CommentedMap | CommentedSeq, flow: bool) -> None:
    """Flow style (one line) for collections of plain values, else block style; a
    collection that holds comments keeps its style."""
    if collection.ca.items or collection.ca.comment or collection.ca.end:
        return
    values = collection.values() if isinstance(collection, CommentedMap) else collection
    if flow and all(not isinstance(value, (dict, list)) for value in values):
        collection.fa.set_flow_style()
    else:
        collection.fa.set_block_style()


def _check_unchanged(before: str, after: str, where: str) -> None:
    """Refuse a result whose data or comments differ from the original's."""
    if before == after:
        return
    same_data = False
    for safe in (YAML(typ="safe"), YAML(typ="safe", pure=True)):  # libyaml's, else ruamel's
        try:
            same_data = safe.load(before) == safe.load(after)
            break
        except Exception:  # noqa: BLE001
            continue
    kept, written = _comments(before), _comments(after)
    if not same_data or kept is None or written is None or sorted(kept) != sorted(written):
        raise NotFormatted(f"{where}: not formatted: the canonical layout would change its "
                           "content or comments (a cjm bug: please report it)")


def _comments(text: str) -> list[str] | None:
    """The text of every comment in a YAML document, one entry per comment line (None:
    the text does not parse)."""
    found = comments_in(text)
    return None if found is None else [comment.text for comment in found]
