"""`cjm lint` for CI: configuration, suppressions, output formats, exit policy, parallelism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from cjm.lint.findings import Severity
from cjm.lint.run import lint_paths
from tests.conftest import ROOT, run_cjm

SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

# Two warnings (J005 at 6:9, J013 at 1:1) and one error (J004 at 4:5).
MAP = """\
title: T
persona: {name: P}
phases:
  - name: Purchase
    steps:
      - {action: Pays, emotion: 4}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(report) -> list[tuple[str, int, str, str]]:  # type: ignore[no-untyped-def]
    return [(Path(f.path).name, f.line, f.code, f.severity.value) for f in report.findings]


# -- configuration -------------------------------------------------------------------------

def test_without_configuration_every_rule_runs(tmp_path: Path) -> None:
    write(tmp_path, "m.yaml", MAP)
    assert codes(lint_paths([tmp_path])) == [
        ("m.yaml", 1, "J013", "warning"), ("m.yaml", 4, "J004", "error"),
        ("m.yaml", 6, "J005", "warning")]


def test_ignore_and_severity_by_code_name_and_prefix(tmp_path: Path) -> None:
    write(tmp_path, "m.yaml", MAP)
    write(tmp_path, ".cjm.toml", 'ignore = ["no-pain-points"]\n'
                                 '[severity]\nJ00 = "warning"\nstep-without-touchpoints = "error"\n')
    assert codes(lint_paths([tmp_path])) == [
        ("m.yaml", 4, "J004", "warning"), ("m.yaml", 6, "J005", "error")]


def test_select_runs_only_the_named_rules(tmp_path: Path) -> None:
    write(tmp_path, "m.yaml", MAP)
    write(tmp_path, "cjm.toml", 'select = ["J005"]\n')
    assert codes(lint_paths([tmp_path])) == [("m.yaml", 6, "J005", "warning")]


def test_pyproject_tool_cjm_is_found_upward_and_overrides_apply_by_path(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.cjm]\nignore = ["J013"]\n'
                                      '[[tool.cjm.overrides]]\npaths = ["maps/drafts/*"]\n'
                                      'ignore = ["J004", "J005"]\n')
    write(tmp_path, "maps/final/m.yaml", MAP)
    write(tmp_path, "maps/drafts/deep/d.yaml", MAP)
    assert codes(lint_paths([tmp_path / "maps"])) == [
        ("m.yaml", 4, "J004", "error"), ("m.yaml", 6, "J005", "warning")]


def test_the_nearest_configuration_wins_and_config_flag_beats_both(tmp_path: Path) -> None:
    write(tmp_path, ".cjm.toml", 'ignore = ["J013"]\n')
    write(tmp_path, "team/.cjm.toml", 'ignore = ["J005"]\n')
    write(tmp_path, "team/m.yaml", MAP)
    assert [c[2] for c in codes(lint_paths([tmp_path / "team"]))] == ["J013", "J004"]
    other = write(tmp_path, "elsewhere.toml", 'select = ["J004"]\n')
    assert [c[2] for c in codes(lint_paths([tmp_path / "team"], config=other))] == ["J004"]


def test_required_framework_and_low_moment(tmp_path: Path) -> None:
    write(tmp_path, "m.yaml", MAP.replace("emotion: 4", "emotion: 3"))
    write(tmp_path, ".cjm.toml", 'framework = "five-phase"\nlow-moment = 3\nselect = ["J014", "J015"]\n')
    assert codes(lint_paths([tmp_path])) == [
        ("m.yaml", 1, "J015", "error"), ("m.yaml", 6, "J014", "warning")]


