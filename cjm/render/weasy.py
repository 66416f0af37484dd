"""WeasyPrint, imported fast and kept to the theme's files: laying out and writing a PDF."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from cjm.core.errors import CjmError, UsageError


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


def layout(html: str, roots: list[Path], tagged: bool = True):
    """WeasyPrint's pages of the poster's HTML, fetching nothing outside `roots`; `tagged`
    builds the structure tree a tagged PDF needs."""
    weasyprint = import_weasyprint()
    fetcher = theme_only_fetcher(roots)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    base = roots[0].as_uri() + "/"
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
    with _theme_errors():
        rendered = document.render(pdf_tags=tagged)  # a structure tree: reading order, roles
    _relative_links(rendered, base)
    return rendered


def _relative_links(document, base: str) -> None:
    """Links to other files (a detail map's PDF) kept relative, as written: WeasyPrint
    resolves them against the theme's folder, which is neither where the PDF lies nor
    anything a reader should see."""
    for page in document.pages:
        page.links = [(kind, target[len(base):], *rest)
                      if kind == "external" and target.startswith(base) else
                      (kind, target, *rest) for kind, target, *rest in page.links]


#: The PDF variant every poster is written as: tagged, with its language and its title shown
#: as the window's title (WeasyPrint's PDF/UA-1; see docs/format.md on what it leaves out).
PDF_VARIANT = "pdf/ua-1"


def write(document, tagged: bool = True) -> bytes:
    """The PDF bytes of WeasyPrint's laid-out pages, as PDF/UA-1 when `tagged`."""
    with _theme_errors():
        return document.write_pdf(pdf_variant=PDF_VARIANT) if tagged else document.write_pdf()


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
