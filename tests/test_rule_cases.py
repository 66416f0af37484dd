"""Every rule against its cases in tests/rule_cases: exact lines, columns and messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cjm.lint.rules import RULES
from cjm.lint.run import lint_file, lint_library
from cjm.project.config import ConfigFinder

CASES_DIR = Path(__file__).parent / "rule_cases"
#: Rules whose input cannot be written as text in a cases file; tested in Python instead.
TESTED_IN_PYTHON = {"Y002", "Y007", "Y008",  # test_loader.py, test_hardening.py
                    "D001", "D002", "D003", "D004", "D005"}  # test_data.py


def _cases() -> list:
    """One pytest param per case: (rule code, case)."""
    params = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        spec = YAML(typ="safe").load(file)
        params += [pytest.param(spec["rule"], case, id=f"{file.stem}: {case['name']}")
                   for case in spec["cases"]]
    return params


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict, write_map, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A case's map is linted with the case's `config` (a .cjm.toml beside it), if any;
    its `files` (name → text) are written beside it first (e.g. a baseline map). A case's
    `library` is the repository's library file (library/shared.yaml); a case with a
    library and no map expects its findings in the library file."""
    for name, text in case.get("files", {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write_map(text, name)
    if "config" in case or "library" in case:
        write_map(case.get("config", ""), ".cjm.toml")
    if "library" in case:
        monkeypatch.chdir(tmp_path)  # findings name the library's files as seen from here
        (tmp_path / "library").mkdir(exist_ok=True)
        library = write_map(case["library"], "library/shared.yaml")
        if "map" not in case:
            found = [[finding.line, finding.column, finding.message]
                     for finding in lint_library(library) if finding.code == code]
            assert found == case["expect"]
            return
    path = write_map(case["map"])
    settings = ConfigFinder().for_map(path).settings_for(path)
    found = [[finding.line, finding.column, finding.message]
             for finding in lint_file(path, settings) if finding.code == code]
    assert found == case["expect"]


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    covered: dict[str, set[bool]] = {}
    for param in _cases():
        code, case = param.values
        covered.setdefault(code, set()).add(bool(case["expect"]))
    for code in RULES:
        if code not in TESTED_IN_PYTHON:
            assert covered.get(code) == {True, False}, f"{code} needs a failing and a passing case"


def test_cases_files_are_named_after_their_rule() -> None:
    for file in CASES_DIR.glob("*.yaml"):
        code, name = file.stem.split("-", 1)
        assert RULES[code].name == name
