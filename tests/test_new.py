"""`cjm new`: every template in every language lints clean; files are never clobbered."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cjm.authoring import scaffold
from cjm.core import frameworks
from cjm.core.loader import load
from cjm.lint.run import lint_file
from tests.conftest import ROOT, run_cjm, run_on_terminal

TEMPLATES = scaffold.available()
COMBINATIONS = [(t.id, lang) for t in TEMPLATES.values() for lang in t.languages]


def test_there_is_a_template_per_framework_and_blank_in_both_languages() -> None:
    assert list(TEMPLATES) == [*frameworks.FRAMEWORKS, "blank"]
    assert all(template.languages == ("en", "nl") for template in TEMPLATES.values())


@pytest.mark.parametrize(("template", "lang"), COMBINATIONS)
def test_scaffold_lints_clean_with_the_frameworks_phases(template: str, lang: str,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    result = run_cjm("new", str(path), "-t", template, "--lang", lang, "--persona", "Sam",
                     "--title", "Sam buys a bike", "--state", "future")
    assert result.returncode == 0, result.stderr
    assert lint_file(path) == []
    journey = load(path).map
    assert (journey.title.value, journey.persona.name.value, journey.state.value) == (
        "Sam buys a bike", "Sam", "future")
    assert journey.language == lang
    framework = frameworks.get(template)
    if framework:
        assert [phase.name.value for phase in journey.phases] == [
            phase.names[lang] for phase in framework.phases]
    for phase in journey.phases:
        [step] = phase.steps
        assert step.action and step.touchpoints and step.emotion and step.thoughts
        assert step.pains and step.opportunities


def test_dutch_scaffolds_use_the_seed_articles_phase_names(tmp_path: Path) -> None:
    def phases(template: str) -> list[str]:
        text = scaffold.render(scaffold.Answers(template, "nl"))
        path = tmp_path / f"{template}.yaml"
        path.write_text(text, encoding="utf-8")
        return [phase.name.value for phase in load(path).map.phases]

    assert phases("eight-phase") == [
        "Latente & concrete behoefte", "Oriëntatie", "Overweging", "Beslissing", "Aankoop",
        "Levering", "Gebruik", "Loyaliteit & ambassadeur"]
    assert phases("five-phase") == ["Bewustzijn", "Overweging", "Aankoop", "Retentie",
                                    "Loyaliteit"]


def test_filled_in_values_keep_every_template_comment() -> None:
    template = (ROOT / "templates" / "seven-phase.en.yaml").read_text(encoding="utf-8")
    text = scaffold.render(scaffold.Answers("seven-phase", "en", title='Q3: "checkout" # flow',
                                            persona="Ann"))
    comments = [line.strip() for line in template.splitlines() if line.lstrip().startswith("#")]
    assert comments and [line.strip() for line in text.splitlines()
                         if line.lstrip().startswith("#")] == comments
    assert 'title: \'Q3: "checkout" # flow\'' in text


@pytest.mark.parametrize(("template", "lang"), COMBINATIONS)
def test_with_no_answers_the_template_comes_out_unchanged(template: str, lang: str) -> None:
    original = (ROOT / "templates" / f"{template}.{lang}.yaml").read_text(encoding="utf-8")
    assert scaffold.render(scaffold.Answers(template, lang)) == original


def test_an_existing_file_is_left_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(b"title: my own work\n\xff not even utf-8\n")
    before = path.read_bytes()
    result = run_cjm("new", str(path), "--yes")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {path}: already exists; use --force to replace it"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]  # no temporary left


def test_force_replaces_and_missing_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "map.yaml"
    assert run_cjm("new", str(path), "--yes").returncode == 0
    path.write_text("changed")
    assert run_cjm("new", str(path), "--yes", "--force").returncode == 0
    assert path.read_text(encoding="utf-8").startswith("# A customer journey map")


@pytest.mark.parametrize(("args", "message"), [
    (["-t", "../../etc/passwd"], "template `../../etc/passwd` looks like a path"),
    (["-t", "nope"], "unknown template `nope`; choose one of: five-phase, seven-phase"),
    (["--lang", "de"], "template `five-phase` has no language `de`; choose one of: en, nl"),
    (["--state", "past"], "--state must be one of: current, future; got `past`"),
])
def test_bad_choices_are_usage_errors(args: list[str], message: str, tmp_path: Path) -> None:
    result = run_cjm("new", str(tmp_path / "x.yaml"), "--yes", *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {message}")
    assert not (tmp_path / "x.yaml").exists()


def test_list_shows_every_template_with_its_phases() -> None:
    result = run_cjm("new", "--list")
    assert result.stdout == run_cjm("templates").stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "five-phase  (en, nl)"
    assert lines[1] == "    phases: Awareness, Consideration, Purchase, Retention, Loyalty"


def test_on_a_terminal_it_asks_for_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "asked.yaml"
    output = run_on_terminal(["new", str(path)], "Checkout journey\nAnn\nmckinsey\nnl\n")
    assert "Template" in output and "Language" in output
    journey = load(path).map
    assert (journey.title.value, journey.persona.name.value, journey.framework.value,
            journey.lang.value) == ("Checkout journey", "Ann", "mckinsey", "nl")


def test_the_wheel_ships_the_templates_and_new_works_from_it(tmp_path: Path) -> None:
    """Build the wheel, install it into a bare virtual environment, run `cjm new` there."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("cjm_journey_maps-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {f"cjm/templates/{id}.{lang}.yaml" for id, lang in COMBINATIONS} <= set(names)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    [site] = venv.glob("lib/python*/site-packages")
    zipfile.ZipFile(wheel).extractall(site)
    # the dependencies come from this environment, cjm itself only from the wheel
    import typer
    dependencies = Path(typer.__file__).parents[1]
    (site / "deps.pth").write_text(str(dependencies) + "\n")
    target = tmp_path / "out" / "map.yaml"
    result = subprocess.run([str(venv / "bin" / "python"), "-c",
                             "import cjm, sys; print(cjm.__file__); sys.argv[0] = 'cjm';"
                             "from cjm.cli import main; main()",
                             "new", str(target), "-t", "eight-phase", "--lang", "nl", "--yes"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(site))
    assert lint_file(target) == []
