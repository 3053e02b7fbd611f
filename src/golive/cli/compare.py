"""``golive compare A B``: metric deltas between two run folders (or results files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def compare(
    run_a: Annotated[Path, typer.Argument(help="Run folder or results.jsonl (baseline).")],
    run_b: Annotated[Path, typer.Argument(help="Run folder or results.jsonl (candidate).")],
) -> None:
    """Print each metric for A and B, the change, and whether B is better."""
    from golive.reports.compare import compare_runs

    typer.echo(compare_runs(run_a, run_b))


def register(app: typer.Typer) -> None:
    """Add ``compare`` to the CLI."""
    app.command("compare")(compare)
