"""Journey metrics: values, a CSV joined by step id (exact rows and columns for its
problems), thresholds, the funnel in both renderers, and compare."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjm.core import metrics
from cjm.core.loader import load_text
from cjm.views.compare import as_json, as_text, compare
from tests.conftest import ROOT, SAMPLES, run_cjm
from tests.test_render_baseline import SVG
from tests.test_render_pdf import pdf_text, squeezed

DANIELA = SAMPLES / "daniela-kinderwagen.yaml"
DANIELA_CSV = SAMPLES / "daniela-kinderwagen.metrics.csv"
SMALL = """\
title: Checkout
phases:
  - name: Browse
    steps:
      - {id: lands, action: Lands on the shop, emotion: 4, metrics: {reached: 10000}}
      - {id: basket, action: Fills the basket, emotion: 3, metrics: {reached: 4000, csat: 3.2}}
  - name: Pay
    steps:
      - {id: pays, action: Pays, emotion: 2, metrics: {reached: 3000, conversion: 75%},
         opportunities: [Fewer fields]}
"""


@pytest.mark.parametrize(("name", "text", "value"), [
    ("reached", "12000", 12000), ("reached", "12_000", 12000), ("conversion", "31%", 0.31),
    ("conversion", "0.31", 0.31), ("time", "1h 20m", 4800), ("time", "45s", 45),
    ("time", "90", 90), ("nps", "-12", -12), ("visits", "3.5", 3.5), ("label", "abc", None),
])
def test_metric_values_are_read_by_their_kind(name: str, text: str, value: float | None) -> None:
    assert metrics.parse(name, text) == (value, None)


def test_metric_values_are_shown_by_their_kind() -> None:
    assert [metrics.shown(n, t) for n, t in [("reached", "12000"), ("conversion", "0.31"),
                                             ("nps", "12"), ("time", "200"), ("csat", "3.80"),
                                             ("label", " abc ")]] == [
        "12,000", "31%", "+12", "3m 20s", "3.8", "abc"]


def test_the_funnel_and_phase_drop_offs() -> None:
    journey = load_text(SMALL).map
    assert journey is not None
    funnel = metrics.funnel(journey)
    assert funnel is not None
    assert funnel.reached == (10000, 4000, 3000)
    assert funnel.drop_off == (None, 0.6, 0.25)
    assert funnel.biggest == 1
    assert metrics.phase_drop_offs(journey) == [0.7, None]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_problems_are_findings_at_their_row_and_column(tmp_path: Path) -> None:
    data = write(tmp_path, "metrics.csv", "step,reached,conversion\nlands,10000,0.9\n"
                 "baskt,4000,31\npays,n/a,0.5\nlands,100,\npays,3000,0.75,extra\n\n")
    result = run_cjm("lint", str(write(tmp_path, "map.yaml", SMALL)), "--data", str(data))
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line.startswith(str(data))] == [
        f"{data}:3:1: D001 no step `baskt` in {tmp_path / 'map.yaml'}; did you mean `basket`?",
        f"{data}:3:3: D002 step `baskt`: `conversion` is 31, outside 0–100%",
        f"{data}:4:2: D002 step `pays`: `reached` must be a whole number, got `n/a`",
        f"{data}:4:3: D005 `conversion` 0.5 replaces 75% written in the map at line 9",
        f"{data}:5:1: D003 step `lands` is already in row 2",
        f"{data}:6:4: D004 the row has 4 cells, the header 3",
    ]


def test_long_form_with_semicolons_and_decimal_commas_and_the_csv_wins(tmp_path: Path) -> None:
    data = write(tmp_path, "long.csv", "step;metric;value\nbasket;reached;4200\n"
                 "basket;csat;3,9\npays;time;2m\nbasket;csat;4\n")
    source = write(tmp_path, "map.yaml", SMALL)
    result = run_cjm("lint", str(source), "--data", str(data))
    assert [line for line in result.stdout.splitlines() if line.startswith(str(data))] == [
        f"{data}:2:3: D005 `reached` 4200 replaces 4000 written in the map at line 6",
        f"{data}:3:3: D005 `csat` 3.9 replaces 3.2 written in the map at line 6",
        f"{data}:5:1: D003 `csat` of step `basket` is already in row 3",
    ]
    empty = write(tmp_path, "empty.csv", "")
    nostep = write(tmp_path, "nostep.csv", "id,reached\nlands,3\n")
    for path, message in ((empty, "1:1: D004 the file is empty"),
                          (nostep, "1:1: D004 no `step` column")):
        out = run_cjm("lint", str(source), "--data", str(path)).stdout
        assert any(line.startswith(f"{path}:{message}") for line in out.splitlines())


def test_drop_off_threshold_comes_from_the_configuration(tmp_path: Path) -> None:
    source = write(tmp_path, "map.yaml", SMALL)
    warned = "J025 step `basket` loses 60% of the customers of the step before (10,000 → 4,000)"
    assert warned in run_cjm("lint", str(source)).stdout
    write(tmp_path, ".cjm.toml", "max-drop-off = 0.65\n")
    assert "J025" not in run_cjm("lint", str(source)).stdout
    write(tmp_path, ".cjm.toml", "max-drop-off = 40\n")
    bad = run_cjm("lint", str(source))
    assert bad.returncode == 2 and "`max-drop-off` in the top level must be a share" in bad.stderr


def test_render_and_lint_refuse_data_for_several_maps(tmp_path: Path) -> None:
    for command in (["lint"], ["render", "--out-dir", str(tmp_path)]):
        result = run_cjm(*command, "samples", "--data", str(DANIELA_CSV))
        assert result.returncode == 2 and "belongs to one map" in result.stderr


def test_the_svg_funnel_has_a_bar_per_measured_step(tmp_path: Path) -> None:
    out = tmp_path / "daniela.svg"
    result = run_cjm("render", str(DANIELA), "--data", str(DANIELA_CSV), "-o", str(out))
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()
    bars = [a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter(f"{SVG}a")
            if (a.get("{http://www.w3.org/1999/xlink}title") or "").count(":") == 1
            and "," in (a.get("{http://www.w3.org/1999/xlink}title") or "")]
    assert bars == ["2: 48,000", "3: 21,000", "4: 6,500", "5: 3,400", "6: 3,100", "7: 2,950"]
    texts = ["".join(t.itertext()).replace("\xa0", " ") for t in root.iter(f"{SVG}text")]
    assert "−86% (grootste uitval)" in texts
    assert [t for t in texts if t.startswith("−") and t.endswith("%")] == [
        "−56%", "−69%", "−48%", "−9%", "−5%"]
    assert "ORIËNTATIE  ↘ 56%" in texts and "Trechter" in texts
    assert "tijd 4m 30s · conversie 31% ·" in texts


def test_the_pdf_funnel_and_figures(tmp_path: Path) -> None:
    out = tmp_path / "daniela.pdf"
    assert run_cjm("render", str(DANIELA), "--data", str(DANIELA_CSV), "-o",
                   str(out)).returncode == 0
    text = squeezed(pdf_text(out.read_bytes()))
    for shown in ("Trechter", "48,000", "−56%", "−86% (grootste uitval)", "↘ 56%",
                  "conversie 91% · CSAT 3.9", "NPS +34"):
        assert squeezed(shown) in text
    again = tmp_path / "again.pdf"
    run_cjm("render", str(DANIELA), "--data", str(DANIELA_CSV), "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_a_broken_data_file_stops_the_render_with_one_line(tmp_path: Path) -> None:
    data = write(tmp_path, "bad.csv", "step,reached\nlands,many\n")
    out = tmp_path / "x.svg"
    result = run_cjm("render", str(write(tmp_path, "map.yaml", SMALL)), "--data", str(data),
                     "-o", str(out))
    assert (result.returncode, result.stderr) == (
        1, f"error: {data}:2:2: D002 step `lands`: `reached` must be a whole number, got "
           "`many`\n")
    assert not out.exists()


def test_compare_reports_metric_changes(tmp_path: Path) -> None:
    current = load_text(SMALL, "current.yaml").map
    future = load_text(SMALL.replace("reached: 4000, csat: 3.2", "reached: 6500, csat: 4")
                       .replace("conversion: 75%", "conversion: 0.82"), "future.yaml").map
    assert current is not None and future is not None
    comparison = compare(current, future, "current.yaml", "future.yaml")
    assert as_text(comparison).split("Metrics (where both maps measure them):\n")[1] == (
        "  step `lands`: reached 10,000 → 10,000 (+0)\n"
        "  step `basket`: reached 4,000 → 6,500 (+2,500)\n"
        "  step `basket`: csat 3.2 → 4 (+0.8)\n"
        "  step `pays`: reached 3,000 → 3,000 (+0)\n"
        "  step `pays`: conversion 75% → 82% (+7 pp)\n")
    assert '"metric": "conversion"' in as_json(comparison)
    plain = compare(load_text("title: A\nphases: [{name: A, steps: [{action: x}]}]").map,
                    load_text("title: A\nphases: [{name: A, steps: [{action: x}]}]").map,
                    "a", "b")  # type: ignore[arg-type]
    assert "metrics" not in as_json(plain) and "Metrics" not in as_text(plain)


def test_compare_joins_data_to_either_map(tmp_path: Path) -> None:
    source = write(tmp_path, "current.yaml", SMALL)
    future = write(tmp_path, "future.yaml", SMALL)
    data = write(tmp_path, "future.csv", "step,reached\nbasket,5000\n")
    result = run_cjm("compare", str(source), str(future), "--future-data", str(data))
    assert result.returncode == 0
    assert "step `basket`: reached 4,000 → 5,000 (+1,000)" in result.stdout
    assert result.stderr == (f"warning: {data}:2:2: D005 `reached` 5000 replaces 4000 written "
                             "in the map at line 6\n")
    broken = write(tmp_path, "broken.csv", "nothing\n")
    assert run_cjm("compare", str(source), str(future), "--data", str(broken)).returncode == 2


def test_a_ga4_funnel_export_joins_by_id_action_or_number() -> None:
    """GA4's preamble is skipped, `Active users` is `reached`, `Completion rate` is
    `conversion`; a step is found by id, by action (GA4's `1. ` taken off), or by number."""
    from cjm.core.loader import load
    from cjm.interchange.metrics_csv import joined

    funnel = ROOT / "tests" / "data" / "ga4" / "sally-funnel.csv"
    journey, problems = joined(load(SAMPLES / "sally.yaml").map, funnel)
    assert journey is not None
    assert [(p.code, p.pos, p.message) for p in problems] == [
        ("D001", (12, 1), f"no step `9. Tells a friend` in {SAMPLES / 'sally.yaml'}")]
    measured = {step.id.value: {m.name.value: m.text.value for m in step.metrics}
                for _, step in journey.steps() if step.id and step.metrics}
    assert measured == {
        "sees-social-ad": {"reached": "12000", "conversion": "0.35"},
        "reads-reviews": {"reached": "4200", "conversion": "0.5"},
        "decides-to-try": {"reached": "2100", "conversion": "0.6"},
        "signs-up-trial": {"reached": "1260", "conversion": "0.3"}}


def test_the_metrics_beside_a_map_are_joined_without_data_and_said(tmp_path: Path) -> None:
    """NAME.metrics.csv beside NAME.yaml: lint, render and site join it, with a note."""
    import shutil

    for name in ("daniela-kinderwagen.yaml", "daniela-kinderwagen.metrics.csv"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    path = tmp_path / "daniela-kinderwagen.yaml"
    note = (f"note: {path}: joined the metrics in {tmp_path / 'daniela-kinderwagen.metrics.csv'}"
            " (beside the map; --data names another file)\n")
    lint = run_cjm("lint", str(path))
    assert (lint.stdout, lint.stderr) == ("No problems found (2 files checked).\n", note)
    render = run_cjm("render", str(path), "-o", str(tmp_path / "d.svg"))
    assert render.stderr == note
    svg = (tmp_path / "d.svg").read_text(encoding="utf-8")
    assert "48,000" in svg  # the funnel lane, from the file
    (tmp_path / "daniela-kinderwagen.metrics.csv").write_text("step,reached\nnope,1\n")
    broken = run_cjm("lint", str(path))
    assert "D001 no step `nope`" in broken.stdout
    site = tmp_path / "site"
    run_cjm("site", str(path), "-o", str(site), "--no-pdf")
    assert "D001" in (site / "maps" / "daniela-kinderwagen.html").read_text(encoding="utf-8")
