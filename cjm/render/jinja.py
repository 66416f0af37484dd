"""The one Jinja environment of every HTML cjm writes (the poster, the page, the site, the
report): autoescaped, strict, from the theme folders in order (`--theme` first, then the
built-in theme beside this module), refusing a template that resolves outside them.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cjm import __version__
from cjm.core.errors import UsageError

BUILTIN_THEME = Path(__file__).parent / "theme"


def theme_roots(theme: Path | None = None) -> list[Path]:
    """The folders templates are looked up in: `theme` (a user's), then the built-in one."""
    return [theme, BUILTIN_THEME] if theme else [BUILTIN_THEME]


def environment(roots: list[Path] | None = None, cached: bool = False,
                trailing_newlines: bool = True):
    """The Jinja environment over `roots` (default: the built-in theme); with `cached`, its
    compiled templates are kept between runs (see _bytecode_cache). The poster's templates
    are written for `trailing_newlines=False` (Jinja's default: a template's last newline
    is dropped), the page's, site's and report's for True. One environment per setting is
    made per process, so a template compiles once (and again when its file changes)."""
    return _environment(tuple(roots or [BUILTIN_THEME]), cached, trailing_newlines)


@functools.cache
def _environment(roots: tuple[Path, ...], cached: bool, trailing_newlines: bool):
    from jinja2 import Environment, StrictUndefined

    cache = _bytecode_cache(trailing_newlines) if cached else None
    return Environment(loader=theme_loader(list(roots)), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=trailing_newlines,
                       bytecode_cache=cache)


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


def _bytecode_cache(trailing_newlines: bool):
    """Jinja's compiled templates, kept in the user's cache folder: compiling the poster's
    template costs more (~50 ms) than the rest of cjm's part of a small render. Keyed by
    the template's source, so an edited theme is compiled afresh, and kept apart per
    setting that changes the compiled code (Jinja's cache does not key on them). None when
    the folder cannot be made."""
    from jinja2 import FileSystemBytecodeCache

    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(base) / "cjm" / (f"jinja-{__version__}"
                                   + ("-trailing-newlines" if trailing_newlines else ""))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))
