"""Mermaid interop: `cjm import` reads journey diagrams as Mermaid does, `cjm export` writes
diagrams the real mermaid-cli renders, and a map survives the round trip."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cjm.core.loader import load, load_text
from cjm.core.model import JourneyMap
from cjm.interchange.from_mermaid import import_journey
from cjm.interchange.markdown import to_markdown
from cjm.interchange.mermaid import parse
from cjm.interchange.to_mermaid import to_mermaid
from tests.conftest import ROOT, SAMPLES, run_cjm

MAPS = sorted([*SAMPLES.glob("*.yaml"), *(ROOT / "templates").glob("*.yaml")])
_CANDIDATES = [ROOT / ".cache/mermaid/node_modules/.bin/mmdc",
               Path("/opt/peers/mermaid/node_modules/.bin/mmdc")]
MMDC = os.environ.get("CJM_MMDC") or next((str(p) for p in _CANDIDATES if p.exists()), None)
needs_mmdc = pytest.mark.skipif(MMDC is None, reason="mermaid-cli is not installed "
                                                     "(bash scripts/test installs it)")

HOSTILE = """\
title: "Costs: #1 choice; really"
personas:
  - {id: a, name: "Smith, Anna"}
  - {id: b, name: "Bo: the #2; boss"}
phases:
  - name: "Phase: one # not a comment; ok"
    steps:
      - {action: "Title the page: quickly", emotion: 4}
      - {action: "section 2 starts here", emotion: {a: 2, b: 5}}
      - {action: "journey planning", emotion: 3}
      - {action: "50%% off %%{init: {'theme': 'dark'}}%%", emotion: 3}
      - {action: "<script>alert(1)</script> & <b>bold</b>", emotion: 1}
      - {action: "accDescr { sneaky }", emotion: 2}
"""


def scores(journey: JourneyMap) -> list[list[tuple[str, int | None]]]:
    """Per step, each persona's (or the one persona's) score, by name (sorted: an import
    lists personas in the order they first appear)."""
    named = [(p.id.value, p.name.value) for p in journey.personas if p.id and p.name]
    result = []
    for _, step in journey.steps():
        if named:
            result.append(sorted((name, s.value if (s := step.score_for(id)) else None)
                                 for id, name in named if step.takes(id)))
        else:
            result.append([("", step.emotion.value if step.emotion else None)])
    return result


def render_with_mmdc(diagrams: list[str], folder: Path) -> list[Path]:
    """Render Mermaid sources with the real mermaid-cli, in one browser session."""
    config = folder / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": "/usr/bin/chromium", "args": [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]}))
    document = folder / "all.md"
    document.write_text("".join(f"```mermaid\n{text}```\n\n" for text in diagrams))
    assert MMDC is not None
    result = subprocess.run([MMDC, "-q", "-p", str(config), "-i", str(document),
                             "-o", str(folder / "out.md")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return [folder / f"out-{n}.svg" for n in range(1, len(diagrams) + 1)]


def svg_text(path: Path) -> str:
    return " ".join(" ".join(element.itertext()) for element in ET.parse(path).getroot().iter())


# -- reading Mermaid ------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("graph TD\n  A --> B\n", [(1, 1, "M003", "not a journey diagram: the first statement "
                                              "must be `journey`")]),
    ("", [(1, 1, "M003", "not a journey diagram: no `journey` line")]),
    ("journey\n  section A\n    Make tea: 5: Me\n    Drink it\n",
     [(4, 5, "M001", "task `Drink it` has no score: write `Drink it: 5` (1 to 5)")]),
    ("journey\n  section A\n    Make tea: 5: Me; Go: 3\n",
     [(3, 20, "M001", "`;` is not allowed here (Mermaid cannot read it)")]),
    ("journey\n  title T\n  : 5: Me\n", [(3, 3, "M001", "a `:` without a task name before it")]),
    ("journey\n  title T\njourney\n", [(3, 1, "M001", "`journey` may appear only once, on "
                                                     "the first line")]),
])
def test_mermaid_syntax_errors_have_their_position(
        source: str, expected: list[tuple[int, int, str, str]]) -> None:
    _, problems = parse(source)
    assert [(p.pos.line, p.pos.column, p.code, p.message) for p in problems] == expected
    assert all(p.error for p in problems)


def test_parse_reads_what_mermaid_reads() -> None:
    source = ("---\ntitle: From front matter\n---\n%%{init: {'theme': 'forest'}}%%\n"
              "%% before\njourney\n  accTitle: Short\n  accDescr {\n    Two\n    lines\n  }\n"
              "  Before any section: 4\n  section Go # comment here\n    %% first\n"
              "    Make tea : 5 : Me , Cat\n    Sit: 0x3\n")
    diagram, problems = parse(source)
    assert problems == []
    assert (diagram.title, diagram.acc_title, diagram.acc_descr) == (
        "From front matter", "Short", "Two lines")
    assert diagram.comments == ("before",)
    assert [(s.name, [(t.name, t.score, t.actors, t.comments) for t in s.tasks])
            for s in diagram.sections] == [
        (None, [("Before any section", "4", (), ())]),
        ("Go", [("Make tea", "5", ("Me", "Cat"), ("comment here", "first")), ("Sit", "0x3", (), ())]),
    ]
    assert diagram.sections[1].tasks[0].score_pos == (15, 16)


def test_the_parser_never_raises_on_arbitrary_text() -> None:
    pieces = ["journey", "\n", "title ", "section ", ":", ";", "#", "%%", "%%{", "}", "{",
              "accDescr", "accTitle", " ", "Task", "5", ",", "---", "\r\n", "\u200b", "é"]
    import random

    rng = random.Random(1)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        diagram, problems = parse(text)
        imported = import_journey(text, "fuzz.mmd")
        assert imported.text is None or load_text(imported.text).map is not None


# -- cjm import -----------------------------------------------------------------------------

def test_import_keeps_comments_and_reports_scores_it_cannot_hold(tmp_path: Path) -> None:
    source = tmp_path / "day.mmd"
    source.write_text("%% Our team's day\njourney\n  title My working day\n"
                      "  section Go to work\n    %% the best part\n    Make tea: 5: Me\n"
                      "    Do work: 1: Me, Cat\n  section Go home\n    Sit down: 7: Me\n")
    result = run_cjm("import", str(source))
    assert result.returncode == 0
    assert result.stderr == (f"{source}:9:15: M002 score `7` of task `Sit down` is not a whole "
                             "number from 1 to 5: the step is imported without emotion\n")
    assert result.stdout == """\
