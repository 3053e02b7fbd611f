"""``golive gate RUN_DIR``: decide pass (exit 0) or fail (exit 1); bad input exits 2."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from golive.gate import GateResult, GateSpec
    from golive.results.models import EpisodeResult

DEFAULT_THRESHOLDS = ("guardrails.critical == 0", "errors.agent_rate == 0")


def load_spec(thresholds: Path | None, run_dir: Path) -> tuple[GateSpec, str]:
    """The gate spec from --thresholds, else the run's suite ``gate:``, else the defaults.

    The suite's ``gate:`` is the one recorded in the run's manifest when it started, so an
    edited suite file does not change a finished run's verdict.
    """
    from golive._yamlfile import load_model
    from golive.errors import InputError
    from golive.gate import GateSpec

    if thresholds is not None:
        if not thresholds.exists():
            raise InputError(f"no such thresholds file: {thresholds}")
        text = thresholds.read_text(encoding="utf-8")
        return load_model(text, str(thresholds), "gate", GateSpec), str(thresholds)
    suite = _suite_gate(run_dir)
    if suite is not None:
        return suite, "the suite's gate: section"
    return GateSpec(thresholds=list(DEFAULT_THRESHOLDS)), "the default thresholds"


def _suite_gate(run_dir: Path) -> GateSpec | None:
    from pydantic import ValidationError

    from golive.errors import InputError
    from golive.gate import GateSpec
    from golive.harness.suite import load_suite
    from golive.results.run_folder import RunFolder

    folder = RunFolder(run_dir if run_dir.is_dir() else run_dir.parent)
    if not folder.has_manifest():
        return None
    recorded = folder.recorded_gate()
    if recorded is None:  # a folder from before golive recorded the gate: read the suite
        source = Path(folder.manifest().suite_source)
        return load_suite(source).suite.gate if source.is_file() else None
    if recorded.spec is None:
        return None
    try:
        return GateSpec.model_validate(recorded.spec)
    except ValidationError as exc:
        raise InputError(f"the gate recorded with the run is not valid: {exc.errors()[0]['msg']}",
                         file=str(folder.manifest_path), field="gate",
                         hint="pass --thresholds FILE to gate this run") from exc


def gate_run(
    run_dir: Path, thresholds: Path | None, baseline: str | None, tracking_uri: str | None
) -> GateResult:
    """Load the run (and baseline), decide, and print the verdict with its reasons."""
    from golive.gate import decide
    from golive.results.run_folder import RunFolder

    spec, origin = load_spec(thresholds, run_dir)
    results = RunFolder.open(run_dir).load_results()
    base = _baseline(baseline, tracking_uri) if baseline else None
    outcome = decide(spec, results, base)
    if baseline and base is None:
        outcome.notes.append("no passing baseline yet: thresholds only (this run can become one)")
    typer.echo(f"thresholds from {origin}" + (f"; baseline {baseline}" if baseline else ""))
    typer.echo(outcome.render())
    return outcome


def _baseline(spec: str, tracking_uri: str | None) -> list[EpisodeResult] | None:
    from golive.errors import NoPassingRun
    from golive.tracking.baseline import LATEST_PASSING, open_run

    try:
        return open_run(spec, tracking_uri).load_results()
    except NoPassingRun:
        if spec == LATEST_PASSING:
            return None  # the first gated run has nothing to compare with
        raise


def gate(
    run_dir: Annotated[Path, typer.Argument(help="Run folder or results.jsonl.")],
    thresholds: Annotated[Optional[Path], typer.Option(help="YAML with thresholds: [...].")] = None,  # noqa: UP045
    baseline: Annotated[Optional[str], typer.Option(help="Run folder, results file, MLflow run id or latest-passing.")] = None,  # noqa: UP045
    tracking_uri: Annotated[Optional[str], typer.Option(help="MLflow URI for a run-id baseline.")] = None,  # noqa: UP045
) -> None:
    """Exit 0 when every threshold holds (and nothing regressed), 1 when one fails."""
    outcome = gate_run(run_dir, thresholds, baseline, tracking_uri)
    raise typer.Exit(0 if not outcome.failed else 1)


def register(app: typer.Typer) -> None:
    """Add ``gate`` to the CLI."""
    app.command("gate")(gate)
