"""`cjm site`: a static site of all maps that GitHub or GitLab Pages can serve.

`index.html` lists every map (title, persona, state, framework, lint status) with a search
box that filters the list in the browser; each map gets a page (its HTML render, its lint
findings, links to its SVG and PDF). The build is incremental: a map whose file and cjm
version did not change since the last build is not rendered again (`.cjm-site.json` records
what was built). The same maps give the same files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cjm import __version__
from cjm.core import ids
from cjm.core.library import SECTIONS
from cjm.core.library import Entry as LibraryEntry
from cjm.project.write import write_atomically
from cjm.site.repository import (
    BACKLOG_PAGE,
    HIERARCHY_PAGE,
    LIBRARY_FOLDER,
    LIBRARY_PAGE,
    Repository,
    entry_pages,
    hierarchy,
    read_repository,
)

if TYPE_CHECKING:
    from cjm.render.options import Progress

MANIFEST = ".cjm-site.json"


@dataclass
class Entry:
    """One map of the site: where it came from and what the index says of it."""

    source: str
    slug: str
    title: str
    persona: str
    state: str
    framework: str
    errors: int
    warnings: int
    readable: bool
    fingerprint: str
    #: What the index's search looks in besides the row: phases, actions, touchpoints, pains.
    words: str = ""


@dataclass
class SiteReport:
    built: list[str] = field(default_factory=list)  # slugs rendered now
    kept: list[str] = field(default_factory=list)  # slugs unchanged since the last build
    removed: list[str] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)  # slug → its map file


def build_site(paths: list[Path], out: Path, formats: tuple[str, ...] = ("svg", "pdf"),
               config: Path | None = None, theme: Path | None = None,
               force: bool = False, jobs: int | None = None,
               progress: Progress | None = None, later: tuple[str, ...] = ()) -> SiteReport:
    """Build (or bring up to date) the site of the maps among `paths` in `out`; `theme` is
    a folder of templates and CSS searched before the built-in theme. A folder that holds
    files but no cjm site is refused unless `force`: its `index.html` may be someone's.
    Maps are rendered by `jobs` processes (see _render_maps), telling `progress` (maps
    done, maps to render) as each is; the files are the same whatever `jobs`. Formats in
    `later` are linked from the pages but drawn only when asked for (`draw_later`, for
    cjm serve: the page first, the PDF when it is opened)."""
    from cjm.project.config import ConfigFinder
    from cjm.project.discover import map_files

    finder = ConfigFinder(config)
    sources = sorted(map_files(paths, finder))
    if not force and out.is_dir() and not (out / MANIFEST).is_file() and any(out.iterdir()):
        from cjm.core.errors import UsageError

        raise UsageError(f"{out}: holds files but no cjm site; build into an empty or new "
                         "folder, or pass --force to write into it anyway")
    before = _contents(out)
    try:
        return _build(sources, out, formats, finder, theme, config, jobs, progress, later)
    except BaseException:  # a full disk, Ctrl-C: take away what this build made
        _clean_up(out, before)
        raise


def _contents(out: Path) -> set[Path] | None:
    """Every file and folder in `out`; None when there is no `out` yet."""
    return set(out.rglob("*")) if out.is_dir() else None


def _clean_up(out: Path, before: set[Path] | None) -> None:
    """Remove what a failed build made: all of `out` when it made `out`, else the files
    and folders it added (the files it replaced were replaced whole, atomically)."""
    import shutil

    if before is None:
        shutil.rmtree(out, ignore_errors=True)
        return
    added = sorted(set(out.rglob("*")) - before, key=lambda path: len(path.parts),
                   reverse=True)
    for path in added:
        try:
            path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
        except OSError:
            pass  # what cannot go stays; the build's own error is the one to report


def _build(sources: list[Path], out: Path, formats: tuple[str, ...], finder,
           theme: Path | None, config: Path | None, jobs: int | None,
           progress: Progress | None, later: tuple[str, ...]) -> SiteReport:
    out.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(out)
    report = SiteReport()
    look = _theme_digest(theme)
    slugs = _slugs(sources)
    repository = read_repository(sources, slugs, finder)
    shared = repository.library is not None or repository.linked
    entries: list[Entry | None] = []
    work: list[MapJob] = []
    report.sources = dict(zip(slugs, sources, strict=True))
    for source, slug in zip(sources, slugs, strict=True):
        fingerprint = _fingerprint(source, formats + later, look, finder.for_map(source).path)
        if shared:
            fingerprint = _combined(fingerprint, repository.fingerprint(slug))
        old = previous.get(slug)
        if old and old.fingerprint == fingerprint and _outputs_exist(out, slug, old, formats) \
                and (old.words or not old.readable):  # a manifest from before the search
            entries.append(replace(old, source=site_path(source, finder)))
            report.kept.append(slug)
            continue
        entries.append(None)
        work.append(MapJob(source, slug, out, formats, fingerprint, theme, config,
                           _links(repository, slug) if shared else {}, later))
        report.built.append(slug)
    built = iter(_render_maps(work, finder, jobs, progress))
    done = [entry if entry is not None else next(built) for entry in entries]
    _write_repository_pages(out, repository, theme)
    current = {entry.slug for entry in done}
    for slug in previous:
        if slug not in current:
            _remove(out, slug, formats + later)
            report.removed.append(slug)
    _write(out / "index.html", _index(done, theme, repository))
    _write(out / MANIFEST, json.dumps({"version": __version__, "maps": [
        asdict(entry) for entry in done]}, indent=2, ensure_ascii=False) + "\n")
    return report


@dataclass(frozen=True)
class MapJob:
    """One map to render for the site, as a worker process is given it."""

    source: Path
    slug: str
    out: Path
    formats: tuple[str, ...]
    fingerprint: str
    theme: Path | None
    config: Path | None
    links: dict[str, object]
    later: tuple[str, ...] = ()  # linked, drawn when asked for


def _render_maps(work: list[MapJob], finder, jobs: int | None,
                 progress: Progress | None) -> list[Entry]:
    """Each map rendered, in order: here, or by `jobs` workers (default: one per core for
    enough maps, see cjm.core.parallel), each starting WeasyPrint once."""
    from functools import partial

    from cjm.core import parallel
    from cjm.render.weasy import preload_weasyprint

    processes = parallel.workers(len(work), jobs, parallel.RENDERS_PARALLEL_FROM)
    function = _render_job if processes > 1 else partial(_render_job, finder=finder)
    start = preload_weasyprint if any("pdf" in job.formats for job in work) else None
    entries = []
    for entry in parallel.as_done_in_order(function, work, processes, start):
        entries.append(entry)
        if progress is not None:
            progress(len(entries), len(work))
    return entries


_finders: dict[Path | None, object] = {}


def _render_job(job: MapJob, finder=None) -> Entry:
    """A worker's render of one map (with a finder of its own, made once per worker)."""
    if finder is None:
        from cjm.project.config import ConfigFinder

        if job.config not in _finders:
            _finders[job.config] = ConfigFinder(job.config)
        finder = _finders[job.config]
    return _build_map(job.source, job.slug, job.out, job.formats, job.fingerprint, finder,
                      job.theme, job.links, job.later)


