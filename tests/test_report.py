"""`cjm report`: each section against exact expected content, every format, a real browser
for the HTML, and the same report whether read in parallel or not."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cjm.views.report import pain_key
from tests.conftest import ROOT, SAMPLES, run_cjm

CHECKOUT = """\
title: Checkout on the web
framework: five-phase
persona: {name: Noor}
phases:
  - name: Awareness
    steps:
      - {id: sees-ad, action: Sees an ad, touchpoints: [Online ads], emotion: 4}
  - name: Purchase
    steps:
      - id: pays
        action: Pays
        touchpoints: [E-mail, web shop]
        emotion: 1
        pains: [Shipping costs shown too late!]
        opportunities:
          - {text: Show shipping costs on the product page, owner: Webshop, priority: high}
          - {text: Offer PayPal, owner: Finance, priority: low}
"""
WINKEL = """\
title: Afrekenen in de winkel
lang: nl
persona: {name: Bram}
phases:
  - name: Bewustzijn
    steps:
      - {id: ziet-folder, action: Ziet de folder, touchpoints: [Folder], emotion: 3}
  - name: Aankoop
    steps:
      - id: rekent-af
        action: Rekent af
        touchpoints: [email, Webshop]
        emotion: 2
        pains: ["shipping costs: shown too late"]
        opportunities:
          - {text: "<b>Bigger</b> buttons", owner: webshop, priority: medium}
          - Train the staff
