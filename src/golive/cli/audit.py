"""``golive audit export|import``: the compliance reviewer's view of every finding.

Decisions live in the run folder's append-only ``reviews.jsonl``: ``import`` appends to it
(a second import never replaces the first), ``export`` and ``golive report`` show the
decision that stands for each finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from golive.results.reviews import Review
    from golive.results.run_folder import RunFolder

audit_app = typer.Typer(help="Export findings for review; import reviewers' decisions.",
                        no_args_is_help=True)


@audit_app.command("export")
def export(
    run_dir: Annotated[Path, typer.Argument(help="Run folder or results.jsonl.")],
) -> None:
    """Write audit.csv and audit.html beside the results, with every standing decision."""
    from golive.reports.audit import audit_csv, audit_html
    from golive.results.run_folder import AUDIT_CSV, AUDIT_HTML, RunFolder

    folder = RunFolder.open(run_dir)
    results = folder.load_results()
    reviews = folder.reviews()
    folder.write_text(AUDIT_CSV, audit_csv(results, reviews))
    folder.write_text(AUDIT_HTML, audit_html(folder.path.name, results, reviews))
    typer.echo(f"{folder.file(AUDIT_CSV)}\n{folder.file(AUDIT_HTML)}")


@audit_app.command("import")
def import_(
    csv_file: Annotated[Path, typer.Argument(help="The reviewed audit.csv.")],
    run_dir: Annotated[Optional[Path], typer.Option(help="Run folder to record decisions in (default: the CSV's folder).")] = None,  # noqa: UP045
    mlflow: Annotated[bool, typer.Option(help="Also log each decision to the run's MLflow run.")] = True,
) -> None:
    """Append reviewers' decisions to the run's reviews.jsonl, then to MLflow."""
    from golive.reports.audit import read_decisions
    from golive.results.reviews import REVIEWS_FILE, current, finding_key
    from golive.results.run_folder import RunFolder

    folder = RunFolder.open(run_dir or csv_file.parent)  # a run folder, or a clear error
    before = folder.reviews()
    known = {finding_key(r.episode_id, f) for r in folder.results() for f in r.findings}
    new = read_decisions(csv_file, before, known)
    folder.append_reviews(new)
    everything = [*before, *new]
    counts: dict[str, int] = {}
    for review in new:
        counts[review.decision.value] = counts.get(review.decision.value, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none new"
    typer.echo(f"{len(new)} new decision(s) ({summary}); {len(current(everything))} finding(s) "
               f"reviewed in all, {len(everything)} decision(s) in the history")
    typer.echo(str(folder.file(REVIEWS_FILE)))
    if mlflow and new:
        _log(folder, new, everything)


def _log(folder: RunFolder, new: list[Review], everything: list[Review]) -> None:
    if not folder.has_manifest():
        typer.echo("not logged to MLflow: no manifest.json beside the results")
        return
    manifest = folder.manifest()
    if not manifest.mlflow_run_id or not manifest.tracking_uri:
        typer.echo("not logged to MLflow: the run was made with --no-mlflow")
        return
    from golive.tracking.feedback import log_reviews

    logged = log_reviews(manifest.tracking_uri, manifest.mlflow_run_id, new, everything, folder.path)
    typer.echo(f"MLflow run {manifest.mlflow_run_id}: {logged.on_traces} decision(s) as trace "
               f"feedback, {logged.on_run} as run tags (episodes without a trace)")


def register(app: typer.Typer) -> None:
    """Add ``audit`` to the CLI."""
    app.add_typer(audit_app, name="audit")