# Imported from day.mmd by cjm import.
# Our team's day
# Mermaid's journey has no touchpoints, pains or opportunities: add them.
# Remove the next line once every phase names a touchpoint.
# cjm: disable-file=J004
version: 1
title: My working day
personas:
  - id: me
    name: Me
  - id: cat
    name: Cat
phases:
  - name: Go to work
    steps:
      # the best part
      - action: Make tea
        personas: [me]
        emotion: 5
      - action: Do work
        emotion: 1
  - name: Go home
    steps:
      # Mermaid's score 7 is not on cjm's scale 1–5: left out
      - action: Sit down
        personas: [me]
"""
    target = tmp_path / "day.yaml"
    assert run_cjm("import", str(source), "-o", str(target)).returncode == 0
    lint = run_cjm("lint", str(target))
    assert lint.returncode == 0 and "Found 0 errors" in lint.stdout
    assert run_cjm("fmt", "--check", str(target)).returncode == 0
    again = run_cjm("import", str(source), "-o", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_import_of_a_broken_diagram_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "broken.mmd"
    source.write_text("journey\n  section A\n    Make tea\n")
    target = tmp_path / "out.yaml"
    result = run_cjm("import", str(source), "-o", str(target))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"{source}:3:5: M001 task `Make tea` has no score: write "
                             "`Make tea: 5` (1 to 5)\n")
    assert not target.exists()
    binary = tmp_path / "binary.mmd"
    binary.write_bytes(b"journey\n\xff\xfe\x00")
    result = run_cjm("import", str(binary))
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


# -- cjm export -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_import_of_an_export_keeps_title_phases_steps_and_scores(path: Path) -> None:
    journey = load(path).map
    assert journey is not None
    imported = import_journey(to_mermaid(journey).text, path.name)
    assert imported.text is not None, imported.problems
    back = load_text(imported.text).map
    assert back is not None
    assert back.title and journey.title and back.title.value == journey.title.value
    assert [p.name.value for p in back.phases if p.name] == [
        p.name.value for p in journey.phases if p.name]
    assert [s.action.value for _, s in back.steps() if s.action] == [
        s.action.value for _, s in journey.steps() if s.action]
    assert scores(back) == scores(journey)


def test_export_rewrites_what_mermaid_cannot_hold_and_says_so(tmp_path: Path) -> None:
    source = tmp_path / "hostile.yaml"
    source.write_text(HOSTILE, encoding="utf-8")
    result = run_cjm("export", str(source), "--to", "mermaid")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:4] == [
        "    title Costs: ♯1 choice, really",
        "    section Phase꞉ one ♯ not a comment, ok",
        "      \u200bTitle the page꞉ quickly: 4: Smith‚ Anna, Bo꞉ the ♯2‚ boss"]
    notes = result.stderr.splitlines()
    assert notes[:3] == [
        f"note: {source}: title: `#`, `;` rewritten so that Mermaid can read it",
        f"note: {source}: phase `Phase: one # not a comment; ok`: `#`, `:`, `;` rewritten so "
        "that Mermaid can read it",
        f"note: {source}: step 1: `:`, a leading Mermaid keyword rewritten so that Mermaid can "
        "read it"]
    diagram, problems = parse(result.stdout)
    assert problems == []
    tasks = [task for section in diagram.sections for task in section.tasks]
    assert len(tasks) == 7  # six steps; step 2 is scored apart by its two personas
    back = import_journey(result.stdout, "hostile.mmd")  # and back: the same steps, scores
    assert back.text is not None and not any(p.error for p in back.problems)
    original, imported = load_text(HOSTILE).map, load_text(back.text).map
    assert original is not None and imported is not None
    def values(journey: JourneyMap) -> list[list[int | None]]:  # names were rewritten
        return [sorted(score for _, score in step) for step in scores(journey)]

    assert values(imported) == values(original)
    assert len(list(imported.steps())) == 6


@needs_mmdc
def test_every_sample_template_and_hostile_map_renders_in_mermaid_cli(tmp_path: Path) -> None:
    hostile = load_text(HOSTILE, "hostile.yaml").map
    journeys = [load(path).map for path in MAPS] + [hostile]
    assert all(journey is not None for journey in journeys)
    svgs = render_with_mmdc([to_mermaid(j).text for j in journeys if j], tmp_path)
    text = svg_text(svgs[-1])
    for shown in ("Costs: ♯1 choice, really", "Title the page꞉ quickly",
                  "section 2 starts here", "journey planning",
                  "<script>alert(1)</script> & <b>bold</b>", "Smith‚ Anna"):
        assert shown in text
    assert "<script" not in svgs[-1].read_text().replace("&lt;script", "")
    sally = svg_text(svgs[[p.name for p in MAPS].index("sally.yaml")])
    assert "Realises she has an organisation problem at work" in sally


def test_markdown_export_has_the_diagram_and_every_lane(tmp_path: Path) -> None:
    journey = load(SAMPLES / "sally.yaml").map
    assert journey is not None
    markdown = to_markdown(journey).text
    assert markdown.startswith("# Sally chooses task\\-management software\n") is False
    lines = markdown.splitlines()
    assert lines[0] == "# Sally chooses task-management software"
    fence = lines.index("```mermaid")
    assert lines[fence + 1] == "journey" and "```" in lines[fence + 2:]
    header = next(line for line in lines if line.startswith("| # |"))
    assert header == ("| # | Actions | Touchpoints | Emotion | Thoughts | Pain points | "
                      "Expectations | Opportunities | Backstage | Support processes |")
    first_row = lines[lines.index(header) + 2]
    assert first_row.startswith("| 1 | Realises she has an organisation problem at work | "
                                "Word of mouth | ☹ 2 | “I must fix this problem.” |")
    hostile = to_markdown(load_text(HOSTILE, "h.yaml").map).text  # type: ignore[arg-type]
    assert "\\<script\\>alert(1)\\</script\\> \\& \\<b\\>bold\\</b\\>" in hostile
    assert "<script>" not in hostile.split("```mermaid")[0]


@pytest.mark.parametrize("path", [*MAPS, None], ids=lambda p: p.name if p else "hostile")
def test_markdown_renders_as_intended_in_a_commonmark_renderer(path: Path | None) -> None:
    """GitHub's Markdown is CommonMark with tables: every table row keeps its cells, map
    text stays text, and the diagram is a `mermaid` code block."""
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    journey = load(path).map if path else load_text(HOSTILE, "hostile.yaml").map
    assert journey is not None
    html = MarkdownIt("commonmark").enable("table").render(to_markdown(journey).text)

    class Shape(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.code_classes: list[str | None] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            if tag == "code":
                self.code_classes.append(dict(attrs).get("class"))

    shape = Shape()
    shape.feed(html)
    assert "script" not in shape.tags and "b" not in shape.tags
    assert shape.code_classes == ["language-mermaid"]
    assert shape.tags.count("table") == len(journey.phases)
    for table in html.split("<table>")[1:]:
        widths = [row.count("<td") + row.count("<th") for row in table.split("<tr>")[1:]]
        assert len(set(widths)) == 1


CORPUS = sorted((ROOT / "tests/data/mermaid").glob("*.mmd"))


@needs_mmdc
def test_import_agrees_with_mermaid_cli_on_a_corpus(tmp_path: Path) -> None:
    """What cjm refuses as a Mermaid syntax error (M001), mermaid-cli refuses too, and what
    it imports, mermaid-cli draws; nothing ends in a traceback."""
    assert MMDC is not None
    from concurrent.futures import ThreadPoolExecutor

    def mermaid_accepts(path: Path) -> bool:
        config = tmp_path / "puppeteer.json"
        out = tmp_path / f"{path.stem}.svg"
        result = subprocess.run([MMDC, "-q", "-p", str(config), "-i", str(path), "-o", str(out)],
                                capture_output=True, text=True, timeout=120)
        return result.returncode == 0

    render_with_mmdc(["journey\n  section A\n    Warm up: 3\n"], tmp_path)  # writes the config
    with ThreadPoolExecutor(2) as pool:
        accepted = dict(zip(CORPUS, pool.map(mermaid_accepts, CORPUS), strict=True))
    verdicts = {}
    for path in CORPUS:
        result = run_cjm("import", str(path))
        assert "Traceback" not in result.stderr and result.returncode in (0, 1)
        codes = {line.split(": ")[1].split()[0] for line in result.stderr.splitlines()}
        verdicts[path.name] = (result.returncode, sorted(codes))
        if "M003" not in codes:  # M003: Mermaid may draw it, but it is no journey to import
            assert ("M001" in codes) == (not accepted[path]), path.name
    assert verdicts == {
        "empty.mmd": (1, ["M003"]), "front-matter.mmd": (0, ["M004"]), "no-score.mmd": (1, ["M001"]),
        "no-tasks.mmd": (1, ["M003"]), "not-a-journey.mmd": (1, ["M003"]),
        "sally.mmd": (0, []), "scores-off-scale.mmd": (0, ["M002"]),
        "semicolon.mmd": (1, ["M001"]), "working-day.mmd": (0, []),
    }


# -- Mermaid's own diagrams ------------------------------------------------------------------

MERMAIDS_OWN = sorted((ROOT / "tests/data/mermaid/corpus").glob("*.mmd"))


def _facts(text: str) -> tuple:
    diagram, problems = parse(text)
    assert not [p for p in problems if p.error], problems
    return (diagram.title, diagram.acc_title, diagram.acc_descr, diagram.front_matter,
            [(s.name, [(t.name, t.score.strip(), t.actors) for t in s.tasks])
             for s in diagram.sections if s.tasks])


def _as_a_page_reads_it(text: str) -> str:
    """Mermaid's page script dedents and trims a diagram written indented inside HTML or a
    test's template literal; mermaid-cli (and cjm) read a file as it is."""
    return textwrap.dedent(text.replace("\r\n", "\n")).strip() + "\n"


