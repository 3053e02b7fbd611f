"""Progress while episodes run: a rich bar on a terminal, plain lines elsewhere (CI)."""

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
        self._every = max(1, total // 10)

    def __enter__(self) -> Progress:
        if not self.quiet and sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]episodes"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), transient=True,
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
        elif not self.quiet and (self.done % self._every == 0 or self.done == self.total):
            print(f"episodes {self.done}/{self.total} ({self.failed} failed)", file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
