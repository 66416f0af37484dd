"""The SVG timeline, read back as XML: every text, every phase, the emotion encoding."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjm.core.loader import load
from cjm.core.model import JourneyMap
from cjm.render import RenderOptions, render_bytes
from cjm.render.labels import EMOTION_COLOURS, labels
from cjm.render.timeline import CARD_WIDTH, COLUMN_GAP, LANE_LABEL_WIDTH, MARGIN
from tests.conftest import PEERS, SAMPLES, run_cjm

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = Path(__file__).parent / "data" / "hostile.yaml"


def render(path: Path, columns: int = 6) -> tuple[JourneyMap, ET.Element]:
    journey = load(path).map
    assert journey is not None
    return journey, ET.fromstring(render_bytes(journey, "svg", RenderOptions("svg", columns)))


def group_text(group: ET.Element) -> str:
    """The words of a node's text elements, joined as one line."""
    return " ".join(" ".join(t.text.split()) for t in group.iter(f"{SVG}text") if t.text
                    and t.text.strip())


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]


def all_text(root: ET.Element) -> str:
    return " ".join(group_text(g) for g in node_groups(root))


def card(root: ET.Element, number: int) -> ET.Element:
    return next(g for g in root.iter(f"{SVG}g") if g.get("id") == f"step-{number}")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", ["sally.yaml", "daniela-kinderwagen.yaml"])
def test_every_action_phase_and_lane_label_is_in_the_svg(name: str) -> None:
    journey, root = render(SAMPLES / name)
    text = all_text(root)
    for number, (_, step) in enumerate(journey.steps(), start=1):
        card_text = group_text(card(root, number))
        assert card_text.startswith(f"{number} {flat(step.action.value)}")
        for touchpoint in step.touchpoints:
            names = {t.id.value: t.name.value for t in journey.touchpoints}
            assert names[touchpoint.value] in card_text
    for phase in journey.phases:
        assert phase.name.value.upper() in text
    assert flat(journey.title.value) in text
    words = labels(journey.language)
    assert f"{words['emotion']} " in text and f"{words['legend']}:" in text


def test_emotion_is_shown_by_colour_score_and_height() -> None:
    journey, root = render(SAMPLES / "sally.yaml")
    scores = [step.emotion.value for _, step in journey.steps()]
    points = [(float(e.get("cx")), float(e.get("cy")), e.get("fill"))
              for e in root.iter(f"{SVG}ellipse")]
    assert [fill for _, _, fill in points] == [EMOTION_COLOURS[s] for s in scores]
    # within a row, a higher score stands higher (smaller y), equal scores level
    first_row = points[:5]
    for (_, y1, _), (_, y2, _), s1, s2 in zip(first_row, first_row[1:], scores, scores[1:],
                                             strict=False):
        assert (y2 < y1) == (s2 > s1) and (y2 == y1) == (s2 == s1)
    # the curve joins consecutive points of a row: 4 + 3 segments for rows of 5 and 4 (the
    # other edges are the service blueprint's dashed lines, three a row)
    edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    dashed = [g for g in edges if any(p.get("stroke-dasharray") for p in g.iter(f"{SVG}path"))]
    assert (len(edges) - len(dashed), len(dashed)) == (7, 6)
    for number, score in enumerate(scores, start=1):
        assert re.search(rf"(☹|☺|•) {score}\b", group_text(card(root, number)))


def test_dutch_maps_get_dutch_labels() -> None:
    _, root = render(SAMPLES / "daniela-kinderwagen.yaml")
    text = all_text(root)
    assert "Emotie" in text and "Legenda:" in text and "Pijnpunten" in text
    assert "Emotion" not in text


def test_hostile_text_renders_literally_and_cannot_change_the_graph() -> None:
    journey, root = render(HOSTILE)
    text = all_text(root)
    step = next(step for _, step in journey.steps())
    assert flat(step.action.value) in group_text(card(root, 1))
    assert flat(journey.title.value) in text
    assert flat(journey.persona.name.value) in text
    assert flat(step.thoughts[0].value) in text
    for touchpoint in step.touchpoints:
        assert touchpoint.value in text
    # one card, one phase band, no extra nodes or edges from injected DOT
    assert len([g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("step-")]) == 1
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}image"))