def _combined(*digests: str) -> str:
    return hashlib.sha256("|".join(digests).encode()).hexdigest()


def _links(repository: Repository, slug: str) -> dict[str, object]:
    """What a map's page links to elsewhere on the site: the pages of its detail maps, its
    breadcrumbs, and the library's entries."""
    return {"pages": {path: page for path, page in
                      ((p, f"{s}.html") for p, s in repository.slugs.items())},
            "crumbs": repository.breadcrumbs(slug), "entries": repository.entry_pages()}


def _write_repository_pages(out: Path, repository: Repository, theme: Path | None) -> None:
    """The library's pages and the hierarchy's page; pages of entries that are gone are
    removed (and the pages themselves when the site has no library or no links)."""
    folder = out / LIBRARY_FOLDER
    pages = entry_pages(repository)
    wanted = {repository.pages[entry.id] for entry, _ in pages}
    for stale in folder.glob("*.html") if folder.is_dir() else ():
        if stale.name not in wanted:
            stale.unlink()
    environment = _environment(theme)
    if pages:
        folder.mkdir(exist_ok=True)
        entry_page = environment.get_template("site-entry.html.j2")
        teams = {entry.id: (entry.name, repository.pages[entry.id]) for entry, _ in pages
                 if entry.section == "teams"}
        for entry, places in pages:
            _write(folder / repository.pages[entry.id], entry_page.render(
                entry=entry, places=places, kind=_SINGULAR[entry.section],
                details=_entry_details(entry, teams),
                declared=repository.files.get(entry.path, Path(entry.path).name),
                version=__version__))
        sections = [(section, [(e, p, repository.pages[e.id]) for e, p in pages
                               if e.section == section]) for section in SECTIONS]
        _write(out / LIBRARY_PAGE, environment.get_template("site-library.html.j2").render(
            sections=[(s, rows) for s, rows in sections if rows], version=__version__))
    else:
        (out / LIBRARY_PAGE).unlink(missing_ok=True)
    _write_backlog(out, repository, environment)
    hierarchy_page = out / HIERARCHY_PAGE
    if repository.linked:
        _write(hierarchy_page, environment.get_template("site-journeys.html.j2").render(
            nodes=hierarchy(repository), version=__version__))
    else:
        hierarchy_page.unlink(missing_ok=True)


