"""Maps with several personas: loaded, shown, diffed, scaffolded and drawn one curve each."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjm.core.loader import load, load_text
from cjm.render.series import PERSONA_COLOURS
from cjm.views import diff
from cjm.views.outline import outline
from tests.conftest import SAMPLES, run_cjm
from tests.test_render_baseline import SVG, tooltips
from tests.test_render_pdf import pdf_text, squeezed

TEAM = SAMPLES / "team-tool-personas.yaml"
GEZIN = SAMPLES / "gezin-kinderwagen-personas.yaml"
#: Each persona's score per step of the team sample (None: no score, or not their step).
TEAM_SCORES = {
    "● Sally": [1, 4, 4, None, 4, None, 5, 5, 5],
    "■ Ravi": [None, None, None, 2, 3, 1, None, 3, 3],
    "▼ Mia": [2, None, 3, None, 3, None, 4, None, 4],
}

TWO = """\
title: T
personas:
  - {id: sally, name: Sally}
  - {id: ben, name: Ben}
phases:
  - name: A
    steps:
      - {id: s1, action: Looks, emotion: {sally: 3, ben: 2}, thoughts: {ben: Hm.}}
"""


def persona_map(count: int) -> str:
    listed = "".join(f"  - {{id: p{i}, name: P{i}}}\n" for i in range(1, count + 1))
    scores = ", ".join(f"p{i}: {1 + i % 5}" for i in range(1, count + 1))
    return (f"title: Many\npersonas:\n{listed}phases:\n  - name: A\n    steps:\n"
            f"      - {{action: Looks, touchpoints: [web], emotion: {{{scores}}}}}\n")


def test_the_samples_with_three_personas_lint_clean() -> None:
    result = run_cjm("lint", str(TEAM), str(GEZIN))
    assert (result.returncode, result.stdout) == (0, "No problems found (2 files checked).\n")


def test_per_persona_values_are_read_with_their_positions() -> None:
    journey = load_text(TWO, "two.yaml").map
    assert journey is not None
    step = journey.phases[0].steps[0]
    assert step.emotion is None
    assert [(s.persona.value, s.value.value, s.value.pos.line, s.value.pos.column)
            for s in step.emotion_by] == [("sally", 3, 8, 50), ("ben", 2, 8, 58)]
    assert [t.value for t in step.thoughts_for("ben")] == ["Hm."]
    assert step.score_for("ben") is not None and step.score_for("ben").value == 2  # type: ignore[union-attr]


def test_a_bad_score_is_reported_once_at_the_score() -> None:
    text = TWO.replace("{sally: 3, ben: 2}", "{sally: high, ben: 2}")
    result = load_text(text, "two.yaml")
    assert [(p.code, p.pos.line, p.pos.column, p.message) for p in result.problems] == [
        ("S001", 8, 50, '`sally` of `emotion` of a step must be a whole number, got text "high"')]


def test_the_svg_draws_one_curve_per_persona_in_its_colour(tmp_path: Path) -> None:
    out = tmp_path / "team.svg"
    assert run_cjm("render", str(TEAM), "-o", str(out)).returncode == 0
    root = ET.parse(out).getroot()
    for label, scores in TEAM_SCORES.items():
        points = [t for t in tooltips(root) if t.endswith(f"({label})")]
        assert points == [f"{n}: {s} ({label})" for n, s in enumerate(scores, 1) if s is not None]
    edges = [g.find(f"{SVG}path") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert {edge.get("stroke") for edge in edges} == set(PERSONA_COLOURS[:3])
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Sally, Ravi, Mia" in texts and "● Sally" in texts and "▼ Mia" in texts


def test_the_poster_has_a_card_per_persona_and_their_thoughts(tmp_path: Path) -> None:
    out = tmp_path / "gezin.pdf"
    assert run_cjm("render", str(GEZIN), "-o", str(out)).returncode == 0
    text = squeezed(pdf_text(out.read_bytes()))
    for expected in ("● Daniela", "■ Mark", "▼ Oma Ria", "Grootmoeder, 67 jaar, betaalt mee",
                     "▼ Oma Ria: “Ik heb die betaalapp niet, hoe moet dit?”",
                     "Kan ik niet gewoon een bedrag overmaken?"):
        assert squeezed(expected) in text
    again = tmp_path / "again.pdf"
    assert run_cjm("render", str(GEZIN), "-o", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()


def test_six_personas_render_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "many.yaml"
    source.write_text(persona_map(6), encoding="utf-8")
    out = tmp_path / "many.svg"
    result = run_cjm("render", str(source), "-o", str(out))
    assert result.returncode == 0
    assert result.stderr == (f"warning: {source}:8:5: J023 the map has 6 personas; renders "
                             "keep 5 apart\n")
    labels = {t.rsplit("(", 1)[1] for t in tooltips(ET.parse(out).getroot())}
    assert len(labels) == 6
    five = tmp_path / "five.yaml"
    five.write_text(persona_map(5), encoding="utf-8")
    assert run_cjm("render", str(five), "-o", str(tmp_path / "five.svg")).stderr == ""


def test_show_lists_personas_and_their_scores() -> None:
    journey = load_text(TWO.replace("{id: s1,", "{id: s1, personas: [sally, ben],"),
                        "two.yaml").map
    assert journey is not None
    assert outline(journey) == (
        "map: T\n"
        "persona sally name: Sally\n"
        "persona ben name: Ben\n"
        "phase 1: A\n"
        "  step s1: Looks\n"
        "    personas: sally, ben\n"
        "    emotion sally: 3\n"
        "    emotion ben: 2\n"
        "    thought ben: Hm.\n")


def test_diff_matches_personas_by_id_and_compares_scores_per_persona() -> None:
    old = load_text(TWO, "old.yaml").map
    new = load_text(TWO.replace("{id: sally, name: Sally}", "{id: sally, name: Sally, role: Lead}")
                    .replace("{id: ben, name: Ben}", "{id: kim, name: Kim}")
                    .replace("{sally: 3, ben: 2}, thoughts: {ben: Hm.}",
                             "{sally: 4, kim: 2}, personas: [sally, kim], thoughts: {kim: Ok}"),
                    "new.yaml").map
    assert old is not None and new is not None
    assert diff.as_text(diff.compare(old, new)) == (
        'persona `sally`: role set to "Lead"\n'
        'persona `ben`: "Ben" removed\n'
        'persona `kim`: "Kim" added\n'
        'step `s1`: personas +"sally" +"kim"; emotion of `sally` 3 → 4 (+1); emotion of `ben` 2 '
        'removed; emotion of `kim` set to 2; thoughts of `ben` −"Hm."; thoughts of `kim` +"Ok"\n')


def test_new_with_two_personas_scaffolds_a_clean_map(tmp_path: Path) -> None:
    path = tmp_path / "kaart.yaml"
    result = run_cjm("new", str(path), "--yes", "--lang", "nl", "--template", "see-think-do-care",
                     "--personas", "Daniela, Mark de Vries")
    assert result.returncode == 0, result.stderr
    journey = load(path).map
    assert journey is not None and journey.persona is None
    assert [(p.id.value, p.name.value) for p in journey.personas if p.id and p.name] == [
        ("daniela", "Daniela"), ("mark-de-vries", "Mark de Vries")]
    for _, step in journey.steps():
        assert [s.persona.value for s in step.emotion_by] == ["daniela", "mark-de-vries"]
    text = path.read_text(encoding="utf-8")
    assert "# De (fictieve) klanten die deze reis maken" in text
    assert "een kaart per persona" not in text
    lint = run_cjm("lint", str(path))
    assert lint.returncode == 0 and "J02" not in lint.stdout
    assert run_cjm("fmt", "--check", str(path)).returncode == 0


@pytest.mark.parametrize(("options", "message"), [
    (["--personas", "Solo"], "error: --personas takes 2 to 5 names, separated by commas; got 1\n"),
    (["--personas", "A,B", "--persona", "C"],
     "error: give --persona (one) or --personas (several), not both\n"),
])
def test_new_refuses_a_wrong_persona_list(tmp_path: Path, options: list[str],
                                          message: str) -> None:
    path = tmp_path / "m.yaml"
    result = run_cjm("new", str(path), "--yes", *options)
    assert (result.returncode, result.stderr) == (2, message)
    assert not path.exists()
