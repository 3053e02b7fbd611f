"""The evaluator interface and its registry kind.

An evaluator is a pure function of an episode's transcript and scenario: no harness, no
MLflow, so old results can be re-scored when a rule changes. One that can also ask the LLM
judge adds ``async def aevaluate(episode, judge)`` (``JudgedEvaluator``); without a judge
its ``evaluate`` must still give a complete, deterministic answer. An evaluator declares
the run metrics it feeds in ``metrics`` (``golive.results.metrics.Metric``): the metric
catalogue is assembled from these declarations.

Example:
    >>> EVALUATOR.names()
    ['accuracy', 'contact_centre', 'experience', 'guardrails', 'handoff']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from golive.registry import Kind
from golive.results.metrics import Metric
from golive.results.models import Finding, HandoffOutcome, Termination, Transcript
from golive.scenarios.models import Scenario

if TYPE_CHECKING:
    from golive.evaluators.judge import Judge


@dataclass(frozen=True)
class Episode:
    """What an evaluator sees of one episode."""

    transcript: Transcript
    scenario: Scenario
    termination: Termination
    end_state: dict[str, Any] | None = None


@dataclass(frozen=True)
class Evaluation:
    """Scores under stable metric names, findings with evidence, and whether it passed."""

    scores: dict[str, float] = field(default_factory=dict)
    findings: tuple[Finding, ...] = field(default=())
    passed: bool = True
    handoff_outcome: HandoffOutcome | None = None
    judge_calls: int = 0
    judge_errors: tuple[str, ...] = field(default=())


class Evaluator(Protocol):
    """Turns one episode into an Evaluation; ``metrics`` are the run metrics it declares."""

    name: str

    @property
    def metrics(self) -> Sequence[Metric]:
        """The run metrics it declares (a class attribute; ``()`` for none)."""
        ...

    def evaluate(self, episode: Episode) -> Evaluation:
        """Score one episode."""
        ...


@runtime_checkable
class JudgedEvaluator(Protocol):
    """An evaluator that can also ask the LLM judge (used when a judge is configured)."""

    name: str

    @property
    def metrics(self) -> Sequence[Metric]:
        """The run metrics it declares."""
        ...

    def evaluate(self, episode: Episode) -> Evaluation:
        """Score one episode without the judge."""
        ...

    async def aevaluate(self, episode: Episode, judge: Judge) -> Evaluation:
        """Score one episode, asking ``judge`` where patterns cannot decide."""
        ...


#: Registry kind ``evaluator``: name -> evaluator class (built-ins: ``golive.evaluators``).
EVALUATOR: Kind[type[Evaluator]] = Kind(
    "evaluator", builtins=("golive.evaluators",), field="evaluators"
)


def register(cls: type[Evaluator]) -> type[Evaluator]:
    """Class decorator: make an evaluator (and the metrics it declares) available by ``name``.

    Example:
        >>> @register
        ... class Noop:
        ...     name = "doc.noop"
        ...     metrics = ()
        ...     def evaluate(self, episode): return Evaluation()
        >>> EVALUATOR.get("doc.noop") is Noop
        True
        >>> EVALUATOR.remove("doc.noop")
    """
    return EVALUATOR.add(cls.name, cls)
