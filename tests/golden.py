"""Fingerprints of everything cjm makes from maps written before a format change.

Maps in tests/data/v1 are frozen copies of format-v1 maps. For each, cjm's own outputs are
fingerprinted: the Graphviz source of the SVG timeline, the HTML of the PDF poster, `cjm show`,
`cjm fmt`, the lint findings and the semantic diff between two of them. The drawing tools'
own bytes (neato, WeasyPrint) are left out on purpose: they follow from these inputs, and
their versions are not cjm's to freeze. `test_golden.py` compares; after a deliberate change
to old maps' output, run `python -m tests.golden --update` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

OLD_MAPS = Path(__file__).parent / "data" / "v1"
GOLDEN = OLD_MAPS / "fingerprints.json"


def _outputs(path: Path) -> dict[str, Callable[[], str]]:
    from cjm.canonical import format_text
    from cjm.lint import lint_file
    from cjm.loader import load
    from cjm.outline import outline
    from cjm.render.pdf import BUILTIN_THEME, poster_html
    from cjm.render.poster import Paper, build
    from cjm.render.svg import timeline_graph

    journey = load(path).map
    assert journey is not None
    return {
        "svg-rows": lambda: timeline_graph(journey, 6).source,
        "svg-single": lambda: timeline_graph(journey, 0).source,
        "pdf-a3": lambda: poster_html(build(journey, Paper("A3", "landscape")), [BUILTIN_THEME]),
        "pdf-a4": lambda: poster_html(build(journey, Paper("A4", "portrait")), [BUILTIN_THEME]),
        "show": lambda: outline(journey),
        "fmt": lambda: format_text(path.read_text(encoding="utf-8")),
        "lint": lambda: "\n".join(f"{f.line}:{f.column} {f.code} {f.message}"
                                  for f in lint_file(path)),
    }


def fingerprints() -> dict[str, str]:
    """`MAP OUTPUT` → sha256 of that output, for every frozen map."""
    from cjm import diff
    from cjm.loader import load

    found = {}
    maps = sorted(OLD_MAPS.glob("*.yaml"))
    for path in maps:
        for name, make in _outputs(path).items():
            found[f"{path.name} {name}"] = _sha(make())
    old, new = (load(path).map for path in maps[:2])
    assert old is not None and new is not None
    found["diff"] = _sha(diff.as_text(diff.compare(old, new)))
    return found


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.golden --update")
    GOLDEN.write_text(json.dumps(fingerprints(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
