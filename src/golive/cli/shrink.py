"""``golive shrink RUN_DIR EPISODE_ID``: the smallest conversation that still fails."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def shrink(
    run_dir: Annotated[Path, typer.Argument(help="A run folder made by golive run.")],
    episode_id: Annotated[str, typer.Argument(help="A failed episode of that run.")],
    mode: Annotated[Optional[str], typer.Option(help="The failure to keep (default: its first).")] = None,  # noqa: UP045
    agent: Annotated[Optional[str], typer.Option(help="Agent to replay against (default: the run's).")] = None,  # noqa: UP045
    max_calls: Annotated[int, typer.Option(min=1, help="Budget of agent calls.")] = 400,
) -> None:
    """Replay reductions of the episode's persona and scenario; keep the smallest that fails."""
    from golive.results.run_folder import RunFolder
    from golive.shrink import run_shrink, sizes

    shrunk, out = run_shrink(run_dir, episode_id, agent=agent, mode=mode, max_calls=max_calls)
    facts = sizes(shrunk)
    turns, chars, traits = facts["turns"], facts["characters"], facts["traits"]
    typer.echo(f"still fails with {shrunk.mode} after shrinking:")
    typer.echo(f"  turns {turns[0]} -> {turns[1]}, traits {traits[0]} -> {traits[1]}, "  # type: ignore[index]
               f"characters {chars[0]} -> {chars[1]}")  # type: ignore[index]
    typer.echo(f"  agent calls used: {shrunk.calls_used} of {shrunk.max_calls}")
    if RunFolder.open(run_dir).manifest().simulator != "scripted":
        typer.echo("  note: the run used an LLM simulator; shrinking replays with the scripted "
                   "one, so the reduced case shows the same failure with scripted customers.")
    typer.echo(f"reduced persona, scenario, suite and transcript: {out}")
    typer.echo(f"replay: golive run {out / 'suite.yaml'} --no-mlflow")


def register(app: typer.Typer) -> None:
    """Add ``shrink`` to the CLI."""
    app.command("shrink")(shrink)
