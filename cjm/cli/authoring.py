"""Commands that write maps and set-ups: new, init, templates, fmt and schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cjm.cli.app import app
from cjm.cli.output import emit
from cjm.core.errors import UsageError


@app.command()
def new(
    path: Annotated[Path | None, typer.Argument(
        show_default=False, help="The map file to create (folders are created too).")] = None,
    template: Annotated[str | None, typer.Option(
        "--template", "-t", help="Template id (see --list); default five-phase.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of phase names and hints: en or nl; default en.")] = None,
    title: Annotated[str | None, typer.Option(help="The map's title.")] = None,
    persona: Annotated[str | None, typer.Option(help="The persona's name.")] = None,
    personas: Annotated[str | None, typer.Option(
        help="Several personas' names, separated by commas (2 to 5): the map gets `personas` "
             "and a score per persona on each step.")] = None,
    state: Annotated[str | None, typer.Option(
        help="current (the journey today) or future (the journey to design).")] = None,
    blueprint: Annotated[bool, typer.Option(
        "--blueprint", help="Add example service-blueprint lanes (evidence, frontstage, "
                            "backstage, support, fail points) to every step.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Never ask; use defaults for what is not given.")] = False,
    list_templates: Annotated[bool, typer.Option(
        "--list", help="List the templates and exit.")] = False,
) -> None:
    """Create a new map from a template: every phase of a framework, an example step in each,
    and comments that explain every field. Asks for what is missing when run on a terminal."""
    if list_templates:
        templates()
        return
    if path is None:
        raise UsageError("cjm new needs the path of the map to create, "
                         "e.g. cjm new maps/sally.yaml")
    from cjm.authoring import prompts, scaffold
    from cjm.project.repository import library_for

    several = tuple(name.strip() for name in (personas or "").split(",") if name.strip())
    answers = scaffold.Answers(template or "", lang or "", title, persona, state, several,
                               blueprint, library_for(path.parent / path.name))
    interactive = not yes and sys.stdin.isatty()
    answers = prompts.complete(answers, ask=interactive)
    scaffold.write_new(path, scaffold.render(answers), force=force)
    print(f"Created {path} from template {answers.template} ({answers.lang}). "
          f"Check it with: cjm lint {path}")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(
        file_okay=False, help="The repository (or folder) to set up.")] = Path("."),
    template: Annotated[str | None, typer.Option(
        "--template", "-t", help="Template of the first map (see cjm new --list).")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of the first map: en or nl.")] = None,
    title: Annotated[str | None, typer.Option(help="The first map's title.")] = None,
    persona: Annotated[str | None, typer.Option(help="The first map's persona.")] = None,
    maps: Annotated[str, typer.Option(help="The folder for maps.")] = "maps",
    hooks_repo: Annotated[str | None, typer.Option(
        help="Where pre-commit gets cjm's hooks (a git URL or path); default: local hooks "
             "running the cjm on the PATH.")] = None,
    hooks_rev: Annotated[str | None, typer.Option(
        help="The revision of --hooks-repo (a tag or commit).")] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Never ask; use defaults for what is not given.")] = False,
) -> None:
    """Set a repository up for journey maps: which files are maps (.cjm.toml), the JSON
    Schema, a first map, pre-commit hooks (fmt and lint), a GitHub Actions workflow with code
    scanning, and git's diff driver. Never overwrites; running it again changes nothing."""
    from cjm.authoring import prompts, scaffold
    from cjm.authoring.init import InitOptions
    from cjm.authoring.init import init as set_up

    if Path(maps).is_absolute() or ".." in Path(maps).parts:
        raise UsageError(f"--maps `{maps}` must be a folder inside {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    answers = scaffold.Answers(template or "", lang or "", title, persona)
    answers = prompts.complete(answers, ask=not yes and sys.stdin.isatty())
    done = set_up(InitOptions(folder, answers, maps, hooks_repo, hooks_rev))
    for part in done:
        print(part.text)
    if not any(part.changed for part in done):
        print("Nothing changed: this folder is set up for cjm already.")


@app.command()
def templates() -> None:
    """List the templates of `cjm new`: id, languages, phases and where the model comes from."""
    from cjm.authoring import scaffold
    from cjm.cli.output import print_templates

    print_templates(list(scaffold.available().values()))


@app.command(name="fmt")
def fmt_command(
    paths: Annotated[list[Path], typer.Argument(
        exists=True, show_default=False, help="Map files, or folders searched like cjm lint.")],
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; list the files that would change, exit 1 if any.")]
    = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Write nothing; show what would change as a unified diff.")] = False,
    only_maps: Annotated[bool, typer.Option(
        "--only-maps", help="Skip named files that the configuration does not count as maps "
                            "(`maps`, `exclude`; hidden paths): for pre-commit hooks.")] = False,
) -> None:
    """Rewrite maps in the canonical layout, keeping every comment and value.

    Key order, indentation, quoting and list style become canonical; a file that does not
    parse is never touched. Exit status: 0 when done (or nothing to change), 1 when a file
    would change (--check, --diff) or could not be formatted.
    """
    from cjm.cli.output import error, in_github_actions, say
    from cjm.fmt.rewrite import format_paths

    dry_run = check or diff
    report = format_paths(paths, write=not dry_run, diff=diff, only_maps=only_maps)
    for message in report.errors:
        error(message)
    for text in report.diffs:
        sys.stdout.write(text)
    if check:
        for path in report.changed:
            say(f"would reformat {path}")
        if in_github_actions():
            from cjm.lint.formats import annotation

            for path in report.changed:
                print(annotation("error", path, "cjm fmt",
                                 f"not in cjm's canonical layout: run cjm fmt {path}"))
    elif not diff:
        for path in report.changed:
            say(f"reformatted {path}")
    say(report.summary("would be reformatted" if dry_run else "reformatted"))
    failed = report.errors or (dry_run and report.changed)
    raise typer.Exit(1 if failed else 0)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (e.g. cjm.schema.json) instead of stdout.")]
    = None,
    library: Annotated[bool, typer.Option(
        "--library", help="The schema of library files (cjm.library.schema.json).")] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the map format, for editors and validators.

    Save it as cjm.schema.json at the root of your maps; `cjm new` then adds the modeline
    `# yaml-language-server: $schema=…` that makes VS Code's YAML extension use it. With
    --library, the schema of the library's files.
    """
    from cjm.core.schema import schema_json

    emit(schema_json(library), output)
