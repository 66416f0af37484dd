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
import re
import sys
from collections.abc import Callable
from pathlib import Path

OLD_MAPS = Path(__file__).parent / "data" / "v1"
GOLDEN = OLD_MAPS / "fingerprints.json"


def _outputs(path: Path) -> dict[str, Callable[[], str]]:
    from cjm.core.loader import load
    from cjm.fmt.canonical import format_text
    from cjm.interchange.markdown import to_markdown
    from cjm.interchange.to_mermaid import to_mermaid
    from cjm.lint.run import lint_file
    from cjm.render.jinja import BUILTIN_THEME
    from cjm.render.poster import Paper, build
    from cjm.render.poster_html import poster_html
    from cjm.render.svg import timeline_graph
    from cjm.views.outline import outline

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
        "markdown": lambda: to_markdown(journey).text,
        "mermaid": lambda: to_mermaid(journey).text,
        "html": lambda: _page(journey),
    }


#: The timeline Graphviz drew inside the HTML page: its bytes are Graphviz's, not cjm's.
_INLINE_TIMELINE = re.compile(r'<svg\b[^>]*aria-labelledby="timeline-svg-title.*?</svg>', re.S)


def _page(journey) -> str:
    from cjm.render.html import render_html
    from cjm.render.series import curves_for

    page = render_html(journey, 6, {}, curves_for(journey)).decode("utf-8")
    return _INLINE_TIMELINE.sub("<svg/>", page)


def _portfolio(maps: list[Path]) -> dict[str, str]:
    """Across the frozen maps: the report in every format, diff and compare of the first two."""
    from cjm.core.loader import load
    from cjm.views import compare, diff
    from cjm.views import report as across
    from cjm.views.report_formats import FORMATS

    relative = [path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
                for path in maps]
    facts = across.gather(relative)
    report = across.build(facts)
    sections = across.default_sections(facts)
    found = {f"report {name}": write(report, sections) for name, write in FORMATS.items()}
    old, new = (load(path).map for path in maps[:2])
    assert old is not None and new is not None
    changes = diff.compare(old, new)
    found["diff"] = diff.as_text(changes)
    found["diff json"] = diff.as_json(changes, "old.yaml", "new.yaml")
    found["diff markdown"] = diff.as_markdown(changes, "old.yaml", "new.yaml")
    comparison = compare.compare(old, new, "old.yaml", "new.yaml")
    for name in ("text", "markdown", "json"):
        found[f"compare {name}"] = getattr(compare, f"as_{name}")(comparison)
    return found


def fingerprints() -> dict[str, str]:
    """`MAP OUTPUT` → sha256 of that output, for every frozen map."""
    found = {}
    maps = sorted(OLD_MAPS.glob("*.yaml"))
    for path in maps:
        for name, make in _outputs(path).items():
            found[f"{path.name} {name}"] = _sha(make())
    for name, text in _portfolio(maps).items():
        found[name] = _sha(text)
    return found


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.golden --update")
    GOLDEN.write_text(json.dumps(fingerprints(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