def test_mermaids_own_diagrams_round_trip(tmp_path: Path) -> None:
    """Every diagram of Mermaid's docs, demos and tests (tests/data/mermaid/corpus, sources
    in its SOURCES.md) with tasks comes back from import → export with the same title,
    accessibility title and description, front matter, sections, tasks, scores and actors
    in their order; a score cjm cannot hold is reported (M002) and is the only change."""
    exported, checked = [], 0
    for path in MERMAIDS_OWN:
        text = _as_a_page_reads_it(path.read_text(encoding="utf-8"))
        imported = import_journey(text, path.name)
        if imported.text is None:
            assert [p.code for p in imported.problems] == ["M003"], path.name  # no tasks
            continue
        journey = load_text(imported.text).map
        assert journey is not None
        back = to_mermaid(journey).text
        off_scale = {p.pos.line for p in imported.problems if p.code == "M002"}
        before, after = _facts(text), _facts(back)
        if off_scale:  # the task keeps its name and actors; its score is drawn at 3
            after_tasks = [t for _, tasks in after[4] for t in tasks]
            assert [(name, actors) for name, _, actors in after_tasks] == [
                (name, actors) for _, tasks in before[4] for name, _, actors in tasks]
        else:
            assert after == before, path.name
        exported.append(back)
        checked += 1
    assert checked == 15
    if MMDC is not None:  # and the exports draw, every task named
        for svg, back in zip(render_with_mmdc(exported, tmp_path), exported, strict=True):
            drawn = svg_text(svg)
            assert all(task.name.split()[0] in drawn for section in parse(back)[0].sections
                       for task in section.tasks), back


