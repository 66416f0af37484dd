"""Ids and file names made from titles and names."""

from __future__ import annotations

import re


def slug(text: str, empty: str = "persona") -> str:
    """`text` as an id or file name: lower case, words joined by hyphens (`empty` when
    nothing is left)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or empty


def ids_for(names: tuple[str, ...]) -> list[str]:
    """An id per name (see `slug`), made unique."""
    ids: list[str] = []
    for name in names:
        base = slug(name)
        id, n = base, 2
        while id in ids:
            id, n = f"{base}-{n}", n + 1
        ids.append(id)
    return ids