def test_rendering_is_deterministic() -> None:
    journey = load(SAMPLES / "sally.yaml").map
    first = render_bytes(journey, "svg", RenderOptions("svg"))
    assert first == render_bytes(journey, "svg", RenderOptions("svg"))


def _extent(root: ET.Element) -> tuple[float, float]:
    width = float(root.get("width").removesuffix("pt"))
    height = float(root.get("height").removesuffix("pt"))
    return width, height


@pytest.mark.skipif(not PEERS.is_dir(), reason="shared/peers is not beside the project")
def test_2000_steps_wrap_into_rows_no_wider_than_the_stated_maximum() -> None:
    _, root = render(PEERS / "journey-2000.yaml")
    width, height = _extent(root)
    assert width <= 1300  # the README's stated maximum at the default 6 columns
    assert width >= 2 * MARGIN + LANE_LABEL_WIDTH + 6 * (CARD_WIDTH + COLUMN_GAP) - 1
    assert height > 2000 / 6 * 150  # the rows stack downwards
    # every drawn point of every node lies inside the drawing's width
    xs = [float(x) for g in node_groups(root) for e in g
          for x in re.findall(r"(-?[\d.]+),-?[\d.]+", e.get("points", ""))]
    xs += [float(t.get("x")) for t in root.iter(f"{SVG}text")]
    assert min(xs) >= 0 and max(xs) <= width
    assert len([g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("step-")]) \
        == 2000


def test_single_layout_puts_every_step_in_one_row(tmp_path: Path) -> None:
    out = tmp_path / "one-row.svg"
    assert run_cjm("render", "samples/sally.yaml", "-o", str(out), "--layout", "single"
                   ).returncode == 0
    assert len({float(e.get("cy")) for e in ET.parse(out).iter(f"{SVG}ellipse")}) == 4
    assert run_cjm("render", "samples/sally.yaml", "-o", str(out), "--layout", "grid"
                   ).returncode == 2


def test_columns_zero_puts_every_step_in_one_row() -> None:
    _, root = render(SAMPLES / "sally.yaml", columns=0)
    ys = {float(e.get("cy")) for e in root.iter(f"{SVG}ellipse")}
    assert len(ys) == 4  # one lane, four levels used (Sally's scores are 2 to 5)
    width, _ = _extent(root)
    assert width >= 9 * CARD_WIDTH


def test_cli_renders_a_folder_beside_each_map_and_reports_broken_ones(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_bytes((SAMPLES / "sally.yaml").read_bytes())
    (tmp_path / "broken.yaml").write_text("title: [x\n")
    result = run_cjm("render", str(tmp_path))
    assert result.returncode == 1
    assert (tmp_path / "good.svg").exists() and not (tmp_path / "broken.svg").exists()
    assert result.stderr.strip().startswith(f"error: {tmp_path / 'broken.yaml'}:2:1: Y001 ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_output_options(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "sally.svg"
    assert run_cjm("render", "samples/sally.yaml", "-o", str(out)).returncode == 0
    ET.parse(out)
    assert run_cjm("render", "samples", "-o", str(out)).returncode == 2
    assert run_cjm("render", "samples/sally.yaml", "-o", str(tmp_path / "x.gif")).returncode == 2
    result = run_cjm("render", "samples", "--out-dir", str(tmp_path / "all"))
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "daniela-kinderwagen.svg", "gezin-kinderwagen-personas.svg", "sally-future.svg",
        "sally.svg", "team-tool-personas.svg"]


def test_missing_graphviz_is_one_line_exit_2_and_leaves_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "sally.svg"
    out.write_text("previous render")
    env_path = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(tmp_path)  # no dot, no neato
        result = run_cjm("render", "samples/sally.yaml", "-o", str(out))
    finally:
        os.environ["PATH"] = env_path
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: Graphviz's `neato` was not found: install Graphviz "
                                     "(Debian/Ubuntu: apt-get install graphviz)")
    assert out.read_text() == "previous render"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sally.svg"]


