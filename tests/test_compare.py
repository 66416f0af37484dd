"""cjm compare: the uplift from the current Sally map to the future one, in every format."""

from __future__ import annotations

import json
from pathlib import Path

from cjm.core.loader import load
from cjm.core.matching import baseline_scores
from cjm.views.compare import compare
from tests.conftest import SAMPLES, run_cjm

CURRENT, FUTURE = SAMPLES / "sally.yaml", SAMPLES / "sally-future.yaml"


def maps():
    current, future = load(CURRENT).map, load(FUTURE).map
    assert current is not None and future is not None
    return current, future


def test_per_step_and_per_phase_uplift_added_steps_and_pains() -> None:
    current, future = maps()
    result = compare(current, future, "now", "next")
    assert [(p.phase, p.before, p.after, p.delta) for p in result.phases] == [
        ("Awareness", 2.5, 3.0, 0.5), ("Consideration", 4.0, 5.0, 1.0),
        ("Comparison", 3.0, 4.0, 1.0), ("Decision", 4.0, 4.0, 0.0), ("Purchase", 4.0, 4.5, 0.5),
        ("Retention", 5.0, 5.0, 0.0), ("Advocacy", 5.0, 5.0, 0.0)]
    added = [(s.step, s.after) for s in result.steps if s.status == "added"]
    assert added == [("step `invites-team`", 4), ("step `sees-deadlines`", 5)]
    assert not [s for s in result.steps if s.status == "removed"]
    unaddressed = [(p.id, p.line) for p in result.pains if not p.addressed_by]
    assert unaddressed == [("hard-to-share", _line_of("id: hard-to-share"))]
    team = next(p for p in result.pains if p.id == "team-adoption")
    assert team.addressed_by == ("step `invites-team`",)
    assert [s.step for s in result.still_low] == ["step `realises-problem`"]
    assert result.newly_low == ()
    assert (result.before, result.after, result.delta) == (33 / 9, 47 / 11, 0.6)


def test_the_baseline_curve_follows_the_future_steps() -> None:
    current, future = maps()
    assert baseline_scores(current, future) == [2, 3, 4, 3, 3, 4, 4, None, None, 5, 5]


def test_text_report() -> None:
    result = run_cjm("compare", str(FUTURE))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Uplift from {CURRENT} to {FUTURE}"
    assert "emotion (mean): 3.67 → 4.27 (+0.6)" in lines
    assert "  Purchase       4 → 4.5 (+0.5)" in lines
    assert "  step `invites-team` (Purchase): – → 4  [added]" in lines
    assert ('  `hard-to-share` "No easy way to share her setup with other teams" '
            f"(step `recommends-to-colleagues`, line {_line_of('id: hard-to-share')}): "
            "NOT addressed") in lines
    assert "Pain points of the current map: 8 of 9 addressed" in lines
    assert "  step `realises-problem` (Awareness): 2 → 2 (±0)" in lines


def test_two_maps_given_explicitly_give_the_same_report() -> None:
    implicit = run_cjm("compare", "samples/sally-future.yaml")
    explicit = run_cjm("compare", "samples/sally.yaml", "samples/sally-future.yaml")
    assert implicit.stdout == explicit.stdout
    assert implicit.stdout.startswith(
        "Uplift from samples/sally.yaml to samples/sally-future.yaml\n")


def test_markdown_report_is_tables_for_a_pull_request() -> None:
    result = run_cjm("compare", "samples/sally-future.yaml", "--format", "markdown")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "### Journey uplift: `samples/sally.yaml` → `samples/sally-future.yaml`"
    assert lines[2] == ("Mean emotion **3.67 → 4.27 (+0.6)**; 8 of 9 pain points addressed; "
                        "low moments: 1 remain low, 0 new.")
    assert "| Awareness | 2.5 | 3 | +0.5 |" in lines
    assert "| step `sees-deadlines` *(added)* | Retention | – | 5 |  |" in lines
    assert ('| `hard-to-share` "No easy way to share her setup with other teams" | '
            "step `recommends-to-colleagues` | **not addressed** |") in lines


def test_json_report() -> None:
    result = run_cjm("compare", "samples/sally-future.yaml", "-f", "json")
    document = json.loads(result.stdout)
    assert document["emotion"] == {"before": 3.67, "after": 4.27, "delta": 0.6}
    assert document["phases"][4] == {"phase": "Purchase", "status": "kept", "before": 4.0,
                                     "after": 4.5, "delta": 0.5}
    unaddressed = [p["id"] for p in document["pains"] if not p["addressed"]]
    assert unaddressed == ["hard-to-share"]
    assert document["still_low"] == ["step `realises-problem`"]


def test_unreadable_maps_and_baselines_are_one_line_exit_2(tmp_path: Path) -> None:
    steps = "phases: [{name: A, steps: [{action: x}]}]\n"
    (tmp_path / "missing.yaml").write_text(f"title: F\nbaseline: nothere.yaml\n{steps}")
    (tmp_path / "broken.yaml").write_text("title: [\n")
    (tmp_path / "on-broken.yaml").write_text(f"title: F\nbaseline: broken.yaml\n{steps}")
    (tmp_path / "plain.yaml").write_text(f"title: F\n{steps}")
    cases = {
        ("missing.yaml",): "error: missing.yaml:2:11: baseline `nothere.yaml` does not exist "
                           "(the path is relative to this map's folder)",
        ("on-broken.yaml",): "error: on-broken.yaml:2:11: baseline `broken.yaml` is not a "
                             "readable map: broken.yaml:2:1: Y001 did not find expected node "
                             "content (while parsing a flow node)",
        ("broken.yaml", "plain.yaml"): "error: broken.yaml:2:1: Y001 did not find expected "
                                       "node content (while parsing a flow node)",
        ("plain.yaml",): "error: plain.yaml names no `baseline:`; use cjm compare CURRENT FUTURE",
        ("plain.yaml", "plain.yaml", "-f", "xml"): "error: unknown format `xml`; choose one "
                                                   "of: text, markdown, json",
    }
    for args, message in cases.items():
        result = run_cjm("compare", *args, cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n"), args


def _line_of(text: str) -> int:
    """The line of the current-state sample where `text` stands (1-based)."""
    lines = Path(CURRENT).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)
