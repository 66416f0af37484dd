"""From insight to action: the scored backlog and its matrix, evidence, moments of truth,
footnotes with sources, and links that stay inert when they are hostile."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import rendered, run_cjm

SVG = "{http://www.w3.org/2000/svg}"

CHECKOUT = """\
title: Checkout journey
lang: {lang}
persona: {{name: Sally}}
phases:
  - name: Purchase
    steps:
      - id: pays
        action: Pays for the order
        critical: true
        emotion: 2
        touchpoints: [web]
        pains:
          - {{text: Slow checkout, insights: [slow-seen]}}
        insights:
          - {{id: slow-seen, text: Users wait 9 s on the payment page, kind: observed,
             source: "https://research.example.org/study-12", n: 12, date: 2026-05}}
          - {{text: They would pay more for speed, kind: assumed,
             source: "javascript:alert(1)"}}
        opportunities:
          - {{id: fast-pay, text: Faster checkout, status: doing, value: 4, effort: 2,
             confidence: high, link: "https://tracker.example.com/CX-1"}}
          - {{text: Offer PayPal, value: 3, effort: 1, owner: Web}}
          - {{text: Rebuild the shop, value: 5, effort: 5, confidence: low,
             link: "javascript:alert(2)"}}
          - {{text: New logo, value: 1, effort: 4, status: dropped}}
      - id: waits
        action: Waits for the parcel
        emotion: 1
        touchpoints: [email]
        opportunities:
          - {{text: Send a tracking link, value: 4, effort: 2, confidence: high}}
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    path = tmp_path / "checkout.yaml"
    path.write_text(CHECKOUT.format(lang="en"), encoding="utf-8")
    return path


def test_lint_finds_the_hostile_links_and_nothing_else(checkout: Path) -> None:
    result = run_cjm("lint", str(checkout), "--format", "json")
    found = [(f["line"], f["column"], f["code"], f["message"])
             for f in json.loads(result.stdout)["findings"]]
    assert found == [  # the quoted values' positions
        (18, 22, "J038", "`source` must be a citation or an http(s) URL, got a `javascript:` link"),
        (24, 20, "J038", "`link` must be an http(s) URL, got `javascript:alert(2)`")]


def test_the_backlog_is_scored_and_sorted_in_every_format(checkout: Path) -> None:
    report = json.loads(run_cjm("report", str(checkout), "-f", "json", "-s",
                                "opportunities").stdout)
    ranked = [(r["opportunity"], r["score"], r["status"]) for r in report["opportunities"]]
    assert ranked == [("Offer PayPal", 2.4, "open"), ("Faster checkout", 2.0, "doing"),
                      ("Send a tracking link", 2.0, "open"), ("Rebuild the shop", 0.5, "open"),
                      ("New logo", 0.2, "dropped")]
    assert report["opportunities"][1]["steps"] == [
        {"map": str(checkout), "phase": "Purchase", "step": "pays"}]
    text = run_cjm("report", str(checkout), "-s", "opportunities").stdout
    assert "Opportunity backlog, by score (value × confidence ÷ effort): 5" in text
    markdown = run_cjm("report", str(checkout), "-f", "markdown", "-s", "opportunities").stdout
    assert "| 2.4 | open | Offer PayPal |  | Web |  | 3 | 1 |  | " in markdown
    rows = list(csv.reader(io.StringIO(run_cjm("report", str(checkout), "-f", "csv", "-s",
                                               "opportunities").stdout.lstrip("\ufeff"))))
    assert rows[0][:3] == ["score", "status", "opportunity"]
    assert rows[2][:4] == ["2", "doing", "Faster checkout", "fast-pay"]
    doing = json.loads(run_cjm("report", str(checkout), "-f", "json", "-s", "opportunities",
                               "--status", "doing").stdout)["opportunities"]
    assert [r["id"] for r in doing] == ["fast-pay"]
    web = json.loads(run_cjm("report", str(checkout), "-f", "json", "-s", "opportunities",
                             "--owner", "web").stdout)["opportunities"]
    assert [r["opportunity"] for r in web] == ["Offer PayPal"]
    wrong = run_cjm("report", str(checkout), "--status", "finished")
    assert wrong.returncode == 2 and "--status must be one of" in wrong.stderr


def test_the_matrix_has_a_labelled_point_per_opportunity_and_named_quadrants(
        checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run_cjm("report", str(checkout), "-f", "html", "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    svg = ET.fromstring(re.search(r"<svg[^>]*class=\"matrix\".*?</svg>", page, re.S).group(0))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["Offer PayPal", "fast-pay", "Send a tracking link", "Rebuild the shop",
                      "New logo"]
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "quadrant"] == [
        "Quick wins", "Big bets", "Fill-ins", "Money pits"]
    points = {t.text: (float(c.get("cx")), float(c.get("cy")))
              for g in svg.iter(f"{SVG}g") for t in g.iter(f"{SVG}text")
              for c in g.iter(f"{SVG}circle")}
    assert points["Offer PayPal"][0] < points["fast-pay"][0] < points["Rebuild the shop"][0]
    assert points["Rebuild the shop"][1] < points["Offer PayPal"][1] < points["New logo"][1]
    # two opportunities at value 4, effort 2: one above the other, both readable
    assert points["fast-pay"][0] == points["Send a tracking link"][0]
    assert abs(points["fast-pay"][1] - points["Send a tracking link"][1]) >= 12


