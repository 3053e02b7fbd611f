"""``golive mutate SUITE --agent SPEC``: how strong is the suite? Plant defects, count the kills.

Exit codes: 0 done (score at least ``--min-score``), 1 below ``--min-score``, 2 bad input,
3 the agent does not answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def mutate(
    suite: Annotated[Path, typer.Argument(help="Suite YAML or pack:NAME (demo, retail, telecom, banking).")],
    agent: Annotated[Optional[str], typer.Option(help="acme_v2, module:function, agent.yaml, or http(s)://.../v1.")] = None,  # noqa: UP045
    operators: Annotated[Optional[str], typer.Option(help="Comma-separated operators (default: all registered).")] = None,  # noqa: UP045
    operator_file: Annotated[Optional[list[Path]], typer.Option(help="YAML file of your own operators (kind: mutations); repeatable.")] = None,  # noqa: UP045
    sample: Annotated[int, typer.Option(min=1, help="Episodes per mutant at most (those where it fires first).")] = 30,
    budget: Annotated[Optional[int], typer.Option(min=1, help="Agent calls per mutant at most (estimated from the clean run).")] = None,  # noqa: UP045
    max_cost: Annotated[Optional[float], typer.Option(min=0, help="USD each run (clean and each mutant) may spend on models; then it stops starting episodes.")] = None,  # noqa: UP045
    min_score: Annotated[Optional[float], typer.Option(min=0.0, max=1.0, help="Exit 1 when the mutation score (killed / operators) is below this.")] = None,  # noqa: UP045
    out: Annotated[Optional[Path], typer.Option(help="Folder (default golive-runs/mutate-SUITE-AGENT).")] = None,  # noqa: UP045
    agent_model: Annotated[str, typer.Option(help="Model name sent to an HTTP agent.")] = "default",
    handoff_pattern: Annotated[Optional[str], typer.Option(help="Regex: a reply matching it counts as a transfer (text-only bots).")] = None,  # noqa: UP045
    concurrency: Annotated[int, typer.Option(min=1, help="Episodes in flight.")] = 8,
    timeout: Annotated[float, typer.Option(help="Seconds per agent call.")] = 60.0,
    mlflow: Annotated[bool, typer.Option(help="Log mutation.* metrics to MLflow.")] = True,
    tracking_uri: Annotated[Optional[str], typer.Option(help="MLflow tracking URI.")] = None,  # noqa: UP045
    quiet: Annotated[bool, typer.Option(help="No progress output.")] = False,
) -> None:
    """Run SUITE against the agent and against each mutant of it; report what was caught."""
    from golive.mutate.run import MutateConfig, run_mutation

    names = tuple(n.strip() for n in (operators or "").split(",") if n.strip())
    report = run_mutation(MutateConfig(
        suite=suite, agent=agent, operators=names, operator_files=tuple(operator_file or ()),
        sample=sample, budget=budget, max_cost=max_cost, min_score=min_score, out=out, agent_model=agent_model,
        handoff_pattern=handoff_pattern, concurrency=concurrency, timeout_s=timeout,
        mlflow=mlflow, tracking_uri=tracking_uri, quiet=quiet,
    ))
    typer.echo(report.markdown)
    typer.echo(f"mutation: {report.folder / 'mutation.json'}")
    if report.summary.mlflow_run_id:
        typer.echo(f"mlflow:   run {report.summary.mlflow_run_id}")
    if not report.passed:
        typer.echo(f"mutation score {report.summary.score:.2f} is below --min-score "
                   f"{min_score:.2f}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``mutate`` to the CLI."""
    app.command("mutate")(mutate)
