"""Evaluators: accuracy, guardrails, handoff timing. Pure functions of a transcript.

Example:
    >>> from golive.evaluators import evaluate_episode
"""

from __future__ import annotations

from golive.evaluators import accuracy, guardrails, handoff  # noqa: F401  (registers them)
from golive.evaluators.base import EVALUATORS, Episode, Evaluation, Evaluator, register
from golive.results.models import Finding, HandoffOutcome, Severity, Termination

__all__ = ["EVALUATORS", "Episode", "Evaluation", "Evaluator", "evaluate_episode", "register"]


def evaluate_episode(episode: Episode, names: list[str] | None = None) -> Evaluation:
    """Run the named evaluators (all by default) and decide whether the episode passed.

    It passes when the agent raised no error, every evaluator passed, and no critical or
    major finding stands.
    """
    scores: dict[str, float] = {}
    findings: list[Finding] = []
    outcome: HandoffOutcome | None = None
    passed = episode.termination is not Termination.AGENT_ERROR
    for name in names or sorted(EVALUATORS):
        result = EVALUATORS[name]().evaluate(episode)
        scores.update(result.scores)
        findings.extend(result.findings)
        outcome = result.handoff_outcome or outcome
        passed = passed and result.passed
    serious = any(f.severity in (Severity.CRITICAL, Severity.MAJOR) for f in findings)
    return Evaluation(
        scores=dict(sorted(scores.items())),
        findings=tuple(findings),
        passed=passed and not serious,
        handoff_outcome=outcome,
    )
