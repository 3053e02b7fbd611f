"""Deciding a run: is there enough to judge, do the thresholds hold, did anything regress.

The run is checked first (finished? anything scored? simulator and judge errors within
their limits?), then each threshold, then, with a baseline, every metric with a paired
bootstrap interval: a change counts as a regression only when the whole interval lies on
the worse side; a worse change the interval cannot tell from noise is inconclusive and
says how many more episodes would decide it.

Example:
    >>> decide(GateSpec(thresholds=["guardrails.critical == 0"]), []).verdict.value
    'inconclusive'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from golive.errors import InputError
from golive.gate.spec import GateSpec, parse_thresholds
from golive.gate.verdict import GateResult, Verdict
from golive.results.metrics import CATALOGUE, aggregate, fmt
from golive.results.models import EpisodeResult, Termination

NOT_REGRESSION_CHECKED = ("run.episodes", "cost.tokens")
#: Said beside every verdict reached without a judge: what "no breach" means then.
PATTERNS_ONLY = (
    "guardrails were read by the offline pattern rules only, which found about half of the "
    "breaches in replies worded by someone who never saw them (benchmarks/verdicts.md); "
    "gate a release with --judge MODEL"
)


@dataclass(frozen=True)
class RunFacts:
    """What the run folder says beside its results: how many episodes it planned, and why
    it stopped early (``None`` when unknown, e.g. a bare results file)."""

    expected_episodes: int | None = None
    stopped: str | None = None


def decide(
    spec: GateSpec,
    results: Sequence[EpisodeResult],
    baseline: Sequence[EpisodeResult] | None = None,
    facts: RunFacts | None = None,
    dropped: Sequence[str] = (),
) -> GateResult:
    """Judge a run against the spec's thresholds and, if given, a baseline run.

    ``dropped`` are lines naming findings left out by reviewers (``--reviews``); they are
    shown as notes so the verdict says who changed it.
    """
    thresholds = parse_thresholds(spec.thresholds)
    metrics = aggregate(results)
    outcome = GateResult()
    _check_run(spec, results, metrics, facts or RunFacts(), outcome)
    for line in dropped:
        outcome.add(None, line)
    if results and not any("judge.calls" in r.scores for r in results):
        outcome.add(None, PATTERNS_ONLY)
    for threshold in thresholds:
        actual = metrics.get(threshold.metric)
        if actual is None:
            outcome.add(Verdict.INCONCLUSIVE, f"{threshold}: not measured in this run "
                        f"({CATALOGUE[threshold.metric].definition})")
        elif threshold.holds(actual):
            outcome.add(Verdict.PASS, f"{threshold} (is {fmt(actual)})")
        else:
            outcome.add(Verdict.FAIL, f"{threshold}: is {fmt(actual)}")
    if baseline is not None and spec.no_regression:
        _against_baseline(spec, results, baseline, outcome)
    return outcome


def _check_run(
    spec: GateSpec,
    results: Sequence[EpisodeResult],
    metrics: dict[str, float],
    facts: RunFacts,
    outcome: GateResult,
) -> None:
    """The reasons a run cannot be judged at all, each as one inconclusive line."""
    have, planned = len(results), facts.expected_episodes
    if planned is not None and have < planned:
        why = f" ({facts.stopped})" if facts.stopped else " (killed, crashed or still running?)"
        outcome.add(Verdict.INCONCLUSIVE,
                    f"unfinished run: {have} of {planned} planned episodes have results{why}")
    elif facts.stopped:
        outcome.add(None, f"the run stopped early: {facts.stopped}")
    if planned is None:
        outcome.add(None, "no manifest beside the results: cannot tell whether the run finished")
    sim_errors = sum(r.termination is Termination.SIMULATOR_ERROR for r in results)
    if have == 0:
        outcome.add(Verdict.INCONCLUSIVE, "no episode has results: nothing was tested")
    elif sim_errors == have:
        outcome.add(Verdict.INCONCLUSIVE,
                    f"no scored episodes: all {have} were simulator errors (errors.simulator_rate "
                    "1), so the agent was not tested")
    else:
        _error_limit(outcome, metrics, "errors.simulator_rate", spec.max_simulator_error_rate,
                     "simulator errors are kept out of the agent's scores")
    _error_limit(outcome, metrics, "errors.judge_rate", spec.max_judge_error_rate,
                 "findings the judge should have confirmed are missing")


def _error_limit(outcome: GateResult, metrics: dict[str, float], name: str, limit: float,
                 why: str) -> None:
    rate = metrics.get(name)
    if rate is not None and rate > limit:
        outcome.add(Verdict.INCONCLUSIVE,
                    f"{name} is {fmt(rate)}, above its limit {fmt(limit)}: {why}")


def _against_baseline(
    spec: GateSpec,
    results: Sequence[EpisodeResult],
    baseline: Sequence[EpisodeResult],
    outcome: GateResult,
) -> None:
    from golive.gate.stats import Change, paired_bootstrap

    deltas = paired_bootstrap(baseline, results, spec.resamples, spec.confidence)
    if not deltas:
        raise InputError("the baseline shares no episode with this run",
                         hint="compare runs of the same suite and seed")
    level = f"{spec.confidence:.0%}"
    for name, d in deltas.items():
        if name in NOT_REGRESSION_CHECKED or not CATALOGUE[name].baseline_checked:
            continue
        text = (f"{name} vs baseline: {fmt(d.a)} → {fmt(d.b)} "
                f"(change {d.delta:+.3f}, {level} CI [{d.low:+.3f}, {d.high:+.3f}], "
                f"{d.episodes} shared episodes)")
        if d.change is Change.REGRESSED:
            outcome.add(Verdict.FAIL, text + ": worse beyond its interval")
        elif d.change is Change.WITHIN_NOISE and _worse(name, d.delta):
            needed = d.repeats_needed()
            outcome.add(Verdict.INCONCLUSIVE,
                        text + f": worse, but the interval cannot tell it from noise; about "
                        f"{needed}× as many episodes (multiply --repeats by {needed}) would decide")
        else:
            outcome.add(Verdict.PASS, text)


def _worse(name: str, delta: float) -> bool:
    return (delta < 0) == CATALOGUE[name].higher_is_better and delta != 0
