"""``golive init [DIR]``: a working suite to edit, written without a question asked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def init(
    folder: Annotated[Path, typer.Argument(help="New or empty folder to write the suite into.")] = Path("."),
    from_pack: Annotated[Optional[str], typer.Option(help="Copy a bundled pack (demo, retail, telecom, banking) instead of the starter.")] = None,  # noqa: UP045
) -> None:
    """Write a small working suite (scenarios, personas, a stub bot, a gate, a CI workflow)."""
    from golive.harness.scaffold import copy_pack, write_starter

    written = copy_pack(from_pack, folder) if from_pack else write_starter(folder)
    typer.echo(f"wrote {len(written)} files to {folder}/:")
    for path in sorted(written):
        typer.echo(f"  {path.relative_to(folder)}")
    enter = "" if folder.resolve() == Path.cwd() else f"cd {folder}\n  "
    typer.echo(
        "\nnext:\n"
        f"  {enter}golive validate .\n"
        "  golive run suite.yaml --gate --thresholds gate.yaml\n"
        "then edit bot.py (or agent: in suite.yaml) to rehearse your own bot; every field of "
        "every file is described in golive's docs/reference/"
    )


def register(app: typer.Typer) -> None:
    """Add ``init`` to the CLI."""
    app.command("init")(init)
