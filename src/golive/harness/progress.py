"""Progress while episodes run: a rich bar on a terminal, one plain line per 10% elsewhere (CI).

Example:
    >>> from golive.results.models import EpisodeResult, Termination, Transcript
    >>> one = EpisodeResult(episode_id="e", scenario_id="s", persona_id="p", seed=1, repeat=0,
    ...                     passed=True, termination=Termination.GOAL_ACHIEVED, transcript=Transcript())
    >>> import io, sys
    >>> err, sys.stderr = sys.stderr, io.StringIO()
    >>> with Progress(25) as progress:
    ...     for _ in range(25):
    ...         progress.advance(one)
    >>> printed, sys.stderr = sys.stderr.getvalue().splitlines(), err
    >>> len(printed), printed[0], printed[-1]
    (10, 'episodes 3/25 (10%, 0 failed)', 'episodes 25/25 (100%, 0 failed)')
"""

from __future__ import annotations

import sys
from typing import Any

from golive.results.models import EpisodeResult


class Progress:
    """Counts finished episodes and shows them."""

    def __init__(self, total: int, done: int = 0, *, quiet: bool = False) -> None:
        self.total = total
        self.done = done
        self.failed = 0
        self.quiet = quiet
        self._bar: Any = None
        self._task: Any = None
        self._tenths = done * 10 // total if total else 0  # the last 10% step printed

    def __enter__(self) -> Progress:
        if not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            # On stderr, beside the plain lines it replaces: stdout keeps only the summary.
            self._bar = RichProgress(
                TextColumn("[bold]episodes"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), transient=True,
                console=Console(stderr=True),
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("run", total=self.total, completed=self.done, failed=0)
        return self

    def advance(self, result: EpisodeResult) -> None:
        """Record one finished episode."""
        self.done += 1
        self.failed += not result.passed
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failed=self.failed)
        elif not self.quiet and self.total and self.done * 10 // self.total > self._tenths:
            # Not a terminal (CI logs): one line per 10% of the run, whatever its size.
            self._tenths = self.done * 10 // self.total
            print(f"episodes {self.done}/{self.total} ({10 * self._tenths}%, {self.failed} failed)",
                  file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
