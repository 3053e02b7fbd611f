"""Rendering a run's reports in two processes: the per-finding files beside the rest.

Every report is a pure function of one ``ReportInput``. For thousands of episodes they
take seconds one after another, at the end of a scoring run whose worker processes are
then idle. With ``processes > 1`` a forked child renders the formats in ``AWAY`` (the
audit files, the JUnit file and the autonomy map, which read the results, reviews and
title alone); the parent renders the others meanwhile. The texts are the ones one process
renders, in the registry's order.

Two ways to start the child:

- ``render_all`` forks once the input is built: the child inherits it (the results are
  not pickled: copy-on-write memory);
- ``start_beside`` forks as soon as the run folder's results are final, before the
  parent has read them: the child reads them itself, so reading the results, the run's
  metrics and its insights (the parent's part) happen while the child renders, instead
  of before (at the end of ``golive score``, whose workers are idle by then).

Example:
    >>> from golive.reports.base import Report
    >>> rows = {"a": Report("a.txt", lambda run: "A")}
    >>> render_all(None, rows)  # one process: the input is only handed to each render
    {'a.txt': 'A'}
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import TYPE_CHECKING

from golive.reports.base import Report, ReportInput

if TYPE_CHECKING:
    from golive.results.manifest import Manifest
    from golive.results.run_folder import RunFolder

__all__ = ["AWAY", "MIN_EPISODES", "Beside", "render_all", "start_beside"]

#: Formats rendered in the child: they read the results (and reviews, title) only.
AWAY = ("audit_csv", "audit_html", "junit", "autonomy")
#: Below this a fork costs more than it saves.
MIN_EPISODES = 500

# The input the forked child renders from: set just before the fork, never pickled.
_INPUT: tuple[ReportInput, dict[str, Report]] | None = None
# Or the folder it reads the results from (``start_beside``).
_FOLDER: tuple[RunFolder, Manifest, str, dict[str, Report]] | None = None


class Beside:
    """The ``AWAY`` formats of one run folder, rendering in a forked child since ``start_beside``."""

    def __init__(
        self, pool: ProcessPoolExecutor, future: Future[dict[str, str]], names: tuple[str, ...]
    ) -> None:
        self._pool, self._future, self.names = pool, future, names

    def texts(self) -> dict[str, str]:
        """The child's file names and texts (waits for it; raises what a render raised)."""
        try:
            return self._future.result()
        finally:
            self.close()

    def close(self) -> None:
        """The parent failed first: cancel the child's task if it has not started, else
        wait for it to end, so no process outlives the run."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def start_beside(
    folder: RunFolder, manifest: Manifest, title: str, rows: dict[str, Report], processes: int
) -> Beside | None:
    """Fork a child rendering the folder's ``AWAY`` formats from its results file now.

    None when one process is asked for, the run is small, or the platform cannot fork: the
    parent then renders everything, as ``render_all`` does.
    """
    from golive.results.run_folder import ResultsOnDisk

    names = tuple(name for name in rows if name in AWAY)
    if processes < 2 or not names or _no_fork() or len(ResultsOnDisk(folder)) < MIN_EPISODES:
        return None
    global _FOLDER
    _FOLDER = folder, manifest, title, rows
    try:
        pool = ProcessPoolExecutor(1, mp_context=get_context("fork"))
        future = pool.submit(_render_from_folder, names)
        # With fork, the executor starts its process inside submit: inherited by now.
    finally:
        _FOLDER = None
    return Beside(pool, future, names)


def render_all(
    run: ReportInput, rows: dict[str, Report], processes: int = 1, beside: Beside | None = None
) -> dict[str, str]:
    """Each report's file name and text, rendered in up to two processes.

    ``beside``: the child ``start_beside`` forked for this run; its formats are not
    rendered here.

    Raises whatever a report's render function raises (from the child too).
    """
    if beside is not None:
        here = {r.file: r.render(run) for name, r in rows.items() if name not in beside.names}
        texts = {**here, **beside.texts()}
        return {report.file: texts[report.file] for report in rows.values()}
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


def _render_from_folder(names: tuple[str, ...]) -> dict[str, str]:
    # In the child ``start_beside`` forked. The AWAY formats read the results, reviews and
    # title only, so the run's metrics and insights (which the parent works out meanwhile)
    # stay empty here: a test checks the texts equal one process's.
    from golive.insights.models import Insights

    assert _FOLDER is not None
    folder, manifest, title, rows = _FOLDER
    results = folder.results_for_reports()
    run = ReportInput(
        folder,
        manifest,
        results,
        {},
        Insights(run=folder.path.name, episodes=len(results), failed=0, modes=[]),
        title=title,
        reviews=tuple(folder.reviews()),
    )
    return {rows[name].file: rows[name].render(run) for name in names}