def _write_backlog(out: Path, repository: Repository, environment) -> None:
    """The opportunity backlog of all maps, with its value-vs-effort matrix, when some
    opportunity has a value and an effort; else no such page."""
    from cjm.core.links import is_web_link
    from cjm.views.matrix import matrix_svg, plotted
    from cjm.views.report import Options, phase_order, scored_backlog, summarise

    page = out / BACKLOG_PAGE
    facts = [summarise(journey, slug) for slug, journey in repository.maps.items()]
    rows = scored_backlog(facts, Options(), phase_order(facts))
    if not plotted(rows):
        page.unlink(missing_ok=True)
        return
    _write(page, environment.get_template("site-backlog.html.j2").render(
        rows=rows, matrix=matrix_svg(rows), web_link=is_web_link, version=__version__))


def _entry_details(entry: LibraryEntry, teams: dict[str, tuple[str, str]]
                   ) -> list[tuple[str, str, str]]:
    """(label, value, page or "") of an entry's fields, in the format's order; an owner
    that is a library team shows by its name and links to the team's page."""
    from cjm.core.links import is_web_link

    shown = []
    for key in ("role", "description", "text", "channel", "owner", "kind", "min", "max",
                "target", "better", "status", "value", "effort", "confidence", "source",
                "date", "n", "link"):
        value = getattr(entry.record, key, None)
        if value is None or (key == "text" and entry.name == value.value):
            continue
        text = str(value.value)
        name, page = teams.get(text, (text, "")) if key == "owner" else (text, "")
        if key in ("link", "source") and is_web_link(text):
            page = text.strip()
        shown.append((key, name, page))
    return shown


#: How an entry page names the kind of entry.
_SINGULAR = {"touchpoints": "touchpoint", "personas": "persona", "teams": "team",
             "systems": "system", "metrics": "metric", "opportunities": "opportunity",
             "insights": "insight"}


def _slugs(sources: list[Path]) -> list[str]:
    """A file name per map: its stem, or its path joined with hyphens where stems clash."""
    stems = [source.stem for source in sources]
    slugs = []
    for source, stem in zip(sources, stems, strict=True):
        if stems.count(stem) == 1:
            slugs.append(ids.slug(stem))
        else:
            slugs.append(ids.slug("-".join(source.with_suffix("").parts[-3:])))
    return slugs


def _theme_digest(theme: Path | None) -> str:
    """What a theme folder holds, as a digest (the render cache's, of the files a render
    may use): pages are built again when it changes."""
    from cjm.render.cache import folder_digest

    return folder_digest([theme]) if theme is not None else ""


