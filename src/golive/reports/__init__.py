"""Reports, all rebuilt from ``results.jsonl``: HTML, Markdown, JUnit, audit, compare.

Each format is one registered ``Report`` (registry kind ``report``); ``write_reports``
writes every registered format, plugins' included.

Example:
    >>> sorted(REPORT_FILES)[:2]
    ['audit.csv', 'audit.html']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from golive._redact import redact
from golive.insights.models import INSIGHTS_JSON, INSIGHTS_MD, Insights
from golive.reports.base import REPORT, Report, ReportInput
from golive.reports.writers import AUDIT_CSV, AUDIT_HTML, JUNIT_FILE, REPORT_FILE, SUMMARY_FILE
from golive.results.manifest import Manifest
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult

REPORT_FILES = (REPORT_FILE, SUMMARY_FILE, JUNIT_FILE, AUDIT_CSV, AUDIT_HTML, INSIGHTS_JSON,
                INSIGHTS_MD)


def write_reports(
    folder: Path,
    manifest: Manifest,
    results: Sequence[EpisodeResult],
    metrics: dict[str, float] | None = None,
) -> list[str]:
    """Write every registered report into ``folder``; returns the file names written."""
    run = ReportInput(
        folder, manifest, results,
        aggregate(results) if metrics is None else metrics,
        _insights(folder, results),
        title=f"{manifest.suite_name} × {redact(manifest.agent)}",
    )
    # Rendered first, written after: a failing format leaves no half-rebuilt folder.
    texts = {report.file: report.render(run) for report in REPORT.rows().values()}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return list(texts)


def _insights(folder: Path, results: Sequence[EpisodeResult]) -> Insights:
    """The run's failure patterns; an analyst's notes from `golive insights` are kept."""
    from golive.insights.patterns import find_patterns

    found = find_patterns(results, folder.name)
    path = folder / INSIGHTS_JSON
    if path.exists():
        earlier = Insights.model_validate_json(path.read_text(encoding="utf-8"))
        if earlier.analyst_notes or earlier.analyst_errors:
            found = found.model_copy(update={"analyst_notes": earlier.analyst_notes,
                                             "analyst_errors": earlier.analyst_errors})
    return found


__all__ = [
    "AUDIT_CSV", "AUDIT_HTML", "JUNIT_FILE", "REPORT", "REPORT_FILE", "REPORT_FILES", "SUMMARY_FILE",
    "Report", "ReportInput", "write_reports",
]
