"""The report interface and its registry kind: one writer per file in the run folder.

A report is a pure function of the run's results (and what is derived from them), so every
report can be rebuilt from ``results.jsonl`` without rerunning. Register a writer next to
its render function::

    REPORT.add("junit", Report("junit.xml", render_junit))

Example:
    >>> REPORT.names()[:3]
    ['audit_csv', 'audit_html', 'html']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from golive.registry import Kind
from golive.results.manifest import Manifest
from golive.results.models import EpisodeResult

if TYPE_CHECKING:
    from golive.insights.models import Insights


@dataclass(frozen=True)
class ReportInput:
    """What every report is rendered from."""

    folder: Path
    manifest: Manifest
    results: Sequence[EpisodeResult]
    metrics: dict[str, float]
    insights: Insights
    title: str = field(default="")


@dataclass(frozen=True)
class Report:
    """One report format: the file it writes in the run folder and how to render it."""

    file: str
    render: Callable[[ReportInput], str]


#: Registry kind ``report``: format name -> Report (built-ins: ``golive.reports.writers``).
REPORT: Kind[Report] = Kind("report", builtins=("golive.reports.writers",), noun="report format")
