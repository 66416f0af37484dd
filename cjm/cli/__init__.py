"""The `cjm` command line: a thin Typer layer over the core. `app` holds the application and
its error boundary; each module here holds one family of commands, each command parsing
its options, calling one core function and printing. `cjm --help` lists them in the order
they are registered below. A plain `cjm lint PATH...` takes a short way round the parser
(see `cjm.cli.fast`): the package imports Typer only when it is needed."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: run `cjm` on `argv` (default: the command line)."""
    from cjm.cli.fast import lint_fast

    status = lint_fast(sys.argv[1:] if argv is None else list(argv))
    if status is not None:
        raise SystemExit(status)
    _register()
    from cjm.cli.app import main as run

    run(argv)


def _register() -> Any:
    """Import the command modules, which register their commands with the app; the app."""
    # isort: off
    from cjm.cli import lint, authoring, render, views, interchange  # noqa: F401
    # isort: on
    from cjm.cli.app import app as application

    globals()["app"] = application  # importing the submodule `app` bound the module here
    return application


def __getattr__(name: str) -> Any:
    """`cjm.cli.app`, the Typer application, with every command registered."""
    if name == "app":
        return _register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
