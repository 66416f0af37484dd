"""The `cjm` command line: a thin Typer layer over the core. `app` holds the application and
its error boundary; each module here holds one family of commands, each command parsing
its options, calling one core function and printing. `cjm --help` lists them in the order
they are imported here."""

# isort: off
from cjm.cli import lint, authoring, render, views, interchange  # noqa: F401 - the commands
# isort: on
from cjm.cli.app import app, main

__all__ = ["app", "main"]
