"""`--theme` reaches every HTML cjm writes, through its one Jinja environment."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLES, run_cjm


def theme(tmp_path: Path) -> Path:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "page.html.j2").write_text("THEMED PAGE {{ title }}\n")
    (folder / "site-index.html.j2").write_text(
        "THEMED INDEX {% for e in entries %}{{ e.title }};{% endfor %}\n")
    (folder / "report.html.j2").write_text("THEMED REPORT {{ headline }}\n")
    return folder


def test_the_html_page_the_site_and_the_report_use_the_theme(tmp_path: Path) -> None:
    folder = theme(tmp_path)
    page = tmp_path / "sally.html"
    assert run_cjm("render", str(SAMPLES / "sally.yaml"), "-o", str(page), "--theme",
                   str(folder)).returncode == 0
    assert page.read_text() == "THEMED PAGE Sally chooses task-management software\n"

    site = tmp_path / "site"
    result = run_cjm("site", str(SAMPLES / "sally.yaml"), "-o", str(site), "--no-pdf",
                     "--theme", str(folder))
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").read_text() == (
        "THEMED INDEX Sally chooses task-management software;\n")
    assert (site / "maps" / "sally.html").read_text().startswith("THEMED PAGE Sally")

    report = run_cjm("report", str(SAMPLES / "sally.yaml"), "-f", "html", "--theme",
                     str(folder))
    assert report.returncode == 0 and report.stdout.startswith("THEMED REPORT ")


def test_a_changed_theme_rebuilds_the_site(tmp_path: Path) -> None:
    folder = theme(tmp_path)
    site = tmp_path / "site"
    args = ("site", str(SAMPLES / "sally.yaml"), "-o", str(site), "--no-pdf", "--theme",
            str(folder))
    assert "1 rendered" in run_cjm(*args).stdout
    assert "0 rendered, 1 unchanged" in run_cjm(*args).stdout
    (folder / "page.html.j2").write_text("NEW LOOK {{ title }}\n")
    assert "1 rendered" in run_cjm(*args).stdout
    assert (site / "maps" / "sally.html").read_text().startswith("NEW LOOK")


def test_without_a_theme_the_built_in_one_is_used(tmp_path: Path) -> None:
    report = run_cjm("report", str(SAMPLES / "sally.yaml"), "-f", "html")
    assert report.stdout.startswith("<!DOCTYPE html>")
