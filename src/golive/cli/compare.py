"""``golive compare A B``: metric deltas with paired bootstrap intervals between two runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def _label(spec: str) -> str:
    path = Path(spec)
    if path.is_dir():
        return path.name
    if path.is_file():
        return path.parent.name or path.name
    return spec[:12]


def compare(
    run_a: Annotated[str, typer.Argument(help="Baseline: run folder, results.jsonl or MLflow run id.")],
    run_b: Annotated[str, typer.Argument(help="Candidate: run folder, results.jsonl or MLflow run id.")],
    out: Annotated[Optional[Path], typer.Option(help="Also write the Markdown here.")] = None,  # noqa: UP045
    html: Annotated[Optional[Path], typer.Option(help="Also write an HTML page here: intervals and side-by-side transcripts.")] = None,  # noqa: UP045
    resamples: Annotated[int, typer.Option(min=100, help="Bootstrap resamples.")] = 1000,
    tracking_uri: Annotated[Optional[str], typer.Option(help="MLflow URI for run ids.")] = None,  # noqa: UP045
) -> None:
    """Print each metric for A and B, the change with its interval, and where B differs."""
    from golive.reports.compare import compare_results
    from golive.tracking.baseline import open_run

    results_a = open_run(run_a, tracking_uri).load_results()
    results_b = open_run(run_b, tracking_uri).load_results()
    text = compare_results(results_a, results_b, _label(run_a), _label(run_b), resamples)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    typer.echo(text)
    if html is not None:
        from golive.reports.compare_html import compare_html

        html.write_text(compare_html(results_a, results_b, _label(run_a), _label(run_b), resamples),
                        encoding="utf-8")
        typer.echo(f"html: {html}")


def register(app: typer.Typer) -> None:
    """Add ``compare`` to the CLI."""
    app.command("compare")(compare)