"""
BROKEN = "title: Broken\nphases: [\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "checkout.yaml").write_text(CHECKOUT, encoding="utf-8")
    (maps / "winkel.yaml").write_text(WINKEL, encoding="utf-8")
    (maps / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return maps


def report_json(folder: Path, *options: str) -> dict:
    result = run_cjm("report", str(folder), "--format", "json", *options, cwd=folder)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_section_holds_exactly_what_the_maps_say(folder: Path) -> None:
    data = report_json(folder)
    broken = str(folder / "broken.yaml")
    assert (data["maps"], data["unreadable"]) == (3, 1)
    assert data["phases"] == [{"key": "awareness", "name": "Awareness"},
                              {"key": "purchase", "name": "Purchase"}]
    assert data["summary"] == [
        {"map": broken, "title": "", "persona": "", "state": "", "framework": "", "steps": 0,
         "errors": 1, "warnings": 0,
         "problem": f"{broken}:3:1: Y001 did not find expected node content (while parsing "
                    "a flow node)"},
        {"map": str(folder / "checkout.yaml"), "title": "Checkout on the web",
         "persona": "Noor", "state": "", "framework": "five-phase", "steps": 2,
         "errors": 3, "warnings": 0, "problem": ""},  # J007: three phases missing
        {"map": str(folder / "winkel.yaml"), "title": "Afrekenen in de winkel",
         "persona": "Bram", "state": "", "framework": "", "steps": 2, "errors": 0,
         "warnings": 0, "problem": ""},
    ]
    assert data["coverage"] == [
        {"touchpoint": "E-mail", "maps": 2, "steps": 2,
         "phases": {"purchase": {"maps": 2, "steps": 2}}},
        {"touchpoint": "Webshop", "maps": 2, "steps": 2,
         "phases": {"purchase": {"maps": 2, "steps": 2}}},
        {"touchpoint": "Folder", "maps": 1, "steps": 1,
         "phases": {"awareness": {"maps": 1, "steps": 1}}},
        {"touchpoint": "Online ads", "maps": 1, "steps": 1,
         "phases": {"awareness": {"maps": 1, "steps": 1}}},
    ]
    assert data["pains"] == [{"pain": "Shipping costs shown too late!", "maps": 2, "where": [
        {"map": str(folder / "checkout.yaml"), "step": "pays"},
        {"map": str(folder / "winkel.yaml"), "step": "rekent-af"}]}]
    assert [(o["priority"], o["opportunity"], o["owner"], o["phase"], o["step"])
            for o in data["opportunities"]] == [
        ("high", "Show shipping costs on the product page", "Webshop", "Purchase", "pays"),
        ("medium", "<b>Bigger</b> buttons", "webshop", "Purchase", "rekent-af"),
        ("low", "Offer PayPal", "Finance", "Purchase", "pays"),
        ("", "Train the staff", "", "Purchase", "rekent-af")]
    assert data["emotion"] == [
        {"phase": "Awareness", "mean": 3.5, "min": 3, "scores": 2, "maps": 2,
         "lowest": {"map": str(folder / "winkel.yaml"), "step": "ziet-folder",
                    "persona": "Bram"}},
        {"phase": "Purchase", "mean": 1.5, "min": 1, "scores": 2, "maps": 2,
         "lowest": {"map": str(folder / "checkout.yaml"), "step": "pays", "persona": "Noor"}},
    ]
    assert data["low-moments"] == [
        {"map": str(folder / "checkout.yaml"), "phase": "Purchase", "step": "pays",
         "persona": "Noor", "emotion": 1},
        {"map": str(folder / "winkel.yaml"), "phase": "Purchase", "step": "rekent-af",
         "persona": "Bram", "emotion": 2}]


def test_owner_filter_and_sections(folder: Path) -> None:
    data = report_json(folder, "--owner", "WEBSHOP", "--section", "opportunities")
    assert set(data) == {"version", "maps", "unreadable", "phases", "opportunities"}
    assert [o["opportunity"] for o in data["opportunities"]] == [
        "Show shipping costs on the product page", "<b>Bigger</b> buttons"]
    bad = run_cjm("report", str(folder), "--section", "nope")
    assert bad.returncode == 2 and "unknown section `nope`" in bad.stderr


def test_pains_match_loosely() -> None:
    assert pain_key("Shipping costs shown too late!") == pain_key("shipping cost: shown too late")
    assert pain_key("De levertijd is te lang") == pain_key("levertijd te lang")
    assert pain_key("Price hidden") != pain_key("Price shown")


def test_text_markdown_and_csv(folder: Path) -> None:
    text = run_cjm("report", str(folder), "--section", "emotion", cwd=folder).stdout
    assert text == (
        "cjm report: 3 maps, 1 of them could not be read\n\n"
        "Emotion by phase: 2\n"
        "  phase      mean  min  scores  maps  lowest step\n"
        f"  Awareness  3.5   3    2       2     {folder / 'winkel.yaml'} (ziet-folder, Bram)\n"
        f"  Purchase   1.5   1    2       2     {folder / 'checkout.yaml'} (pays, Noor)\n")
    markdown = run_cjm("report", str(folder), "-f", "markdown", "-s", "opportunities").stdout
    assert "| medium | \\&lt;b\\&gt;Bigger\\&lt;/b\\&gt; buttons |" not in markdown
    assert "| medium | &lt;b&gt;Bigger&lt;/b&gt; buttons | webshop |" in markdown
    out = folder.parent / "report.csv"
    assert run_cjm("report", str(folder), "-f", "csv", "-o", str(out)).returncode == 0
    data = out.read_text(encoding="utf-8")
    assert data.startswith("\ufeffMaps\nmap,title,persona,")
    rows = list(csv.reader(io.StringIO(data)))
    start = rows.index(["Opportunities, by priority"])
    assert rows[start + 1] == ["priority", "opportunity", "owner", "map", "phase", "step"]
    assert rows[start + 2][:3] == ["high", "Show shipping costs on the product page", "Webshop"]
    single = run_cjm("report", str(folder), "-f", "csv", "-s", "low-moments").stdout
    assert single.splitlines()[0] == "\ufeffmap,phase,step,persona,emotion"


def test_the_markdown_of_many_maps_fits_a_pull_request_comment(tmp_path: Path) -> None:
    for number in range(150):
        (tmp_path / f"m{number:03d}.yaml").write_text(
            CHECKOUT.replace("Checkout on the web", f"Checkout {number}")
            .replace("Offer PayPal", f"Offer payment method {number}"), encoding="utf-8")
    markdown = run_cjm("report", str(tmp_path), "-f", "markdown").stdout
    assert len(markdown) <= 60_000
    assert "more (`cjm report --format json` has them all)" in markdown


def test_the_same_report_in_parallel_and_twice(tmp_path: Path) -> None:
    for number in range(20):
        (tmp_path / f"m{number:02d}.yaml").write_text(
            (CHECKOUT if number % 2 else WINKEL).replace("title: ", f"title: {number} "),
            encoding="utf-8")
    one = run_cjm("report", str(tmp_path), "-f", "json", "--jobs", "1").stdout
    assert run_cjm("report", str(tmp_path), "-f", "json").stdout == one
    assert run_cjm("report", str(tmp_path), "-f", "json", "--jobs", "2").stdout == one


def test_the_samples_report_aligns_phases_across_frameworks_and_languages() -> None:
    data = json.loads(run_cjm("report", str(SAMPLES), "-f", "json", "-s", "emotion").stdout)
    names = [row["phase"] for row in data["emotion"]]
    assert names[0] == "Awareness" and "Consideration" in names and "Loyalty" in names
    assert len(names) == len(set(names))


NODE_MODULES = ROOT / ".cache" / "mermaid" / "node_modules"
needs_browser = pytest.mark.skipif(
    not (NODE_MODULES / "puppeteer").is_dir() or not shutil.which("node"),
    reason="puppeteer and Chromium are installed by bash scripts/test")


def open_in_browser(page: Path, screenshot: Path | None = None) -> dict:
    """The page opened in headless Chromium: console, errors, requests, title, DOM."""
    env = {**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES)}
    command = ["node", str(ROOT / "tests" / "browser.mjs"), page.resolve().as_uri()]
    result = subprocess.run(command + ([str(screenshot)] if screenshot else []), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@needs_browser
def test_the_html_report_opens_in_a_browser_without_errors(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert run_cjm("report", str(folder), "-f", "html", "-o", str(page)).returncode == 0
    seen = open_in_browser(page, tmp_path / "report.png")
    assert (seen["console"], seen["errors"], seen["requests"]) == ([], [], [])
    assert seen["title"] == "Journey map report: 3 maps, 1 of them could not be read"
    dom = seen["dom"]
    assert dom.count('<td class="cell"') == 4 * 2  # four touchpoints, two phases
    assert "&lt;b&gt;Bigger&lt;/b&gt; buttons" in dom and "<b>Bigger</b>" not in dom
    for section in ("summary", "coverage", "pains", "opportunities", "emotion", "low-moments"):
        assert f'<section id="{section}">' in dom
    assert (tmp_path / "report.png").stat().st_size > 10_000
