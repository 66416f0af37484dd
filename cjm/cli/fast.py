"""`cjm lint PATH...` the short way: what pre-commit hooks and editors run on every save.

Typer and Click are about 70 ms of a 220 ms lint of a small map, so a lint whose every
argument is an existing path or one of a few flags is run here, without the parser. Anything
else (an option this does not know, a path that does not exist, `--help`) goes to the full
command line, which says what is wrong. Both run `lint_and_report`, so they cannot differ.
"""

from __future__ import annotations

from pathlib import Path

#: The flags the short way takes, and the argument of `lint_and_report` each sets.
FLAGS = {"--only-maps": "only_maps", "--quiet": "quiet", "-q": "quiet", "--strict": "strict"}


def lint_and_report(paths: list[Path], config: Path | None = None, fmt: str = "auto",
                    output: Path | None = None, strict: bool = False, quiet: bool = False,
                    statistics: bool = False, jobs: int | None = None,
                    only_maps: bool = False, data: Path | None = None) -> int:
    """Lint `paths`, print the report, and return the exit status (see `cjm lint`)."""
    from cjm.cli.output import write_report
    from cjm.lint.run import lint_paths

    report = lint_paths(paths, config, jobs, only_maps, data)
    report.strict = strict
    write_report(report, fmt, output, quiet=quiet, with_statistics=statistics)
    return report.exit_code(strict)


def lint_fast(argv: list[str]) -> int | None:
    """The exit status of `cjm ARGV` when it is a lint the short way takes, else None."""
    if not argv or argv[0] != "lint":
        return None
    flags: dict[str, bool] = {}
    paths: list[Path] = []
    for arg in argv[1:]:
        if arg in FLAGS:
            flags[FLAGS[arg]] = True
        elif arg.startswith("-") or not Path(arg).exists():
            return None
        else:
            paths.append(Path(arg))
    if not paths:
        return None
    from cjm.cli.output import failed
    from cjm.core.errors import CjmError

    try:
        return lint_and_report(paths, strict=flags.get("strict", False),
                               quiet=flags.get("quiet", False),
                               only_maps=flags.get("only_maps", False))
    except (CjmError, OSError) as err:  # as the full command line says them
        return failed(err)
