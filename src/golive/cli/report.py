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
    from golive.cli._runs import load_results
    from golive.errors import InputError
    from golive.reports import SUMMARY_FILE, write_reports
    from golive.reports.markdown import append_step_summary
    from golive.results.io import MANIFEST_FILE
    from golive.results.manifest import read_manifest

    if not (run_dir / MANIFEST_FILE).is_file():
        raise InputError(f"{run_dir} holds no {MANIFEST_FILE}", hint="pass a folder `golive run` wrote")
    results = load_results(run_dir)
    written = write_reports(run_dir, read_manifest(run_dir), results)
    if step_summary:
        append_step_summary((run_dir / SUMMARY_FILE).read_text(encoding="utf-8"))
    for name in written:
        typer.echo(str(run_dir / name))


def register(app: typer.Typer) -> None:
    """Add ``report`` to the CLI."""
    app.command("report")(report)
