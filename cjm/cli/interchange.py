"""Other formats: import from Mermaid and spreadsheets, export to Mermaid, Markdown,
spreadsheets."""

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
                                           help="A Mermaid journey diagram (.mmd), an "
                                                "Excel workbook (.xlsx) or a CSV file.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The map file to write (default: print the map).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Turn a Mermaid `journey` diagram into a map (title, sections as phases, tasks as
    steps, scores as emotion, actors as personas; comments stay), or a spreadsheet: the
    workbook `cjm export --to xlsx` writes, a journey grid (phases across, a row per lane),
    or the long CSV table.

    Problems are printed as `path:line:col: CODE message` (`path:Sheet!B7:` in a workbook).
    Exit status: 0 when imported (warnings, such as a score outside 1–5, allowed), 1 when the
    file has errors (nothing is written), 2 on a usage error.
    """
    from cjm.core.source import DecodeError, located, read_text
    from cjm.interchange.from_mermaid import import_journey

    if source.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
        from cjm.interchange.workbook import import_sheet

        sheet = import_sheet(source)
        for found in sheet.problems:
            sys.stderr.write(found.located(str(source)) + "\n")
        if sheet.text is None:
            raise typer.Exit(1)
        _write_imported(sheet.text, source, output, force)
        return

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
    _write_imported(imported.text, source, output, force)


def _write_imported(text: str, source: Path, output: Path | None, force: bool) -> None:
    from cjm.authoring.scaffold import write_new

    if output is None:
        sys.stdout.write(text)
        return
    write_new(output, text, force=force)
    print(f"Imported {source} into {output}. Check it with: cjm lint {output}")


@app.command()
def export(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, show_default=False,
                                           help="A map file.")],
    to: Annotated[str, typer.Option(
        "--to", "-t", help="mermaid (a journey diagram), markdown (a document with the "
                           "diagram and every lane in tables), xlsx (a workbook: the grid and "
                           "every item; needs -o) or csv (every item, one a row).")] = "mermaid",
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

    if to in ("xlsx", "csv", "pptx"):
        _export_office(source, to, output)
        return
    write = choose(to, {"mermaid": to_mermaid, "markdown": to_markdown}, "target",
                   also=("xlsx", "csv", "pptx"))
    exported = write(load_for_render(source))
    for note in exported.notes:
        sys.stderr.write(f"note: {source}: {note}\n")
    emit(exported.text, output)


def _export_office(source: Path, to: str, output: Path | None) -> None:
    """The map as a workbook or a slide deck (to a file only), or as the long CSV table."""
    from ruamel.yaml import YAML

    from cjm.core.source import read_text
    from cjm.interchange.workbook import to_csv, to_xlsx
    from cjm.render import load_for_render

    journey = load_for_render(source)  # a map that does not load stops here, with its reason
    data = YAML(typ="safe").load(read_text(source))
    if to == "csv":
        emit(to_csv(data), output)
        return
    if output is None:
        raise CjmError(f"--to {to} writes a binary file: give it with -o FILE.{to}")
    from cjm.project.write import write_atomically

    if to == "pptx":
        from cjm.interchange.slides import to_pptx
        from cjm.render import render_bytes
        from cjm.render.options import RenderOptions

        wide = RenderOptions(columns=max(1, min(journey.step_count, 10)))  # one row: 16:9
        timeline = render_bytes(journey, "png", wide)
        write_atomically(output, to_pptx(journey, timeline))
        return
    write_atomically(output, to_xlsx(journey, data))
