"""The built-in report formats, each registered under the registry kind ``report``.

Example:
    >>> REPORT.get("junit").file
    'junit.xml'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.reports.base import REPORT, Report, ReportInput
from golive.results.run_folder import (
    AUDIT_CSV,
    AUDIT_HTML,
    AUTONOMY_FILE,
    INSIGHTS_MD,
    JUNIT_FILE,
    REPORT_FILE,
    SUMMARY_FILE,
)

if TYPE_CHECKING:
    from golive.reports.contact_centre import CxView


def _html(run: ReportInput) -> str:
    from golive.gate.record import read_gate_record
    from golive.reports.html import render_html
    from golive.reports.mutation import read_mutation
    from golive.reports.realism import read_realism

    return render_html(run.manifest, run.metrics, run.results, insights=run.insights,
                       reviews=list(run.reviews), mutation=read_mutation(run.folder),
                       gate=read_gate_record(run.folder.path), realism=read_realism(run.folder),
                       cx=_cx(run))


def _cx(run: ReportInput) -> CxView:
    """The contact-centre view the HTML report and the summary both show (computed once)."""
    from golive.reports.contact_centre import cx_view

    if "cx" not in run.shared:
        run.shared["cx"] = cx_view(run.results, _model_usd(run), run.metrics)
    view: CxView = run.shared["cx"]
    return view


def _model_usd(run: ReportInput) -> float | None:
    """The run's model cost from cost.json (None when the folder has none)."""
    usd = run.folder.cost().get("total_usd")
    return float(usd) if usd is not None else None


def _summary(run: ReportInput) -> str:
    from golive.insights.render import markdown as insights_markdown
    from golive.reports.contact_centre import cx_markdown
    from golive.reports.markdown import cost_line, reviews_markdown, summary

    stopped = f"\n**Stopped early:** {run.manifest.stopped}.\n" if run.manifest.stopped else ""
    return (summary(run.manifest, run.metrics, run.results) + reviews_markdown(list(run.reviews))
            + cost_line(run.folder.cost()) + cx_markdown(_cx(run))
            + "\n" + insights_markdown(run.insights, top=3) + stopped)


def _insights_md(run: ReportInput) -> str:
    from golive.insights.render import markdown as insights_markdown

    return insights_markdown(run.insights)


def _junit(run: ReportInput) -> str:
    from golive.reports.junit import junit_xml

    return junit_xml(run.manifest.suite_name, run.results, group_repeats=run.manifest.repeats > 1)


def _audit_csv(run: ReportInput) -> str:
    from golive.reports.audit import audit_csv

    return audit_csv(run.results, list(run.reviews))


def _audit_html(run: ReportInput) -> str:
    from golive.reports.audit import audit_html

    return audit_html(run.title, run.results, list(run.reviews))


REPORT.add("html", Report(REPORT_FILE, _html))
REPORT.add("summary", Report(SUMMARY_FILE, _summary))
REPORT.add("insights_md", Report(INSIGHTS_MD, _insights_md))
REPORT.add("junit", Report(JUNIT_FILE, _junit))
REPORT.add("audit_csv", Report(AUDIT_CSV, _audit_csv))
REPORT.add("audit_html", Report(AUDIT_HTML, _audit_html))


def _autonomy(run: ReportInput) -> str:
    from golive.reports.autonomy import autonomy_map, autonomy_yaml

    return autonomy_yaml(autonomy_map(run.results), run.title)


REPORT.add("autonomy", Report(AUTONOMY_FILE, _autonomy))
