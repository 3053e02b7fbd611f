"""What a run writes beside results: cost.json, the stop notice, results for the reports.

Example:
    >>> from golive.harness.runner import Budget
    >>> stopped_notice(Budget(1.0)) is None
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from golive.harness.runner import Budget
from golive.llm import Ledger
from golive.results.io import COST_FILE, TIMINGS_FILE, read_results, read_timings, write_atomic
from golive.results.models import EpisodeResult


def stopped_notice(budget: Budget) -> str | None:
    """Why scheduling stopped early (``--max-cost``), or None."""
    if not budget.skipped:
        return None
    return (
        f"--max-cost ${budget.limit_usd:g} reached (${budget.spent_usd:.4f} spent): "
        f"{budget.skipped} episodes were not started; rerun with --resume and a higher "
        "--max-cost to play them"
    )


def write_cost(folder: Path) -> dict[str, Any]:
    """Sum every episode's usage in ``timings.jsonl`` into ``cost.json`` and return it."""
    ledger = Ledger()
    for timing in read_timings(folder / TIMINGS_FILE):
        ledger.merge(timing.usage)
    cost = ledger.summary()
    write_atomic(folder / COST_FILE, [json.dumps(cost, indent=2, sort_keys=True) + "\n"])
    return cost


IN_MEMORY_LIMIT = 2000  # episodes: above it, reports re-read the file on each pass


def results_for_reports(path: Path) -> Sequence[EpisodeResult]:
    """Episodes for the reports: in memory when few, re-read per pass when many."""
    on_disk = ResultsOnDisk(path)
    return list(on_disk) if len(on_disk) <= IN_MEMORY_LIMIT else on_disk


class ResultsOnDisk(Sequence[EpisodeResult]):
    """The episodes of a results file as a sequence that reads the file on each pass.

    Reports iterate results a few times; holding 10,000 transcripts in memory to do so
    would make a run's peak memory grow with its size.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        with path.open("rb") as handle:
            self._len = sum(1 for line in handle if line.endswith(b"\n") and line.strip())

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[EpisodeResult]:
        return read_results(self._path)

    @overload
    def __getitem__(self, index: int) -> EpisodeResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[EpisodeResult]: ...
    def __getitem__(self, index: int | slice) -> EpisodeResult | list[EpisodeResult]:
        return list(self)[index]  # rare: reports iterate; indexing reads everything
