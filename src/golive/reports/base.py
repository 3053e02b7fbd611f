"""The report interface and its registry kind: one writer per file in the run folder.

A report is a pure function of the run's results (and what is derived from them), so every
report can be rebuilt from ``results.jsonl`` without rerunning. (``insights.json`` is not a
format but the run folder's own record, written atomically by ``RunFolder.write_insights``.) Register a writer next to
its render function::

    REPORT.add("junit", Report("junit.xml", render_junit))

Example:
    >>> {"html", "junit", "audit_csv"} <= set(REPORT.names())
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from golive.registry import Kind
from golive.results.manifest import Manifest
from golive.results.models import EpisodeResult
from golive.results.reviews import Review
from golive.results.run_folder import RunFolder

if TYPE_CHECKING:
    from golive.insights.models import Insights


@dataclass(frozen=True)
class ReportInput:
    """What every report is rendered from."""

    folder: RunFolder
    manifest: Manifest
    results: Sequence[EpisodeResult]
    metrics: dict[str, float]
    insights: Insights
    title: str = field(default="")
    reviews: tuple[Review, ...] = field(default=())
    #: What several reports derive alike (the contact-centre view), worked out once per run.
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Report:
    """One report format: the file it writes in the run folder and how to render it."""

    file: str
    render: Callable[[ReportInput], str]


#: Registry kind ``report``: format name -> Report (built-ins: ``golive.reports.writers``).
REPORT: Kind[Report] = Kind("report", builtins=("golive.reports.writers",), noun="report format")
