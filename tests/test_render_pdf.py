"""The PDF poster, read back with pypdf: text, lanes, pages, metadata, bookmarks, safety."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from cjm.core.loader import load
from cjm.render import RenderOptions, render_bytes
from cjm.render.labels import labels
from cjm.render.pdf import render_pdf
from cjm.render.poster import Paper
from cjm.render.weasy import theme_only_fetcher
from tests.conftest import SAMPLES, run_cjm

HOSTILE = Path(__file__).parent / "data" / "hostile.yaml"


def pdf_of(path: Path, **options: object) -> tuple[object, bytes]:
    journey = load(path).map
    return journey, render_bytes(journey, "pdf", RenderOptions("pdf", **options))


def words(text: str) -> str:
    """Text with hyphenation undone and all white space as single spaces."""
    text = re.sub(r"-\n", "", text)
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return words("\n".join(page.extract_text() for page in reader.pages))


def squeezed(text: str) -> str:
    """For comparing wrapped and hyphenated text: no spaces, no hyphens."""
    return re.sub(r"[\s\-‐]", "", text)


@pytest.mark.parametrize("name", ["sally.yaml", "daniela-kinderwagen.yaml"])
def test_every_action_phase_and_lane_label_is_in_the_pdf(name: str) -> None:
    journey, data = pdf_of(SAMPLES / name)
    text = squeezed(pdf_text(data))
    for _, step in journey.steps():
        assert squeezed(step.action.value) in text
        for pain in step.pains:
            assert squeezed(pain.text.value) in text
    for phase in journey.phases:
        assert squeezed(phase.name.value.upper()) in text.upper()
    lane_words = labels(journey.language)
    for lane in ("actions", "touchpoints", "thoughts", "emotion", "pains", "expectations",
                 "opportunities"):
        assert squeezed(lane_words[lane]) in text
    persona = journey.persona
    assert squeezed(persona.name.value) in text and squeezed(persona.quote.value) in text


def test_opportunity_owner_and_priority_are_shown() -> None:
    _, data = pdf_of(SAMPLES / "sally.yaml")
    text = squeezed(pdf_text(data))
    assert squeezed("owner: Marketing · priority: high") in text


def test_metadata_and_one_bookmark_per_phase() -> None:
    journey, data = pdf_of(SAMPLES / "sally.yaml")
    reader = PdfReader(io.BytesIO(data))
    meta = reader.metadata
    assert meta.title == journey.title.value
    assert meta.author == "Sally"
    assert meta.subject.startswith("Sally needs a task-management solution")
    outline = [item for item in _flatten(reader.outline)]
    titles = [item.title for item in outline]
    assert titles[0] == journey.title.value
    assert [t.upper() for t in titles if t.upper() in
            {p.name.value.upper() for p in journey.phases}] == [
        p.name.value.upper() for p in journey.phases]


def _flatten(outline):  # type: ignore[no-untyped-def]
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_a3_landscape_by_default_and_other_papers() -> None:
    _, data = pdf_of(SAMPLES / "sally.yaml")
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (420, 297)
    _, data = pdf_of(SAMPLES / "sally.yaml", paper="A4", orientation="portrait")
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    assert len(reader.pages) > 1  # three steps a page on A4 portrait


def test_a_phase_split_over_pages_repeats_its_header_as_continued(tmp_path: Path) -> None:
    steps = "".join(f"      - {{action: Step {n}, touchpoints: [web], emotion: 3}}\n"
                    for n in range(1, 8))
    path = tmp_path / "long.yaml"
    path.write_text(f"title: Long\nphases:\n  - name: Onboarding\n    steps:\n{steps}")
    _, data = pdf_of(path, paper="A4", orientation="portrait")
    text = pdf_text(data)  # three columns a band on A4 portrait: three bands
    assert text.count("ONBOARDING") == 3 and text.count("ONBOARDING (continued)") == 2
    assert text.index("ONBOARDING (continued)") > text.index("Step 3")


def test_renders_are_byte_identical_and_dated_only_by_source_date_epoch(monkeypatch) -> None:
    journey = load(SAMPLES / "sally.yaml").map
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render_pdf(journey, Paper("A3", "landscape"))
    assert first == render_pdf(journey, Paper("A3", "landscape"))
    assert "/CreationDate" not in PdfReader(io.BytesIO(first)).metadata
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated = render_pdf(journey, Paper("A3", "landscape"))
    assert PdfReader(io.BytesIO(dated)).metadata["/CreationDate"] == "D:20260101000000Z"
    assert dated == render_pdf(journey, Paper("A3", "landscape"))


def test_hostile_text_prints_literally() -> None:
    journey, data = pdf_of(HOSTILE)
    text = pdf_text(data)
    step = next(step for _, step in journey.steps())
    assert squeezed("<img src=file:///etc/passwd>") in squeezed(text)
    assert squeezed(step.thoughts[0].value) in squeezed(text)
    assert squeezed("<script>alert(1)</script>") in squeezed(text)


def test_the_fetcher_refuses_everything_outside_the_theme(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" '
                                    'height="4"><rect width="4" height="4"/></svg>')
    (theme / "poster.css").write_text(
        '@import url("../../../../etc/passwd");\n'
        'body { background: url("file:///etc/passwd"); }\n'
        'h1::before { content: url("logo.svg"); }\n'
        'h1::after { content: url("http://example.invalid/x.png"); }\n')
    fetcher = theme_only_fetcher([theme])
    for url in ("file:///etc/passwd", "http://example.invalid/x.png",
                (theme / ".." / "x").resolve().as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch((theme / "logo.svg").as_uri()) is not None
    journey = load(SAMPLES / "sally.yaml").map
    data = render_pdf(journey, Paper("A3", "landscape"), theme)
    assert pdf_text(data)  # the user's theme was used and printed


def test_a_theme_folder_overrides_the_css(tmp_path: Path) -> None:
    (tmp_path / "poster.css").write_text("h1 { font-size: 30pt; }\n"
                                         "h1::after { content: ' ★ house style'; }\n")
    journey = load(SAMPLES / "sally.yaml").map
    data = render_pdf(journey, Paper("A3", "landscape"), tmp_path)
    assert "house style" in pdf_text(data)


def test_cli_pdf_and_bad_options(tmp_path: Path) -> None:
    out = tmp_path / "sally.pdf"
    assert run_cjm("render", "samples/sally.yaml", "-o", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"%PDF-")
    result = run_cjm("render", "samples/sally.yaml", "-o", str(out), "--paper", "B5")
    assert result.returncode == 2 and "unknown paper `B5`" in result.stderr


def test_the_printing_process_prints_what_this_one_would_and_reports_its_end() -> None:
    import os
    import signal

    from cjm.core.errors import CjmError
    from cjm.render.jinja import BUILTIN_THEME
    from cjm.render.poster import build
    from cjm.render.poster_html import poster_html
    from cjm.render.printer import Printer
    from cjm.render.weasy import layout, write

    journey = load(SAMPLES / "sally.yaml").map
    html = poster_html(build(journey, Paper("A4", "portrait")), [BUILTIN_THEME])
    with Printer() as printer:
        assert printer.print(html, [BUILTIN_THEME]) == write(layout(html, [BUILTIN_THEME]))
        broken = html.replace("</style>", "@page { size: nonsense; } </style>")
        assert printer.print(broken, [BUILTIN_THEME]).startswith(b"%PDF")  # still serving
        os.kill(printer._pid, signal.SIGKILL)
        with pytest.raises(CjmError, match="the process printing the poster ended"):
            printer.print(html, [BUILTIN_THEME])


@pytest.mark.parametrize(("name", "lang"), [("sally.yaml", "en"),
                                            ("daniela-kinderwagen.yaml", "nl")])
def test_the_pdf_is_tagged_with_its_language_and_shows_its_title(tmp_path: Path, name: str,
                                                                  lang: str) -> None:
    """A structure tree (reading order and roles for screen readers), /Lang from the map,
    the title shown as the window's title, marked PDF/UA-1 in its XMP metadata."""
    out = tmp_path / "map.pdf"
    assert run_cjm("render", str(SAMPLES / name), "-o", str(out)).returncode == 0
    reader = PdfReader(out)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    tree = catalog["/StructTreeRoot"].get_object()
    roles, figures = set(), []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending += node
            continue
        node = node.get_object()
        if isinstance(node, dict):
            roles.add(str(node.get("/S", "")))
            if node.get("/S") == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            if "/K" in node:
                pending.append(node["/K"])
    assert {"/Document", "/H1", "/Table", "/TH", "/TD", "/L", "/LI"} <= roles
    emotion = "Emotie" if lang == "nl" else "Emotion"
    assert any(alt.startswith(f"{emotion}: 1. ") for alt in figures), figures
    assert all(alt.split(": ", 1)[1] for alt in figures), figures  # every figure says it
    journey = load(SAMPLES / name).map
    assert journey is not None and journey.title is not None
    assert reader.metadata is not None and reader.metadata.title == journey.title.value
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid:part" in xmp or "<pdfuaid:part>1" in xmp


@pytest.mark.parametrize("name", ["sally.yaml", "daniela-kinderwagen.yaml",
                                  "gezin-kinderwagen-personas.yaml"])
def test_every_text_colour_the_poster_prints_meets_wcag_aa(name: str) -> None:
    """The HTML WeasyPrint prints: each CSS `color` and SVG text `fill` reads at 4.5:1 on
    the darkest background text sits on."""
    from cjm.render.contrast import DARKEST_BACKGROUND, contrast
    from cjm.render.jinja import BUILTIN_THEME
    from cjm.render.poster import Paper, build
    from cjm.render.poster_html import poster_html

    def rgb(colour: str) -> tuple[int, int, int]:
        return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))

    journey = load(SAMPLES / name).map
    assert journey is not None
    page = poster_html(build(journey, Paper("A3", "landscape")), [BUILTIN_THEME])
    colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", page))
    colours |= set(re.findall(r'<text\b[^>]*?\bfill="(#[0-9a-fA-F]{6})"', page))
    assert colours
    assert not {colour for colour in colours
                if contrast(rgb(colour), rgb(DARKEST_BACKGROUND)) < 4.5}
