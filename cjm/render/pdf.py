"""The PDF poster: the map as HTML (Jinja2, autoescaped) printed by WeasyPrint.

The theme (poster.html.j2 and poster.css) lives beside this module; `--theme DIR` is searched
first, so a team can restyle the poster without forking cjm. WeasyPrint may fetch nothing but
files inside those theme folders: no network, no other file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from cjm import __version__
from cjm.core import lanes
from cjm.errors import CjmError, UsageError
from cjm.model import DEFAULT_LOW_MOMENT, EMOTION_MAX, EMOTION_MIN, JourneyMap, Persona
from cjm.render import Progress
from cjm.render import labels as lx
from cjm.render.cells import has_details
from cjm.render.poster import LANE_LABEL_WIDTH, Paper, Poster, build
from cjm.render.series import Curves, PersonaStyle, persona_styles

if TYPE_CHECKING:
    from cjm.render.printer import Printer

BUILTIN_THEME = Path(__file__).parent / "theme"
#: From this many bands on, a poster is printed in parts (cjm.render.bigpdf).
PARTS_FROM = 10


def render_pdf(journey: JourneyMap, paper: Paper, theme: Path | None = None,
               marks: dict[int, str] | None = None, curves: Curves | None = None,
               progress: Progress | None = None, printer: Printer | None = None,
               low_moment: int = DEFAULT_LOW_MOMENT) -> bytes:
    """The poster of `journey` as PDF bytes; `marks` highlights steps by number; `curves`
    are the emotion lane's series (by default the map's own emotion). A big poster is
    printed in parts on every core, telling `progress` as they are done; another is
    printed by `printer` when given (see cjm.render.printer), else here."""
    roots = [theme, BUILTIN_THEME] if theme else [BUILTIN_THEME]
    poster = build(journey, paper, marks or {}, curves, low_moment=low_moment)
    if len(poster.pages) >= PARTS_FROM:
        from cjm.render.bigpdf import print_big

        if printer:
            printer.close()  # the memory of its WeasyPrint is better spent on the parts
        printed = print_big(poster, roots, progress)
        if printed is not None:
            return printed
    html = poster_html(poster, roots)
    return printer.print(html, roots) if printer else write(layout(html, roots))


def poster_html(poster: Poster, roots: list[Path], part: str = "whole", part_css: str = "",
                page_count: int = 0) -> str:
    """The poster's HTML, from the first theme folder that has each template; a big
    poster's parts (see cjm.render.bigpdf) name theirs, with the CSS that makes them."""
    from jinja2 import Environment, StrictUndefined

    environment = Environment(loader=theme_loader(roots), autoescape=True,
                              undefined=StrictUndefined, bytecode_cache=_bytecode_cache())
    return environment.get_template("poster.html.j2").render(
        **context(poster), part=part, part_css=part_css, page_count=page_count)


def theme_loader(roots: list[Path]):
    """Jinja's loader for the theme folders, refusing a file that resolves outside its
    folder (a symlink to elsewhere): a theme may use its own files only."""
    from jinja2 import FileSystemLoader

    class ThemeLoader(FileSystemLoader):
        def get_source(self, environment, template):
            source, filename, uptodate = super().get_source(environment, template)
            resolved = Path(filename).resolve()
            if not any(resolved.is_relative_to(root.resolve()) for root in roots):
                raise UsageError(f"{filename}: the theme's file points outside its folder "
                                 f"(to {resolved}); a theme may use its own files only")
            return source, filename, uptodate

    return ThemeLoader([str(root) for root in roots])


