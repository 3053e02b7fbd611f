"""``golive audit export|import``: the compliance reviewer's view of every finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

audit_app = typer.Typer(help="Export findings for review; import reviewers' decisions.",
                        no_args_is_help=True)


@audit_app.command("export")
def export(
    run_dir: Annotated[Path, typer.Argument(help="Run folder or results.jsonl.")],
) -> None:
    """Write audit.csv and audit.html beside the results."""
    from golive.reports.audit import audit_csv, audit_html
    from golive.results.run_folder import AUDIT_CSV, AUDIT_HTML, RunFolder

    folder = RunFolder.open(run_dir)
    results = folder.load_results()
    folder.write_text(AUDIT_CSV, audit_csv(results))
    folder.write_text(AUDIT_HTML, audit_html(folder.path.name, results))
    typer.echo(f"{folder.file(AUDIT_CSV)}\n{folder.file(AUDIT_HTML)}")


@audit_app.command("import")
def import_(
    csv_file: Annotated[Path, typer.Argument(help="The reviewed audit.csv.")],
    run_dir: Annotated[Optional[Path], typer.Option(help="Run folder to record decisions in (default: the CSV's folder).")] = None,  # noqa: UP045
    mlflow: Annotated[bool, typer.Option(help="Also log each decision as MLflow feedback.")] = True,
) -> None:
    """Read reviewers' decisions back; save them beside the run and on its MLflow traces."""
    from golive.reports.audit import read_decisions
    from golive.results.run_folder import DECISIONS_FILE, RunFolder

    decisions = read_decisions(csv_file)
    folder = run_dir or csv_file.parent
    records = [{"finding_id": d.finding_id, "episode_id": d.episode_id, "rule_id": d.rule_id,
                "reviewer": d.reviewer, "decision": d.decision.value, "note": d.note}
               for d in decisions]
    RunFolder(folder).write_text(DECISIONS_FILE, json.dumps(records, indent=2) + "\n")
    counts: dict[str, int] = {}
    for d in decisions:
        counts[d.decision.value] = counts.get(d.decision.value, 0) + 1
    typer.echo(f"{len(decisions)} decision(s): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    typer.echo(str(folder / DECISIONS_FILE))
    if mlflow and decisions:
        logged = _log_feedback(folder, records)
        if logged is not None:
            typer.echo(f"logged {logged} decision(s) as MLflow feedback")


def _log_feedback(path: Path, records: list[dict[str, str]]) -> int | None:
    from golive.results.run_folder import RunFolder

    folder = RunFolder(path)
    if not folder.has_manifest():
        return None
    manifest = folder.manifest()
    if not manifest.mlflow_run_id or not manifest.tracking_uri:
        return None
    from golive.tracking.feedback import log_decisions

    return log_decisions(manifest.tracking_uri, manifest.mlflow_run_id, records)


def register(app: typer.Typer) -> None:
    """Add ``audit`` to the CLI."""
    app.add_typer(audit_app, name="audit")
