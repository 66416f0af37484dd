"""`cjm diff`: hand-written before/after pairs give exactly the expected changes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cjm.core.loader import load_text
from cjm.views.diff import compare
from tests.conftest import ROOT, run_cjm

CASES = sorted((Path(__file__).parent / "diff_cases").glob("*.yaml"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_diff_case(path: Path) -> None:
    case = YAML(typ="safe").load(path)
    old, new = load_text(case["old"]).map, load_text(case["new"]).map
    assert [str(change) for change in compare(old, new)] == case["expect"]


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    case = YAML(typ="safe").load(CASES[0])
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(case["old"])
    new.write_text(case["new"])
    text = run_cjm("diff", str(old), str(new))
    assert (text.returncode, text.stdout.splitlines()) == (1, case["expect"])
    same = run_cjm("diff", str(old), str(old))
    assert (same.returncode, same.stdout) == (0, "No changes.\n")
    document = json.loads(run_cjm("diff", str(old), str(new), "--format", "json").stdout)
    assert document["equal"] is False
    assert document["changes"][0]["subject"] == "step `pay`"
    assert document["changes"][0]["details"][1] == "emotion 4 → 2 (-2)"
    markdown = run_cjm("diff", str(old), str(new), "-f", "markdown").stdout
    assert markdown.splitlines()[0] == f"### Journey map changes: `{new}`"
    assert "- **step `pay`**: action" in markdown


def test_a_broken_map_is_a_usage_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [x\n")
    result = run_cjm("diff", str(broken), "samples/sally.yaml")
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {broken}:2:1: Y001 ")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "T")
    (tmp_path / "maps").mkdir()
    sally = (ROOT / "samples" / "sally.yaml").read_text(encoding="utf-8")
    (tmp_path / "maps" / "sally.cjm.yaml").write_text(sally, encoding="utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "first")
    changed = sally.replace("        touchpoints: [reviews]\n        emotion: 4",
                            "        touchpoints: [reviews, website]\n        emotion: 2")
    (tmp_path / "maps" / "sally.cjm.yaml").write_text(changed, encoding="utf-8")
    git("commit", "-q", "-am", "second")
    return tmp_path


def test_diff_reads_revisions_from_git(repo: Path) -> None:
    expected = 'step `decides-to-try`: emotion 4 → 2 (-2); touchpoints +"website"'
    for args in (["HEAD~1", "HEAD", "--", "maps/sally.cjm.yaml"],
                 ["HEAD~1", "--", "maps/sally.cjm.yaml"],
                 ["HEAD~1:maps/sally.cjm.yaml"],
                 ["HEAD~1:maps/sally.cjm.yaml", "HEAD:maps/sally.cjm.yaml"]):
        result = run_cjm("diff", *args, cwd=repo)
        assert (result.returncode, result.stdout.strip()) == (1, expected), args
    missing = run_cjm("diff", "HEAD~5:maps/sally.cjm.yaml", cwd=repo)
    assert missing.returncode == 2 and missing.stderr.startswith("error: HEAD~5:maps/")


def _git_output(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.pager=cat", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


def test_git_install_makes_git_diff_and_log_show_outlines(repo: Path) -> None:
    raw = _git_output(repo, "diff", "HEAD~1", "HEAD")
    assert "+        emotion: 2" in raw  # plain YAML lines before the set-up
    result = run_cjm("git", "install", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert (repo / ".gitattributes").read_text() == "*.yaml diff=cjm\n*.yml diff=cjm\n"
    for output in (_git_output(repo, "diff", "HEAD~1", "HEAD"),  # noqa: B007
                   _git_output(repo, "log", "-p", "-1")):
        lines = output.splitlines()
        assert "-    emotion: 4" in lines and "+    emotion: 2" in lines
        assert "-    touchpoints: reviews" in lines and "+    touchpoints: reviews, website" in lines
        hunk = next(line for line in lines if line.startswith("@@"))
        assert hunk.split("@@")[-1].startswith(" step ")  # the hunk header names a step
    narrow = _git_output(repo, "diff", "-U0", "HEAD~1", "HEAD")
    assert "@@ step decides-to-try: Decides the product is worth a try" in narrow
    assert run_cjm("git", "install", cwd=repo).returncode == 0  # idempotent
    assert (repo / ".gitattributes").read_text().count("diff=cjm") == 2
    assert run_cjm("git", "uninstall", cwd=repo).returncode == 0
    assert (repo / ".gitattributes").read_text() == ""
    assert "+        emotion: 2" in _git_output(repo, "diff", "HEAD~1", "HEAD")


def test_show_falls_back_to_the_file_for_broken_yaml(tmp_path: Path) -> None:
    broken = tmp_path / "x.cjm.yaml"
    broken.write_text("title: [unclosed\n")
    assert run_cjm("show", str(broken)).stdout == "title: [unclosed\n"


def test_show_outlines_baseline_pain_ids_and_addresses(tmp_path: Path) -> None:
    path = tmp_path / "future.yaml"
    path.write_text("title: T\nbaseline: now.yaml\nphases:\n  - name: Buy\n    steps:\n"
                    "      - id: pay\n        action: Pays\n        pains: [Queue, {id: slow, "
                    "text: Takes long}]\n        addresses: [lost, late]\n")
    assert run_cjm("show", str(path)).stdout == (
        "map: T\nbaseline: now.yaml\nphase 1: Buy\n  step pay: Pays\n    pain: Queue\n"
        "    pain slow: Takes long\n    addresses: lost, late\n")


def test_a_step_moved_within_its_phase_is_a_change(tmp_path: Path) -> None:
    before = tmp_path / "before.yaml"
    after = tmp_path / "after.yaml"
    steps = ["{id: one, action: One}", "{id: two, action: Two}", "{id: three, action: Three}"]
    text = "title: T\nphases:\n  - name: A\n    steps:\n"
    before.write_text(text + "".join(f"      - {step}\n" for step in steps))
    after.write_text(text + "".join(f"      - {step}\n" for step in (steps[2], steps[0],
                                                                      steps[1])))
    result = run_cjm("diff", str(before), str(after))
    assert (result.returncode, result.stdout) == (
        1, 'step `three`: moved from position 3 to 1 in "A"\n')
