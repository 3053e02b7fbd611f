"""The gate: thresholds over a run (and optionally a baseline run) that decide pass or fail.

Thresholds are strings like ``guardrails.critical == 0`` or ``handoff.recall >= 0.9`` over
the metric catalogue. With a baseline, every metric is also compared with a paired
bootstrap interval: a change counts as a regression only when the whole interval lies on the
worse side; when it cannot tell, the verdict says how many repeats would decide it.

Example:
    >>> Threshold.parse("handoff.recall >= 0.9").holds(0.95)
    True
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from golive.errors import InputError
from golive.reports.markdown import fmt
from golive.results.fidelity import fidelity
from golive.results.metrics import CATALOGUE, aggregate
from golive.results.models import EpisodeResult

_OPS: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq, "!=": operator.ne, ">=": operator.ge,
    "<=": operator.le, ">": operator.gt, "<": operator.lt,
}
_PATTERN = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*(==|!=|>=|<=|>|<)\s*(-?[0-9]*\.?[0-9]+)\s*$")
NOT_REGRESSION_CHECKED = ("run.episodes", "cost.tokens")
#: Above this share of simulator errors a run's agent scores rest on too few episodes.
SIMULATOR_ERROR_LIMIT = 0.05


class Verdict(StrEnum):
    """The gate's answer; the CLI maps it to exit 0 or 1."""

    PASS = "pass"
    FAIL = "fail"


def _checked(text: str) -> str:
    """Pydantic hook: a bad threshold fails where the suite is validated, with its line."""
    try:
        Threshold.parse(text)
    except InputError as exc:
        raise ValueError(f"{exc.message} ({exc.hint})") from None
    return text


class GateSpec(BaseModel):
    """The ``gate:`` section of a suite, or a thresholds file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    thresholds: list[Annotated[str, AfterValidator(_checked)]] = Field(
        default_factory=list,
        description="Conditions over catalogue metrics, e.g. 'guardrails.critical == 0'.",
    )
    no_regression: bool = Field(
        default=True,
        description="With a baseline: fail when a metric is worse beyond its confidence interval.",
    )
    confidence: float = Field(default=0.95, gt=0.5, lt=1.0, description="Interval level.")
    resamples: int = Field(default=1000, ge=100, le=100000, description="Bootstrap resamples.")


@dataclass(frozen=True)
class Threshold:
    """One parsed condition."""

    metric: str
    op: str
    value: float

    @classmethod
    def parse(cls, text: str, where: str = "thresholds") -> Threshold:
        """Parse ``metric OP number``; unknown metrics name the valid ones."""
        match = _PATTERN.match(text)
        if match is None:
            raise InputError(f"cannot read threshold {text!r}", field=where,
                             hint="write 'METRIC OP NUMBER', e.g. 'handoff.recall >= 0.9'")
        metric, op, value = match.groups()
        if metric not in CATALOGUE:
            raise InputError(f"unknown metric {metric!r} in threshold {text!r}", field=where,
                             hint=f"known metrics: {', '.join(CATALOGUE)}")
        return cls(metric, op, float(value))

    def holds(self, actual: float) -> bool:
        """Whether ``actual`` satisfies the condition."""
        return _OPS[self.op](actual, self.value)

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {fmt(self.value)}"


@dataclass
class GateResult:
    """Every check with its outcome, and the overall verdict."""

    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        """Fail when any check failed."""
        return Verdict.FAIL if self.failed else Verdict.PASS

    def render(self) -> str:
        """Lines for the terminal: failures first, then notes, then passes."""
        lines = [f"gate: {self.verdict.value.upper()} "
                 f"({len(self.failed)} failed, {len(self.passed)} passed)"]
        lines += [f"  FAIL {line}" for line in self.failed]
        lines += [f"  note {line}" for line in self.notes]
        lines += [f"  ok   {line}" for line in self.passed]
        return "\n".join(lines)


def parse_thresholds(texts: Sequence[str], where: str = "thresholds") -> list[Threshold]:
    """Parse every threshold, reporting the first bad one with its position."""
    return [Threshold.parse(t, f"{where}.{i}") for i, t in enumerate(texts)]


def decide(
    spec: GateSpec,
    results: Sequence[EpisodeResult],
    baseline: Sequence[EpisodeResult] | None = None,
) -> GateResult:
    """Judge a run against the spec's thresholds and, if given, a baseline run."""
    if not results:
        raise InputError("the run has no episodes to gate", hint="check the results file")
    thresholds = parse_thresholds(spec.thresholds)
    metrics = aggregate(results)
    outcome = GateResult()
    for threshold in thresholds:
        actual = metrics.get(threshold.metric)
        if actual is None:
            outcome.notes.append(f"{threshold}: not measured in this run (no episode defines it)")
        elif threshold.holds(actual):
            outcome.passed.append(f"{threshold} (is {fmt(actual)})")
        else:
            outcome.failed.append(f"{threshold}: is {fmt(actual)}")
    _simulator_errors(results, metrics, outcome)
    if baseline is not None and spec.no_regression:
        _against_baseline(spec, results, baseline, outcome)
    return outcome


def _simulator_errors(
    results: Sequence[EpisodeResult], metrics: dict[str, float], outcome: GateResult
) -> None:
    """A run whose simulator failed too often cannot pass, whatever its thresholds say:
    its excluded episodes are missing from every agent score."""
    rate = metrics.get("errors.simulator_rate", 0.0)
    if rate > SIMULATOR_ERROR_LIMIT:
        outcome.failed.append(
            f"errors.simulator_rate is {fmt(rate)}, above the {SIMULATOR_ERROR_LIMIT:.0%} limit: "
            f"the agent's scores rest on too few episodes ({fidelity(results).excluded_line()} "
            "See the report's simulator fidelity section.)")


def _against_baseline(
    spec: GateSpec,
    results: Sequence[EpisodeResult],
    baseline: Sequence[EpisodeResult],
    outcome: GateResult,
) -> None:
    from golive.reports.stats import Change, paired_bootstrap

    deltas = paired_bootstrap(baseline, results, spec.resamples, spec.confidence)
    if not deltas:
        raise InputError("the baseline shares no episode with this run",
                         hint="compare runs of the same suite and seed")
    level = f"{spec.confidence:.0%}"
    for name, d in deltas.items():
        if name in NOT_REGRESSION_CHECKED:
            continue
        text = (f"{name} vs baseline: {fmt(d.a)} → {fmt(d.b)} "
                f"(change {d.delta:+.3f}, {level} CI [{d.low:+.3f}, {d.high:+.3f}], "
                f"{d.episodes} shared episodes)")
        if d.change is Change.REGRESSED:
            outcome.failed.append(text + ": worse beyond its interval")
        elif d.change is Change.WITHIN_NOISE and _worse(name, d.delta):
            needed = d.repeats_needed()
            outcome.notes.append(text + f": cannot tell from noise; about {needed}× as many episodes "
                                 f"(multiply --repeats by {needed}) would decide")
        else:
            outcome.passed.append(text)


def _worse(name: str, delta: float) -> bool:
    return (delta < 0) == CATALOGUE[name].higher_is_better and delta != 0
