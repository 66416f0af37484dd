"""`cjm fmt`: canonical layout, every comment and value kept, idempotent, never destructive."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cjm.core.comments import comments_in
from cjm.fmt.canonical import _comments, format_text
from tests.conftest import PEERS, ROOT, SAMPLES, run_cjm

FILES = sorted([*SAMPLES.glob("*.yaml"), *(ROOT / "templates").glob("*.yaml"),
                *([PEERS / "journey-50.yaml"] if PEERS.is_dir() else [])])

MESSY = """\
# Checkout journey
phases:
- steps:
  - {emotion: 2, action: "Pays", touchpoints: ["shop", 'app'], pains: [slow]}   # ouch
  name: Purchase
persona: {role: "Buyer", name: Sam}
title: "Checkout"
touchpoints:
- id: shop
  name: Shop
- {id: app, name: "App"}
"""

CANONICAL = """\
# Checkout journey
title: Checkout
persona:
  name: Sam
  role: Buyer
touchpoints:
  - {id: shop, name: Shop}
  - {id: app, name: App}
phases:
  - name: Purchase
    steps:
      - {action: Pays, touchpoints: [shop, app], emotion: 2, pains: [slow]}     # ouch
"""


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_samples_and_templates_keep_every_comment_and_value_and_are_idempotent(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    once = format_text(original)
    assert sorted(_comments(once)) == sorted(_comments(original))
    safe = YAML(typ="safe")
    assert safe.load(once) == safe.load(original)
    assert format_text(once) == once


def test_the_repository_is_formatted() -> None:
    result = run_cjm("fmt", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_a_messy_map_gets_the_canonical_layout() -> None:
    """Keys in the format's order, block style, catalogue entries on one line; the step
    with a comment after it keeps its (flow) style so that the comment stays on its line."""
    formatted = format_text(MESSY)
    assert formatted == CANONICAL
    assert format_text(formatted) == formatted
    plain = format_text(MESSY.replace("   # ouch", ""))
    assert "      - action: Pays\n        touchpoints: [shop, app]\n        emotion: 2\n" \
           "        pains:\n          - slow\n" in plain


def test_comments_between_keys_keep_their_keys_order() -> None:
    text = "# top\ntitle: T\n# about the phases\nphases: []\n# about the persona\npersona: {name: P}\n"
    formatted = format_text(text)
    assert formatted.index("# about the phases") < formatted.index("phases:")
    assert formatted.index("# about the persona") < formatted.index("persona:")


def test_check_lists_files_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MESSY)
    result = run_cjm("fmt", "--check", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"would reformat {path}",
                                          "1 file would be reformatted, 0 left unchanged."]
    assert path.read_text() == MESSY


def test_diff_shows_the_change_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MESSY)
    result = run_cjm("fmt", "--diff", str(path))
    assert result.returncode == 1
    assert f"--- {path} (original)" in result.stdout
    assert "+title: Checkout" in result.stdout and '-title: "Checkout"' in result.stdout
    assert path.read_text() == MESSY


def test_fmt_writes_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MESSY)
    assert run_cjm("fmt", str(path)).stdout.splitlines() == [
        f"reformatted {path}", "1 file reformatted, 0 left unchanged."]
    first = path.read_text()
    assert run_cjm("fmt", str(path)).stdout.splitlines() == [
        "0 files reformatted, 1 left unchanged."]
    assert path.read_text() == first


@pytest.mark.parametrize(("content", "message"), [
    (b"title: T\nphases: [a\n", ":3:1: Y001 "),
    (b"title: T\ntitle: U\nphases: []\n", ":2:1: Y004 duplicate key `title`"),
    (b"title: Caf\xe9\n", ":1:11: not formatted: file is not valid UTF-8"),
    (b"title: !!python/object/apply:os.system [x]\nphases: []\n", ":1:8: Y005 "),
])
def test_a_file_that_does_not_parse_is_left_byte_identical(content: bytes, message: str,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    result = run_cjm("fmt", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {path}{message}")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]


def test_future_map_fields_take_their_canonical_places() -> None:
    messy = ("phases:\n- steps:\n  - addresses:\n    - slow\n    - lost\n"
             "    pains:\n    - {text: Queue, id: queue}\n    action: Pays\n  name: Buy\n"
             "baseline: now.yaml\nstate: future\ntitle: T\n")
    assert format_text(messy) == (
        "title: T\nstate: future\nbaseline: now.yaml\nphases:\n  - name: Buy\n    steps:\n"
        "      - action: Pays\n        pains:\n          - id: queue\n            text: Queue\n"
        "        addresses: [slow, lost]\n")


def test_the_repository_says_which_files_are_maps() -> None:
    """`[tool.cjm] maps` in pyproject.toml: samples and templates, not the test data; the
    example journey repository says for itself (its .cjm.toml), its library files not."""
    from cjm.project.discover import map_files

    found = {path.relative_to(ROOT).parent.as_posix() for path in map_files([ROOT])}
    assert found == {"samples", "templates", "examples/journeys/maps"}


def _keys(text: str, indent: str = "") -> list[str]:
    return [line[len(indent):].split(":")[0] for line in text.splitlines()
            if line.startswith(indent) and line[len(indent):][:1].isalpha()]


def test_key_order_does_not_depend_on_blank_lines() -> None:
    """The same keys get the same order, whether blank lines separate them or not; each
    key's comment travels with it."""
    packed = ("phases:\n  - steps:\n      - emotion: 3\n        action: Looks\n"
              "      - emotion: 2\n        action: Buys\n    name: Buy\n"
              "lang: en\n# who\npersona: {name: P}\ntitle: T\n")
    spaced = packed.replace("\n      - emotion: 2", "\n\n      - emotion: 2").replace(
        "\nlang", "\n\nlang").replace("\n# who", "\n\n# who").replace("\ntitle", "\n\ntitle")
    for text in (packed, spaced):
        formatted = format_text(text)
        assert _keys(formatted) == ["title", "lang", "persona", "phases"], formatted
        assert formatted.index("# who\npersona:") > formatted.index("lang:")
        assert "  - name: Buy\n    steps:\n      - action: Looks\n        emotion: 3\n" \
               in formatted
        assert "      - action: Buys\n        emotion: 2\n" in formatted
        assert format_text(formatted) == formatted
    assert format_text(packed) == format_text(spaced).replace("\n\n", "\n")


