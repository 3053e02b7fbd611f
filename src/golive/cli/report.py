"""``golive report RUN_DIR``: rebuild every report from results.jsonl without rerunning."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def report(
    run_dir: Annotated[Path, typer.Argument(help="Run folder holding results.jsonl and manifest.json.")],
    step_summary: Annotated[bool, typer.Option(help="Also append summary.md to $GITHUB_STEP_SUMMARY.")] = True,
) -> None:
    """Write report.html, summary.md, junit.xml, audit.csv and audit.html again."""
    from golive.reports import SUMMARY_FILE
    from golive.reports.markdown import append_step_summary

    written = rebuild(run_dir)
    if step_summary:
        append_step_summary(written[SUMMARY_FILE])
    for name in written:
        typer.echo(str(run_dir / name))


def rebuild(run_dir: Path) -> dict[str, str]:
    """Every report of a run folder from its results (and its ``gate.json``, if gated)."""
    from golive.reports import write_reports
    from golive.results.run_folder import RunFolder

    manifest = RunFolder(run_dir).manifest()  # first: without one it is no run to report on
    folder = RunFolder.open(run_dir)
    return write_reports(folder, manifest, folder.results_for_reports())


def register(app: typer.Typer) -> None:
    """Add ``report`` to the CLI."""
    app.command("report")(report)
