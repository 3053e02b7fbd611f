"""Reports, all rebuilt from ``results.jsonl``: HTML, Markdown, JUnit, audit, compare.

Example:
    >>> sorted(REPORT_FILES)[:2]
    ['audit.csv', 'audit.html']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from golive._redact import redact
from golive.insights.models import INSIGHTS_JSON, INSIGHTS_MD, Insights
from golive.results.io import read_cost
from golive.results.manifest import Manifest
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult

REPORT_FILE, SUMMARY_FILE, JUNIT_FILE = "report.html", "summary.md", "junit.xml"
AUDIT_CSV, AUDIT_HTML = "audit.csv", "audit.html"
REPORT_FILES = (REPORT_FILE, SUMMARY_FILE, JUNIT_FILE, AUDIT_CSV, AUDIT_HTML, INSIGHTS_JSON,
                INSIGHTS_MD)


def write_reports(
    folder: Path,
    manifest: Manifest,
    results: Sequence[EpisodeResult],
    metrics: dict[str, float] | None = None,
) -> list[str]:
    """Write every report into ``folder``; returns the file names written."""
    from golive.insights.render import markdown as insights_markdown
    from golive.reports.audit import audit_csv, audit_html
    from golive.reports.html import render_html
    from golive.reports.junit import junit_xml
    from golive.reports.markdown import cost_line, summary

    metrics = aggregate(results) if metrics is None else metrics
    insights = _insights(folder, results)
    title = f"{manifest.suite_name} × {redact(manifest.agent)}"
    texts = {
        REPORT_FILE: render_html(manifest, metrics, results, insights=insights),
        SUMMARY_FILE: summary(manifest, metrics, results) + cost_line(read_cost(folder))
        + "\n" + insights_markdown(insights, top=3),
        INSIGHTS_JSON: json.dumps(insights.model_dump(mode="json"), indent=2, sort_keys=True) + "\n",
        INSIGHTS_MD: insights_markdown(insights),
        JUNIT_FILE: junit_xml(manifest.suite_name, results, group_repeats=manifest.repeats > 1),
        AUDIT_CSV: audit_csv(results),
        AUDIT_HTML: audit_html(title, results),
    }
    for name, text in texts.items():
        (folder / name).write_text(redact(text), encoding="utf-8")
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


__all__ = ["REPORT_FILES", "SUMMARY_FILE", "write_reports"]