def _fingerprint(source: Path, formats: tuple[str, ...], theme: str = "",
                 config: Path | None = None) -> str:
    """What makes a map's files: cjm's version, the formats, the theme, the map, its
    metrics beside it and its configuration (its rules and threshold change the page)."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{','.join(formats)}|".encode())
    if theme:
        digest.update(f"theme {theme}|".encode())
    from cjm.project.discover import data_beside

    for part in (source, data_beside(source), config):
        if part is None:
            continue
        try:
            digest.update(part.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def _outputs_exist(out: Path, slug: str, entry: Entry, formats: tuple[str, ...]) -> bool:
    needed = [f"{slug}.html"] + ([f"{slug}.{fmt}" for fmt in formats] if entry.readable else [])
    return all((out / "maps" / name).is_file() for name in needed)


def _remove(out: Path, slug: str, formats: tuple[str, ...]) -> None:
    for suffix in ("html", *formats):
        (out / "maps" / f"{slug}.{suffix}").unlink(missing_ok=True)


def _build_map(source: Path, slug: str, out: Path, formats: tuple[str, ...],
               fingerprint: str, finder, theme: Path | None = None,
               links: dict[str, object] | None = None, later: tuple[str, ...] = ()) -> Entry:
    """Render one map's page and files (those in `later` are linked, and drawn when asked
    for); a map that cannot be read gets a page with its findings instead."""
    from cjm.lint.findings import Severity
    from cjm.lint.run import lint_loaded
    from cjm.project.repository import root_for

    result, journey, settings, data = _read(source, finder)
    findings = lint_loaded(source, result, settings, data, root=root_for(source, finder))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    readable = journey is not None and not result.problems
    folder = out / "maps"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("svg", "pdf"):
        if stale not in formats or not readable:
            (folder / f"{slug}.{stale}").unlink(missing_ok=True)
    lines = [f"{f.line}:{f.column} {f.code} {f.message}" for f in findings]
    shown = site_path(source, finder)
    if readable and journey is not None:
        from cjm.render import curves_of, render_bytes
        from cjm.render.html import render_html
        from cjm.render.timeline import DEFAULT_COLUMNS

        options = _options(settings, theme)
        for fmt in formats:
            write_atomically(folder / f"{slug}.{fmt}", render_bytes(journey, fmt, options))
        page = render_html(journey, DEFAULT_COLUMNS, {}, curves_of(journey, options),
                           site={"back": "../index.html", "findings": lines,
                                 "downloads": [f"{slug}.{fmt}" for fmt in formats + later],
                                 "source": shown, **(links or {})},
                           low_moment=settings.low_moment,
                           theme=theme)
        write_atomically(folder / f"{slug}.html", page)
    else:
        _write(folder / f"{slug}.html", _broken_page(shown, lines, theme))
    title = journey.title.value if journey and journey.title else source.name
    persona = ""
    if journey is not None:
        names = [p.name.value for p in journey.everyone() if p.name]
        persona = ", ".join(names)
    return Entry(shown, slug, title, persona,
                 journey.state.value if journey and journey.state else "",
                 journey.framework.value if journey and journey.framework else "",
                 errors, len(findings) - errors, readable, fingerprint,
                 _searched(journey) if journey is not None else "")


def _read(source: Path, finder):
    """A map as the site reads it: the load result, the map (the numbers of its metrics
    file joined when it loaded without problems), its settings and that file."""
    from cjm.interchange.metrics_csv import joined
    from cjm.project.discover import data_beside
    from cjm.project.repository import load_map

    result = load_map(source, finder)
    settings = finder.for_map(source).settings_for(source)
    data = data_beside(source)  # NAME.metrics.csv: its numbers draw the funnel
    journey = result.map
    if journey is not None and not result.problems and data is not None:
        journey = joined(journey, data)[0]  # its problems are among the lint findings
    return result, journey, settings, data


def _options(settings, theme: Path | None):
    from cjm.render import RenderOptions

    return RenderOptions(baseline=False, low_moment=settings.low_moment, theme=theme)


def draw_later(out: Path, slug: str, fmt: str, source: Path,
               theme: Path | None = None) -> bool:
    """Draw a format the build left for later (see build_site): `maps/SLUG.FMT` from the
    map as it is now; False when the map cannot be read (its page says why)."""
    from cjm.project.config import ConfigFinder
    from cjm.render import render_bytes

    result, journey, settings, _ = _read(source, ConfigFinder())
    if journey is None or result.problems:
        return False
    write_atomically(out / "maps" / f"{slug}.{fmt}",
                     render_bytes(journey, fmt, _options(settings, theme)))
    return True


def _searched(journey) -> str:
    """The text the index's search finds a map by, beyond its row: its phases, its steps'
    actions, touchpoints (by name) and pain points, each once."""
    names = journey.touchpoint_names()
    texts = [phase.name.value for phase in journey.phases if phase.name]
    for _, step in journey.steps():
        texts += [step.action.value] if step.action else []
        texts += [names.get(item.value, item.value) for item in step.touchpoints]
        texts += [pain.text.value for pain in step.pains if pain.text]
    return " ".join(dict.fromkeys(" ".join(text.split()) for text in texts))


def _read_manifest(out: Path) -> dict[str, Entry]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if data.get("version") != __version__:
            return {}
        return {item["slug"]: Entry(**item) for item in data["maps"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write(path: Path, text: str) -> None:
    """Write `text` unless the file holds it already (so an unchanged site stays untouched)."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    write_atomically(path, data)


def _environment(theme: Path | None = None):
    from cjm.render.jinja import environment, theme_roots

    return environment(theme_roots(theme))


def _index(entries: list[Entry], theme: Path | None = None,
           repository: Repository | None = None) -> str:
    return _environment(theme).get_template("site-index.html.j2").render(
        entries=entries, version=__version__,
        hierarchy=HIERARCHY_PAGE if repository and repository.linked else None,
        library=LIBRARY_PAGE if repository and repository.library else None,
        backlog=BACKLOG_PAGE if repository and repository.backlog else None)


def _broken_page(source: str, findings: list[str], theme: Path | None = None) -> str:
    return _environment(theme).get_template("site-broken.html.j2").render(
        source=source, findings=findings, version=__version__)


def site_path(source: Path, finder) -> str:
    """How a published page names a map: its path in the repository (never the folder it
    was built in, which in CI is the runner's), else its file name."""
    import os

    from cjm.project.repository import root_for

    root, resolved = root_for(source, finder).resolve(), source.resolve()
    if resolved.is_relative_to(root):
        return Path(os.path.relpath(resolved, root)).as_posix()
    return source.name
