"""A future map's render draws its baseline's curve behind its own, in SVG and PDF alike."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from cjm.render.series import BASELINE_COLOUR
from tests.conftest import SAMPLES, run_cjm
from tests.test_render_pdf import pdf_text

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
FUTURE = SAMPLES / "sally-future.yaml"
#: sally-future's steps against sally's: the baseline score per future step (None: new step).
BEFORE = [2, 3, 4, 3, 3, 4, 4, None, None, 5, 5]
AFTER = [2, 4, 5, 4, 4, 4, 5, 4, 5, 5, 5]


def render_svg(tmp_path: Path, *options: str) -> ET.Element:
    out = tmp_path / "future.svg"
    result = run_cjm("render", str(FUTURE), "-o", str(out), *options)
    assert result.returncode == 0, result.stderr
    return ET.parse(out).getroot()


def tooltips(root: ET.Element) -> list[str]:
    return [a.get(f"{XLINK}title") or "" for a in root.iter(f"{SVG}a")]


def test_svg_draws_the_baseline_points_dashed_behind_and_the_change_per_step(
        tmp_path: Path) -> None:
    root = render_svg(tmp_path)
    baseline_points = [t for t in tooltips(root) if t.endswith("(baseline: sally.yaml)")]
    expected = [f"{number}: {score} (baseline: sally.yaml)"
                for number, score in enumerate(BEFORE, start=1) if score is not None]
    assert baseline_points == expected
    edges = [g.find(f"{SVG}path") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    grey = [edge for edge in edges if edge.get("stroke") == BASELINE_COLOUR]
    assert grey and all(edge.get("stroke-dasharray") for edge in grey)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    deltas = [t for t in texts if t in ("±0",) or t[:1] in "+−" and t[1:].isdigit()]
    assert deltas == ["±0" if a == b else f"{a - b:+d}".replace("-", "−")
                      for a, b in zip(AFTER, BEFORE, strict=True) if b is not None]
    legend = " ".join(texts)
    assert "baseline: sally.yaml" in legend and "change from the baseline" in legend


def test_no_baseline_renders_as_a_map_without_one(tmp_path: Path) -> None:
    without = tmp_path / "sally-future.yaml"
    text = FUTURE.read_text(encoding="utf-8")
    without.write_text("\n".join(line for line in text.splitlines()
                                 if not line.startswith("baseline:")) + "\n", encoding="utf-8")
    plain = tmp_path / "plain.svg"
    assert run_cjm("render", str(without), "-o", str(plain)).returncode == 0
    turned_off = tmp_path / "off.svg"
    assert run_cjm("render", str(FUTURE), "--no-baseline", "-o", str(turned_off)).returncode == 0
    assert turned_off.read_bytes() == plain.read_bytes()
    assert "baseline" not in turned_off.read_text()


def test_pdf_has_the_baseline_legend_and_changes(tmp_path: Path) -> None:
    out = tmp_path / "future.pdf"
    assert run_cjm("render", str(FUTURE), "-o", str(out)).returncode == 0
    text = pdf_text(out.read_bytes())
    assert "baseline: sally.yaml" in text
    assert "change from the baseline" in text
    assert text.count("+1") >= 6
    again = tmp_path / "again.pdf"
    assert run_cjm("render", str(FUTURE), "-o", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_a_missing_baseline_is_one_line_and_no_output(tmp_path: Path) -> None:
    future = tmp_path / "future.yaml"
    future.write_text("title: F\nbaseline: gone.yaml\nphases:\n  - name: A\n    steps:\n"
                      "      - {action: Signs up, emotion: 4}\n")
    for suffix in ("svg", "pdf"):
        out = tmp_path / f"future.{suffix}"
        result = run_cjm("render", str(future), "-o", str(out))
        assert result.returncode == 1
        assert result.stderr == (f"error: {future}:2:11: baseline `gone.yaml` does not exist (the "
                                 "path is relative to this map's folder) (render with "
                                 "--no-baseline to leave it out)\n")
        assert not out.exists()
        assert run_cjm("render", str(future), "--no-baseline", "-o", str(out)).returncode == 0
