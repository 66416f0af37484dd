"""A journey repository end to end: a shared library, linked maps, lint across files,
renders that show the library, report sections, and the site in a browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, rendered, run_cjm

EXAMPLE = ROOT / "examples" / "journeys"
NODE_MODULES = ROOT / ".cache" / "mermaid" / "node_modules"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
needs_browser = pytest.mark.skipif(not (NODE_MODULES / "puppeteer").is_dir()
                                   or not Path("/usr/bin/chromium").exists(),
                                   reason="needs puppeteer and Debian's chromium")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the example journey repository."""
    copy = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> tuple[int, int]:
    """(line, column) where `text` first stands in the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(text)


def test_the_example_repository_lints_clean() -> None:
    result = run_cjm("lint", ".", cwd=EXAMPLE)
    assert (result.returncode, result.stdout) == (0, "No problems found (6 files checked).\n")


def test_lint_resolves_references_across_files_with_exact_positions(repo: Path) -> None:
    organisation = repo / "library" / "organisation.yaml"
    touchpoints = repo / "library" / "touchpoints.yaml"
    year = repo / "maps" / "sally-year.yaml"
    edit(organisation, "{id: crm, name: HubSpot CRM", "{id: chat, name: HubSpot CRM")
    edit(year, "touchpoints: [social-ads, reviews]", "touchpoints: [social-ads, reveiws]")
    edit(year, "by: billing-system", "by: Stripe billing")
    edit(year, "renewal-nps: 34", "renewal-nps: 134")
    (repo / "maps" / "support.yaml").write_text(
        (repo / "maps" / "support.yaml").read_text() + "        detail: sally-year.yaml\n")
    result = run_cjm("lint", ".", "--format", "json", cwd=repo)
    found = [(f["path"], f["line"], f["column"], f["code"], f["message"])
             for f in json.loads(result.stdout)["findings"] if f["code"] != "J032"]
    chat_tp = line_of(touchpoints, "id: chat")
    chat_sys = line_of(organisation, "id: chat")
    reveiws = line_of(year, "reveiws")
    crm = line_of(year, "by: crm")
    stripe = line_of(year, "Stripe billing")
    nps = line_of(year, "134")
    expected = [
        ("library/organisation.yaml", chat_sys[0], chat_sys[1] + 4, "J029",
         f"library id `chat` is declared again at library/touchpoints.yaml:{chat_tp[0]}:"
         f"{chat_tp[1] + 4}"),
        ("library/touchpoints.yaml", chat_tp[0], chat_tp[1] + 4, "J029",
         f"library id `chat` is already declared at library/organisation.yaml:{chat_sys[0]}:"
         f"{chat_sys[1] + 4}"),
        ("maps/sally-year.yaml", *reveiws, "J010",
         "touchpoint `reveiws` of step `sees-ad` is not in the library; did you mean "
         "`reviews`?"),
        ("maps/sally-year.yaml", crm[0], crm[1] + 4, "J028",
         "`by: crm` in `backstage` of step `starts-trial` names no team or system of the "
         "library"),  # its system is `chat` now
        ("maps/sally-year.yaml", stripe[0], stripe[1], "J028",
         "`by: Stripe billing` in `backstage` of step `renews` names no team or system of the "
         "library; did you mean `billing-system`?"),
        ("maps/sally-year.yaml", nps[0], nps[1], "J031", "`renewal-nps` is 134, outside -100 "
                                                          "to 100"),
        ("maps/sally-year.yaml", *line_of(year, "detail: support.yaml")[:1],
         line_of(year, "detail: support.yaml")[1] + 8, "J033",
         "step `asks-for-help`: `detail` links form a cycle: sally-year.yaml → support.yaml → "
         "sally-year.yaml"),
        ("maps/support.yaml", len((repo / "maps" / "support.yaml").read_text().splitlines()),
         17, "J033", "step `chats`: `detail` links form a cycle: support.yaml → "
                     "sally-year.yaml → support.yaml"),
    ]
    assert found == sorted(expected, key=lambda finding: finding[:3])  # by file and place
    assert result.returncode == 1


def test_library_files_are_checked_like_maps_and_are_never_maps(repo: Path) -> None:
    metrics = repo / "library" / "metrics.yaml"
    edit(metrics, "metrics:", "metric:")
    result = run_cjm("lint", "library/metrics.yaml", cwd=repo)
    assert result.stdout.splitlines()[0] == (
        "library/metrics.yaml:2:1: S002 unknown key `metric` in a library file; did you mean "
        "`metrics`?")
    only = run_cjm("lint", "--only-maps", "library/metrics.yaml", cwd=repo)
    assert "S002" in only.stdout  # a hook that names a library file checks it as one
    shown = run_cjm("report", ".", "--format", "json", "-s", "summary", cwd=repo)
    assert [m["map"] for m in json.loads(shown.stdout)["summary"]] == [
        "maps/onboarding.yaml", "maps/sally-year.yaml", "maps/support.yaml"]


def test_a_library_outside_the_repository_is_refused(repo: Path) -> None:
    (repo / ".cjm.toml").write_text('library = ["../shared/*.yaml"]\n')
    result = run_cjm("lint", ".", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        "`library` pattern `../shared/*.yaml` leads outside the configuration's folder; use a "
        "path inside it")


def test_fmt_formats_library_files_and_schema_covers_them(repo: Path, tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator
    from ruamel.yaml import YAML

    teams = repo / "library" / "organisation.yaml"
    edit(teams, "  - {id: web, name: Web team, owner: Tom}",
         "  - owner: Tom\n    name: Web team\n    id: web")
    assert run_cjm("fmt", "--check", ".", cwd=repo).returncode == 1
    assert run_cjm("fmt", ".", cwd=repo).returncode == 0
    assert "  - {id: web, name: Web team, owner: Tom}\n" in teams.read_text()
    schema = json.loads(run_cjm("schema", "--library").stdout)
    validator = Draft202012Validator(schema)
    for path in sorted((repo / "library").glob("*.yaml")):
        assert not list(validator.iter_errors(YAML(typ="safe").load(path))), path
    assert list(validator.iter_errors({"teams": [{"name": "no id"}]}))


def test_renders_show_library_names_and_detail_links(repo: Path) -> None:
    year = repo / "maps" / "sally-year.yaml"
    svg = ET.fromstring(rendered(year, ".svg"))
    texts = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "Social media ads · Customer reviews" in texts
    assert "Stripe billing" in texts and "billing-system" not in texts
    assert "Renewal NPS +34" in texts
    links = {a.get(f"{XLINK}href"): a.get(f"{XLINK}title") for a in svg.iter(f"{SVG}a")
             if a.get(f"{XLINK}href")}
    assert links == {"onboarding.svg": "↗ Sally gets her team started",
                     "support.svg": "↗ Sally asks support for help"}
    page = rendered(year, ".html").decode()
    assert '<a class="detail" href="onboarding.html">↗ Sally gets her team started</a>' in page
    rendered(year, ".pdf")
    pdf = PdfReader(str(year.with_suffix(".pdf")))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "Sally gets her team started" in text and "Team lead at a growing" in text
    uris = {annotation.get_object()["/A"]["/URI"] for page in pdf.pages
            for annotation in page.get("/Annots") or ()
            if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]}
    assert {"onboarding.pdf", "support.pdf"} <= uris


def test_show_reads_a_persona_from_the_library(repo: Path) -> None:
    shown = run_cjm("show", "maps/onboarding.yaml", cwd=repo).stdout
    assert "persona name: Sally\npersona role: Team lead at a growing marketing agency\n" in shown


def test_report_lists_library_entries_where_they_appear_and_aggregates_metrics(
        repo: Path) -> None:
    edit(repo / "maps" / "onboarding.yaml", "metrics: {activation: 52%}",
         "metrics: {activation: 52%, reached: 300}")
    edit(repo / "maps" / "sally-year.yaml", "metrics: {activation: 48%, time-to-value: 55m}",
         "metrics: {activation: 48%, time-to-value: 75m, reached: 100}")
    result = run_cjm("report", ".", "--format", "json", cwd=repo)
    report = json.loads(result.stdout)
    teams = {row["id"]: row for row in report["teams"]}
    assert (teams["web"]["used"], teams["web"]["where"]) == (False, [])
    assert teams["support"]["where"] == [
        {"map": "maps/onboarding.yaml", "phase": "First project", "step": "imports-tasks"},
        {"map": "maps/support.yaml", "phase": "Looks for an answer", "step": "searches-help"},
        {"map": "maps/support.yaml", "phase": "Gets an answer", "step": "chats"}]
    assert [(r["id"], r["maps"], r["steps"]) for r in report["touchpoints"]][4] == ("app", 2, 5)
    assert report["personas"][0]["where"] == [
        {"map": f"maps/{name}.yaml", "phase": "", "step": ""}
        for name in ("onboarding", "sally-year", "support")]
    metrics = {row["id"]: row for row in report["metrics"]}
    assert metrics["activation"]["aggregate"] == "51% weighted by reached"  # (48×100+52×300)/400
    assert metrics["time-to-value"]["aggregate"] == "median 43m 30s"  # of 12m and 75m
    assert metrics["support-csat"]["aggregate"] == "mean 4.5"
    assert metrics["renewal-nps"]["aggregate"] == "+34"
    assert (metrics["time-to-value"]["met"], metrics["time-to-value"]["missed"]) == (1, 1)
    text = run_cjm("report", ".", "-s", "teams", cwd=repo).stdout
    assert "  web        Web team          Tom    0     0      used nowhere" in text


def test_the_site_has_library_pages_a_hierarchy_and_breadcrumbs(repo: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_cjm("site", ".", "-o", str(out), "--no-pdf", cwd=repo).returncode == 0
    onboarding = (out / "maps" / "onboarding.html").read_text()
    assert ('<nav class="breadcrumbs" aria-label="breadcrumbs"><ol><li><a href="sally-year.html">'
            "Sally&#39;s first year with TaskFlow</a></li><li aria-current=\"page\">Sally gets "
            "her team started</li>") in onboarding
    assert '<a class="chip" href="../library/app.html">TaskFlow app</a>' in onboarding
    assert 'by: <a href="../library/billing-system.html">Stripe billing</a>' in onboarding
    app = (out / "library" / "app.html").read_text()
    assert '<a href="../maps/onboarding.html">Sally gets her team started</a>' in app
    assert '<dd><a href="product.html">Product team</a></dd>' in app
    year = (out / "maps" / "sally-year.html").read_text()
    assert '<a class="detail" href="onboarding.html">' in year
    assert "Used in no map." in (out / "library" / "web.html").read_text()
    tree = (out / "journeys.html").read_text()
    assert tree.index("sally-year.html") < tree.index("onboarding.html")
    index = (out / "index.html").read_text()
    assert '<a href="journeys.html">' in index and '<a href="library.html">' in index
    again = run_cjm("site", ".", "-o", str(out), "--no-pdf", cwd=repo)
    assert "0 rendered, 3 unchanged" in again.stdout
    edit(repo / "library" / "touchpoints.yaml", "name: TaskFlow app", "name: TaskFlow")
    changed = run_cjm("site", ".", "-o", str(out), "--no-pdf", cwd=repo)
    assert "3 rendered, 0 unchanged" in changed.stdout
    assert '<a class="chip" href="../library/app.html">TaskFlow</a>' in (
        out / "maps" / "onboarding.html").read_text()


@needs_browser
def test_the_sites_pages_open_in_a_browser_without_errors(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_cjm("site", ".", "-o", str(out), "--no-pdf", cwd=repo).returncode == 0
    pages = ["index.html", "journeys.html", "library/app.html", "maps/onboarding.html"]
    env = {**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES),
           "CJM_BROWSER_EVAL": "return [...document.querySelectorAll('a[href]')]"
                               ".map(a => a.href).filter(h => h.startsWith('file:'))"}
    for page in pages:
        result = subprocess.run(["node", str(ROOT / "tests" / "browser.mjs"),
                                 (out / page).as_uri()], capture_output=True, text=True,
                                env=env, timeout=60)
        seen = json.loads(result.stdout)
        assert (seen["console"], seen["errors"], seen["requests"]) == ([], [], []), page
        for href in seen["result"]:
            target = Path(href.removeprefix("file://").split("#")[0])
            assert target.is_file(), (page, href)


def test_new_names_library_personas_and_touchpoints(repo: Path) -> None:
    result = run_cjm("new", "maps/next.yaml", "--persona", "Sally", "--blueprint", "--yes",
                     cwd=repo)
    assert result.returncode == 0, result.stderr
    text = (repo / "maps" / "next.yaml").read_text()
    assert "\npersona: sally\n" in text
    assert ("# The library's touchpoints, by id: social-ads, reviews, website, trial, app, "
            "email,\n# help-centre, chat\n") in text
    lint = run_cjm("lint", "maps/next.yaml", cwd=repo)
    assert not [line for line in lint.stdout.splitlines() if " J010 " in line or " J028 " in line]
