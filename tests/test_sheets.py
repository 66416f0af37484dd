"""Spreadsheets: a map out to a workbook or CSV and back, hand-made journey grids in English
and Dutch, and hostile workbooks, with exact findings; LibreOffice opens what cjm writes."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from cjm.interchange.items import COLUMNS
from tests.conftest import ROOT, SAMPLES, run_cjm

MAPS = sorted(SAMPLES.glob("*.yaml"))
SHEETS = ROOT / "tests" / "data" / "sheets"


@pytest.mark.parametrize("to", ["xlsx", "csv"])
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_every_sample_comes_back_equal_through_a_spreadsheet(path: Path, to: str,
                                                             tmp_path: Path) -> None:
    sheet, back = tmp_path / f"map.{to}", tmp_path / "back.yaml"
    assert run_cjm("export", str(path), "--to", to, "-o", str(sheet)).returncode == 0
    imported = run_cjm("import", str(sheet), "-o", str(back))
    assert (imported.returncode, imported.stderr) == (0, "")
    assert run_cjm("diff", str(path), str(back)).stdout == "No changes.\n"
    assert _facts(back) == _facts(path)  # the outline, comments aside: every fact
    assert run_cjm("fmt", "--check", str(back)).returncode == 0


def _facts(path: Path) -> str:
    """The outline of `cjm show` without the comments (a spreadsheet holds none)."""
    from cjm.core.loader import load
    from cjm.views.outline import outline

    journey = load(path).map
    assert journey is not None
    return outline(journey)


def test_the_workbook_is_the_same_bytes_for_the_same_map(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (first, second):
        run_cjm("export", str(SAMPLES / "sally.yaml"), "--to", "xlsx", "-o", str(out))
    assert first.read_bytes() == second.read_bytes()


def test_the_workbook_has_the_grid_and_the_items(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "sally.xlsx"
    run_cjm("export", str(SAMPLES / "sally.yaml"), "--to", "xlsx", "-o", str(out))
    workbook = load_workbook(out)
    grid, items = workbook.worksheets
    assert (grid.title, items.title) == ("Sally chooses task-management", "Items")
    labels = [row[0].value for row in grid.iter_rows()]
    assert labels[:4] == ["Phase", "Actions", "Touchpoints", "Emotion"]
    assert {"Pain points", "Opportunities"} <= set(labels)
    assert "B1:C1" in {str(merged) for merged in grid.merged_cells.ranges}  # a phase's steps
    emotion = next(row for row in grid.iter_rows() if row[0].value == "Emotion")
    assert all(isinstance(cell.value, int) for cell in emotion[1:])
    assert grid.conditional_formatting  # the colour scale
    assert tuple(cell.value for cell in next(items.iter_rows())) == COLUMNS


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    source = tmp_path / "m.yaml"
    source.write_text("title: T\nphases:\n  - name: A\n    steps:\n"
                      "      - action: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\n"
                      "        pains: [\"@SUM(1)\", \"-2+3\"]\n")
    out = tmp_path / "m.xlsx"
    assert run_cjm("export", str(source), "--to", "xlsx", "-o", str(out)).returncode == 0
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist()
                  if name.startswith("xl/worksheets/")]
    assert all("<f>" not in sheet for sheet in sheets)
    back = tmp_path / "back.yaml"
    assert run_cjm("import", str(out), "-o", str(back)).returncode == 0
    assert run_cjm("diff", str(source), str(back)).stdout == "No changes.\n"
    text = run_cjm("export", str(source), "--to", "csv").stdout
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text


def test_a_hand_made_english_grid_imports_with_a_finding_for_each_odd_row(
        tmp_path: Path) -> None:
    source = SHEETS / "grid-en.xlsx"
    result = run_cjm("import", str(source))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{source}:Checkout!A6: X002 row `Budget` is no lane cjm knows (see cjm export --to "
        "xlsx for the names): left out",
        f"{source}:Checkout!A8: X002 a row with no lane name in its first cell: left out",
        f"{source}:Checkout!F9: X002 a column with text but no step (its cell in the steps "
        "row is empty): left out",
        f"{source}:Checkout!E4: X003 emotion `furious` is no score from 1 to 5 nor a feeling "
        "cjm knows: the step is imported without it"]
    assert result.stdout == """\