def test_a_task_without_actors_stays_one() -> None:
    """Mermaid's parser test: `C task: 5` and `E task: 5:` are taken by no actor."""
    path = next(p for p in MERMAIDS_OWN if "task-definition" in p.name)
    journey = load_text(import_journey(path.read_text(), path.name).text or "").map
    assert journey is not None
    steps = {s.action.value: s for _, s in journey.steps() if s.action}
    assert [name for name, s in steps.items() if s.personas == ()] == [
        "C task", "E task", "P task", "Q task", "R task"]
    assert [t.value for t in steps["D task"].personas or ()] == ["charlie", "alice"]
    text = to_mermaid(journey).text
    assert "      C task: 5\n" in text and "      D task: 5: Charlie, Alice\n" in text


def test_front_matter_and_accessibility_title_survive_and_directives_are_named(
        tmp_path: Path) -> None:
    source = tmp_path / "day.mmd"
    source.write_text('---\ntitle: My day\nconfig:\n  journey:\n    maxLabelWidth: 320\n---\n'
                      '%%{init: {"theme": "dark"}}%%\njourney\n  accTitle: The day, briefly\n'
                      '  section A\n    Tea: 5: Me,  the  cat\n')
    result = run_cjm("import", str(source))
    assert result.stderr == (f"{source}:7:1: M004 directive `%%{{init: {{\"theme\": "
                             "\"dark\"}}%%` left out: cjm keeps a diagram's settings only as "
                             "front matter (`config:`)\n")
    assert result.stdout.endswith("mermaid:\n  acc_title: The day, briefly\n  front_matter: |\n"
                                  "    config:\n      journey:\n        maxLabelWidth: 320\n")
    assert "name: the  cat\n" in result.stdout  # a double space is the actor's own
    map_path = tmp_path / "day.yaml"
    map_path.write_text(result.stdout)
    assert run_cjm("lint", str(map_path)).returncode == 0
    exported = run_cjm("export", str(map_path), "--to", "mermaid").stdout
    assert exported == ("---\nconfig:\n  journey:\n    maxLabelWidth: 320\n---\njourney\n"
                        "    title My day\n    accTitle: The day, briefly\n    section A\n"
                        "      Tea: 5: Me, the  cat\n")