@pytest.mark.parametrize(("config", "message"), [
    ("ignore = [\"J999\"]\n", "`ignore` in the top level names no rule: `J999` (see cjm rules)"),
    ("colour = \"red\"\n", "unknown key `colour` in the top level; expected one of:"),
    ("[severity]\nJ004 = \"fatal\"\n", "severity of `J004` must be \"error\" or \"warning\""),
    ("framework = \"ten-phase\"\n", "unknown framework `ten-phase` in the top level"),
    ("low-moment = 9\n", "`low-moment` in the top level must be a whole number 1–5"),
    ("[[overrides]]\nignore = [\"J004\"]\n", "override 1 needs `paths`"),
    ("select = \n", "invalid TOML"),
])
def test_an_invalid_configuration_is_a_one_line_usage_error(config: str, message: str,
                                                            tmp_path: Path) -> None:
    write(tmp_path, "m.yaml", MAP)
    toml = write(tmp_path, ".cjm.toml", config)
    result = run_cjm("lint", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {toml}: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


# -- suppressions --------------------------------------------------------------------------

def test_suppression_comments_silence_their_line_the_next_line_or_the_file(tmp_path: Path) -> None:
    text = MAP.replace("  - name: Purchase", "  - name: Purchase  # cjm: disable=J004") \
        .replace("      - {action: Pays", "      # cjm: disable=step-without-touchpoints\n"
                                          "      - {action: Pays")
    write(tmp_path, "m.yaml", "# cjm: disable-file=J013\n" + text)
    assert codes(lint_paths([tmp_path])) == []


# -- output formats ------------------------------------------------------------------------

@pytest.fixture
def findings_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    write(folder, "a, b: 100%.yaml", MAP)
    write(folder, "clean.yaml", (ROOT / "samples" / "sally.yaml").read_text(encoding="utf-8"))
    return folder


def test_json_has_the_documented_shape(findings_dir: Path) -> None:
    result = run_cjm("lint", str(findings_dir), "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert set(document) == {"version", "tool", "files", "summary", "statistics", "findings"}
    assert (document["version"], document["files"]) == (1, 2)
    assert document["summary"] == {"errors": 1, "warnings": 2}
    assert document["statistics"] == {"J004": 1, "J005": 1, "J013": 1}
    assert document["findings"][1] == {
        "path": str(findings_dir / "a, b: 100%.yaml"), "line": 4, "column": 5, "code": "J004",
        "name": "phase-without-touchpoints", "severity": "error",
        "message": "phase `Purchase` has no touchpoints: none of its 1 step names one"}


def test_github_workflow_commands_escape_properties_and_data(findings_dir: Path) -> None:
    result = run_cjm("lint", str(findings_dir), "--format", "github")
    lines = result.stdout.splitlines()
    escaped = str(findings_dir / "a, b: 100%.yaml").replace("%", "%25").replace(
        ":", "%3A").replace(",", "%2C")
    assert lines[1] == (f"::error file={escaped},line=4,col=5,title=J004 phase-without-"
                        "touchpoints::phase `Purchase` has no touchpoints: none of its 1 step "
                        "names one")
    assert lines[0].startswith(f"::warning file={escaped},line=1,col=1,title=J013 ")
    assert len(lines) == 3


def test_github_format_is_chosen_automatically_inside_actions(findings_dir: Path) -> None:
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "ci"}
    result = subprocess.run([sys.executable, "-m", "cjm", "lint", str(findings_dir)],
                            capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert result.stdout.startswith("::warning file=")


@pytest.mark.skipif(not SARIF_SCHEMA.exists(), reason="shared/schemas is not beside the project")
def test_sarif_validates_against_the_official_schema(findings_dir: Path) -> None:
    result = run_cjm("lint", str(findings_dir), "--format", "sarif")
    document = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = list(Draft4Validator(schema).iter_errors(document))
    assert errors == []
    run = document["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["J013", "J004", "J005"]
    result_j004 = run["results"][1]
    assert run["tool"]["driver"]["rules"][result_j004["ruleIndex"]]["id"] == "J004"
    assert result_j004["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 5}
    again = json.loads(run_cjm("lint", str(findings_dir), "--format", "sarif").stdout)
    assert again["runs"][0]["results"] == run["results"]  # fingerprints are stable


def test_junit_is_xml_with_a_suite_per_file(findings_dir: Path) -> None:
    result = run_cjm("lint", str(findings_dir), "--format", "junit")
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "4", "1")
    suites = {suite.get("name"): suite for suite in root}
    failing = suites[str(findings_dir / "a, b: 100%.yaml")]
    assert [case.get("name") for case in failing] == [
        "J013 no-pain-points", "J004 phase-without-touchpoints", "J005 step-without-touchpoints"]
    assert failing[1].find("failure").get("message").startswith("phase `Purchase`")
    # warnings pass, saying so; only the error fails (a lint that exits 0 fails no test)
    assert [case.find("failure") is None for case in failing] == [True, False, True]
    assert failing[0].find("system-out").text.endswith("warning: the map lists no pain points")
    clean = suites[str(findings_dir / "clean.yaml")]
    assert [(case.get("name"), case.find("failure")) for case in clean] == [("cjm lint", None)]
    strict = ET.fromstring(run_cjm("lint", str(findings_dir), "--format", "junit",
                                   "--strict").stdout.split("\n", 1)[1])
    assert strict.get("failures") == "3"


def test_output_file_strict_quiet_statistics(findings_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run_cjm("lint", str(findings_dir), "-f", "json", "-o", str(target))
    assert json.loads(target.read_text())["summary"]["errors"] == 1
    assert result.stdout.strip() == "Found 1 error and 2 warnings in 1 of 2 files checked."
    clean = findings_dir / "clean.yaml"
    warn_only = write(tmp_path / "other", "w.yaml", MAP.replace("emotion: 4}", "emotion: 4, touchpoints: [x]}"))
    assert run_cjm("lint", str(warn_only)).returncode == 0
    assert run_cjm("lint", str(warn_only), "--strict").returncode == 1
    assert run_cjm("lint", str(clean), "--quiet").stdout == ""
    stats = run_cjm("lint", str(findings_dir), "--statistics").stdout.splitlines()
    assert stats[3:6] == ["     1  J004  phase-without-touchpoints",
                          "     1  J005  step-without-touchpoints", "     1  J013  no-pain-points"]


# -- many files ----------------------------------------------------------------------------

def test_500_maps_lint_in_parallel_in_a_stable_order(tmp_path: Path) -> None:
    for number in range(500):
        steps = "".join(f"      - {{id: s{number}-{k}, action: Step {k} of map {number}, "
                        f"touchpoints: [web], emotion: {1 + (number + k) % 5}}}\n"
                        for k in range(40))
        write(tmp_path, f"team-{number % 7}/map-{number:03d}.yaml",
              f"title: Map {number}\npersona: {{name: P}}\nphases:\n"
              f"  - name: Phase\n    steps:\n{steps}")
    report = lint_paths([tmp_path])
    assert report.jobs == len(os.sched_getaffinity(0)) and len(report.files) == 500
    assert [str(f) for f in report.files] == sorted(str(f) for f in report.files)

    def run(*options: str) -> tuple[str, int]:
        """The output, and the most worker processes the lint had at once (read from /proc
        while it runs: unlike a ratio of CPU to wall time, it holds on a busy machine)."""
        with (out / "lint.txt").open("w+b") as written:  # a pipe could fill and stall it
            process = subprocess.Popen([sys.executable, "-m", "cjm", "lint", str(tmp_path),
                                        *options], stdout=written, cwd=ROOT)
            most = 0
            while process.poll() is None:
                most = max(most, len(_children(process.pid)))
                time.sleep(0.01)
            written.seek(0)
            return written.read().decode(), most

    out = tmp_path.parent / f"{tmp_path.name}-out"
    out.mkdir()
    first, workers = run()
    alone, none = run("--jobs", "1")
    assert first == alone
    assert first.count("J013") == 500 and first.count("J014") > 0
    assert none == 0 and workers == len(os.sched_getaffinity(0))


def _children(pid: int) -> list[str]:
    try:
        return [child for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except OSError:
        return []


def test_severity_enum_values_are_the_documented_ones() -> None:
    assert [s.value for s in Severity] == ["error", "warning"]


def test_exclude_skips_files_found_in_folders_but_not_named_ones(tmp_path: Path) -> None:
    write(tmp_path, ".cjm.toml", 'exclude = ["docs/*", "*.github.yaml"]\n')
    write(tmp_path, "maps/m.yaml", MAP)
    other = write(tmp_path, "docs/mkdocs.yaml", "site_name: x\n")
    write(tmp_path, "maps/ci.github.yaml", "on: push\n")
    assert [Path(f).name for f in lint_paths([tmp_path]).files] == ["m.yaml"]
    assert [Path(f).name for f in lint_paths([other]).files] == ["mkdocs.yaml"]


def test_sarif_uris_are_percent_encoded_and_relative_to_the_source_root(tmp_path: Path) -> None:
    from jsonschema import FormatChecker

    (tmp_path / ".git").mkdir()  # the repository: %SRCROOT%
    write(tmp_path / "my maps", "sälly #1.yaml", MAP)
    elsewhere = tmp_path / "my maps"
    result = run_cjm("lint", ".", "--format", "sarif", cwd=elsewhere)
    run = json.loads(result.stdout)["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "my%20maps/s%C3%A4lly%20%231.yaml", "uriBaseId": "%SRCROOT%"}
    checker = FormatChecker()
    assert checker.conforms(location["uri"], "uri-reference")
    assert not checker.conforms("my maps/sälly #1.yaml#", "uri-reference")  # the check bites
    assert checker.conforms(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "uri")
    if SARIF_SCHEMA.exists():
        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        document = json.loads(result.stdout)
        assert list(Draft4Validator(schema, format_checker=checker).iter_errors(document)) == []


def test_fmt_check_annotates_the_files_it_would_reformat_in_github_actions(
        tmp_path: Path) -> None:
    path = tmp_path / "messy map.yaml"
    path.write_text("title: T\nphases:\n- name: A\n  steps: [{action: Go}]\n")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_WORKFLOW": "ci"}
    result = subprocess.run([sys.executable, "-m", "cjm", "fmt", "--check", str(path)],
                            capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert result.returncode == 1
    escaped = str(path).replace(":", "%3A").replace(",", "%2C")
    assert (f"::error file={escaped},title=cjm fmt::not in cjm's canonical layout: run cjm "
            f"fmt {path}") in result.stdout.splitlines()