def test_the_evidence_section_names_the_low_moments_without_research(checkout: Path) -> None:
    report = json.loads(run_cjm("report", str(checkout), "-f", "json").stdout)
    assert report["evidence"] == [{
        "map": str(checkout), "steps": 2, "steps_backed": 1, "pains": 1, "pains_backed": 1,
        "unbacked_low_moments": [{"phase": "Purchase", "step": "waits", "emotion": 1,
                                  "insights": "none"}]}]
    text = run_cjm("report", str(checkout), "-s", "evidence").stdout
    assert "1 (50%)" in text and "Purchase: waits (1, none)" in text


def test_the_poster_marks_the_moment_of_truth_and_lists_the_insights_as_footnotes(
        checkout: Path) -> None:
    rendered(checkout, ".pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(
        str(checkout.with_suffix(".pdf"))).pages).split())
    assert "★ moment of truth" in text
    assert ("Insights behind the map Users wait 9 s on the payment page (observed, n = 12 "
            "participants, 2026-05) — https://research.example.org/study-12 They would pay "
            "more for speed (assumed)") in text
    assert "1. 2." in text  # the footnotes' numbers (extracted after their text)
    assert "score: 2.4" in text and "status: doing" in text
    svg = ET.fromstring(rendered(checkout, ".svg"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.count("★") == 1 and "★ moment of truth" in texts


def test_the_page_links_only_http_sources_and_never_a_script(checkout: Path) -> None:
    page = rendered(checkout, ".html").decode()
    assert ('<a href="https://research.example.org/study-12" rel="noopener noreferrer">'
            in page)
    assert ('<a href="https://tracker.example.com/CX-1" rel="noopener noreferrer">' in page)
    assert "javascript:" not in re.sub(r">[^<]*<", "><", page)  # only as text, never in a tag
    assert "link: javascript:alert(2)" in page


def test_dutch_maps_say_moment_of_truth_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "nl.yaml"
    path.write_text(CHECKOUT.format(lang="nl"), encoding="utf-8")
    page = rendered(path, ".html").decode()
    assert "★ moment van de waarheid" in page and "Inzichten achter de kaart" in page
    assert "status: bezig" in page


def test_a_library_opportunity_linked_from_two_maps_is_listed_once(tmp_path: Path) -> None:
    (tmp_path / ".cjm.toml").write_text("")
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "shared.yaml").write_text(
        "opportunities:\n  - {id: live-chat, text: Live chat, value: 4, effort: 3}\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(
            f"title: {name}\nphases:\n  - name: P\n    steps:\n      - id: s{name}\n"
            "        action: Asks\n        opportunities: [live-chat]\n")
    report = json.loads(run_cjm("report", ".", "-f", "json", "-s", "opportunities",
                                cwd=tmp_path).stdout)
    assert [(r["id"], r["opportunity"], [s["step"] for s in r["steps"]])
            for r in report["opportunities"]] == [("live-chat", "Live chat", ["sa", "sb"])]
    out = tmp_path / "site"
    assert run_cjm("site", ".", "-o", str(out), "--no-pdf", cwd=tmp_path).returncode == 0
    entry = (out / "library" / "live-chat.html").read_text()
    assert entry.count('<tr><td><a href="../maps/') == 2
    assert '<a href="opportunities.html">Opportunity backlog</a>' in (out / "index.html").read_text()


def test_compare_warns_when_a_done_opportunity_left_its_step_low(tmp_path: Path) -> None:
    (tmp_path / "now.yaml").write_text(
        "title: Now\nstate: current\nphases:\n  - name: P\n    steps:\n"
        "      - {id: waits, action: Waits, emotion: 2, opportunities: [Tracking]}\n"
        "      - {id: pays, action: Pays, emotion: 1, opportunities: [Faster]}\n")
    (tmp_path / "next.yaml").write_text(
        "title: Next\nstate: future\nbaseline: now.yaml\nphases:\n  - name: P\n    steps:\n"
        "      - {id: waits, action: Waits, emotion: 2,"
        " opportunities: [{text: Tracking link, status: done}]}\n"
        "      - {id: pays, action: Pays, emotion: 4,"
        " opportunities: [{text: Faster, status: done}]}\n")
    text = run_cjm("compare", str(tmp_path / "next.yaml")).stdout
    assert "  Faster (step `pays`): 1 → 4 (+3), improved\n" in text
    assert text.endswith('warning: opportunity "Tracking link" is done, but step `waits` is '
                         "still a low moment (emotion 2)\n")
    document = json.loads(run_cjm("compare", str(tmp_path / "next.yaml"), "-f",
                                  "json").stdout)
    assert [(d["text"], d["improved"], d["still_low"]) for d in document["done"]] == [
        ("Tracking link", False, True), ("Faster", True, False)]


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text('title: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"\n'
                    'persona: {name: "@SUM(A1)"}\nphases:\n  - name: A\n    steps:\n'
                    '      - action: "-cmd|\' /C calc\'!A0"\n        emotion: 3\n'
                    '        opportunities: [{text: "+danger", value: 3, effort: 1}]\n',
                    encoding="utf-8")
    text = run_cjm("report", str(path), "-f", "csv").stdout.lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells
    assert "'@SUM(A1)" in cells and "'+danger" in cells
    assert not [cell for cell in cells if cell and cell[0] in "=+-@" and not
                re.fullmatch(r"[+-]?\d+(?:\.\d+)?%?", cell)]
