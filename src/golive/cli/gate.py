"""``golive gate RUN_DIR``: exit 0 pass, 1 fail, 4 inconclusive; 2 bad input, 3 unreachable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from golive.gate import GateResult, Verdict
    from golive.results.manifest import Manifest
    from golive.results.models import EpisodeResult

INCONCLUSIVE_CHOICES = ("inconclusive", "fail", "pass")


def gate_run(
    run_dir: Path,
    thresholds: Path | None,
    baseline: str | None,
    tracking_uri: str | None,
    error_limit: float | None = None,
    use_reviews: bool = False,
) -> GateResult:
    """Load the run (and baseline), decide, print the verdict with its reasons, record it."""
    from golive.gate import load_run, resolve_spec
    from golive.gate.decide import decide
    from golive.gate.record import write_gate_record
    from golive.gate.reviews import apply_reviews
    from golive.results.reviews import ReviewDecision, current, read_reviews

    run = load_run(run_dir)
    reviews = read_reviews(run.folder.path)
    results, review_lines = run.results, []
    if use_reviews:
        applied = apply_reviews(run.results, reviews)
        results, review_lines = applied.results, applied.lines
    elif reviews:
        false = sum(r.decision is ReviewDecision.FALSE_POSITIVE for r in current(reviews).values())
        review_lines = [f"reviews: {len(current(reviews))} finding(s) reviewed ({false} false "
                        "positive(s)) but not applied; gate with --reviews to apply them"]
    spec, origin = resolve_spec(thresholds, run.suite_gate())
    if error_limit is not None:
        spec = spec.model_copy(update={"max_simulator_error_rate": error_limit,
                                       "max_judge_error_rate": error_limit})
    base, chosen = _baseline(baseline, tracking_uri, run.manifest) if baseline else (None, None)
    outcome = decide(spec, results, base, run.facts, review_lines)
    typer.echo(f"thresholds from {origin}")
    if baseline and base is None:
        outcome.add(None, "no passing baseline yet: thresholds only (this run can become one)")
    elif chosen is not None:
        typer.echo(f"baseline {baseline}: {chosen}")
    typer.echo(outcome.render())
    if run.manifest is not None and run_dir.is_dir():
        record = {"spec": baseline, "chosen": chosen or "none yet"} if baseline else None
        write_gate_record(run.folder.path, outcome, origin, record)
        if run.folder.results_path.is_file():  # nothing ran, nothing to report on
            from golive.cli.report import rebuild

            rebuild(run_dir)  # report.html opens with this verdict
    return outcome


def _baseline(
    spec: str, tracking_uri: str | None, manifest: Manifest | None
) -> tuple[list[EpisodeResult] | None, str | None]:
    """The baseline's results and which run they are; ``latest-passing`` matches this run's
    suite hash and agent, and never picks the gated run itself."""
    from golive._redact import redact
    from golive.errors import InputError, NoPassingRun
    from golive.tracking.baseline import LATEST_PASSING, BaselineMatch, open_named_run

    match = None
    if spec == LATEST_PASSING:
        if manifest is None:
            raise InputError("--baseline latest-passing needs a run folder with its manifest.json",
                             hint="gate the run folder, not a bare results file")
        # MLflow holds the redacted agent name (params pass through redact), so match that.
        match = BaselineMatch(manifest.suite_hash, redact(manifest.agent), manifest.mlflow_run_id)
        tracking_uri = tracking_uri or manifest.tracking_uri
    try:
        folder, chosen = open_named_run(spec, tracking_uri, match)
        results = folder.load_results()
    except NoPassingRun:
        if spec == LATEST_PASSING:
            return None, None  # the first gated run has nothing to compare with
        raise
    return results, chosen


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
    reviews: Annotated[bool, typer.Option(help="Apply reviewers' decisions (reviews.jsonl): confirmed false positives leave the thresholds, named with their reviewer.")] = False,
) -> None:
    """Exit 0 when every threshold holds, 1 when one fails, 4 when the run cannot be judged."""
    inconclusive_as(inconclusive)  # a typo fails before any work
    outcome = gate_run(run_dir, thresholds, baseline, tracking_uri, error_limit, reviews)
    raise typer.Exit(finish(outcome, inconclusive))


def register(app: typer.Typer) -> None:
    """Add ``gate`` to the CLI."""
    app.command("gate")(gate)
