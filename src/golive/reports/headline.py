"""The four numbers a manager reads first, each with a 95% interval, and the gate's verdict.

Pass rate, conversations with a critical breach, handoffs on time and the customers' final
mood. Each is a ratio of per-episode sums (the catalogue's own definitions: the points equal
``reliability.pass_rate``, ``handoff.on_time_rate`` and ``experience.mean_final_intensity``);
its interval is a bootstrap that resamples scenario × persona pairs (repeats of one pair are
correlated, so they move together), with a fixed seed so a rebuilt report is identical. A
bootstrap of 6 passes out of 6 says "100–100%", which no one should believe: for the three
shares the interval is widened to cover the Wilson score interval as well.
Episodes the simulator failed are left out, as in every agent score.

Example:
    >>> [h.key for h in headlines([])]
    ['pass_rate', 'critical', 'on_time', 'final_mood']
    >>> headlines([])[0].value
    'no data'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import fsum
from typing import Any

from golive.insights.patterns import wilson
from golive.results.models import EpisodeResult, HandoffOutcome, Severity, Termination

SEED = 20261201
RESAMPLES = 1000
_DUE = (HandoffOutcome.ON_TIME, HandoffOutcome.LATE, HandoffOutcome.MISSED)


@dataclass(frozen=True)
class Headline:
    """One headline number: its point value, interval, what it counts, and whether it is good."""

    key: str
    title: str
    value: str
    detail: str
    interval: str
    metric: str
    good: bool | None  # None: nothing to judge it on


def _per_episode(result: EpisodeResult) -> dict[str, tuple[float, float]]:
    """What one scored episode adds to each headline: (numerator, denominator)."""
    critical = any(f.severity is Severity.CRITICAL for f in result.findings)
    due = result.handoff_outcome in _DUE
    mood = result.scores.get("experience.final_intensity")
    return {
        "pass_rate": (float(result.passed), 1.0),
        "critical": (float(critical), 1.0),
        "on_time": (float(result.handoff_outcome is HandoffOutcome.ON_TIME), 1.0)
        if due
        else (0.0, 0.0),
        "final_mood": (mood, 1.0) if mood is not None else (0.0, 0.0),
    }


def _intervals(rows: list[list[dict[str, tuple[float, float]]]]) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap of each ratio over clusters (one cluster per pair)."""
    import numpy as np

    keys = tuple(spec.key for spec in _SPECS)  # the headlines, in reading order
    sums = np.array(
        [[[sum(r[k][j] for r in cluster) for j in (0, 1)] for k in keys] for cluster in rows],
        dtype=float,
    )  # clusters × keys × (num, den)
    rng = np.random.default_rng(SEED)
    n = sums.shape[0]
    weights = rng.multinomial(n, [1 / n] * n, size=RESAMPLES)  # resamples × clusters
    totals = np.einsum("rc,ckj->rkj", weights, sums)
    out = {}
    for i, key in enumerate(keys):
        num, den = totals[:, i, 0], totals[:, i, 1]
        ok = den > 0
        if ok.any():
            ratios = num[ok] / den[ok]
            low, high = np.percentile(ratios, [2.5, 97.5])
            out[key] = (float(low), float(high))
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


@dataclass(frozen=True)
class _Spec:
    """How one headline reads its (numerator, denominator) sums."""

    key: str
    title: str
    metric: str
    show: Callable[[float], str]
    detail: Callable[[float, float, int], str]  # (numerator, denominator, critical findings)
    good: Callable[[float], bool]
    wilson: bool = True  # a share: widen its interval to cover Wilson's


def _share_of(noun: str) -> Callable[[float, float, int], str]:
    return lambda k, n, _c: f"{k:.0f} of {n:.0f} {noun}"


