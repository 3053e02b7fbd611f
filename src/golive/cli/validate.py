"""``golive validate PATH...``: check suite, scenario and persona files against the schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def validate(
    paths: Annotated[list[Path], typer.Argument(help="Suite, scenario or persona YAML files.")],
) -> None:
    """Check files against golive's JSON Schemas; report every error with file, line, field."""
    from golive.validation import validate_files

    problems = validate_files(paths)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {len(paths)} file(s)", err=True)
        raise typer.Exit(2)
    typer.echo(f"ok: {len(paths)} file(s) valid")


def register(app: typer.Typer) -> None:
    """Add ``validate`` to the CLI."""
    app.command("validate")(validate)
