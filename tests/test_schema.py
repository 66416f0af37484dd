"""`cjm schema`: generated from the format, and an independent validator agrees with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from cjm.core import spec as mapspec
from cjm.core.schema import schema
from cjm.lint.run import lint_file
from tests.conftest import PEERS, ROOT, SAMPLES, run_cjm

VALIDATOR = Draft202012Validator(schema())
MAPS = sorted([*SAMPLES.glob("*.yaml"), *(ROOT / "templates").glob("*.yaml"),
               *([PEERS / "journey-50.yaml"] if PEERS.is_dir() else [])])


def yaml_data(text: str) -> object:
    return YAML(typ="safe").load(text)


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_every_sample_and_template_validates(path: Path) -> None:
    errors = list(VALIDATOR.iter_errors(yaml_data(path.read_text(encoding="utf-8"))))
    assert errors == []


def test_every_field_of_the_format_is_in_the_schema() -> None:
    generated = schema()
    definitions = generated["$defs"]
    for record in (mapspec.PERSONA, mapspec.PHASE, mapspec.STEP, mapspec.OPPORTUNITY, mapspec.TOUCHPOINT):
        properties = definitions[record.title]["properties"]
        assert list(properties) == list(record.fields)
        assert definitions[record.title]["required"] == list(record.required)
    assert list(generated["properties"]) == list(mapspec.MAP.fields)


@pytest.mark.parametrize(("text", "code"), [
    ("title: T\nphases: [{name: A, steps: [{action: x, emotion: happy}]}]\n", "S001"),
    ("title: T\nphases: [{name: A, stesp: []}]\n", "S002"),
    ("phases: [{name: A, steps: [{action: x}]}]\n", "S003"),
    ("title: T\nlang: de\nphases: [{name: A, steps: [{action: x}]}]\n", "S004"),
    ("title: T\nphases: [{name: A, steps: [{action: x, emotion: 9}]}]\n", "J001"),
])
def test_what_the_loader_rejects_the_schema_rejects(text: str, code: str, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    assert code in {finding.code for finding in lint_file(path)}
    assert list(VALIDATOR.iter_errors(yaml_data(text)))


def test_cli_prints_or_writes_the_schema(tmp_path: Path) -> None:
    printed = run_cjm("schema")
    assert printed.returncode == 0 and json.loads(printed.stdout) == schema()
    out = tmp_path / "cjm.schema.json"
    assert run_cjm("schema", "-o", str(out)).returncode == 0
    assert out.read_text() == printed.stdout


def test_new_maps_get_a_modeline_to_the_nearest_schema_file(tmp_path: Path) -> None:
    run_cjm("schema", "-o", str(tmp_path / "cjm.schema.json"))
    target = tmp_path / "maps" / "team" / "sam.yaml"
    assert run_cjm("new", str(target), "--yes").returncode == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../cjm.schema.json"
    assert lint_file(target) == []


def test_without_a_schema_file_no_modeline(tmp_path: Path) -> None:
    target = tmp_path / "sam.yaml"
    assert run_cjm("new", str(target), "--yes").returncode == 0
    assert not target.read_text(encoding="utf-8").startswith("# yaml-language-server")
