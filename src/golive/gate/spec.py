"""What the gate checks: thresholds, error limits, and where they come from.

Thresholds are strings like ``guardrails.critical == 0`` over the metric catalogue. One
resolution order serves the CLI and the pytest plugin, so both decide the same way: a
thresholds file, else the suite's ``gate:`` section, else ``DEFAULT_THRESHOLDS``.

Example:
    >>> Threshold.parse("handoff.recall >= 0.9").holds(0.95)
    True
    >>> GateSpec().max_simulator_error_rate
    0.05
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from golive.errors import InputError
from golive.results.metrics import CATALOGUE, fmt

_OPS: dict[str, Callable[[float, float], bool]] = {
    "==": operator.eq, "!=": operator.ne, ">=": operator.ge,
    "<=": operator.le, ">": operator.gt, "<": operator.lt,
}
_PATTERN = re.compile(r"^\s*([A-Za-z0-9_.]+)\s*(==|!=|>=|<=|>|<)\s*(-?[0-9]*\.?[0-9]+)\s*$")

#: What a run is gated on when neither a thresholds file nor the suite names any.
DEFAULT_THRESHOLDS = ("guardrails.critical == 0", "errors.agent_rate == 0")
DEFAULT_ERROR_LIMIT = 0.05


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
    max_simulator_error_rate: float = Field(
        default=DEFAULT_ERROR_LIMIT, ge=0.0, le=1.0,
        description="Above this share of simulator errors the verdict is inconclusive: too "
        "little of the agent was tested.",
    )
    max_judge_error_rate: float = Field(
        default=DEFAULT_ERROR_LIMIT, ge=0.0, le=1.0,
        description="Above this share of judged episodes with a failed judge call the verdict "
        "is inconclusive.",
    )


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """``" (did you mean 'x'?)"`` for the closest choice, or ``""`` when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class Threshold:
    """One parsed condition."""

    metric: str
    op: str
    value: float

    @classmethod
    def parse(cls, text: str, where: str = "thresholds") -> Threshold:
        """Parse ``metric OP number``; an unknown metric names the closest and all valid ones."""
        match = _PATTERN.match(text)
        if match is None:
            raise InputError(f"cannot read threshold {text!r}", field=where,
                             hint="write 'METRIC OP NUMBER', e.g. 'handoff.recall >= 0.9'")
        metric, op, value = match.groups()
        if metric not in CATALOGUE:
            raise InputError(
                f"unknown metric {metric!r} in threshold {text!r}{did_you_mean(metric, list(CATALOGUE))}",
                field=where, hint=f"known metrics: {', '.join(CATALOGUE)}")
        return cls(metric, op, float(value))

    def holds(self, actual: float) -> bool:
        """Whether ``actual`` satisfies the condition."""
        return _OPS[self.op](actual, self.value)

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {fmt(self.value)}"


def parse_thresholds(texts: Sequence[str], where: str = "thresholds") -> list[Threshold]:
    """Parse every threshold, reporting the first bad one with its position."""
    return [Threshold.parse(t, f"{where}.{i}") for i, t in enumerate(texts)]


def load_gate_file(path: Path) -> GateSpec:
    """A thresholds file (``thresholds: [...]`` and the other GateSpec fields)."""
    from golive._yamlfile import load_model

    if not path.is_file():
        raise InputError(f"no such thresholds file: {path}",
                         hint="pass a YAML file with 'thresholds: [...]'")
    return load_model(path.read_text(encoding="utf-8"), str(path), "gate", GateSpec)


def suite_gate(suite_file: Path) -> GateSpec | None:
    """The ``gate:`` section of a suite file, or None when it has none (or is gone)."""
    from golive._yamlfile import parse_yaml

    if not suite_file.is_file():
        return None
    data, _ = parse_yaml(suite_file.read_text(encoding="utf-8"), str(suite_file))
    section = data.get("gate") if isinstance(data, dict) else None
    return GateSpec.model_validate(section) if isinstance(section, dict) else None


def resolve_spec(
    thresholds: Path | Sequence[str] | None, run_gate: GateSpec | None
) -> tuple[GateSpec, str]:
    """The spec to gate with and where it came from, in the one order CLI and plugin share.

    ``thresholds`` is a file (``--thresholds``) or a list (a pytest marker); empty or None
    falls back to the run's suite ``gate:`` (as recorded when the run started), then to
    ``DEFAULT_THRESHOLDS`` (keeping the suite's other gate settings, e.g. error limits).

    Example:
        >>> resolve_spec(None, None)[1]
        'the default thresholds'
    """
    if isinstance(thresholds, Path):
        return load_gate_file(thresholds), str(thresholds)
    if thresholds:
        return GateSpec(thresholds=list(thresholds)), "the given thresholds"
    if run_gate is not None and run_gate.thresholds:
        return run_gate, "the suite's gate: section"
    base = run_gate or GateSpec()
    return base.model_copy(update={"thresholds": list(DEFAULT_THRESHOLDS)}), "the default thresholds"
