"""`cjm site` and `cjm serve`: the static site, built incrementally and deterministically,
and the live preview, tested in a real browser against a real server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, run_cjm
from tests.test_render_html import in_browser
from tests.test_report import NODE_MODULES, needs_browser


def copy_samples(folder: Path, *names: str) -> Path:
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_is_incremental_and_deterministic(tmp_path: Path) -> None:
    maps = copy_samples(tmp_path / "maps", "sally.yaml", "daniela-kinderwagen.yaml")
    (maps / "broken.yaml").write_text("title: Broken\nphases: [\n")
    site = tmp_path / "site"
    first = run_cjm("site", str(maps), "-o", str(site), "--no-pdf")
    assert first.stdout == f"Site in {site}: 3 rendered, 0 unchanged.\n"
    assert sorted(files(site)) == [
        ".cjm-site.json", "index.html", "maps/broken.html", "maps/daniela-kinderwagen.html",
        "maps/daniela-kinderwagen.svg", "maps/sally.html", "maps/sally.svg"]
    built = files(site)
    second = run_cjm("site", str(maps), "-o", str(site), "--no-pdf")
    assert second.stdout == f"Site in {site}: 0 rendered, 3 unchanged.\n"
    assert files(site) == built
    sally = maps / "sally.yaml"
    sally.write_text(sally.read_text().replace("Sally chooses", "Sally picks"))
    (maps / "broken.yaml").unlink()
    third = run_cjm("site", str(maps), "-o", str(site), "--no-pdf")
    assert third.stdout == f"Site in {site}: 1 rendered, 1 unchanged, 1 removed.\n"
    assert "Sally picks" in (site / "maps" / "sally.html").read_text()
    assert not (site / "maps" / "broken.html").exists()
    elsewhere = tmp_path / "again"
    run_cjm("site", str(maps), "-o", str(elsewhere), "--no-pdf")
    assert files(elsewhere) == files(site)


@needs_browser
def test_the_index_filters_in_the_browser(tmp_path: Path) -> None:
    maps = copy_samples(tmp_path / "maps", "sally.yaml", "daniela-kinderwagen.yaml",
                        "team-tool-personas.yaml")
    site = tmp_path / "site"
    assert run_cjm("site", str(maps), "-o", str(site), "--no-pdf").returncode == 0
    checks = """
      const input = document.getElementById("filter");
      input.value = "kinderwagen eight";
      input.dispatchEvent(new Event("input"));
      const shown = [...document.querySelectorAll("#maps tbody tr")].filter((r) => !r.hidden);
      return { shown: shown.map((r) => r.querySelector("a").textContent),
               count: document.getElementById("count").textContent,
               links: [...document.querySelectorAll("#maps a")].map((a) => a.getAttribute("href")) };
    """
    seen = in_browser(site / "index.html", checks)
    assert (seen["console"], seen["errors"], seen["requests"]) == ([], [], [])
    assert seen["result"]["shown"] == ["Daniela koopt een kinderwagen in onze webshop"]
    assert seen["result"]["count"] == "1 of 3 maps"
    assert seen["result"]["links"] == ["maps/daniela-kinderwagen.html", "maps/sally.html",
                                       "maps/team-tool-personas.html"]
    page = in_browser(site / "maps" / "sally.html", "return document.querySelector("
                      "'#findings').textContent;")
    assert (page["console"], page["errors"], page["requests"]) == ([], [], [])
    assert "No problems found." in page["result"]


def start_server(folder: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "cjm", "serve", str(folder), "--port",
                                "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=ROOT, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("Serving the maps at http://127.0.0.1:"):
        process.kill()
        raise AssertionError(f"cjm serve said {line!r}: {process.communicate()[1]}")
    return process, line.split(" at ", 1)[1].split(" ", 1)[0]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_shows_findings_of_a_broken_map_and_stops_cleanly(tmp_path: Path) -> None:
    maps = copy_samples(tmp_path / "maps", "sally.yaml")
    process, url = start_server(maps)
    try:
        assert "Sally chooses task-management software" in fetch(url + "maps/sally.html")
        (maps / "sally.yaml").write_text("title: Sally\nphases: [\n")
        deadline = time.monotonic() + 5
        while "cannot be read" not in fetch(url + "maps/sally.html"):
            assert time.monotonic() < deadline, "the broken map's page never showed"
            time.sleep(0.1)
        assert "Y001" in fetch(url + "maps/sally.html")
        assert "Customer journey maps" in fetch(url)  # the server goes on
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err
    terminated, _ = start_server(maps)
    terminated.terminate()  # SIGTERM, as a container or service manager stops it
    assert terminated.wait(timeout=10) == 0


def test_the_preview_draws_a_maps_pdf_when_it_is_opened_from_the_map_as_it_is_now(
        tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    def pdf_title() -> str:
        with urllib.request.urlopen(url + "maps/sally.pdf", timeout=60) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            first = PdfReader(io.BytesIO(response.read())).pages[0].extract_text()
        return " ".join(first.split())

    maps = copy_samples(tmp_path / "maps", "sally.yaml")
    process, url = start_server(maps)
    try:
        assert 'href="sally.pdf"' in fetch(url + "maps/sally.html")  # linked, not yet drawn
        assert "Sally chooses task-management software" in pdf_title()
        sally = maps / "sally.yaml"
        sally.write_text(sally.read_text().replace(
            "title: Sally chooses task-management software", "title: Sally picks new software"))
        deadline = time.monotonic() + 10
        while "Sally picks new software" not in fetch(url + "maps/sally.html"):
            assert time.monotonic() < deadline, "the edit never showed"
            time.sleep(0.05)
        assert "Sally picks new software" in pdf_title()  # not the poster drawn before
        sally.write_text("title: Sally\nphases: [\n")
        while "cannot be read" not in fetch(url + "maps/sally.html"):
            assert time.monotonic() < deadline, "the broken map's page never showed"
            time.sleep(0.05)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "maps/sally.pdf", timeout=30)
        assert missing.value.code == 404  # a map that cannot be read has no poster
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert "Traceback" not in err


@needs_browser
def test_the_preview_reloads_within_two_seconds_of_a_change(tmp_path: Path) -> None:
    maps = copy_samples(tmp_path / "maps", "sally.yaml")
    process, url = start_server(maps)
    env = {**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES)}
    browser = subprocess.Popen(["node", str(ROOT / "tests" / "preview.mjs"),
                                url + "maps/sally.html", "Sally picks new software", "2000"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env=env)
    try:
        assert browser.stdout is not None and browser.stdin is not None
        assert browser.stdout.readline() == "ready\n"
        sally = maps / "sally.yaml"
        sally.write_text(sally.read_text().replace(
            "title: Sally chooses task-management software", "title: Sally picks new software"))
        browser.stdin.write("go\n")
        browser.stdin.flush()
        seen = json.loads(browser.stdout.readline())
    finally:
        browser.kill()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    assert seen["before"] == "Sally chooses task-management software"
    assert seen["after"] == "Sally picks new software", seen
    assert seen["ms"] < 2000 and seen["errors"] == [] and seen["foreign"] == []


def test_serve_answers_hostile_paths_and_many_clients_without_a_traceback(
        tmp_path: Path) -> None:
    import socket
    import urllib.error
    from concurrent.futures import ThreadPoolExecutor

    maps = copy_samples(tmp_path / "maps", "sally.yaml")
    process, url = start_server(maps)
    try:
        for hostile in ("x" * 300 + ".html", "a%00b.html", "maps/%00"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                fetch(url + hostile)
            assert answer.value.code == 404
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        for _ in range(5):  # clients that hang up before the answer
            with socket.create_connection((host, int(port))) as client:
                client.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
        with ThreadPoolExecutor(max_workers=200) as pool:
            pages = list(pool.map(lambda _: fetch(url), range(200)))
        assert all("Customer journey maps" in page for page in pages)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert "Traceback" not in err, err


def test_serve_renders_again_when_a_library_file_changes(tmp_path: Path) -> None:
    repo = tmp_path / "journeys"
    shutil.copytree(ROOT / "examples" / "journeys", repo)
    process, url = start_server(repo / "maps")
    page = ""
    try:
        assert "TaskFlow app" in fetch(url + "maps/onboarding.html")
        library = repo / "library" / "touchpoints.yaml"
        library.write_text(library.read_text().replace("name: TaskFlow app", "name: Flow app"))
        deadline = time.monotonic() + 20
        while "TaskFlow app" in (page := fetch(url + "maps/onboarding.html")):
            assert time.monotonic() < deadline, "the library's change never showed"
            time.sleep(0.2)
        assert "Flow app" in page
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


def test_the_site_names_maps_by_their_path_in_the_repository(tmp_path: Path) -> None:
    """Built from elsewhere, with an absolute path (as CI does): no build path is shown."""
    out = tmp_path / "site"
    assert run_cjm("site", str(SAMPLES.resolve()), "-o", str(out), "--no-pdf",
                   cwd=tmp_path).returncode == 0
    pages = {page: page.read_text(encoding="utf-8") for page in out.rglob("*.html")}
    assert not [page for page, text in pages.items() if str(ROOT) in text]
    assert "<small>samples/sally.yaml</small>" in pages[out / "index.html"]
    assert "<h2>cjm lint samples/sally.yaml</h2>" in pages[out / "maps" / "sally.html"]


def test_a_dutch_map_page_has_dutch_chrome_and_no_page_asks_for_a_favicon(
        tmp_path: Path) -> None:
    out = tmp_path / "site"
    run_cjm("site", str(SAMPLES / "daniela-kinderwagen.yaml"), str(SAMPLES / "sally.yaml"),
            "-o", str(out), "--no-pdf")
    dutch = (out / "maps" / "daniela-kinderwagen.html").read_text(encoding="utf-8")
    assert "← alle kaarten</a>" in dutch and "<p>Geen problemen gevonden.</p>" in dutch
    assert "all maps" not in dutch and "No problems found" not in dutch
    english = (out / "maps" / "sally.html").read_text(encoding="utf-8")
    assert "← all maps</a>" in english
    for page in out.rglob("*.html"):  # an icon of its own: the browser asks for none
        assert '<link rel="icon" href="data:,">' in page.read_text(encoding="utf-8"), page


@needs_browser
def test_the_served_index_makes_no_request_that_fails(tmp_path: Path) -> None:
    maps = copy_samples(tmp_path / "maps", "sally.yaml")
    process, url = start_server(maps)
    try:
        result = subprocess.run(["node", str(ROOT / "tests" / "browser.mjs"), url],
                                env={**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES)},
                                capture_output=True, text=True, timeout=120)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    report = json.loads(result.stdout)
    assert report["requests"] in ([], [url + "events"]) and report["errors"] == []  # reloads
    assert not [line for line in report["console"] if "favicon" in line or "404" in line]


@needs_browser
def test_search_finds_maps_by_phase_step_touchpoint_and_pain_point(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_cjm("site", str(SAMPLES), "-o", str(out), "--no-pdf").returncode == 0
    searches = ["Word of mouth", "chat", "iDEAL", "Awareness", "verzendkosten", "sally"]
    typing = "".join(
        f"""filter.value = {json.dumps(words)}; filter.dispatchEvent(new Event("input"));
        found.push(document.getElementById("count").textContent);"""
        for words in searches)
    checks = f"""const filter = document.getElementById("filter"); const found = [];
        {typing} return found;"""
    report = in_browser(out / "index.html", checks)
    counts = dict(zip(searches, report["result"], strict=True))
    assert all(not count.startswith("0 of") for count in counts.values()), counts
    assert counts["iDEAL"] == "1 of 5 maps" and counts["Awareness"] == "3 of 5 maps", counts
