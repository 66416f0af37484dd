"""The poster at scale: bands flow onto full pages, and big posters print in parts that
give the very pages one flowing print gives."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from cjm.core.loader import load
from cjm.interchange.metrics_csv import with_data
from cjm.render import RenderOptions, render_bytes
from cjm.render.bigpdf import print_big
from cjm.render.impose import Band, Fragment, Frame, paginate
from cjm.render.jinja import BUILTIN_THEME
from cjm.render.pdf import PARTS_FROM
from cjm.render.poster import Paper, build
from cjm.render.poster_html import poster_html
from cjm.render.weasy import layout, write
from tests.conftest import SAMPLES, run_on_terminal

FRAME = Frame(width=595.0, height=842.0, top=40.0, bottom=808.0)


def band(part: int, page: int, height: float, gap: float = 14.0, top: float = 40.0) -> Band:
    return Band((Fragment(part, page, top, top + height),), gap)


def test_bands_stack_below_the_cover_while_they_fit() -> None:
    bands = [band(1, 0, 300.0, gap=0.0), band(1, 1, 300.0), band(1, 2, 300.0),
             band(1, 3, 300.0)]
    sheets = paginate(1, 200.0, bands, FRAME)
    # cover ends at 200: band 0 at 200–500; band 1 would end at 814 > 808: next page
    assert [[(d.part, d.page, d.shift) for d in sheet.draws] for sheet in sheets] == [
        [(0, 0, 0.0), (1, 0, 160.0)],
        [(1, 1, 0.0), (1, 2, 314.0)],
        [(1, 3, 0.0)],
    ]


def test_a_band_that_ends_exactly_at_the_bottom_edge_fits() -> None:
    sheets = paginate(1, 40.0, [band(1, 0, 377.0, gap=0.0), band(1, 1, 377.0)], FRAME)
    assert len(sheets) == 1  # 40 + 377 + 14 + 377 = 808


def test_a_band_taller_than_a_page_starts_a_page_and_keeps_its_pieces() -> None:
    tall = Band((Fragment(1, 1, 40.0, 808.0), Fragment(1, 2, 40.0, 300.0)), 14.0)
    sheets = paginate(1, 100.0, [band(1, 0, 100.0, gap=0.0), tall, band(1, 3, 100.0)], FRAME)
    assert [[(d.page, d.shift) for d in sheet.draws] for sheet in sheets] == [
        [(0, 0.0), (0, 60.0)], [(1, 0.0)], [(2, 0.0), (3, 274.0)]]


def generated_map(steps: int, tall_step: int | None = None) -> str:
    """A map of `steps` steps over phases of seven, its texts of varied length (so bands
    differ in height); `tall_step` gets so many pain points that its band outgrows a page."""
    lines = ["title: A long journey", "persona: {name: Sam, role: Buyer}", "phases:"]
    for number in range(1, steps + 1):
        if number % 7 == 1:
            lines += [f"  - name: Phase {number // 7 + 1}", "    steps:"]
        words = " ".join(["and then some more"] * (number % 4))
        lines += [f"      - action: Step {number} {words}",
                  f"        touchpoints: [website, email{', shop' * (number % 3 == 0)}]",
                  f"        emotion: {number % 5 + 1}",
                  f"        thoughts: Thought {number}"]
        pains = 70 if number == tall_step else number % 3
        if pains:
            lines.append("        pains:")
            lines += [f"          - Pain {number}.{p} of the step" for p in range(pains)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def medium(tmp_path_factory) -> Path:
    """30 steps: ten bands of three on A4 portrait, enough to be printed in parts."""
    path = tmp_path_factory.mktemp("scale") / "medium.yaml"
    path.write_text(generated_map(30, tall_step=14), encoding="utf-8")
    return path


#: DejaVu Sans's line box (ascender + descender) in ems: poppler's word boxes are this tall.
DEJAVU_BOX = 0.928 + 0.236
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")


def words_placed(data: bytes, tmp_path: Path) -> list[list[tuple[str, float, float, float]]]:
    """Each page's words with where a viewer (poppler) places them and their height, in pt
    to 0.1, sorted."""
    pdf, boxes = tmp_path / "read.pdf", tmp_path / "boxes.html"
    pdf.write_bytes(data)
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(boxes)], check=True)
    pages = boxes.read_text(encoding="utf-8").split("<page ")[1:]
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" '
                      r'yMax="([\d.]+)">([^<]*)</word>')
    return [sorted((html.unescape(text), round(float(x), 1), round(float(top), 1),
                    round(float(bottom) - float(top), 2))
                   for x, top, bottom, text in word.findall(page)) for page in pages]


@needs_poppler
def test_parts_give_the_pages_of_one_flowing_print(medium: Path, tmp_path: Path) -> None:
    journey = load(medium).map
    poster = build(journey, Paper("A4", "portrait"))
    assert len(poster.pages) == PARTS_FROM
    roots = [BUILTIN_THEME]
    reports: list[tuple[int, int]] = []
    parts = print_big(poster, roots, lambda done, total: reports.append((done, total)))
    flowing = write(layout(poster_html(poster, roots), roots))
    placed, expected = words_placed(parts, tmp_path), words_placed(flowing, tmp_path)
    assert len(placed) == len(expected) >= 5  # the tall band spans two pages
    for number, (page, want) in enumerate(zip(placed, expected, strict=True), start=1):
        assert page == want, f"page {number} differs"
    assert "14.69" in {word for page in placed for word, *_ in page}  # the tall band's end
    first, last = (PdfReader(io.BytesIO(data)) for data in (parts, flowing))
    assert _outline(first) == _outline(last) and first.metadata == last.metadata
    assert reports[-1] == (reports[-1][1], reports[-1][1]) and len(reports) == reports[-1][1]
    assert parts == print_big(poster, roots)  # byte-identical every time


def _outline(reader: PdfReader) -> list[tuple[int, str, int, float]]:
    found = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item),
                              round(float(item.top), 1)))

    walk(reader.outline, 0)
    return found


def test_a_theme_whose_bands_cannot_be_found_is_printed_whole(medium: Path, tmp_path: Path
                                                              ) -> None:
    grid = (BUILTIN_THEME / "grid.html.j2").read_text(encoding="utf-8")
    (tmp_path / "grid.html.j2").write_text(grid.replace('class="map-page"', 'class="band"'),
                                           encoding="utf-8")
    journey = load(medium).map
    poster = build(journey, Paper("A4", "portrait"))
    assert print_big(poster, [tmp_path, BUILTIN_THEME]) is None
    options = RenderOptions("pdf", paper="A4", orientation="portrait", theme=tmp_path)
    reader = PdfReader(io.BytesIO(render_bytes(journey, "pdf", options)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert all(re.search(rf"\bStep {n}\b", text) for n in range(1, 31))


def test_a_terminal_shows_a_bar_while_a_big_poster_prints(medium: Path, tmp_path: Path
                                                          ) -> None:
    output = run_on_terminal(["render", str(medium), "-o", str(tmp_path / "m.pdf"),
                              "--paper", "A4", "--orientation", "portrait"])
    assert "Printing medium.yaml" in output and "100%" in output
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF-")


@needs_poppler
@pytest.mark.parametrize("data", [None, SAMPLES / "daniela-kinderwagen.metrics.csv"])
def test_daniela_fits_two_a4_portrait_pages_with_no_text_under_7pt(data: Path | None,
                                                                    tmp_path: Path) -> None:
    journey = load(SAMPLES / "daniela-kinderwagen.yaml").map
    if data:  # its funnel lane and figures make every band taller
        journey, _ = with_data(journey, data)
    options = RenderOptions("pdf", paper="A4", orientation="portrait")
    pages = words_placed(render_bytes(journey, "pdf", options), tmp_path)
    assert len(pages) == 2
    smallest = min(height for page in pages for *_, height in page) / DEJAVU_BOX
    assert smallest >= 6.99, smallest


def big_map_text(steps: int = 2000) -> str:
    """Like the benchmark's 2000-step map: nine-step phases, an action, two touchpoints, a
    score, a thought and an owned opportunity on every step."""
    actions = ["Reads the pricing page", "Compares feature lists", "Asks a colleague",
               "Starts a free trial", "Contacts support", "Invites the team"]
    lines = ["title: Generated journey", "persona: {name: Sally, role: Team lead}",
             "phases:"]
    for number in range(1, steps + 1):
        if number % 40 == 1:
            lines += [f"  - name: Phase {number // 40 + 1}", "    steps:"]
        lines += [f"      - action: {actions[(number - 1) % 6]} (step {number})",
                  "        touchpoints: [website, email]",
                  f"        emotion: {number % 5 + 1}",
                  f'        thoughts: "Is step {number} worth my time?"',
                  "        opportunities:",
                  f"          - {{text: Shorten step {number}, owner: team-{number % 4}, "
                  f"priority: {('low', 'medium', 'high')[number % 3]}}}"]
    return "\n".join(lines) + "\n"


def test_the_2000_step_map_fills_at_most_90_a3_pages(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(big_map_text(), encoding="utf-8")
    journey = load(path).map
    reader = PdfReader(io.BytesIO(render_bytes(journey, "pdf", RenderOptions("pdf"))))
    assert len(reader.pages) <= 90
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    positions = [text.find(f"{n} {step.action.value}")
                 for n, (_, step) in enumerate(journey.steps(), start=1)]
    assert -1 not in positions and positions == sorted(positions)  # all there, in order
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "PHASE 50 (continued)" in last and "Shorten step 2000" in last
