"""Rendering a run's reports in two processes: the per-finding files beside the rest.

Every report is a pure function of one ``ReportInput``. For thousands of episodes they
take seconds one after another, at the end of a scoring run whose worker processes are
then idle. With ``processes > 1`` a forked child inherits the input (the results are not
pickled: copy-on-write memory) and renders the formats in ``AWAY`` (the audit files, the
JUnit file and the autonomy map, which read the results alone); the parent renders the
others meanwhile. The texts are the ones one process renders, in the registry's order.

Example:
    >>> from golive.reports.base import Report
    >>> rows = {"a": Report("a.txt", lambda run: "A")}
    >>> render_all(None, rows)  # one process: the input is only handed to each render
    {'a.txt': 'A'}
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context

from golive.reports.base import Report, ReportInput

__all__ = ["AWAY", "MIN_EPISODES", "render_all"]

#: Formats rendered in the child: they read the results (and reviews, title) only.
AWAY = ("audit_csv", "audit_html", "junit", "autonomy")
#: Below this a fork costs more than it saves.
MIN_EPISODES = 500

# The input the forked child renders from: set just before the fork, never pickled.
_INPUT: tuple[ReportInput, dict[str, Report]] | None = None


def render_all(run: ReportInput, rows: dict[str, Report], processes: int = 1) -> dict[str, str]:
    """Each report's file name and text, rendered in up to two processes.

    Raises whatever a report's render function raises (from the child too).
    """
    away = [name for name in rows if name in AWAY]
    if processes < 2 or not away or len(run.results) < MIN_EPISODES or _no_fork():
        return {report.file: report.render(run) for report in rows.values()}
    global _INPUT
    _INPUT = run, rows
    try:
        with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
            future = pool.submit(_render_away, tuple(away))
            here = {r.file: r.render(run) for name, r in rows.items() if name not in away}
            there = future.result()
    finally:
        _INPUT = None
    texts = {**here, **there}
    return {report.file: texts[report.file] for report in rows.values()}


def _no_fork() -> bool:
    return "fork" not in get_all_start_methods()


def _render_away(names: tuple[str, ...]) -> dict[str, str]:
    # In the forked child: the parent's input and reports, inherited (a plugin's render
    # function need not be picklable).
    assert _INPUT is not None
    run, rows = _INPUT
    return {rows[name].file: rows[name].render(run) for name in names}
