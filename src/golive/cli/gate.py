"""``golive gate RUN_DIR``: exit 0 pass, 1 fail, 4 inconclusive; 2 bad input, 3 unreachable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from golive.gate import GateResult, Verdict
    from golive.results.models import EpisodeResult

INCONCLUSIVE_CHOICES = ("inconclusive", "fail", "pass")


def gate_run(
    run_dir: Path,
    thresholds: Path | None,
    baseline: str | None,
    tracking_uri: str | None,
    error_limit: float | None = None,
) -> GateResult:
    """Load the run (and baseline), decide, and print the verdict with its reasons."""
    from golive.gate import load_run, resolve_spec
    from golive.gate.decide import decide

    run = load_run(run_dir)
    spec, origin = resolve_spec(thresholds, run.suite_file)
    if error_limit is not None:
        spec = spec.model_copy(update={"max_simulator_error_rate": error_limit,
                                       "max_judge_error_rate": error_limit})
    base = _baseline(baseline, tracking_uri) if baseline else None
    outcome = decide(spec, run.results, base, run.facts)
    if baseline and base is None:
        outcome.add(None, "no passing baseline yet: thresholds only (this run can become one)")
    typer.echo(f"thresholds from {origin}" + (f"; baseline {baseline}" if baseline else ""))
    typer.echo(outcome.render())
    return outcome


def _baseline(spec: str, tracking_uri: str | None) -> list[EpisodeResult] | None:
    from golive.cli._runs import resolve_run
    from golive.tracking.baseline import LATEST_PASSING, NoPassingRun

    try:
        return resolve_run(spec, tracking_uri)
    except NoPassingRun:
        if spec == LATEST_PASSING:
            return None  # the first gated run has nothing to compare with
        raise


def inconclusive_as(choice: str) -> Verdict:
    """``--inconclusive`` as the verdict whose exit code an inconclusive run takes."""
    from golive.errors import InputError
    from golive.gate import Verdict

    if choice not in INCONCLUSIVE_CHOICES:
        raise InputError(f"unknown --inconclusive {choice!r}",
                         hint="use inconclusive (exit 4), fail (exit 1) or pass (exit 0)")
    return Verdict(choice)


def finish(outcome: GateResult, choice: str) -> int:
    """The exit code, saying so when a team chose to map inconclusive to pass or fail."""
    from golive.gate import Verdict, exit_code

    mapped = inconclusive_as(choice)
    if outcome.verdict is Verdict.INCONCLUSIVE and mapped is not Verdict.INCONCLUSIVE:
        typer.echo(f"inconclusive counted as {mapped.value} (--inconclusive {choice})")
    return exit_code(outcome.verdict, mapped)


def gate(
    run_dir: Annotated[Path, typer.Argument(help="Run folder or results.jsonl.")],
    thresholds: Annotated[Optional[Path], typer.Option(help="YAML with thresholds: [...].")] = None,  # noqa: UP045
    baseline: Annotated[Optional[str], typer.Option(help="Run folder, results file, MLflow run id or latest-passing.")] = None,  # noqa: UP045
    tracking_uri: Annotated[Optional[str], typer.Option(help="MLflow URI for a run-id baseline.")] = None,  # noqa: UP045
    inconclusive: Annotated[str, typer.Option(help="Exit code for an inconclusive verdict: inconclusive (4), fail (1) or pass (0).")] = "inconclusive",
    error_limit: Annotated[Optional[float], typer.Option(min=0.0, max=1.0, help="Simulator and judge error rate above which the verdict is inconclusive (default 0.05, or the gate spec's).")] = None,  # noqa: UP045
) -> None:
    """Exit 0 when every threshold holds, 1 when one fails, 4 when the run cannot be judged."""
    inconclusive_as(inconclusive)  # a typo fails before any work
    outcome = gate_run(run_dir, thresholds, baseline, tracking_uri, error_limit)
    raise typer.Exit(finish(outcome, inconclusive))


def register(app: typer.Typer) -> None:
    """Add ``gate`` to the CLI."""
    app.command("gate")(gate)
