"""The service blueprint under the journey: lanes, lines and fail points in every writer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import rendered, run_cjm
from tests.test_render_pdf import pdf_text, squeezed

SVG = "{http://www.w3.org/2000/svg}"
MAP = """\
title: Sally starts a trial
lang: {lang}
persona: {{name: Sally}}
phases:
  - name: Purchase
    steps:
      - id: signup
        action: Signs up for the trial
        touchpoints: [website]
        emotion: 4
        evidence: [Welcome e-mail]
        frontstage: [{{text: Sales chat answers questions, by: Sales team}}]
        backstage: [{{text: Account is provisioned, by: Onboarding}}, Trial flag set]
        support: [{{text: CRM records the lead, by: HubSpot}}]
        failpoints: [Confirmation lands in spam]
        opportunities: [Send from a verified domain]
      - id: pays
        action: Pays by card
        touchpoints: [website]
        emotion: 3
        support: [{{text: Payment provider charges the card, by: Adyen}}]
        failpoints: [Card refused without a reason]
"""
ITEMS = ["Welcome e-mail", "Sales chat answers questions", "Account is provisioned",
         "Trial flag set", "CRM records the lead", "Payment provider charges the card"]
LINES = {"en": ["line of interaction", "line of visibility", "line of internal interaction"],
         "nl": ["lijn van interactie", "zichtlijn", "lijn van interne interactie"]}
LANES = {"en": ["Evidence", "Frontstage", "Backstage", "Support processes", "Fail points"],
         "nl": ["Fysiek bewijs", "Frontstage", "Backstage", "Ondersteunende processen",
                "Faalpunten"]}


@pytest.fixture(params=["en", "nl"])
def blueprint(request, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "trial.yaml"
    path.write_text(MAP.format(lang=request.param), encoding="utf-8")
    return path, request.param



def test_the_svg_draws_each_lane_under_its_labelled_line(blueprint) -> None:
    path, lang = blueprint
    svg = ET.fromstring(rendered(path, ".svg"))
    texts = [" ".join((t.text or "").split()) for t in svg.iter(f"{SVG}text")]
    joined = " ".join(texts)
    for item in ITEMS:
        assert item in joined
    assert "(Onboarding)" in joined and "(Adyen)" in joined
    for line in LINES[lang]:
        assert line.upper() in texts
    for lane in LANES[lang][:4]:
        assert lane in joined  # a long label wraps over lines
    dashed = [path for path in svg.iter(f"{SVG}path") if path.get("stroke-dasharray")]
    assert len(dashed) >= 3  # the three lines
    # the lines stand in the blueprint's order: interaction above visibility above internal
    heights = [next(float(t.get("y")) for t in svg.iter(f"{SVG}text")
                    if t.text == line.upper()) for line in LINES[lang]]
    assert heights == sorted(heights)
    assert "⚠ 1" in joined  # each step's fail points counted on its card


def test_the_pdf_and_the_page_show_lanes_lines_and_who_does_it(blueprint) -> None:
    path, lang = blueprint
    text = squeezed(pdf_text(rendered(path, ".pdf")))
    for item in [*ITEMS, "Card refused without a reason", *LINES[lang][:1]]:
        assert squeezed(item.upper() if item in LINES[lang] else item) in text
    page = rendered(path, ".html").decode("utf-8")
    for lane in LANES[lang]:
        assert lane in page
    for line in LINES[lang]:
        assert f'<th class="line-label" colspan="3">{line}</th>' in page
    by = "by" if lang == "en" else "door"
    assert f"{by}: Onboarding" in page and '<ul class="marked failpoints">' in page


def test_show_diff_schema_and_markdown_know_the_lanes(tmp_path: Path) -> None:
    path = tmp_path / "trial.yaml"
    path.write_text(MAP.format(lang="en"), encoding="utf-8")
    shown = run_cjm("show", str(path)).stdout
    assert "    backstage: Account is provisioned (by Onboarding)\n" in shown
    assert "    failpoint: Card refused without a reason\n" in shown
    before = tmp_path / "before.yaml"
    before.write_text(MAP.format(lang="en").replace(", by: Onboarding", ""), encoding="utf-8")
    changes = run_cjm("diff", str(before), str(path)).stdout
    assert changes == ('step `signup`: backstage +"Account is provisioned (Onboarding)" '
                       '−"Account is provisioned"\n')
    step = json.loads(run_cjm("schema").stdout)["$defs"]["Step"]["properties"]
    assert {"evidence", "frontstage", "backstage", "support", "failpoints"} <= set(step)
    markdown = run_cjm("export", str(path), "--to", "markdown").stdout
    assert "| Evidence | Frontstage | Backstage | Support processes | Fail points |" in markdown
    exported = run_cjm("export", str(path), "--to", "mermaid")
    assert "evidence, frontstage, backstage, support, failpoints: left out" in exported.stderr


def test_lint_type_checks_the_items(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(MAP.format(lang="en").replace("by: Sales team", "bye: Sales team"))
    lint = run_cjm("lint", str(path)).stdout
    assert "bad.yaml:12:59: S002 unknown key `bye` in a blueprint item; did you mean `by`?" \
        in lint


def test_a_map_without_a_blueprint_draws_none(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text("title: T\npersona: {name: P}\nphases:\n  - name: A\n    steps:\n"
                    "      - {action: Pays, touchpoints: [web], emotion: 4}\n")
    page = rendered(path, ".html").decode("utf-8")
    assert "blueprint-line" not in page and "Fail points" not in page
    assert "LINE OF" not in rendered(path, ".svg").decode("utf-8")


def test_compare_lists_the_fail_points_removed_and_added(tmp_path: Path) -> None:
    current = tmp_path / "current.yaml"
    current.write_text(MAP.format(lang="en"), encoding="utf-8")
    future = tmp_path / "future.yaml"
    future.write_text(MAP.format(lang="en").replace(
        "[Confirmation lands in spam]", "[Trial ends unnoticed]"), encoding="utf-8")
    text = run_cjm("compare", str(current), str(future)).stdout
    assert text.endswith("Fail points:\n  removed: Confirmation lands in spam (step `signup`)\n"
                         "  added: Trial ends unnoticed (step `signup`)\n")
    document = json.loads(run_cjm("compare", str(current), str(future), "-f", "json").stdout)
    assert document["failpoints"] == [
        {"text": "Confirmation lands in spam", "step": "step `signup`", "status": "removed"},
        {"text": "Trial ends unnoticed", "step": "step `signup`", "status": "added"}]
    same = json.loads(run_cjm("compare", str(current), str(current), "-f", "json").stdout)
    assert "failpoints" not in same


def test_the_report_says_who_does_what_and_where_things_fail(tmp_path: Path) -> None:
    path = tmp_path / "trial.yaml"
    path.write_text(MAP.format(lang="en"), encoding="utf-8")
    document = json.loads(run_cjm("report", str(path), "-f", "json").stdout)
    rows = [(r["who"], r["lane"], r["what"], r["step"]) for r in document["blueprint"]]
    assert rows == [
        ("Adyen", "support", "Payment provider charges the card", "pays"),
        ("HubSpot", "support", "CRM records the lead", "signup"),
        ("Onboarding", "backstage", "Account is provisioned", "signup"),
        ("Sales team", "frontstage", "Sales chat answers questions", "signup"),
        ("", "backstage", "Trial flag set", "signup"),
        ("", "failpoints", "Confirmation lands in spam", "signup"),
        ("", "failpoints", "Card refused without a reason", "pays")]
    csv = run_cjm("report", str(path), "-f", "csv", "-s", "blueprint").stdout
    assert csv.splitlines()[:2] == ["\ufeffwho,lane,what,map,phase,step",
                                    f"Adyen,support,Payment provider charges the card,{path},"
                                    "Purchase,pays"]
    markdown = run_cjm("report", str(path), "-f", "markdown").stdout
    assert "**Service blueprint: who does what, and the fail points**: 7" in markdown
    plain = tmp_path / "plain.yaml"
    plain.write_text("title: T\npersona: {name: P}\nphases:\n  - name: A\n    steps:\n"
                     "      - {action: Pays, touchpoints: [web], emotion: 4}\n")
    assert "blueprint" not in json.loads(run_cjm("report", str(plain), "-f", "json").stdout)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_new_blueprint_gives_every_step_each_lane_and_lints_clean(tmp_path: Path,
                                                                  lang: str) -> None:
    from cjm.authoring.scaffold import available
    from cjm.core.loader import load

    for template in available():
        path = tmp_path / f"{template}.{lang}.yaml"
        result = run_cjm("new", str(path), "-t", template, "-l", lang, "--blueprint", "--yes")
        assert result.returncode == 0, result.stderr
        assert run_cjm("lint", str(path)).stdout == "No problems found (1 file checked).\n"
        assert run_cjm("fmt", "--check", str(path)).returncode == 0
        journey = load(path).map
        assert journey is not None
        for _, step in journey.steps():
            assert step.more and {key for key, _ in step.more} >= {
                "evidence", "frontstage", "backstage", "support"}
            assert ("failpoints" in dict(step.more)) is bool(step.opportunities)


def test_compare_says_nothing_of_fail_points_when_one_map_has_no_blueprint(
        tmp_path: Path) -> None:
    current = tmp_path / "current.yaml"
    current.write_text(MAP.format(lang="en"), encoding="utf-8")
    future = tmp_path / "future.yaml"
    future.write_text("title: T\npersona: {name: P}\nphases:\n  - name: Purchase\n    steps:\n"
                      "      - {id: signup, action: Signs up, touchpoints: [web], emotion: 5}\n")
    assert "Fail points" not in run_cjm("compare", str(current), str(future)).stdout
