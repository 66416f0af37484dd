"""Bad input is a finding, never a traceback or a hang; nothing a user wrote is lost; map
text reaches no file and no network. Property-based (hypothesis) and by example.

Profiles: `ci` (the default, bounded so that CI stays quick) and `long`, for a local hunt:
`HYPOTHESIS_PROFILE=long bash scripts/test tests/test_hardening.py`.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cjm.core.errors import CjmError
from cjm.core.loader import load, load_text
from cjm.fmt.canonical import NotFormatted, format_text
from cjm.lint.run import lint_file
from cjm.project import write
from cjm.views import diff
from cjm.views.outline import outline
from tests.conftest import ROOT, SAMPLES, run_cjm, run_process

settings.register_profile("ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# -- what the fuzzer writes -------------------------------------------------------------------

HOSTILE_TEXTS = [
    "<script>alert(1)</script>", "url(file:///etc/passwd)", "@import 'http://evil.test/x.css';",
    "<img src=http://evil.test/x.png>", "<link rel=stylesheet href=http://evil.test/a.css>",
    '<svg><image href="file:///etc/passwd"/></svg>', "]]> --> <!-- ", "{{ 7*7 }} {% if %}",
    "\\N \\l \\r", "a\u202eb", "\u200b", "e\u0301", "𝕮𝖏𝖒 🧭", "%%{init}%%", "title x: y # z; w",
]
text = st.one_of(st.sampled_from(HOSTILE_TEXTS),
                 st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
                 st.text(min_size=200, max_size=3000))
scalar = st.one_of(text, st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                   st.booleans(), st.none())
anything = st.recursive(scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)), max_leaves=12)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """The right kind of value, or any value at all (wrong types everywhere)."""
    return st.one_of(strategy, strategy, anything)


step = st.fixed_dictionaries({"action": maybe(text)}, optional={
    "id": maybe(text), "touchpoints": maybe(st.lists(text, max_size=3)),
    "emotion": maybe(st.one_of(st.integers(-3, 9), st.dictionaries(
        st.sampled_from(["a", "b", "zz"]), st.integers(0, 6), max_size=3))),
    "thoughts": maybe(text), "pains": maybe(st.lists(text, max_size=3)),
    "opportunities": maybe(st.lists(st.one_of(text, st.fixed_dictionaries(
        {"text": text}, optional={"owner": text, "priority": st.sampled_from(
            ["low", "high", "urgent"])})), max_size=2)),
    "personas": maybe(st.lists(st.sampled_from(["a", "b", "zz"]), max_size=2)),
    "metrics": maybe(st.dictionaries(st.sampled_from(
        ["reached", "conversion", "csat", "nps", "time", "x"]), scalar, max_size=3)),
})
phase = st.fixed_dictionaries({"name": maybe(text), "steps": maybe(st.lists(step, max_size=4))})
journey = st.fixed_dictionaries({"title": maybe(text), "phases": maybe(st.lists(
    phase, max_size=4))}, optional={
    "persona": maybe(st.fixed_dictionaries({"name": text})),
    "personas": maybe(st.lists(st.fixed_dictionaries({"id": st.sampled_from(["a", "b"]),
                                                      "name": text}), max_size=3)),
    "lang": maybe(st.sampled_from(["en", "nl", "de"])), "scenario": maybe(text),
    "state": maybe(st.sampled_from(["current", "future"])), "extra": anything,
})
#: YAML that no plain dump writes: tags, merge keys, aliases, flow oddities.
TRICKS = [
    "", "x: !!binary aGVsbG8=\n", "x: !!set {a, b}\n", "x: !!timestamp 2026-11-30\n",
    "x: !!omap [{a: 1}]\n", "base: &b {name: B, steps: [{action: a}]}\nmore: {<<: *b}\n",
    "x: &a [1, 2]\ny: [*a, *a, *a]\n", "x: !python/object:os.system ls\n", "? [a, b]\n: c\n",
    "x: " + "[" * 300 + "]" * 300 + "\n",
]


def dump(data: object) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(data, out)
    return out.getvalue()


@given(journey, st.sampled_from(TRICKS), st.sampled_from(["", "# cjm: disable=J005\n",
                                                         "# a comment\n"]))
def test_every_command_takes_any_map_without_a_traceback(tmp_path: Path, data: dict,
                                                         trick: str, comment: str) -> None:
    source = comment + dump(data) + trick
    path = tmp_path / "map.yaml"
    path.write_text(source, encoding="utf-8")
    lint_file(path)  # findings, whatever the input
    result = load(path)
    if result.map is not None:
        outline(result.map)
        diff.compare(result.map, result.map)
    try:
        formatted = format_text(source)
    except NotFormatted:
        pass
    else:
        assert format_text(formatted) == formatted  # fmt twice is fmt once
        assert YAML(typ="safe", pure=True).load(formatted) == YAML(typ="safe", pure=True).load(
            source)


@settings(max_examples=int(os.environ.get("CJM_FUZZ_RENDERS", "12")))
@given(journey)
def test_any_loadable_map_renders_to_svg_and_html(tmp_path: Path, data: dict) -> None:
    from cjm.render import RenderOptions, load_for_render, render_bytes

    path = tmp_path / "map.yaml"
    path.write_text(dump(data), encoding="utf-8")
    try:
        loaded = load_for_render(path)
    except CjmError:
        return  # broken structure: not rendered, said in one line
    for fmt in ("svg", "html"):
        assert render_bytes(loaded, fmt, RenderOptions()).strip()


def test_hostile_text_in_every_field_renders_to_pdf_and_fetches_nothing(tmp_path: Path,
                                                                         monkeypatch) -> None:
    from cjm.render import pdf, weasy

    asked: list[str] = []
    original = weasy.theme_only_fetcher

    def recording(roots):
        fetcher = original(roots)
        fetch = fetcher.fetch

        def noting(url, headers=None):
            if "theme" not in url:
                asked.append(url)
            return fetch(url, headers)

        fetcher.fetch = noting
        return fetcher

    monkeypatch.setattr(weasy, "theme_only_fetcher", recording)
    hostile = " ".join(HOSTILE_TEXTS[:6])
    journey = load_text(dump({
        "title": hostile, "scenario": hostile, "persona": {"name": hostile, "quote": hostile},
        "phases": [{"name": hostile, "steps": [{
            "action": hostile, "touchpoints": [hostile], "emotion": 1, "thoughts": hostile,
            "pains": [hostile], "expectations": [hostile],
            "opportunities": [{"text": hostile, "owner": hostile}]}]}]}), "h.yaml").map
    assert journey is not None
    from cjm.render.poster import Paper

    data = pdf.render_pdf(journey, Paper("A4", "portrait"))
    assert asked == [] and data.startswith(b"%PDF")
    from tests.test_render_pdf import pdf_text

    assert "root:x:0:0" not in pdf_text(data)


# -- limits ---------------------------------------------------------------------------------

def write_huge(path: Path, megabytes: int) -> None:
    step = "      - {action: Does a thing, touchpoints: [web], emotion: 3}\n"
    with path.open("w") as file:
        file.write("title: Big\nphases:\n  - name: A\n    steps:\n")
        file.write(step * (megabytes * 1024 * 1024 // len(step)))


@pytest.mark.parametrize(("name", "make", "code"), [
    ("huge.yaml", lambda p: write_huge(p, 50), "Y008"),
    ("scalar.yaml", lambda p: p.write_text("title: " + "x" * 20_000_000 + "\n"), "Y008"),
    ("aliases.yaml", lambda p: p.write_text(
        "title: T\na: &a [x]\n" + "".join(f"k{i}: *a\n" for i in range(100_000))), "Y006"),
    ("deep.yaml", lambda p: p.write_text("title: " + "[" * 10_000 + "]" * 10_000 + "\n"),
     "S001"),
])
def test_resource_limits_end_in_a_finding(tmp_path: Path, name: str, make, code: str) -> None:
    path = tmp_path / name
    make(path)
    for command in (["lint"], ["fmt", "--check"], ["show"], ["render", "-o",
                                                             str(tmp_path / "x.svg")]):
        # a process of its own: its timeout catches a hang, and the stack is a user's
        result = run_process(*command, str(path))
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        assert result.returncode in (0, 1, 2)
    assert f" {code} " in run_cjm("lint", str(path)).stdout


# -- faults -----------------------------------------------------------------------------------

def test_inputs_that_are_not_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for path in (fifo, Path("/dev/zero")):
        for command in (["lint"], ["fmt", "--check"], ["show"], ["render", "-o",
                                                                 str(tmp_path / "x.svg")]):
            result = run_cjm(*command, str(path))
            assert result.returncode in (1, 2) and "Traceback" not in result.stderr
            assert "not a regular file" in result.stdout + result.stderr
    result = run_cjm("lint", str(loop))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    assert run_cjm("show", str(folder)).returncode == 2
    assert run_cjm("lint", str(folder)).stdout == "No problems found (0 files checked).\n"


def test_outputs_that_cannot_be_written(tmp_path: Path, monkeypatch, capsys) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run_cjm("render", "samples/sally.yaml", "--format", "svg", "-o", str(folder))
    assert (result.returncode, result.stderr) == (1, f"error: {folder}: cannot write it: "
                                                     "is a folder\n")
    from cjm import cli

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "fsync", full_disk)
    monkeypatch.setattr(sys, "argv", ["cjm", "render", str(SAMPLES / "sally.yaml"), "-o",
                                      str(tmp_path / "full.svg")])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 1
    assert capsys.readouterr().err == (f"error: {tmp_path / 'full.svg'}: cannot write it: No "
                                       "space left on device\n")
    assert list(tmp_path.iterdir()) == [folder]  # no partial file, no temporary file


def test_a_read_only_folder_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    """As root (CI), chmod does not stop a write; the refusal the system would give a
    user is simulated where the temporary file is made."""
    from cjm import cli

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(write.tempfile, "mkstemp", read_only)
    target = tmp_path / "map.yaml"
    monkeypatch.setattr(sys, "argv", ["cjm", "new", str(target), "--yes"])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 1
    assert capsys.readouterr().err == f"error: {target}: cannot write it: Permission denied\n"
    assert not target.exists()


@pytest.mark.parametrize("command", ["render", "fmt"])
def test_a_killed_process_leaves_the_input_whole_and_no_partial_output(tmp_path: Path,
                                                                       command: str) -> None:
    source = tmp_path / "big.yaml"
    step = "      - {action: '  Does   a thing ', touchpoints: [web], emotion: 3}\n"
    source.write_text("title: Big\nphases:\n  - name: A\n    steps:\n" + step * 3000)
    before = source.read_bytes()
    target = tmp_path / "big.pdf"
    args = ([sys.executable, "-m", "cjm", "render", str(source), "-o", str(target)]
            if command == "render" else [sys.executable, "-m", "cjm", "fmt", str(source)])
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    workers = _children(process.pid)
    while command == "render" and not workers and process.poll() is None:
        time.sleep(0.1)  # a big poster: kill it while its workers print
        workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "orphaned workers"
    after = source.read_bytes()
    if command == "fmt" and after != before:
        assert after == format_text(before.decode()).encode()  # all of it, or nothing
    else:
        assert after == before
    assert not target.exists() or target.read_bytes().startswith(b"%PDF")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    if leftovers:  # killed while writing: the next write of that file clears them
        run_cjm(*args[3:])
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_a_theme_may_not_reach_outside_its_folder(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (theme / "poster.css").symlink_to(secret)
    result = run_cjm("render", "samples/sally.yaml", "--theme", str(theme), "-o",
                     str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "points outside its folder" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("spec", [
    "--output=PWNED:x", "-oPWNED:x", "HEAD:../../etc/passwd", "HEAD;touch PWNED:sally.yaml",
    "$(touch PWNED):sally.yaml", "`touch PWNED`:sally.yaml", "HEAD:sally.yaml\n--output=PWNED",
])
def test_hostile_revisions_run_nothing_and_read_nothing_outside(tmp_path: Path,
                                                                spec: str) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "sally.yaml").write_bytes((SAMPLES / "sally.yaml").read_bytes())
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"],
                   cwd=tmp_path, check=True)
    for args in (["diff", spec, "sally.yaml"], ["diff", "--", spec, "sally.yaml"],
                 ["diff", spec, "--", "sally.yaml"]):
        result = run_cjm(*args, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "root:" not in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "sally.yaml"]


def test_control_characters_in_map_text_do_not_break_graphviz(tmp_path: Path) -> None:
    """Found by the fuzzer: YAML's "\\b" put a backspace into a title, and Graphviz refused
    the label ("not well-formed"). Control characters are left out of the drawing."""
    path = tmp_path / "control.yaml"
    path.write_text('title: "a\\bb\\x01c"\nphases:\n  - name: "<x>\\e"\n    steps:\n'
                    '      - {action: "d\\u0007e", emotion: 3}\n')
    for suffix in ("svg", "html", "png"):
        result = run_cjm("render", str(path), "-o", str(tmp_path / f"out.{suffix}"))
        assert result.returncode == 0, result.stderr
    assert "abc" in (tmp_path / "out.svg").read_text()
