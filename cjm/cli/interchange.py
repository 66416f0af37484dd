"""Other formats: import from Mermaid, export to Mermaid or Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cjm.cli.app import app
from cjm.cli.output import emit
from cjm.core.errors import CjmError, choose


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, show_default=False,
                                           help="A Mermaid journey diagram (.mmd).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The map file to write (default: print the map).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Turn a Mermaid `journey` diagram into a map: title, sections as phases, tasks as
    steps, scores as emotion, actors as personas; comments stay.

    Problems are printed as `path:line:col: CODE message`. Exit status: 0 when imported
    (warnings, such as a score outside 1–5, allowed), 1 when the diagram has errors (nothing
    is written), 2 on a usage error.
    """
    from cjm.authoring.scaffold import write_new
    from cjm.core.source import DecodeError, located, read_text
    from cjm.interchange.from_mermaid import import_journey

    try:
        text = read_text(source)
    except OSError as err:
        raise CjmError(f"{source}: cannot read it: {err.strerror}") from None
    except DecodeError as err:
        raise CjmError(located(source, err.pos, err.reason)) from None
    imported = import_journey(text, source.name)
    for problem in imported.problems:
        sys.stderr.write(problem.located(str(source)) + "\n")
    if imported.text is None:
        raise typer.Exit(1)
    if output is None:
        sys.stdout.write(imported.text)
        return
    write_new(output, imported.text, force=force)
    print(f"Imported {source} into {output}. Check it with: cjm lint {output}")


@app.command()
def export(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, show_default=False,
                                           help="A map file.")],
    to: Annotated[str, typer.Option(
        "--to", "-t", help="mermaid (a journey diagram) or markdown (a document with the "
                           "diagram and every lane in tables).")] = "mermaid",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print a map as a Mermaid journey diagram, or as Markdown that GitHub renders.

    What Mermaid cannot hold is said on stderr: text rewritten so that Mermaid can read it,
    lanes left out. Exit status: 0 when exported, 1 when the map cannot be read, 2 on a usage
    error.
    """
    from cjm.interchange.markdown import to_markdown
    from cjm.interchange.to_mermaid import to_mermaid
    from cjm.render import load_for_render

    write = choose(to, {"mermaid": to_mermaid, "markdown": to_markdown}, "target")
    exported = write(load_for_render(source))
    for note in exported.notes:
        sys.stderr.write(f"note: {source}: {note}\n")
    emit(exported.text, output)
