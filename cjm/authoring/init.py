"""`cjm init`: set a repository up for maps, in one go, never overwriting anything.

It writes what a team otherwise assembles by hand: the configuration that says which files
are maps (`.cjm.toml`), the JSON Schema for editors, a first map with the schema's modeline,
pre-commit hooks that format and lint, a GitHub Actions workflow that lints with code
scanning, and git's diff driver. Each part that already exists is left as it is, so running
it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from cjm import requirement
from cjm.authoring.prompts import DEFAULT_TITLE  # the first map's, when none is given
from cjm.authoring.scaffold import Answers
from cjm.core.ids import slug
from cjm.project.write import write_atomically

CONFIG = ".cjm.toml"
PRE_COMMIT = ".pre-commit-config.yaml"
WORKFLOW = ".github/workflows/journey-maps.yml"
HOOK_IDS = ("cjm-fmt", "cjm-lint")


@dataclass(frozen=True)
class InitOptions:
    folder: Path
    answers: Answers  # the first map: template, language, title, persona
    maps: str = "maps"  # the folder of maps, relative to `folder`
    hooks_repo: str | None = None  # where pre-commit gets cjm's hooks (default: local hooks)
    hooks_rev: str | None = None


class Done(NamedTuple):
    """What one part of the set-up did: a line for the user, and whether it changed
    anything."""

    text: str
    changed: bool = False


def init(options: InitOptions) -> list[Done]:
    """Set the folder up; per part, what was done or left alone."""
    steps: list[Callable[[InitOptions], Done]] = [
        _config, _schema, _library, _first_map, _pre_commit, _workflow, _diff_driver]
    return [step(options) for step in steps]


def _config(options: InitOptions) -> Done:
    from cjm.project.config import ConfigFinder

    existing = ConfigFinder.in_folder(options.folder)
    if existing is not None and existing.path is not None and existing.path.name != CONFIG:
        return Done(f"{_shown(existing.path, options)}: has a cjm configuration, left as it is")
    text = (
        "# cjm's configuration. Which YAML files are maps: cjm lint, fmt and render, the\n"
        "# pre-commit hooks and git's diff driver all follow these patterns (relative to\n"
        "# this file; * also matches /).\n"
        f'maps = ["{options.maps}/*.yaml", "{options.maps}/*.yml"]\n'
        "exclude = []\n"
        "# The library that the maps share: touchpoints, personas, teams, systems, metrics.\n"
        'library = ["library/*.yaml", "library/*.yml"]\n')
    return _write(options, CONFIG, text, "which YAML files are maps")


def _schema(options: InitOptions) -> Done:
    from cjm.core.schema import SCHEMA_FILE, schema_json

    return _write(options, SCHEMA_FILE, schema_json(), "the JSON Schema for editors",
                  refresh="cjm schema -o cjm.schema.json")


#: The starter library: a metric to show the form, the other sections as examples to take
#: up (a section that is there makes maps use its ids).
STARTER_LIBRARY = """\
# yaml-language-server: $schema=../cjm.library.schema.json
# The library that every map of this repository shares. Maps name its entries by id: a
# step's `touchpoints` and `metrics`, `persona: ID`, a blueprint item's `by`. Once a section
# is here, cjm lint checks that maps use its ids (uncomment one to start using it).
metrics:
  - {id: csat, name: Customer satisfaction, kind: score, min: 1, max: 5, target: 4}
  - {id: conversion, name: Conversion, kind: rate, target: 30%}
