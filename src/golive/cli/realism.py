"""``golive realism RUN_DIR LOGS``: how close a run's simulated customers are to real ones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from golive.harness.realism import RealismReport
    from golive.results.manifest import Manifest


def realism(
    run_dir: Annotated[Path, typer.Argument(help="Run folder whose simulated customers are compared.")],
    logs: Annotated[list[str], typer.Argument(help="Real conversations: .jsonl, .csv, τ-bench .json or mlflow:EXPERIMENT[@URI][#SESSION,...].")],
    fmt: Annotated[Optional[str], typer.Option("--format", help="jsonl, csv, tau-bench or mlflow (default: sniffed per file).")] = None,  # noqa: UP045
    by: Annotated[str, typer.Option(help="persona (each against every logged customer) or intent (same-intent conversations on both sides).")] = "persona",
    mlflow: Annotated[bool, typer.Option(help="Log realism.<persona>.index and realism.md to the run's MLflow run (if it has one).")] = True,
) -> None:
    """Per persona: distances to the real customers with intervals, a realism index, the
    largest gaps first and the persona settings that would close them.

    Writes realism.md and realism.json into RUN_DIR (its results are untouched).
    """
    from golive.cli.report import rebuild
    from golive.harness.realism import realism as measure
    from golive.harness.realism import write_realism
    from golive.results.run_folder import RunFolder

    report = measure(run_dir, logs, fmt=fmt, by=by)
    written = write_realism(run_dir, report)
    rebuild(run_dir)  # report.html shows the realism section from now on
    typer.echo(report.markdown().rstrip())
    typer.echo(f"\nwritten: {', '.join(str(p) for p in written)}")
    folder = RunFolder(run_dir)
    if mlflow and folder.has_manifest():
        _log(folder.manifest(), report, written)


def _log(manifest: Manifest, report: RealismReport, files: list[Path]) -> None:
    if not (manifest.mlflow_run_id and manifest.tracking_uri):
        return
    from golive.tracking import MlflowTracker

    tracker = MlflowTracker(manifest.tracking_uri, f"golive-{manifest.suite_name}", "none")
    tracker.run_id = manifest.mlflow_run_id
    tracker.log_metrics(report.metrics())
    for path in files:
        tracker.client.log_artifact(manifest.mlflow_run_id, str(path))
    typer.echo(f"mlflow:  realism logged to run {manifest.mlflow_run_id}")


def register(app: typer.Typer) -> None:
    """Add ``realism`` to the CLI."""
    app.command("realism")(realism)
