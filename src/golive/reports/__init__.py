"""Reports, all rebuilt from ``results.jsonl``: HTML, Markdown, JUnit, audit, compare.

Example:
    >>> sorted(REPORT_FILES)[:2]
    ['audit.csv', 'audit.html']
"""

from __future__ import annotations

from collections.abc import Sequence

from golive._redact import redact
from golive.insights.models import Insights
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
) -> dict[str, str]:
    """Write every report into ``folder``; returns each file name with the text written.

    Everything comes from the results, the manifest (a stop notice included) and
    ``cost.json``, so ``golive report`` rebuilds the same files the run wrote.
    """
    from golive.insights.render import markdown as insights_markdown
    from golive.reports.audit import audit_csv, audit_html
    from golive.reports.html import render_html
    from golive.reports.junit import junit_xml
    from golive.reports.markdown import cost_line, summary

    metrics = aggregate(results) if metrics is None else metrics
    insights = _insights(folder, results)
    title = f"{manifest.suite_name} × {redact(manifest.agent)}"
    stopped = f"\n**Stopped early:** {manifest.stopped}.\n" if manifest.stopped else ""
    texts = {
        REPORT_FILE: render_html(manifest, metrics, results, insights=insights),
        SUMMARY_FILE: summary(manifest, metrics, results) + cost_line(folder.cost())
        + "\n" + insights_markdown(insights, top=3) + stopped,
        INSIGHTS_MD: insights_markdown(insights),
        JUNIT_FILE: junit_xml(manifest.suite_name, results, group_repeats=manifest.repeats > 1),
        AUDIT_CSV: audit_csv(results),
        AUDIT_HTML: audit_html(title, results),
    }
    for name, text in texts.items():
        folder.write_text(name, text)
    return {**texts, INSIGHTS_JSON: folder.write_insights(insights)}


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


__all__ = ["REPORT_FILES", "SUMMARY_FILE", "write_reports"]