@pytest.mark.parametrize("score", ["NaN", "inf", "Infinity", "-Infinity", "1e400", "٣", "３",
                                   "1_0", "-0x3", "0x"])
def test_a_score_mermaid_would_not_read_as_a_number_is_a_finding(tmp_path: Path,
                                                                 score: str) -> None:
    source = tmp_path / "s.mmd"
    source.write_text(f"journey\n  section A\n    Tea: {score}: Me\n", encoding="utf-8")
    result = run_cjm("import", str(source))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr == (f"{source}:3:10: M002 score `{score}` of task `Tea` is not a "
                             "whole number from 1 to 5: the step is imported without emotion\n")


@pytest.mark.parametrize(("score", "emotion"), [("0x3", 3), (" 4 ", 4), ("5.", 5), (".5e1", 5),
                                                ("+2", 2), ("0b11", 3)])
def test_a_score_javascript_reads_as_a_number_is_read(score: str, emotion: int) -> None:
    imported = import_journey(f"journey\n  section A\n    Tea: {score}: Me\n", "s.mmd")
    assert imported.problems == [] and f"emotion: {emotion}\n" in (imported.text or "")


def test_a_utf16_diagram_with_a_bom_is_read_like_a_map(tmp_path: Path) -> None:
    source = tmp_path / "day.mmd"
    source.write_bytes("journey\n  section A\n    Thé: 5: Me\n".encode("utf-16"))
    result = run_cjm("import", str(source))
    assert result.returncode == 0 and "action: Thé\n" in result.stdout


def test_indented_front_matter_is_refused_as_mermaid_cli_refuses_it() -> None:
    indented = next(p for p in MERMAIDS_OWN if p.name.startswith("09-")).read_text()
    assert [(p.code, p.pos, p.message) for p in parse(indented)[1]] == [
        ("M001", (2, 7), "front matter must open with `---` at the start of the first line "
                         "(Mermaid refuses it indented or after blank lines)")]
