"""The `cjm` app: the Typer application, the one error boundary, and what every command
shares (which maps it takes, writing a result to `-o` or stdout)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cjm import __version__
from cjm.core.errors import CjmError

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as code: scaffold, lint and render maps kept in YAML.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


#: The maps a command works on: files, or folders searched as cjm lint searches them.
MapPaths = Annotated[list[Path], typer.Argument(
    exists=True, show_default=False, help="Map files, or folders searched like cjm lint does.")]
#: --jobs of every command that works on many maps (cjm.core.parallel decides the default).
Jobs = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, show_default=False,
    help="Processes to work with (default: one per core when there are enough maps; "
         "the output is the same whatever the number).")]
#: --cache/--no-cache of the commands that render (cjm.render.cache).
UseCache = Annotated[bool, typer.Option(
    "--cache/--no-cache", help="Reuse what an earlier render drew from the same input "
                               "(the render cache; see the README).")]



def _show_version(value: bool) -> None:
    if value:
        print(f"cjm {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Show the version and exit.")] = False,
) -> None:
    """Customer journey maps as code."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app on `argv` (default: the command line), turning CjmError, a
    usage error or an OSError into a one-line message and exit code."""
    from typer.exceptions import TyperException

    try:
        status = app(args=argv, prog_name="cjm", standalone_mode=False)
    except (CjmError, OSError) as err:  # OSError: what the system refuses, a full disk
        from cjm.cli.output import failed

        raise SystemExit(failed(err)) from None
    except TyperException as err:  # the parser's own: an unknown option, a missing path
        from cjm.cli.output import error

        context = getattr(err, "ctx", None)
        command = context.command_path if context is not None else "cjm"
        message = err.format_message()
        if message:  # none when the help was shown instead (cjm with no command)
            error(f"{message} (see {command} --help)")
        raise SystemExit(getattr(err, "exit_code", 2)) from None
    except typer.Abort:
        raise SystemExit(130) from None
    if isinstance(status, int) and status:
        raise SystemExit(status)
