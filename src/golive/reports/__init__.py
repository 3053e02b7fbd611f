"""Reports, all rebuilt from ``results.jsonl``: HTML, Markdown, JUnit, audit, compare.

Each format is one registered ``Report`` (registry kind ``report``); ``write_reports``
writes every registered format, plugins' included.

Example:
    >>> sorted(REPORT_FILES)[:2]
    ['audit.csv', 'audit.html']
"""

from __future__ import annotations

from collections.abc import Sequence

from golive._redact import redact
from golive.insights.models import Insights
from golive.reports.base import REPORT, Report, ReportInput
from golive.reports.forked import Beside, render_all, start_beside
from golive.results.manifest import Manifest
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult
from golive.results.run_folder import (
    AUDIT_CSV,
    AUDIT_HTML,
    INSIGHTS_JSON,
    INSIGHTS_MD,
    JUNIT_FILE,
    REPORT_FILE,
    SUMMARY_FILE,
    RunFolder,
)

REPORT_FILES = (REPORT_FILE, SUMMARY_FILE, JUNIT_FILE, AUDIT_CSV, AUDIT_HTML, INSIGHTS_JSON,
                INSIGHTS_MD)


def write_reports(
    folder: RunFolder,
    manifest: Manifest,
    results: Sequence[EpisodeResult],
    metrics: dict[str, float] | None = None,
    processes: int = 1,
    beside: Beside | None = None,
) -> dict[str, str]:
    """Write every registered report into ``folder``; returns each file name with its text.

    Everything comes from the results, the manifest (a stop notice included) and
    ``cost.json``, so ``golive report`` rebuilds the same files the run wrote.
    ``processes``: render in up to two processes (``golive.reports.forked``; same texts).
    ``beside``: the child ``start_reports_beside`` forked for this folder, rendering its share.
    """
    insights = _insights(folder, results)
    run = ReportInput(
        folder, manifest, results, aggregate(results) if metrics is None else metrics, insights,
        title=report_title(manifest),
        reviews=tuple(folder.reviews()),  # the append-only log: every rebuild shows it
    )
    # Rendered first, written after: a failing format leaves no half-rebuilt folder.
    texts = render_all(run, dict(REPORT.rows()), processes, beside)
    for name, text in texts.items():
        folder.write_text(name, text)
    return {**texts, INSIGHTS_JSON: folder.write_insights(insights)}


def start_reports_beside(folder: RunFolder, manifest: Manifest, processes: int) -> Beside | None:
    """Start rendering the per-finding reports in a forked child from the folder's final
    results, before the parent reads them (None: the parent will render everything).
    Hand the answer to ``write_reports``."""
    return start_beside(folder, manifest, report_title(manifest), dict(REPORT.rows()), processes)


def report_title(manifest: Manifest) -> str:
    """The suite and the agent (a URL's secrets masked), as the reports title a run."""
    return f"{manifest.suite_name} × {redact(manifest.agent)}"


def _insights(folder: RunFolder, results: Sequence[EpisodeResult]) -> Insights:
    """The run's failure patterns; an analyst's notes from `golive insights` are kept."""
    from golive.insights.patterns import find_patterns

    found = find_patterns(results, folder.path.name)
    text = folder.insights_json()
    if text is not None:
        earlier = Insights.model_validate_json(text)
        if earlier.analyst_notes or earlier.analyst_errors:
            found = found.model_copy(update={"analyst_notes": earlier.analyst_notes,
                                             "analyst_errors": earlier.analyst_errors})
    return found


__all__ = [
    "AUDIT_CSV", "AUDIT_HTML", "JUNIT_FILE", "REPORT", "REPORT_FILE", "REPORT_FILES", "SUMMARY_FILE",
    "Report", "ReportInput", "report_title", "start_reports_beside", "write_reports",
]
