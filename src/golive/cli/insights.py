"""``golive insights RUN_DIR``: where the bot fails, and the patterns behind the failures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def insights(
    run_dir: Annotated[Path, typer.Argument(help="A run folder made by golive run.")],
    baseline: Annotated[Optional[Path], typer.Option(help="An earlier run folder to compare with.")] = None,  # noqa: UP045
    analyst: Annotated[Optional[str], typer.Option(help="litellm model that explains each pattern.")] = None,  # noqa: UP045
    analyst_api_base: Annotated[Optional[str], typer.Option(help="Base URL for the analyst model.")] = None,  # noqa: UP045
    min_support: Annotated[int, typer.Option(min=1, help="Episodes a pattern needs to count.")] = 5,
    json_out: Annotated[bool, typer.Option("--json", help="Print insights.json instead.")] = False,
) -> None:
    """Group failures by finding, find where they concentrate, write insights.json and .md."""
    from golive.insights.files import load_insights, run_insights
    from golive.insights.render import changes_markdown, compare, markdown
    from golive.results.run_folder import INSIGHTS_JSON, RunFolder

    found = run_insights(run_dir, min_support=min_support, analyst=analyst,
                         analyst_api_base=analyst_api_base)
    if json_out:
        typer.echo(RunFolder.open(run_dir).insights_json() or "")
        return
    typer.echo(markdown(found))
    if baseline is not None:
        typer.echo(f"### Since {baseline.name}\n")
        typer.echo(changes_markdown(compare(load_insights(baseline), found)))
    typer.echo(f"insights: {RunFolder.open(run_dir).file(INSIGHTS_JSON)}")


def register(app: typer.Typer) -> None:
    """Add ``insights`` to the CLI."""
    app.command("insights")(insights)