_SPECS = (
    _Spec("pass_rate", "Conversations passed", "reliability.pass_rate", _pct,
          _share_of("conversations"), lambda x: x >= 0.9),
    _Spec("critical", "Conversations with a critical breach", "guardrails.critical", _pct,
          lambda k, n, c: f"{c} critical finding(s) in {k:.0f} of {n:.0f} conversations",
          lambda x: x == 0),
    _Spec("on_time", "Handoffs on time", "handoff.on_time_rate", _pct,
          lambda k, n, _c: (f"{k:.0f} of {n:.0f} customers who needed a person" if n
                            else "no customer needed a person"),
          lambda x: x >= 0.9),
    _Spec("final_mood", "Customers' final mood", "experience.mean_final_intensity",
          lambda x: f"{x:.2f}",
          lambda _k, n, _c: (f"mean upset at the last turn, 0 calm to 1 furious, over {n:.0f} "
                             "conversations"),
          lambda x: x < 0.5, wilson=False),
)


def _headline(spec: _Spec, num: float, den: float, band: tuple[float, float] | None,
              critical_findings: int) -> Headline:
    detail = spec.detail(num, den, critical_findings)
    if not den:
        return Headline(spec.key, spec.title, "no data", detail, "", spec.metric, None)
    low, high = band or (num / den, num / den)
    if spec.wilson:
        w_low, w_high = wilson(round(num), round(den))
        low, high = min(low, w_low), max(high, w_high)
    return Headline(spec.key, spec.title, spec.show(num / den), detail,
                    f"95% CI {spec.show(low)}–{spec.show(high)}", spec.metric,
                    spec.good(num / den))


def headlines(results: Sequence[EpisodeResult]) -> list[Headline]:
    """The four headline numbers over the scored episodes, in reading order."""
    scored = [r for r in results if r.termination is not Termination.SIMULATOR_ERROR]
    clusters: dict[tuple[str, str], list[dict[str, tuple[float, float]]]] = {}
    for result in scored:
        clusters.setdefault((result.scenario_id, result.persona_id), []).append(
            _per_episode(result)
        )
    rows = [row for cluster in clusters.values() for row in cluster]
    # exact sums, as the run metrics: the points do not depend on the episodes' order
    total = {s.key: (fsum(r[s.key][0] for r in rows), fsum(r[s.key][1] for r in rows))
             for s in _SPECS}
    # in key order: the same episodes in any order give the same resamples
    bands = _intervals([clusters[k] for k in sorted(clusters)]) if clusters else {}
    critical_findings = sum(f.severity is Severity.CRITICAL for r in scored for f in r.findings)
    return [_headline(s, *total[s.key], bands.get(s.key), critical_findings) for s in _SPECS]


def verdict_banner(record: dict[str, Any] | None) -> dict[str, Any]:
    """What the banner says for a ``gate.json`` record; no record is never a pass.

    Example:
        >>> verdict_banner(None)["state"]
        'ungated'
        >>> verdict_banner({"verdict": "fail", "reasons": []})["title"]
        'Not ready to go live: the gate failed'
    """
    if record is None:
        return {
            "state": "ungated",
            "title": "Not gated: no go-live decision for this run",
            "lines": [
                "No gate has been applied to this run, so this report says nothing "
                "about whether the bot may go live. Decide with `golive gate RUN_DIR "
                "--thresholds gate.yaml` (or `golive run --gate`); this banner then "
                "shows the verdict and its reasons."
            ],
            "origin": "",
        }
    titles = {
        "pass": "Ready to go live: the gate passed",
        "fail": "Not ready to go live: the gate failed",
        "inconclusive": "Not ready to go live: the gate could not decide",
    }
    verdict = str(record.get("verdict"))
    order = {"fail": 0, "inconclusive": 1, "note": 2, "pass": 3}
    reasons = sorted(record.get("reasons", []), key=lambda r: order.get(r.get("outcome"), 2))
    return {
        "state": verdict if verdict in titles else "ungated",
        "title": titles.get(verdict, f"Unknown gate verdict {verdict!r}: not a pass"),
        "lines": [f"{r.get('outcome')}: {r.get('text')}" for r in reasons],
        "origin": str(record.get("thresholds_from") or ""),
    }
