"""The render cache (cjm.render.cache) and rendering on every core (--jobs): what is drawn
again and what is not, entries that cannot be trusted, builds at the same time, and
output that is the same whatever the number of processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from multiprocessing import get_context
from pathlib import Path

import pytest

from cjm.render.cache import RenderCache, folder, key
from cjm.render.jinja import BUILTIN_THEME
from tests.conftest import SAMPLES, run_cjm
from tests.test_site import files


def entries(where: Path) -> set[Path]:
    return {path for path in where.rglob("*") if path.is_file()} if where.is_dir() else set()


def render(path: Path, out: Path, *options: str) -> bytes:
    result = run_cjm("render", str(path), "-o", str(out), *options)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def uncached(path: Path, out: Path, *options: str) -> bytes:
    return render(path, out, *options, "--no-cache")


def test_an_entry_reads_back_and_a_corrupt_torn_or_foreign_one_is_ignored(
        tmp_path: Path) -> None:
    cache = RenderCache(tmp_path)
    name, other = key("svg", "<graph 1>"), key("svg", "<graph 2>")
    assert cache.get(name) is None
    cache.put(name, b"drawing one")
    cache.put(other, b"drawing two")
    assert cache.get(name) == b"drawing one"
    whole = cache.path(name).read_bytes()
    for spoilt in (whole[:-3],  # torn: the end of the write is missing
                   whole[:-1] + b"X",  # a byte changed
                   b"not a cache entry at all",  # a foreign file where an entry goes
                   cache.path(other).read_bytes()):  # another entry's bytes under this name
        cache.path(name).write_bytes(spoilt)
        assert cache.get(name) is None
    cache.put(name, b"drawing one")  # the next render replaces it
    assert cache.get(name) == b"drawing one"
    assert not [p for p in tmp_path.rglob(".tmp-*")]  # no temporary file is left behind


def test_the_folder_is_documented_and_configurable(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.delenv("CJM_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert folder() == tmp_path / ".cache" / "cjm" / "renders"  # what `cjm init`'s CI keeps
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert folder() == tmp_path / "xdg" / "cjm" / "renders"
    monkeypatch.setenv("CJM_CACHE_DIR", str(tmp_path / "here"))
    assert folder() == tmp_path / "here"


def test_pruning_keeps_the_bound_and_drops_the_least_recently_used(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path)
    names = [key("part", str(n)) for n in range(10)]
    for age, name in enumerate(names):
        cache.put(name, bytes(1000))
        os.utime(cache.path(name), (1_000_000 + age, 1_000_000 + age))
    assert cache.get(names[0]) is not None  # used now: the newest
    size = cache.path(names[0]).stat().st_size
    assert cache.prune(limit=100 * size) == 0  # within the bound: nothing goes
    assert cache.prune(limit=5 * size) == 6  # down to 80 % of the bound: four stay
    assert [cache.get(name) is not None for name in names] == [
        True, False, False, False, False, False, False, True, True, True]
    died = cache.path(names[0]).with_name(".tmp-died")
    writing = cache.path(names[0]).with_name(".tmp-writing")
    for temporary in (died, writing):
        temporary.write_bytes(b"half an entry")
    os.utime(died, (1_000_000, 1_000_000))
    cache.prune(limit=100 * size)
    assert not died.exists() and writing.exists()  # a build may be writing that one now


def test_an_unchanged_map_is_not_drawn_or_printed_again(
        render_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sally = shutil.copy(SAMPLES / "sally.yaml", tmp_path / "sally.yaml")
    first = {suffix: render(Path(sally), tmp_path / f"first{suffix}")
             for suffix in (".svg", ".pdf", ".html", ".png")}
    # the SVG's and the PNG's drawings (the HTML page's timeline is the SVG's), the poster
    assert len(entries(render_cache)) == 3

    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("drawn again")

    import graphviz

    import cjm.render.pdf
    import cjm.render.weasy

    monkeypatch.setattr(graphviz.Graph, "pipe", broken)
    monkeypatch.setattr(cjm.render.weasy, "layout", broken)
    monkeypatch.setattr(cjm.render.pdf, "layout", broken)
    for suffix, made in first.items():
        assert render(Path(sally), tmp_path / f"again{suffix}") == made
    assert run_cjm("render", str(sally), "-o", str(tmp_path / "no.pdf"),
                   "--no-cache").returncode == 1  # without the cache it does print


def test_a_changed_map_theme_data_file_or_option_is_drawn_again(
        render_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sally = Path(shutil.copy(SAMPLES / "sally.yaml", tmp_path / "sally.yaml"))
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "poster.css").write_text((BUILTIN_THEME / "poster.css").read_text()
                                      + "\nsection.cover { background: url(mark.svg); }\n")
    mark = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">' \
           '<rect width="40" height="40" fill="{}"/></svg>'
    (theme / "mark.svg").write_text(mark.format("#fdd"))
    render(sally, tmp_path / "base.pdf")
    render(sally, tmp_path / "themed.pdf", "--theme", str(theme))
    text = sally.read_text(encoding="utf-8")

    def edit_map() -> None:
        sally.write_text(text.replace("Sally chooses", "Sally picks"), encoding="utf-8")

    def edit_theme() -> None:  # a file the poster's CSS fetches, not one it includes
        (theme / "mark.svg").write_text(mark.format("#dfd"))

    def add_data() -> None:
        (tmp_path / "sally.metrics.csv").write_text("step,reached\nrealises-problem,1234\n")

    def date_it() -> None:  # the date a reproducible build stamps on the PDF
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")

    changes = [(edit_theme, ("--theme", str(theme))), (edit_map, ()), (add_data, ()),
               (lambda: None, ("--paper", "A4")), (date_it, ())]
    for change, options in changes:
        before = entries(render_cache)
        change()
        made = render(sally, tmp_path / "changed.pdf", *options)
        assert entries(render_cache) - before, f"{change}: nothing printed again"
        assert made == uncached(sally, tmp_path / "fresh.pdf", *options)
        before = entries(render_cache)
        assert render(sally, tmp_path / "again.pdf", *options) == made
        assert entries(render_cache) == before  # and once more: from the cache


def big_map(steps: int) -> str:
    lines = ["title: A long journey", "persona: {name: Sally, role: Team lead}", "phases:"]
    for phase in range(steps // 20):
        lines += [f"  - name: Phase {phase + 1}", "    steps:"]
        for step in range(phase * 20, phase * 20 + 20):
            lines += [f"      - action: Does thing {step + 1}", "        touchpoints: [web]",
                      f"        emotion: {1 + step * 3 % 5}",
                      f"        thoughts: Is step {step + 1} worth it?"]
    return "\n".join(lines) + "\n"


def test_editing_one_step_of_a_big_poster_prints_only_its_part_again(
        render_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    text = big_map(120)
    path.write_text(text, encoding="utf-8")
    render(path, tmp_path / "cold.pdf")
    printed = entries(render_cache)
    path.write_text(text.replace("Does thing 117", "Does another thing"), encoding="utf-8")
    edited = render(path, tmp_path / "edited.pdf")
    assert len(entries(render_cache) - printed) == 1  # the part with step 117, nothing else
    assert edited == uncached(path, tmp_path / "whole.pdf")
    from pypdf import PdfReader

    words = " ".join(" ".join(page.extract_text().split()) for page in
                     PdfReader(tmp_path / "edited.pdf").pages)
    assert "Does another thing" in words and "Does thing 117" not in words


def _put_many(where: str, body: bytes, times: int) -> None:
    cache = RenderCache(Path(where))
    for _ in range(times):
        cache.put(key("shared"), body)


def test_writers_at_the_same_time_never_publish_a_half_written_entry(tmp_path: Path) -> None:
    body = os.urandom(2_000_000)
    context = get_context("spawn")
    writers = [context.Process(target=_put_many, args=(str(tmp_path), body, 40))
               for _ in range(2)]
    for writer in writers:
        writer.start()
    cache, seen = RenderCache(tmp_path), []
    while any(writer.is_alive() for writer in writers):
        seen.append(cache.get(key("shared")))
    for writer in writers:
        writer.join()
    assert [writer.exitcode for writer in writers] == [0, 0]
    assert {len(found) for found in seen if found is not None} <= {len(body)}
    assert all(found == body for found in seen if found is not None)
    assert cache.get(key("shared")) == body


def test_two_builds_at_once_share_the_cache_and_give_whole_files(render_cache: Path,
                                                                 tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for name in ("sally.yaml", "sally-future.yaml", "daniela-kinderwagen.yaml"):
        shutil.copy(SAMPLES / name, maps)
    cjm = str(Path(sys.executable).parent / "cjm")
    builds = [subprocess.Popen([cjm, "site", str(maps), "-o", str(tmp_path / f"site-{n}")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for n in range(2)]
    assert [build.wait(timeout=300) for build in builds] == [0, 0]
    alone = run_cjm("site", str(maps), "-o", str(tmp_path / "alone"), "--no-cache")
    assert alone.returncode == 0, alone.stderr
    for n in range(2):
        assert files(tmp_path / f"site-{n}") == files(tmp_path / "alone")


def test_site_and_render_give_the_same_bytes_with_one_process_or_two(
        render_cache: Path, tmp_path: Path) -> None:
    results = {}
    for jobs in ("1", "2"):
        site = run_cjm("site", str(SAMPLES), "-o", str(tmp_path / f"site-{jobs}"), "--jobs",
                       jobs, "--no-cache")
        assert site.returncode == 0, site.stderr
        out = tmp_path / f"render-{jobs}"
        rendered = run_cjm("render", str(SAMPLES), "--out-dir", str(out), "-f", "pdf",
                           "--jobs", jobs, "--no-cache")
        assert rendered.returncode == 0, rendered.stderr
        results[jobs] = (files(tmp_path / f"site-{jobs}"), files(out),
                         rendered.stdout.replace(str(out), "OUT"))
    assert results["1"] == results["2"]
    site, posters, said = results["2"]
    assert len(posters) == 5 and {f"maps/{p.replace('.pdf', '.html')}" for p in posters} \
        <= set(site)
    # the maps are reported in their order, whichever process finished first
    assert said.splitlines() == sorted(said.splitlines())
    assert not entries(render_cache)  # --no-cache: nothing kept


def test_a_map_that_fails_among_many_is_reported_in_its_place(tmp_path: Path) -> None:
    for name in ("a.yaml", "c.yaml", "d.yaml"):
        shutil.copy(SAMPLES / "sally.yaml", tmp_path / name)
    (tmp_path / "b.yaml").write_text("title: Broken\nphases: [\n")
    result = run_cjm("render", str(tmp_path), "--jobs", "2")
    assert result.returncode == 1
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        str(tmp_path / name) for name in ("a.yaml", "c.yaml", "d.yaml")]
    assert result.stderr.count("error:") == 1 and f"{tmp_path / 'b.yaml'}:" in result.stderr


def test_a_site_on_a_terminal_shows_its_progress(tmp_path: Path) -> None:
    from tests.conftest import run_on_terminal

    output = run_on_terminal(["site", str(SAMPLES), "-o", str(tmp_path / "site"), "--no-pdf",
                              "--jobs", "2"])
    assert "Rendering" in output and "Site in" in output and "5 rendered" in output


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache would go")
    monkeypatch.delenv("CJM_NO_CACHE")
    monkeypatch.setenv("CJM_CACHE_DIR", str(blocked))
    sally = Path(shutil.copy(SAMPLES / "sally.yaml", tmp_path / "sally.yaml"))
    assert render(sally, tmp_path / "sally.svg") == uncached(sally, tmp_path / "plain.svg")
    assert blocked.read_text() == "a file where the cache would go"


def _die(job: object) -> None:
    os._exit(9)  # as the kernel's out-of-memory killer would end it


def test_a_worker_that_dies_is_one_clear_error() -> None:
    from cjm.core import parallel
    from cjm.core.errors import CjmError

    with pytest.raises(CjmError, match=r"^a worker process stopped unexpectedly .*--jobs 1\)$"):
        list(parallel.as_done_in_order(_die, [1, 2, 3], 2))


def test_a_themes_links_outside_it_and_broken_links_do_not_count(render_cache: Path,
                                                                  tmp_path: Path) -> None:
    theme, outside = tmp_path / "theme", tmp_path / "outside.txt"
    theme.mkdir()
    outside.write_text("not the theme's")
    (theme / "elsewhere.txt").symlink_to(outside)  # WeasyPrint may not fetch it either
    (theme / "gone.css").symlink_to(tmp_path / "nowhere.css")
    sally = Path(shutil.copy(SAMPLES / "sally.yaml", tmp_path / "sally.yaml"))
    made = render(sally, tmp_path / "sally.pdf", "--theme", str(theme))
    kept = entries(render_cache)
    outside.write_text("changed, and still not the theme's")
    assert render(sally, tmp_path / "again.pdf", "--theme", str(theme)) == made
    assert entries(render_cache) == kept
