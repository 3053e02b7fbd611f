"""``golive rescore RUN_DIR``: the current evaluators over a run's stored transcripts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer


def rescore(
    run_dir: Annotated[Path, typer.Argument(help="Run folder holding results.jsonl and manifest.json.")],
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="A team rules file (YAML) to add; repeatable.")] = None,  # noqa: UP045
    suite: Annotated[Optional[Path], typer.Option(help="Score against this suite (default: the one the run was played from).")] = None,  # noqa: UP045
    out: Annotated[Optional[Path], typer.Option(help="New run folder (default: RUN_DIR-rescored beside it).")] = None,  # noqa: UP045
    judge: Annotated[Optional[str], typer.Option(help="Judge model MODEL[@BASE_URL] for judge rules and paraphrased facts.")] = None,  # noqa: UP045
    workers: Annotated[int, typer.Option(min=0, help="Processes scoring at once (0: one per CPU). Results do not depend on it.")] = 0,
    mlflow: Annotated[bool, typer.Option(help="Log the new run to MLflow.")] = True,
    tracking_uri: Annotated[Optional[str], typer.Option(help="MLflow tracking URI.")] = None,  # noqa: UP045
) -> None:
    """Score RUN_DIR's transcripts again into a new run folder and print what changed.

    Nothing is played: no agent or simulator is called. The old folder is left as it was.
    """
    from golive.harness.rescore import rescore_run
    from golive.harness.scoring import ScoreSettings
    from golive.reports.rescore import RESCORE_MD
    from golive.results.run_folder import REPORT_FILE, RunFolder

    judge_model = None
    if judge is not None:
        from golive.evaluators import Judge
        from golive.llm.cache import ResponseCache
        from golive.llm.gateway import Gateway

        judge_model = Judge.from_spec(judge, Gateway(ResponseCache()))
    settings = ScoreSettings(out=out, mlflow=mlflow, tracking_uri=tracking_uri, judge=judge_model,
                             workers=workers or os.cpu_count() or 1)
    outcome = rescore_run(run_dir, rules=rules or [], suite=suite, settings=settings)
    typer.echo(outcome.comparison.markdown.rstrip())
    folder = RunFolder(outcome.run.folder)
    typer.echo(f"\nresults: {folder.results_path}")
    typer.echo(f"report:  {folder.file(REPORT_FILE)}")
    typer.echo(f"changes: {folder.file(RESCORE_MD)}")
    if outcome.run.manifest.mlflow_run_id:
        typer.echo(f"mlflow:  run {outcome.run.manifest.mlflow_run_id} in {outcome.run.manifest.tracking_uri}")


def register(app: typer.Typer) -> None:
    """Add ``rescore`` to the CLI."""
    app.command("rescore")(rescore)
