"""The configured low-moment threshold reaches every render: highlight and legend."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from cjm.render.labels import EMOTION_COLOURS
from tests.conftest import rendered, run_cjm

SVG = "{http://www.w3.org/2000/svg}"
MAP = """\
title: Threshold
persona: {name: Sally}
phases:
  - name: Purchase
    steps:
      - action: Compares prices
        emotion: 3
        opportunities: [A price guarantee]
      - action: Pays
        emotion: 4
"""


@pytest.fixture(params=[None, 3], ids=["default", "low-moment-3"])
def configured(request, tmp_path: Path) -> tuple[Path, int]:
    """A map whose first step scores 3, with `low-moment = 3` in its configuration or none."""
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    if request.param is not None:
        (tmp_path / ".cjm.toml").write_text(f"low-moment = {request.param}\n")
    return tmp_path / "map.yaml", request.param or 2



def test_the_svg_frames_and_explains_the_configured_low_moment(configured) -> None:
    path, low = configured
    svg = ET.fromstring(rendered(path, ".svg"))
    card = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "step-1")
    strokes = {shape.get("stroke") for shape in card.iter() if shape.get("stroke")}
    assert (EMOTION_COLOURS[3] in strokes) is (low == 3)
    texts = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert f"low moment (emotion ≤ {low})" in texts


def test_the_pdf_legend_says_the_configured_threshold(configured) -> None:
    path, low = configured
    reader = PdfReader(io.BytesIO(rendered(path, ".pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"low moment (emotion ≤ {low})" in text


def test_the_html_page_marks_and_explains_the_configured_low_moment(configured) -> None:
    path, low = configured
    page = rendered(path, ".html").decode("utf-8")
    grid = page[page.index('<tr class="lane lane-actions">'):]
    first_cell = grid[grid.index("<td"):grid.index(">", grid.index("<td"))]
    assert ('class="low"' in first_cell) is (low == 3)
    assert f"low moment (emotion ≤ {low})" in page


def test_lint_compare_and_report_agree_with_the_renders(configured) -> None:
    path, low = configured
    lint = run_cjm("lint", str(path)).stdout
    assert ("J014" in lint) is False  # the low step has an opportunity either way
    report = run_cjm("report", str(path), "-s", "low-moments").stdout
    assert ("Compares prices" in report) is (low == 3)