# touchpoints:
#   - {id: website, name: Website, channel: owned, owner: marketing}
# personas:
#   - id: sally
#     name: Sally
#     role: Team lead at a growing agency
# teams:
#   - {id: marketing, name: Marketing}
# systems:
#   - {id: crm, name: CRM, owner: marketing}
"""


def _library(options: InitOptions) -> Done:
    from cjm.core.schema import LIBRARY_SCHEMA_FILE, schema_json

    schema = _write(options, LIBRARY_SCHEMA_FILE, schema_json(library=True),
                    "the JSON Schema of library files",
                    refresh=f"cjm schema --library -o {LIBRARY_SCHEMA_FILE}")
    folder = options.folder / "library"
    if folder.is_dir() and any(folder.glob("*.y*ml")):
        return Done(f"{schema.text}\nlibrary/: holds library files already, no new one",
                    schema.changed)
    written = _write(options, "library/shared.yaml", STARTER_LIBRARY,
                     "a starter library the maps share")
    return Done(f"{schema.text}\n{written.text}", schema.changed or written.changed)


def _first_map(options: InitOptions) -> Done:
    from cjm.authoring import scaffold
    from cjm.project.discover import MAP_SUFFIXES

    folder = options.folder / options.maps
    if folder.is_dir() and any(p.suffix in MAP_SUFFIXES for p in folder.rglob("*")):
        return Done(f"{options.maps}/: holds maps already, no new one")
    path = folder / f"{slug(options.answers.title or DEFAULT_TITLE)}.yaml"
    scaffold.write_new(path, scaffold.render(options.answers))
    return Done(f"{_shown(path, options)}: created, a first map ({options.answers.template}, "
                f"{options.answers.lang})", changed=True)


def _pre_commit(options: InitOptions) -> Done:
    path = options.folder / PRE_COMMIT
    if path.exists():
        text = path.read_text(encoding="utf-8", errors="replace")
        if all(hook in text for hook in HOOK_IDS):
            return Done(f"{PRE_COMMIT}: has cjm's hooks already")
        return Done(f"{PRE_COMMIT}: exists, left as it is; add the hooks {', '.join(HOOK_IDS)} "
                    "yourself (see docs/ci.md)")
    return _write(options, PRE_COMMIT, pre_commit_config(options.hooks_repo, options.hooks_rev),
                  "fmt and lint hooks")


def pre_commit_config(repo: str | None, rev: str | None) -> str:
    """pre-commit's configuration: cjm's hooks from `repo` at `rev`, else local hooks that
    run the cjm on the PATH."""
    head = ("# pre-commit (https://pre-commit.com): `pre-commit install` runs these on every\n"
            "# commit; `pre-commit run --all-files` runs them now.\nrepos:\n")
    if repo:
        return head + (f"  - repo: {repo}\n    rev: {rev or 'HEAD'}\n    hooks:\n"
                       + "".join(f"      - id: {hook}\n" for hook in HOOK_IDS))
    hooks = "".join(
        f"      - id: {hook}\n        name: cjm {verb}\n        entry: cjm {verb} --only-maps\n"
        "        language: system\n        files: \\.ya?ml$\n"
        for hook, verb in zip(HOOK_IDS, ("fmt", "lint"), strict=True))
    return head + "  - repo: local\n    hooks:\n" + hooks


def _workflow(options: InitOptions) -> Done:
    return _write(options, WORKFLOW, workflow(options.hooks_repo, options.hooks_rev),
                  "lints in GitHub Actions, with code scanning, and publishes the site")


#: The actions the workflow uses, pinned by full commit SHA (GitHub's hardening advice),
#: with the release each SHA is, as read from the actions' repositories.
ACTIONS = {
    "checkout": ("actions/checkout", "11d5960a326750d5838078e36cf38b85af677262", "v4.4.0"),
    "setup-python": ("actions/setup-python", "a26af69be951a213d495a4c3e4e4022e16d87065",
                     "v5.6.0"),
    "upload-sarif": ("github/codeql-action/upload-sarif",
                     "dd903d2e4f5405488e5ef1422510ee31c8b32357", "v3.36.2"),
    "upload-pages-artifact": ("actions/upload-pages-artifact",
                              "56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "deploy-pages": ("actions/deploy-pages", "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e",
                     "v4.0.5"),
    "cache": ("actions/cache", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0"),
}


def _uses(action: str) -> str:
    name, sha, tag = ACTIONS[action]
    return f"{name}@{sha}  # {tag}"


def workflow(repo: str | None, rev: str | None) -> str:
    """A GitHub Actions workflow: format check, lint with annotations, SARIF upload; and on
    main, the site of the maps published to GitHub Pages. Actions are pinned by SHA; the
    lint steps run even when the format check fails."""
    package = f'"git+{repo}@{rev or "HEAD"}"' if repo and "://" in repo else requirement()
    return f"""\
# Made by cjm init: checks the journey maps on every push and pull request.
name: journey maps
on: [push, pull_request]
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write  # for the code scanning upload
    steps:
      - uses: {_uses("checkout")}
      - uses: {_uses("setup-python")}
        with:
          python-version: "3.12"
      - name: Install cjm
        run: pip install {package}
      - name: Check the layout
        run: cjm fmt --check .
      - name: Lint (findings become annotations on the pull request)
        if: ${{{{ !cancelled() }}}}
        run: cjm lint .
      - name: Lint for code scanning
        if: ${{{{ !cancelled() }}}}
        run: cjm lint . --format sarif --output cjm.sarif || true
      - name: Upload to code scanning
        if: ${{{{ !cancelled() }}}}
        uses: {_uses("upload-sarif")}
        with:
          sarif_file: cjm.sarif
  pages:
    # The maps as a website (cjm site) on GitHub Pages: turn Pages on with "GitHub
    # Actions" as its source in the repository's settings.
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    needs: lint
    runs-on: ubuntu-latest
    concurrency:
      group: pages
      cancel-in-progress: false
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - uses: {_uses("checkout")}
      - uses: {_uses("setup-python")}
        with:
          python-version: "3.12"
      - name: Install Graphviz, fonts and cjm
        run: |
          sudo apt-get update
          sudo apt-get install -y graphviz fonts-dejavu-core
          pip install {package}
      - name: Keep the render cache between runs (only changed maps are drawn again)
        uses: {_uses("cache")}
        with:
          path: ~/.cache/cjm/renders
          key: cjm-renders-${{{{ runner.os }}}}-${{{{ github.sha }}}}
          restore-keys: cjm-renders-${{{{ runner.os }}}}-
      - name: Build the site
        run: cjm site . -o site --no-pdf
      - uses: {_uses("upload-pages-artifact")}
        with:
          path: site
      - id: deployment
        uses: {_uses("deploy-pages")}
"""


def _diff_driver(options: InitOptions) -> Done:
    from cjm.core.errors import UsageError
    from cjm.git import textconv

    try:
        root, changed = textconv.install(folder=options.folder)
    except UsageError:
        return Done("git diff driver: not a git repository; run `git init`, then "
                    "`cjm git install`")
    attributes = root / ".gitattributes"
    if not changed:
        return Done("git diff driver: set up already")
    return Done(f"git diff driver: set up ({_shown(attributes, options)} and the local git "
                "config)", changed=True)


def _write(options: InitOptions, name: str, text: str, what: str,
           refresh: str | None = None) -> Done:
    """Create `name` with `text`, unless it exists (then say whether it differs)."""
    path = options.folder / name
    if path.exists():
        if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
            return Done(f"{name}: up to date")
        hint = f" ({refresh} replaces it)" if refresh else ""
        return Done(f"{name}: exists, left as it is{hint}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))
    return Done(f"{name}: created, {what}", changed=True)


def _shown(path: Path, options: InitOptions) -> str:
    try:
        return path.resolve().relative_to(options.folder.resolve()).as_posix()
    except ValueError:
        return str(path)
