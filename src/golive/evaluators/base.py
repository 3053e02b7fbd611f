"""The evaluator interface and its registry.

An evaluator is a pure function of an episode's transcript and scenario: no harness, no
MLflow, so old results can be re-scored when a rule changes.

Example:
    >>> sorted(EVALUATORS)
    ['accuracy', 'guardrails', 'handoff']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from golive.results.models import Finding, HandoffOutcome, Termination, Transcript
from golive.scenarios.models import Scenario


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


class Evaluator(Protocol):
    """Turns one episode into an Evaluation."""

    name: str

    def evaluate(self, episode: Episode) -> Evaluation:
        """Score one episode."""
        ...


EVALUATORS: dict[str, type[Evaluator]] = {}


def register(cls: type[Evaluator]) -> type[Evaluator]:
    """Class decorator: make an evaluator available by its ``name``."""
    EVALUATORS[cls.name] = cls
    return cls
