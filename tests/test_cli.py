"""The command line as a user meets it: output lines, exit codes, help, no tracebacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cjm import __version__
from cjm.lint.rules import RULES
from tests.conftest import SAMPLES, run_cjm

PHASE_WITHOUT_TOUCHPOINTS = """\
title: Checkout
persona: {name: Sam}
phases:
  - name: Consideration
    steps:
      - {action: Reads reviews, touchpoints: [reviews], emotion: 3, pains: [Too many]}
  - name: Purchase
    steps:
      - {action: Pays, emotion: 4}
"""

#: Malformed input → the code it must be reported with.
MALFORMED = {
    "syntax": ("title: T\npersona: name: P\n", "Y001"),
    "duplicate": ("title: T\ntitle: U\nphases: []\n", "Y004"),
    "wrong-type": ("title: T\nphases: {name: A}\n", "S001"),
    "unknown-key": ("title: T\nphasse: []\n", "S002"),
    "empty": ("", "Y003"),
    "top-level-list": ("- a\n- b\n", "S001"),
    "top-level-scalar": ("42\n", "S001"),
    "python-tag": ("title: !!python/object/apply:os.system [echo]\nphases: []\n", "Y005"),
    "billion-laughs": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(8)), "Y006"),
}


def test_lint_reports_path_line_col_code_message_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "checkout.yaml"
    path.write_text(PHASE_WITHOUT_TOUCHPOINTS, encoding="utf-8")
    result = run_cjm("lint", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{path}:7:5: J004 phase `Purchase` has no touchpoints: none of its 1 step names one",
        f'{path}:9:9: J005 step "Pays" names no touchpoints',
        "Found 1 error and 1 warning in 1 of 1 file checked.",
    ]
    assert "\x1b[" not in result.stdout  # piped output is plain


def test_lint_samples_is_clean() -> None:
    result = run_cjm("lint", "samples/")  # five maps, and Daniela's metrics beside hers
    assert (result.returncode, result.stdout.strip()) == (0, "No problems found (6 files checked).")


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("title: T\nphases: [{name: A, steps: [{action: One, touchpoints: [web]}]}]\n")
    result = run_cjm("lint", str(path))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "Found 0 errors and 3 warnings in 1 of 1 file checked."


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_input_is_a_finding_never_a_traceback(name: str, tmp_path: Path) -> None:
    text, code = MALFORMED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cjm("lint", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    found = re.findall(rf"^{re.escape(str(path))}:\d+:\d+: ([A-Z]\d{{3}}) ", result.stdout, re.MULTILINE)
    assert code in found


def test_a_folder_is_searched_for_yaml_files_skipping_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / "maps" / "nested").mkdir(parents=True)
    (tmp_path / ".github").mkdir()
    (tmp_path / "maps" / "nested" / "b.yml").write_text("title: [x]\n")
    (tmp_path / "maps" / "a.yaml").write_text("")
    (tmp_path / ".github" / "ci.yaml").write_text("on: push\n")
    (tmp_path / "notes.txt").write_text("not a map")
    result = run_cjm("lint", str(tmp_path))
    paths = [line.split(":")[0] for line in result.stdout.splitlines()[:-1]]
    assert sorted(set(paths)) == [str(tmp_path / "maps" / "a.yaml"),
                                  str(tmp_path / "maps" / "nested" / "b.yml")]
    assert result.stdout.splitlines()[-1].endswith("in 2 of 2 files checked.")


@pytest.mark.parametrize("args", [["lint", "no-such-file.yaml"], ["lint", "--no-such-flag", "samples"],
                                  ["lint"], ["no-such-command"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run_cjm(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_rules_lists_every_rule_once() -> None:
    result = run_cjm("rules")
    codes = [line.split()[0] for line in result.stdout.splitlines()]
    assert codes == list(RULES)
    assert result.stdout == run_cjm("lint", "--list-rules").stdout
    missing_phase = next(line for line in result.stdout.splitlines() if line.startswith("J007"))
    assert missing_phase.split()[1:3] == ["missing-phase", "error"]


def test_version_and_module_entry_point() -> None:
    result = run_cjm("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"cjm {__version__}")


def _commands() -> list[str]:
    from cjm.cli import app

    return [command.name or command.callback.__name__ for command in app.registered_commands]


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command: str) -> None:
    result = run_cjm(command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_lint_does_not_import_renderers() -> None:
    code = ("import sys; from cjm.cli import main; sys.argv = ['cjm', 'lint', 'samples'];\n"
            "try: main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('weasyprint', 'graphviz', 'jinja2') if m in sys.modules))")
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=SAMPLES.parent).stdout
    assert out.splitlines()[-1] == "[]"


@pytest.mark.parametrize(("args", "message"), [
    (["lint", "--no-such-flag", "samples"], "error: No such option: --no-such-flag (see cjm lint --help)"),
    (["render"], "error: Missing argument 'maps'. (see cjm render --help)"),
    (["lint", "samples/nope.yaml"],
     "error: Invalid value for 'paths': Path 'samples/nope.yaml' does not exist. (see cjm lint "
     "--help)"),
])
def test_the_parsers_own_errors_are_one_line_like_every_other(args: list[str],
                                                               message: str) -> None:
    result = run_cjm(*args)
    assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", "")


def test_a_plain_lint_takes_the_short_way_and_says_the_same(tmp_path: Path) -> None:
    """`cjm lint PATH...` (what hooks run) skips Typer, and prints what the full command
    line prints for the same lint (`--format auto` sends it the long way)."""
    import subprocess
    import sys

    broken = tmp_path / "m.yaml"
    broken.write_text("title: T\nphases:\n  - name: A\n    steps: [{action: Looks}]\n")
    for extra in ([], ["--strict"], ["-q"]):
        short = run_cjm("lint", str(broken), *extra)
        long = run_cjm("lint", str(broken), "--format", "auto", *extra)
        assert (short.returncode, short.stdout, short.stderr) == (
            long.returncode, long.stdout, long.stderr)
    code = ("import sys; from cjm.cli import main; sys.argv = ['cjm', 'lint', 'samples'];\n"
            "try: main()\nexcept SystemExit: pass\nprint('typer' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=SAMPLES.parent).stdout
    assert out.splitlines()[-1] == "False"
