"""``golive validate PATH...``: check suites, scenarios, personas, agent, gate and rules files
(a folder: every YAML inside); warn about suites that cannot fail as their author thinks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def validate(
    paths: Annotated[list[Path], typer.Argument(help="YAML files or folders (every YAML inside).")],
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors (exit 2).")] = False,
) -> None:
    """Check files against golive's schemas; report every error with file, line, field."""
    from golive.validation import check_paths

    checked = check_paths(paths)
    for problem in checked.errors:
        typer.echo(str(problem), err=True)
    for warning in checked.warnings:
        typer.echo(f"warning: {warning}", err=True)
    files = len(checked.files)
    if not files:
        typer.echo("no YAML files found in " + ", ".join(map(str, paths)), err=True)
        raise typer.Exit(2)
    if checked.errors or (strict and checked.warnings):
        typer.echo(f"{len(checked.errors)} problem(s), {len(checked.warnings)} warning(s) in "
                   f"{files} file(s)", err=True)
        raise typer.Exit(2)
    note = f", {len(checked.warnings)} warning(s)" if checked.warnings else ""
    typer.echo(f"ok: {files} file(s) valid{note}")


def register(app: typer.Typer) -> None:
    """Add ``validate`` to the CLI."""
    app.command("validate")(validate)
