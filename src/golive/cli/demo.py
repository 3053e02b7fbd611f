"""``golive demo``: the bundled demo suite against acme_v1 and acme_v2, then their comparison."""

from __future__ import annotations

from typing import Annotated

import typer


def demo(
    mlflow: Annotated[bool, typer.Option(help="Log both runs to MLflow.")] = True,
    concurrency: Annotated[int, typer.Option(min=1)] = 8,
) -> None:
    """Run the demo suite against both reference bots and show which is better, and where."""
    from golive.harness.rehearsal import RunConfig, run_suite
    from golive.reports.compare import compare_runs
    from golive.results.run_folder import REPORT_FILE, RunFolder

    outcomes = []
    for agent in ("acme_v1", "acme_v2"):
        typer.echo(f"\n=== demo suite × {agent} ===")
        outcome = run_suite(RunConfig(agent=agent, mlflow=mlflow, concurrency=concurrency))
        typer.echo(outcome.summary)
        outcomes.append(outcome)
    typer.echo("=== acme_v1 → acme_v2 ===")
    typer.echo(compare_runs(outcomes[0].folder, outcomes[1].folder))
    for outcome in outcomes:
        folder = RunFolder(outcome.folder)
        typer.echo(f"{outcome.manifest.agent}: results {folder.results_path}")
        typer.echo(f"{outcome.manifest.agent}: report  {folder.file(REPORT_FILE)}")
    if mlflow and outcomes[-1].manifest.tracking_uri:
        uri = outcomes[-1].manifest.tracking_uri
        typer.echo(f"MLflow runs are in {uri}; browse them with: golive ui {uri}")


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the CLI."""
    app.command("demo")(demo)