# Imported from grid-en.xlsx by cjm import.
title: Checkout
phases:
  - name: Awareness
    steps:
      - action: Sees an ad
        touchpoints: [Instagram]
        emotion: 4
        thoughts:
          - Looks nice
      - action: Reads reviews
        touchpoints: [Review site, Blog]
        emotion: 3
        pains:
          - Too many reviews
  - name: Purchase
    steps:
      - action: Compares prices
        touchpoints: [Website]
        emotion: 3
        pains:
          - Hidden costs
          - Slow site
        opportunities:
          - Show the full price
      - action: Pays
        touchpoints: [Website, App]
"""


def test_a_hand_made_dutch_grid_with_repeated_phases_and_feelings_as_words() -> None:
    source = SHEETS / "grid-nl.xlsx"
    result = run_cjm("import", str(source))
    assert result.stderr == (f"{source}:Kinderwagen!D4: X003 emotion `6` is no score from "
                             "1 to 5 nor a feeling cjm knows: the step is imported without it\n")
    assert "title: Kinderwagen\nphases:\n  - name: Oriëntatie\n    steps:\n" \
           "      - action: Zoekt online\n        touchpoints: [Google]\n        emotion: 3\n" \
           in result.stdout
    assert "      - action: Vraagt een vriendin\n        touchpoints: [WhatsApp]\n" \
           "        emotion: 4\n  - name: Aankoop\n" in result.stdout


def test_a_grid_as_csv_has_row_and_column_findings(tmp_path: Path) -> None:
    source = tmp_path / "miro.csv"
    source.write_text("Phase,Awareness,Purchase\nSteps,Sees an ad,Pays\n"
                      "Feelings,☺,meh\nMood board,x,y\n", encoding="utf-8")
    result = run_cjm("import", str(source))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{source}:4:1: X002 row `Mood board` is no lane cjm knows (see cjm export --to xlsx "
        "for the names): left out",
        f"{source}:3:3: X003 emotion `meh` is no score from 1 to 5 nor a feeling cjm knows: "
        "the step is imported without it"]
    assert "      - action: Sees an ad\n        emotion: 4\n" in result.stdout


@pytest.mark.parametrize(("name", "content", "message"), [
    ("corrupt.xlsx", b"PK\x03\x04 not really a zip", "not an Excel workbook"),
    ("text.xlsx", b"title: a map, not a workbook\n", "not an Excel workbook"),
])
def test_a_file_that_is_no_workbook_is_one_finding(tmp_path: Path, name: str, content: bytes,
                                                   message: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    result = run_cjm("import", str(source), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"{source}:1:1: X001 {message}")
    assert not (tmp_path / "out.yaml").exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    result = run_cjm("import", str(bomb))
    assert result.returncode == 1
    assert "X001 the workbook unpacks to 209,715,200 bytes" in result.stderr


def test_a_formula_gives_its_cached_value_or_a_finding(tmp_path: Path) -> None:
    from openpyxl import Workbook

    source = tmp_path / "formulas.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Journey"
    for row in (["Phase", "A"], ["Actions", "Looks"], ["Emotion", "=2+2"]):
        sheet.append(row)
    workbook.save(source)  # saved by openpyxl: formulas without cached values
    result = run_cjm("import", str(source))
    assert result.returncode == 0
    assert result.stderr == (f"{source}:Journey!B3: X004 a formula with no cached value (cjm "
                             "never evaluates formulas): left empty\n")
    assert "emotion" not in result.stdout


needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                       reason="LibreOffice is installed by bash scripts/test")


@needs_libreoffice
def test_libreoffice_opens_the_workbook_and_reads_every_action(tmp_path: Path) -> None:
    out = tmp_path / "sally.xlsx"
    run_cjm("export", str(SAMPLES / "sally.yaml"), "--to", "xlsx", "-o", str(out))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "false,false,false,-1", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    grid = tmp_path / "sally-Sally chooses task-management.csv"  # a file per sheet
    rows = list(csv.reader(io.StringIO(grid.read_text(encoding="utf-8"))))
    actions = next(row for row in rows if row and row[0] == "Actions")[1:]
    from cjm.core.loader import load

    journey = load(SAMPLES / "sally.yaml").map
    assert journey is not None
    assert actions == [step.action.value for _, step in journey.steps() if step.action]
    # and the items as LibreOffice writes them are the map still
    items, back = tmp_path / "sally-Items.csv", tmp_path / "back.yaml"
    assert run_cjm("import", str(items), "-o", str(back)).returncode == 0
    assert run_cjm("diff", str(SAMPLES / "sally.yaml"), str(back)).stdout == "No changes.\n"


# -- slides ---------------------------------------------------------------------------------

def test_the_deck_has_a_title_the_timeline_and_a_table_per_phase(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Emu

    from cjm.core.loader import load

    out = tmp_path / "sally.pptx"
    assert run_cjm("export", str(SAMPLES / "sally.yaml"), "--to", "pptx", "-o", str(out)
                   ).returncode == 0
    deck = Presentation(str(out))
    assert round(Emu(deck.slide_width).inches / Emu(deck.slide_height).inches, 2) == 1.78
    journey = load(SAMPLES / "sally.yaml").map
    assert journey is not None
    slides = list(deck.slides)
    assert len(slides) == 2 + len(journey.phases)  # no phase has more than five steps
    title = slides[0].shapes.title.text
    assert title == "Sally chooses task-management software"
    assert "Sally, Team lead at a growing marketing agency" in slides[0].placeholders[1].text
    assert [shape.shape_type for shape in slides[1].shapes][-1] == 13  # a picture
    for phase, slide in zip(journey.phases, slides[2:], strict=True):
        assert slide.shapes.title.text == phase.name.value
        table = next(shape.table for shape in slide.shapes if shape.has_table)
        assert [cell.text for cell in table.rows[0].cells][1:] == [
            step.action.value for step in phase.steps]
        notes = slide.notes_slide.notes_text_frame.text
        assert all(thought.value in notes for step in phase.steps
                   for thought in step.thoughts)
    second = tmp_path / "again.pptx"
    run_cjm("export", str(SAMPLES / "sally.yaml"), "--to", "pptx", "-o", str(second))
    assert second.read_bytes() == out.read_bytes()


def test_a_long_phase_goes_on_to_another_slide(tmp_path: Path) -> None:
    from pptx import Presentation

    source = tmp_path / "long.yaml"
    steps = "".join(f"      - {{action: Step {n}, emotion: 3}}\n" for n in range(1, 8))
    source.write_text(f"title: Long\nlang: nl\nphases:\n  - name: Alles\n    steps:\n{steps}")
    out = tmp_path / "long.pptx"
    assert run_cjm("export", str(source), "--to", "pptx", "-o", str(out)).returncode == 0
    titles = [slide.shapes.title.text for slide in Presentation(str(out)).slides]
    assert titles == ["Long", "De reis", "Alles (1 van 2)", "Alles (2 van 2)"]


def test_a_binary_export_needs_a_file() -> None:
    result = run_cjm("export", str(SAMPLES / "sally.yaml"), "--to", "pptx")
    assert (result.returncode, result.stderr) == (
        1, "error: --to pptx writes a binary file: give it with -o FILE.pptx\n")


@needs_libreoffice
def test_libreoffice_impress_opens_the_deck_and_every_action_is_text(tmp_path: Path) -> None:
    from cjm.core.loader import load

    out = tmp_path / "daniela.pptx"
    run_cjm("export", str(SAMPLES / "daniela-kinderwagen.yaml"), "--to", "pptx", "-o", str(out))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "daniela.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    journey = load(SAMPLES / "daniela-kinderwagen.yaml").map
    assert journey is not None
    missing = [step.action.value for _, step in journey.steps()
               if step.action and " ".join(step.action.value.split()) not in flat]
    assert not missing


def test_a_row_of_the_long_table_it_cannot_place_is_a_finding_and_the_rest_imports(
        tmp_path: Path) -> None:
    source = tmp_path / "long.csv"
    source.write_text(",".join(COLUMNS) + "\n,,,title,,T,,,\nA,,,phase,,,,,\nA,,Looks,step,,,,,\n"
                      "A,,Looks,emotion,,,happy,,\n\nA,,Looks,budget,,10k,,,\n"
                      "A,,Looks,pains,,Slow,,,colour: red\n")
    result = run_cjm("import", str(source))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{source}:5:7: X003 `emotion` needs a whole number in `value`, got 'happy': the row "
        "is left out",
        f"{source}:7:4: X002 `budget` is no lane or field of a map: the row is left out",
        f"{source}:8:9: X002 `colour` is no field of a pain point: the row is left out"]
    assert result.stdout.endswith("    steps:\n      - action: Looks\n")
