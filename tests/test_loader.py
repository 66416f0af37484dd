"""The loader: positions in the model, encodings, unreadable files, safe loading."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from cjm.core.loader import load
from cjm.core.source import Position
from cjm.lint.run import lint_file
from tests.conftest import PEERS, SAMPLES


def codes_at(path: Path) -> list[tuple[int, int, str]]:
    return [(finding.line, finding.column, finding.code) for finding in lint_file(path)]


def test_every_value_knows_its_position() -> None:
    journey = load(Path(__file__).parent / "data" / "v1" / "sally.yaml").map
    assert journey is not None
    assert journey.title.value == "Sally chooses task-management software"
    assert journey.title.pos == Position(5, 8)
    phase = journey.phases[2]
    assert (phase.name.value, phase.pos) == ("Comparison", Position(88, 5))
    step = phase.steps[1]
    assert (step.id.value, step.pos) == ("reads-reviews", Position(104, 9))
    assert [(t.value, t.pos) for t in step.touchpoints] == [
        ("reviews", Position(106, 23)), ("blog", Position(106, 32))]
    assert (step.emotion.value, step.emotion.pos) == (3, Position(107, 18))
    assert journey.persona.goals[1].pos == Position(22, 7)
    assert journey.touchpoints[0].id.value == "word-of-mouth"


def test_pain_points_as_text_or_records_with_an_id_and_addresses(write_map) -> None:
    journey = load(write_map(
        "title: T\nbaseline: old.yaml\nphases:\n  - name: A\n    steps:\n"
        "      - action: Waits\n        pains: [Plain, {id: slow, text: Takes a week}, ~]\n"
        "        addresses: [late, lost]\n      - action: Sighs\n        pains: Just one\n")).map
    first, second = (step for _, step in journey.steps())
    assert [(p.id and p.id.value, p.text.value, p.pos) for p in first.pains] == [
        (None, "Plain", Position(7, 17)), ("slow", "Takes a week", Position(7, 24))]
    assert first.pains[1].id.pos == Position(7, 29)
    assert [(a.value, a.pos) for a in first.addresses] == [
        ("late", Position(8, 21)), ("lost", Position(8, 27))]
    assert [p.text.value for p in second.pains] == ["Just one"]
    assert (journey.baseline.value, journey.baseline.pos) == ("old.yaml", Position(2, 11))


def test_opportunities_as_text_or_records() -> None:
    journey = load(SAMPLES / "sally.yaml").map
    first, second = (step for _, step in list(journey.steps())[:2])
    assert (first.opportunities[0].owner.value, first.opportunities[0].priority.value) == (
        "Content", "medium")
    assert second.opportunities[0].text.value.startswith("Run a")
    assert second.opportunities[0].owner is None


def test_merge_keys_apply_and_explicit_keys_win(write_map) -> None:
    path = write_map("title: T\nbase: &b {touchpoints: [web], emotion: 2}\nphases:\n"
                     "  - name: A\n    steps:\n      - {<<: *b, action: One, emotion: 4}\n")
    step = load(path).map.phases[0].steps[0]
    assert [t.value for t in step.touchpoints] == ["web"]
    assert step.emotion.value == 4


@pytest.mark.parametrize("name", ["sally.yaml", "daniela-kinderwagen.yaml"])
def test_samples_lint_clean(name: str) -> None:
    assert lint_file(SAMPLES / name) == []


@pytest.mark.skipif(not PEERS.is_dir(), reason="shared/peers is not beside the project")
@pytest.mark.parametrize("name", ["journey-50.yaml", "journey-2000.yaml"])
def test_benchmark_inputs_are_valid_maps(name: str) -> None:
    findings = lint_file(PEERS / name)
    assert [finding.code for finding in findings] == ["J013"]  # they have no pains: a warning
    journey = load(PEERS / name).map
    assert sum(1 for _ in journey.steps()) == int(name.split("-")[1].split(".")[0])


def test_non_utf8_bytes_are_a_finding_at_their_position(write_map) -> None:
    path = write_map("title: Caf\xe9\nphases: []\n".encode("latin-1"))
    [finding] = lint_file(path)
    assert (finding.line, finding.column, finding.code) == (1, 11, "Y002")
    assert finding.message == "file is not valid UTF-8: byte 0xe9 cannot be decoded"


def test_utf16_with_bom_and_utf8_bom_are_read(write_map) -> None:
    text = "title: Oriëntatie\npersona: {name: P}\nphases: [{name: A, steps: " \
           "[{action: Één, touchpoints: [web], emotion: 3, pains: [x]}]}]\n"
    for data in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
                 codecs.BOM_UTF8 + text.encode("utf-8")):
        path = write_map(data)
        assert lint_file(path) == []
        assert load(path).map.title.value == "Oriëntatie"


def test_a_control_character_is_a_finding(write_map) -> None:
    path = write_map("title: T\npersona: {name: \x07P}\n")
    assert codes_at(path) == [(2, 17, "Y002")]


def test_an_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.yaml"
    folder.mkdir()
    [finding] = lint_file(folder)
    assert (finding.code, finding.line, finding.column) == ("Y007", 1, 1)
    assert finding.message.startswith("cannot read file: ")


def test_a_readable_file_is_not_unreadable(write_map) -> None:
    path = write_map("title: T\npersona: {name: P}\nphases: [{name: A, steps: "
                     "[{action: One, touchpoints: [web], emotion: 3, pains: [x]}]}]\n")
    assert codes_at(path) == []


def test_python_tags_construct_nothing(write_map, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write_map(f"title: !!python/object/apply:os.system ['touch {marker}']\nphases: []\n")
    assert ("Y005" in {code for _, _, code in codes_at(path)})
    assert not marker.exists()


def test_deep_nesting_is_a_type_finding_not_a_crash(write_map) -> None:
    path = write_map("title: T\npersona: {name: P}\nphases: " + "[" * 3000 + "]" * 3000 + "\n")
    assert codes_at(path) == [(3, 10, "S001")]
