"""Paired bootstrap confidence intervals for metric changes between two runs.

Every run metric is a function of named sums over episodes (``golive.results.metrics``),
so a scenario × persona cluster reduces to a vector of those sums; a bootstrap resample is
a weighted sum of the vectors, turned back into metrics by the catalogue's own
``metrics_from_sums`` (the function ``aggregate`` uses: one definition of every metric). The
same resample weights apply to both runs over their shared episodes (paired), which
cancels the variance that comes from which scenarios and personas happened to be drawn.
Repeats of one scenario × persona are correlated, so they are resampled as one cluster.

Example:
    >>> deltas = paired_bootstrap([], [], resamples=10)
    >>> deltas
    {}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from golive.results.metrics import CATALOGUE, Aggregator, aggregate, metrics_from_sums
from golive.results.models import EpisodeResult

SEED = 20261124


class Change(StrEnum):
    """What a metric did from run A to run B, judged against its interval."""

    IMPROVED = "improved"
    REGRESSED = "regressed"
    WITHIN_NOISE = "within_noise"
    SAME = "same"


@dataclass(frozen=True)
class Delta:
    """One metric's change from A to B with a bootstrap confidence interval."""

    metric: str
    a: float
    b: float
    low: float
    high: float
    change: Change
    episodes: int

    @property
    def delta(self) -> float:
        """B minus A."""
        return self.b - self.a

    def repeats_needed(self) -> int | None:
        """For an undecided change: how many times as many episodes would likely decide it."""
        if self.change is not Change.WITHIN_NOISE or self.delta == 0:
            return None
        half = (self.high - self.low) / 2
        return max(2, math.ceil((half / abs(self.delta)) ** 2))


def _clusters(results: Sequence[EpisodeResult]) -> tuple[list[str], Any]:
    """One row of summed metric terms per scenario × persona: repeats resample together."""
    import numpy as np

    groups: dict[tuple[str, str], Aggregator] = {}
    for result in results:
        groups.setdefault((result.scenario_id, result.persona_id), Aggregator()).add(result)
    rows = [agg.all_sums() for agg in groups.values()]
    keys = sorted({k for row in rows for k in row})
    return keys, np.array([[row.get(k, 0.0) for k in keys] for row in rows], dtype=float)


def metrics_of(keys: Sequence[str], vector: Sequence[float]) -> dict[str, float]:
    """Run metrics from a (weighted) sum of cluster rows: the catalogue's own formulas."""
    return metrics_from_sums(dict(zip(keys, (float(x) for x in vector), strict=True)))


def paired_bootstrap(
    run_a: Sequence[EpisodeResult],
    run_b: Sequence[EpisodeResult],
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = SEED,
) -> dict[str, Delta]:
    """Deltas over the episodes both runs share (by ``episode_id``), one per catalogue metric."""
    import numpy as np

    by_id = {r.episode_id: r for r in run_b}
    shared = sorted(r.episode_id for r in run_a if r.episode_id in by_id)
    if not shared:
        return {}
    a_by_id = {r.episode_id: r for r in run_a}
    episodes_a = [a_by_id[i] for i in shared]
    episodes_b = [by_id[i] for i in shared]
    keys_a, mat_a = _clusters(episodes_a)
    keys_b, mat_b = _clusters(episodes_b)
    rng = np.random.default_rng(seed)
    n = mat_a.shape[0]
    weights = rng.multinomial(n, [1 / n] * n, size=resamples)
    samples_a = [metrics_of(keys_a, v) for v in weights @ mat_a]
    samples_b = [metrics_of(keys_b, v) for v in weights @ mat_b]
    # The point estimates are the run summary's own figures. Summing the cluster rows
    # adds the same terms in another order, which can move a mean by one in the sixth
    # decimal after rounding (3.431687 against the summary's 3.431688).
    point_a = aggregate(episodes_a)
    point_b = aggregate(episodes_b)
    tail = (1 - confidence) / 2 * 100
    deltas = {}
    for name in CATALOGUE:
        if name not in point_a or name not in point_b or name == "run.episodes":
            continue
        diffs = [sb[name] - sa[name] for sa, sb in zip(samples_a, samples_b, strict=True)
                 if name in sa and name in sb]
        low, high = (np.percentile(diffs, [tail, 100 - tail]) if diffs else (0.0, 0.0))
        deltas[name] = Delta(name, point_a[name], point_b[name], float(low), float(high),
                             _judge(name, point_b[name] - point_a[name], float(low), float(high)),
                             len(shared))
    return deltas


def _judge(name: str, delta: float, low: float, high: float) -> Change:
    if abs(delta) < 1e-12 and abs(low) < 1e-12 and abs(high) < 1e-12:
        return Change.SAME
    better_up = CATALOGUE[name].higher_is_better
    if low > 0 or high < 0:
        went_up = low > 0
        return Change.IMPROVED if went_up == better_up else Change.REGRESSED
    return Change.WITHIN_NOISE


def run_intervals(
    results: Sequence[EpisodeResult],
    names: Sequence[str],
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = SEED,
) -> dict[str, tuple[float, float]]:
    """Bootstrap intervals of one run's metrics (``names`` that have a value), resampling
    scenario × persona clusters as ``paired_bootstrap`` does, with the same formulas.

    Example:
        >>> run_intervals([], ["reliability.pass_rate"])
        {}
    """
    import numpy as np

    if not results:
        return {}
    keys, mat = _clusters(results)
    rng = np.random.default_rng(seed)
    n = mat.shape[0]
    weights = rng.multinomial(n, [1 / n] * n, size=resamples)
    metrics = [CATALOGUE[name] for name in names]

    def only(vector: Any) -> dict[str, float]:  # just the named metrics: 1000 resamples
        sums = dict(zip(keys, (float(x) for x in vector), strict=True))
        values = ((m.name, m.value(sums)) for m in metrics)
        return {name: round(x, 6) for name, x in values if x is not None}

    samples = [only(v) for v in weights @ mat]
    summary = aggregate(results)  # the summary's own figures, see paired_bootstrap
    point = {name: summary[name] for name in names if name in summary}
    tail = (1 - confidence) / 2 * 100
    out = {}
    for name in names:
        values = [s[name] for s in samples if name in s]
        if name in point and values:
            low, high = np.percentile(values, [tail, 100 - tail])
            out[name] = (float(low), float(high))
    return out
