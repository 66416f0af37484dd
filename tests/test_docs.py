"""Docs that the tests keep true."""

from __future__ import annotations

import re

from cjm.core import frameworks
from cjm.lint.rules import RULES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


def test_readme_lists_every_rule_with_its_name_and_severity() -> None:
    rows = re.findall(r"^\| ([YSJDC]\d{3}) \| ([a-z-]+) \| (error|warning) \|", README, re.MULTILINE)
    assert rows == [(rule.code, rule.name, rule.severity.value) for rule in RULES.values()]


def test_format_doc_lists_every_framework_with_its_phases() -> None:
    for framework in frameworks.FRAMEWORKS.values():
        row = next(line for line in FORMAT.splitlines() if line.startswith(f"| `{framework.id}`"))
        for lang in ("en", "nl"):
            assert ", ".join(phase.names[lang] for phase in framework.phases) in row


def test_ci_runs_the_readme_test_command() -> None:
    assert "bash scripts/test" in README
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("bash scripts/test")


def test_pre_commit_manifest_has_the_required_keys() -> None:
    from ruamel.yaml import YAML

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in hooks] == ["cjm-fmt", "cjm-lint"]
    for hook, verb in zip(hooks, ("fmt", "lint"), strict=True):
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["entry"].split() == ["cjm", verb, "--only-maps"]
        assert hook["language"] == "python"
        assert re.search(hook["files"], "samples/sally.yaml")


def test_the_readme_compare_example_is_what_cjm_prints() -> None:
    from tests.conftest import run_cjm

    block = README.split("$ cjm compare samples/sally-future.yaml", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines()[1:] if line.strip() not in ("", "…")]
    printed = run_cjm("compare", "samples/sally-future.yaml").stdout.splitlines()
    assert shown and all(line in printed for line in shown)
