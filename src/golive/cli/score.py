"""``golive score LOGS...``: real conversations judged by golive's evaluators, as a run folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer


def score(
    logs: Annotated[list[str], typer.Argument(help="Log files (.jsonl, .csv, τ-bench .json) or mlflow:EXPERIMENT[@URI][#SESSION,...].")],
    fmt: Annotated[Optional[str], typer.Option("--format", help="jsonl, csv, tau-bench or mlflow (default: sniffed per file).")] = None,  # noqa: UP045
    policy: Annotated[Optional[Path], typer.Option(help="What the business allows: a scenario's policy, handoff, business, expected... without a customer.")] = None,  # noqa: UP045
    scenario: Annotated[Optional[Path], typer.Option(help="One scenario YAML every conversation is judged against.")] = None,  # noqa: UP045
    suite: Annotated[Optional[Path], typer.Option(help="A suite or pack:NAME: each conversation's `scenario` key (else its words) picks one.")] = None,  # noqa: UP045
    workers: Annotated[int, typer.Option(min=0, help="Processes scoring at once (0: one per CPU). Results do not depend on it.")] = 0,
    mask_pii: Annotated[bool, typer.Option("--mask-pii", help="Mask e-mails, cards, IBANs and phone numbers on the way in (listed in the manifest).")] = False,
    handoff_pattern: Annotated[Optional[str], typer.Option(help="Regex: a bot reply matching it counts as a transfer (text-only bots).")] = None,  # noqa: UP045
    agent: Annotated[str, typer.Option(help="Name of the bot that had these conversations (manifest, MLflow).")] = "logged",
    out: Annotated[Optional[Path], typer.Option(help="Run folder (default golive-runs/logs-AGENT-0).")] = None,  # noqa: UP045
    mlflow: Annotated[bool, typer.Option(help="Log the run to MLflow.")] = True,
    tracking_uri: Annotated[Optional[str], typer.Option(help="MLflow tracking URI.")] = None,  # noqa: UP045
    traces: Annotated[str, typer.Option(help="Conversations logged as MLflow traces: failed (default), all or none. MLflow's store spends several ms of CPU per trace: for 10,000s of logged conversations, none keeps the run's metrics and files without them (benchmarks/logs.md).")] = "failed",
) -> None:
    """Score logged conversations with the evaluators `golive run` uses; write a run folder.

    report, audit, insights, compare and gate read the folder as they read a run's.
    """
    from golive.cli.run import check_traces
    from golive.errors import InputError
    from golive.harness.logged import SCORE_MD, LogScope, score_logs
    from golive.harness.scoring import ScoreSettings
    from golive.results.run_folder import REPORT_FILE, RunFolder

    check_traces(traces)
    given = [name for name, value in (("--policy", policy), ("--scenario", scenario),
                                      ("--suite", suite)) if value is not None]
    if len(given) > 1:
        raise InputError(f"{' and '.join(given)} both given", field=given[1],
                         hint="judge the logs against one of --policy, --scenario or --suite")
    outcome = score_logs(
        logs, fmt=fmt, scope=LogScope(scenario=scenario, suite=suite, policy=policy),
        mask_pii=mask_pii, agent=agent, handoff_pattern=handoff_pattern,
        settings=ScoreSettings(out=out, mlflow=mlflow, tracking_uri=tracking_uri, traces=traces,
                               workers=workers or os.cpu_count() or 1),
    )
    folder = RunFolder(outcome.run.folder)
    typer.echo(outcome.run.summary.rstrip())
    if outcome.unjudged:
        typer.echo("\nNot judged (no --policy, --scenario or --suite):")
        for item in outcome.unjudged:
            typer.echo(f"  - {item}")
    typer.echo(f"\nresults: {folder.results_path}")
    typer.echo(f"report:  {folder.file(REPORT_FILE)}")
    typer.echo(f"scope:   {folder.file(SCORE_MD)}")
    if outcome.run.manifest.mlflow_run_id:
        typer.echo(f"mlflow:  run {outcome.run.manifest.mlflow_run_id} in {outcome.run.manifest.tracking_uri}")


def register(app: typer.Typer) -> None:
    """Add ``score`` to the CLI."""
    app.command("score")(score)