def test_a_comment_above_a_key_that_moves_to_the_front_goes_above_the_dash() -> None:
    text = "title: T\nphases:\n  - name: A\n    steps:\n      - emotion: 2\n" \
           "        # the first thing they do\n        action: Looks\n"
    assert format_text(text).endswith(
        "    steps:\n      # the first thing they do\n      - action: Looks\n        emotion: 2\n")


TOP = {"title": "title: T\n", "lang": "lang: en\n", "persona": "persona:\n  name: P\n",
       "phases": "phases:\n  - name: A\n    steps:\n      - {step}\n"}
STEP = {"action": "action: Looks", "emotion": "emotion: 3", "pains": "pains:\n{i}  - slow"}


@given(top=st.permutations(list(TOP)), step=st.permutations(list(STEP)),
       gaps=st.lists(st.sampled_from(["", "\n", "# note\n", "\n# note\n"]), min_size=8,
                     max_size=8))
def test_any_key_order_with_any_gaps_gets_the_one_layout(top: list[str], step: list[str],
                                                          gaps: list[str]) -> None:
    indent = " " * 8
    step_text = f"\n{indent}".join(
        STEP[key].format(i=indent) + ("\n" + indent + gaps[4 + n].strip("\n")
                                      if gaps[4 + n].strip() else "")
        for n, key in enumerate(step))
    text = "".join(gaps[n] + TOP[key].format(step=step_text) for n, key in enumerate(top))
    formatted = format_text(text)
    assert _keys(formatted) == ["title", "lang", "persona", "phases"], (text, formatted)
    assert _keys(formatted, " " * 8) + [formatted.split("      - ")[1].split(":")[0]] == \
        ["emotion", "pains", "action"], (text, formatted)
    assert format_text(formatted) == formatted
    assert formatted.count("# note") == text.count("# note")


def test_comments_are_told_from_hashes_inside_values() -> None:
    text = ("a: |  # on the indicator's line\n  x # text\n  # text too\n# alone\n"
            "b: \"q # text\"  # after\nc: [1, #in a flow\n  2]\nd: x#y\n")
    assert [(c.line, c.column, c.text, c.alone) for c in comments_in(text) or ()] == [
        (1, 7, "# on the indicator's line", False), (4, 1, "# alone", True),
        (5, 16, "# after", False), (6, 8, "#in a flow", False)]
    assert comments_in("a: [  # never closed\n") is None
