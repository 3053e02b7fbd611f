"""Paired bootstrap confidence intervals for metric changes between two runs.

Every run metric is a function of sums over episodes (counts, sums and counts of values),
so an episode reduces to a vector of those sums; a bootstrap resample is a weighted sum of
the vectors, turned back into metrics by the catalogue's own ``Aggregator.metrics``. The
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

from golive.results.metrics import CATALOGUE, Aggregator
from golive.results.models import EpisodeResult, HandoffOutcome, Severity

SEED = 20261124
_SCALARS = ("total", "sim_errors", "agent_errors", "passed", "tokens", "breaches", "goal", "gave_up")
_VALUES = ("accuracy.score", "accuracy.passed", "handoff.delay", "handoff.missed_on_request",
           "handoff.intensity_at_handoff", "turns", "final_intensity")
KEYS = (
    *_SCALARS,
    *(f"outcome:{o.value}" for o in HandoffOutcome),
    *(f"severity:{s.value}" for s in Severity),
    *(f"sum:{v}" for v in _VALUES),
    *(f"count:{v}" for v in _VALUES),
)


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


def stats_vector(result: EpisodeResult) -> list[float]:
    """The sums one episode contributes to every run metric."""
    agg = Aggregator()
    agg.add(result)
    row: dict[str, float] = {k: float(getattr(agg, k)) for k in _SCALARS}
    for outcome, n in agg.outcomes.items():
        row[f"outcome:{outcome.value}"] = float(n)
    for severity, n in agg.severities.items():
        row[f"severity:{severity.value}"] = float(n)
    for name, values in agg.values.items():
        row[f"sum:{name}"], row[f"count:{name}"] = float(sum(values)), float(len(values))
    return [row.get(k, 0.0) for k in KEYS]


def metrics_of(vector: Sequence[float]) -> dict[str, float]:
    """Run metrics from summed episode vectors (the inverse of ``stats_vector`` summed)."""
    row = dict(zip(KEYS, vector, strict=True))
    agg = Aggregator()
    for key in _SCALARS:
        setattr(agg, key, int(round(row[key])))
    agg.outcomes = {o: int(row[f"outcome:{o.value}"]) for o in HandoffOutcome if row[f"outcome:{o.value}"]}
    agg.severities = {s: int(row[f"severity:{s.value}"]) for s in Severity}
    for name in _VALUES:
        count = row[f"count:{name}"]
        # One value equal to the mean reproduces _mean exactly for every metric that uses it.
        agg.values[name] = [row[f"sum:{name}"] / count] if count else []
    return agg.metrics()


def _matrix(results: Sequence[EpisodeResult]) -> Any:
    import numpy as np

    return np.array([stats_vector(r) for r in results], dtype=float).reshape(len(results), len(KEYS))


def _clusters(results: Sequence[EpisodeResult]) -> Any:
    """One summed row per scenario × persona: repeats of a pairing are resampled together."""
    import numpy as np

    keys: dict[tuple[str, str], int] = {}
    for result in results:
        keys.setdefault((result.scenario_id, result.persona_id), len(keys))
    rows = np.zeros((len(keys), len(KEYS)))
    for result, row in zip(results, _matrix(results), strict=True):
        rows[keys[(result.scenario_id, result.persona_id)]] += row
    return rows


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
    mat_a = _clusters([a_by_id[i] for i in shared])
    mat_b = _clusters([by_id[i] for i in shared])
    rng = np.random.default_rng(seed)
    n = mat_a.shape[0]
    weights = rng.multinomial(n, [1 / n] * n, size=resamples)
    samples_a = [metrics_of(v) for v in weights @ mat_a]
    samples_b = [metrics_of(v) for v in weights @ mat_b]
    point_a, point_b = metrics_of(mat_a.sum(axis=0)), metrics_of(mat_b.sum(axis=0))
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