def _bytecode_cache():
    """Jinja's compiled templates, kept in the user's cache folder: compiling the poster's
    template costs more (~50 ms) than the rest of cjm's part of a small render. Keyed by
    the template's source, so an edited theme is compiled afresh. None when the folder
    cannot be made."""
    from jinja2 import FileSystemBytecodeCache

    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(base) / "cjm" / f"jinja-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def context(poster: Poster) -> dict[str, object]:
    """What the poster's templates are rendered with (the HTML page uses it too)."""
    journey, words = poster.journey, poster.words
    persona = journey.persona
    title = journey.title.value if journey.title else ""
    scores = range(EMOTION_MIN, EMOTION_MAX + 1)
    return {
        "journey": journey, "persona": persona, "pages": poster.pages, "lanes": poster.lanes,
        "words": words, "paper": poster.paper, "lang": journey.language, "title": title,
        "author": persona.name.value if persona and persona.name else "",
        "subject": journey.scenario.value if journey.scenario else title,
        "keywords": ", ".join(p.name.value for p in journey.phases if p.name),
        "version": __version__, "created": _source_date(),
        "state": journey.state.value if journey.state and journey.state.value in
        ("current", "future") else None,
        "step_count": lx.counted(journey.step_count, words["step"], words["steps"]),
        "lane_width": f"{LANE_LABEL_WIDTH:.2f}",
        "column_width": f"{poster.paper.column_width:.2f}",
        "scores": scores, "colours": {s: lx.emotion_colour(s) for s in scores},
        "faces": lx.FACES,
        "marked": any(view.mark for page in poster.pages for view in page.steps),
        "in_legend": poster.curves.in_legend,
        "deltas": poster.curves.deltas is not None, "personas": _personas(journey),
        "funnel": "funnel" in poster.lanes,
        "lane_of": {lane.name: lane for lane in lanes.drawn()},
        "persona_lanes": lanes.PERSONA_LANES,
        "counted": [lane for lane in lanes.drawn() if lane.card == lanes.COUNT],
        "has_details": has_details,
    }


def _personas(journey: JourneyMap) -> list[tuple[Persona, PersonaStyle]]:
    """Each persona of a map with several, with how it is drawn."""
    styles = {style.id: style for style in persona_styles(journey)}
    return [(persona, styles[persona.id.value]) for persona in journey.personas
            if persona.id and persona.id.value in styles]


def _source_date() -> str | None:
    """The date to stamp on the PDF: SOURCE_DATE_EPOCH when set, else none at all, so
    that the same map always gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError):
        raise UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds, got `{epoch}`") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def import_weasyprint():
    """The weasyprint module, imported about 0.3 s faster than by a plain import.

    WeasyPrint's import finds its seven system libraries by trying a list of names for
    each; every name without a dot goes through ctypes.util.find_library, which runs
    ldconfig and, for a name it cannot find, gcc and ld: some twenty subprocesses. Each
    list also holds the library's file name (libpango-1.0.so.0, .dylib, .dll), which is
    opened directly, so while WeasyPrint imports, find_library answers "not found" at once
    and the file names are what load."""
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError as err:  # Pango or its friends are missing: dlopen fails at import
        raise UsageError("WeasyPrint cannot load its system libraries (Pango, HarfBuzz): "
                         "install them (Debian/Ubuntu: apt-get install libpango-1.0-0 "
                         f"libpangoft2-1.0-0 libharfbuzz-subset0) [{err}]") from None
    finally:
        ctypes.util.find_library = real
    return weasyprint


def preload_weasyprint() -> None:
    """Import WeasyPrint ahead of the first poster (in a process that will print), the
    import being most of a small poster's time. When it fails, each print says why."""
    try:
        import_weasyprint()
    except UsageError:
        pass


def layout(html: str, roots: list[Path]):
    """WeasyPrint's pages of the poster's HTML, fetching nothing outside `roots`."""
    weasyprint = import_weasyprint()
    fetcher = theme_only_fetcher(roots)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=roots[0].as_uri() + "/",
                               url_fetcher=fetcher)
    with _theme_errors():
        return document.render()


def write(document) -> bytes:
    """The PDF bytes of WeasyPrint's laid-out pages."""
    with _theme_errors():
        return document.write_pdf()


@contextmanager
def _theme_errors() -> Iterator[None]:
    try:
        yield
    except Exception as err:  # noqa: BLE001 - a theme's CSS can break WeasyPrint in many ways
        raise CjmError(f"WeasyPrint could not print the poster: {err}") from None


def theme_only_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files inside `roots` and refuses every other URL.
    Refused URLs are kept in its `refused` list."""
    from weasyprint.urls import URLFetcher

    allowed = [root.resolve() for root in roots]

    class ThemeOnlyFetcher(URLFetcher):
        refused: list[str] = []

        def fetch(self, url: str, headers: object = None):
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is None or not any(path.is_relative_to(root) for root in allowed):
                self.refused.append(url)
                raise ValueError(f"cjm fetches only its theme's files, not {url}")
            return super().fetch(url, headers)

    fetcher = ThemeOnlyFetcher(allowed_protocols=("file",))
    fetcher.refused = []
    return fetcher