def test_the_curve_bridges_unscored_steps_with_a_dashed_line(tmp_path: Path) -> None:
    path = tmp_path / "gaps.yaml"
    path.write_text("title: Gaps\nphases:\n  - name: A\n    steps:\n      - action: One\n"
                    "      - {action: Two, emotion: 1}\n      - {action: Three, emotion: 2}\n"
                    "      - action: Four\n      - {action: Five, emotion: 5}\n")
    _, root = render(path)
    edges = [g.find(f"{SVG}path") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert [edge.get("stroke-dasharray") for edge in edges] == [None, "5,2"]
    assert len(list(root.iter(f"{SVG}ellipse"))) == 3


def test_a_map_without_steps_still_renders(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("title: Empty\nphases:\n  - name: A\n")
    for suffix in ("svg", "pdf"):
        out = tmp_path / f"empty.{suffix}"
        assert run_cjm("render", str(path), "-o", str(out)).returncode == 0
        assert out.stat().st_size > 0


def test_render_diff_highlights_new_moved_and_changed_steps(tmp_path: Path) -> None:
    sally = (SAMPLES / "sally.yaml").read_text(encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(sally.replace("        touchpoints: [reviews]\n        emotion: 4",
                                 "        touchpoints: [reviews]\n        emotion: 2")
                   .replace("      - id: recommends-to-colleagues",
                            "      - id: writes-review\n        action: Writes a review\n"
                            "        touchpoints: [reviews]\n        emotion: 5\n"
                            "      - id: recommends-to-colleagues"), encoding="utf-8")
    out = tmp_path / "marked.svg"
    result = run_cjm("render", str(new), "--diff", str(SAMPLES / "sally.yaml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()
    marked = {number: group_text(card(root, number)) for number in range(1, 11)}
    assert [n for n, text in marked.items() if "CHANGED" in text] == [6]
    assert [n for n, text in marked.items() if text.endswith("NEW")] == [9]
    assert "new or changed since the compared version" in all_text(root)
    pdf = tmp_path / "marked.pdf"
    assert run_cjm("render", str(new), "--diff", str(SAMPLES / "sally.yaml"), "-o", str(pdf)
                   ).returncode == 0
    from pypdf import PdfReader
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert text.count("CHANGED") == 1 and text.count("NEW") == 1
    folder = run_cjm("render", "samples", "--diff", "samples/sally.yaml")
    assert folder.returncode == 2


def test_a_standalone_svg_says_what_it_is(tmp_path: Path) -> None:
    out = tmp_path / "daniela.svg"
    run_cjm("render", str(SAMPLES / "daniela-kinderwagen.yaml"), "-o", str(out))
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "cjm-title cjm-desc"
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id"), title.text) == (
        f"{ns}title", "cjm-title", "Daniela koopt een kinderwagen in onze webshop")
    assert (desc.tag, desc.text) == (
        f"{ns}desc", "Een klantreis van 8 stappen in 8 fasen; emotie van 2 tot 5 (1–5).")


@pytest.mark.parametrize("name", ["sally.yaml", "daniela-kinderwagen.yaml",
                                  "gezin-kinderwagen-personas.yaml"])
def test_every_text_colour_of_a_standalone_svg_meets_wcag_aa(tmp_path: Path, name: str) -> None:
    """Against the darkest background text sits on (the lanes' grey), and so on any
    lighter one: at least 4.5:1, as WCAG AA asks of text this small."""
    from cjm.render.html import DARKEST_BACKGROUND, contrast

    def rgb(colour: str) -> tuple[int, int, int]:
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]

    out = tmp_path / "map.svg"
    run_cjm("render", str(SAMPLES / name), "-o", str(out))
    fills = set(re.findall(r'<text[^>]*fill="(#[0-9a-fA-F]{6})"', out.read_text()))
    assert fills
    low = {fill: round(contrast(rgb(fill), rgb(DARKEST_BACKGROUND)), 2) for fill in fills
           if contrast(rgb(fill), rgb(DARKEST_BACKGROUND)) < 4.5}
    assert not low
