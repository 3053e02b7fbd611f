"""``golive audit export|import``: the compliance reviewer's view of every finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

audit_app = typer.Typer(help="Export findings for review; import reviewers' decisions.",
                        no_args_is_help=True)
DECISIONS_FILE = "audit-decisions.json"


@audit_app.command("export")
def export(
    run_dir: Annotated[Path, typer.Argument(help="Run folder or results.jsonl.")],
) -> None:
    """Write audit.csv and audit.html beside the results."""
    from golive.cli._runs import load_results, results_file
    from golive.reports import AUDIT_CSV, AUDIT_HTML
    from golive.reports.audit import audit_csv, audit_html

    folder = results_file(run_dir).parent
    results = load_results(run_dir)
    (folder / AUDIT_CSV).write_text(audit_csv(results), encoding="utf-8")
    (folder / AUDIT_HTML).write_text(audit_html(folder.name, results), encoding="utf-8")
    typer.echo(f"{folder / AUDIT_CSV}\n{folder / AUDIT_HTML}")


@audit_app.command("import")
def import_(
    csv_file: Annotated[Path, typer.Argument(help="The reviewed audit.csv.")],
    run_dir: Annotated[Optional[Path], typer.Option(help="Run folder to record decisions in (default: the CSV's folder).")] = None,  # noqa: UP045
    mlflow: Annotated[bool, typer.Option(help="Also log each decision as MLflow feedback.")] = True,
) -> None:
    """Read reviewers' decisions back; save them beside the run and on its MLflow traces."""
    from golive.reports.audit import read_decisions

    decisions = read_decisions(csv_file)
    folder = run_dir or csv_file.parent
    records = [{"finding_id": d.finding_id, "episode_id": d.episode_id, "rule_id": d.rule_id,
                "reviewer": d.reviewer, "decision": d.decision.value, "note": d.note}
               for d in decisions]
    (folder / DECISIONS_FILE).write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for d in decisions:
        counts[d.decision.value] = counts.get(d.decision.value, 0) + 1
    typer.echo(f"{len(decisions)} decision(s): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    typer.echo(str(folder / DECISIONS_FILE))
    if mlflow and decisions:
        logged = _log_feedback(folder, records)
        if logged is not None:
            typer.echo(f"logged {logged} decision(s) as MLflow feedback")


def _log_feedback(folder: Path, records: list[dict[str, str]]) -> int | None:
    from golive.results.io import MANIFEST_FILE
    from golive.results.manifest import read_manifest

    if not (folder / MANIFEST_FILE).exists():
        return None
    manifest = read_manifest(folder)
    if not manifest.mlflow_run_id or not manifest.tracking_uri:
        return None
    from golive.tracking.feedback import log_decisions

    return log_decisions(manifest.tracking_uri, manifest.mlflow_run_id, records)


def register(app: typer.Typer) -> None:
    """Add ``audit`` to the CLI."""
    app.add_typer(audit_app, name="audit")
