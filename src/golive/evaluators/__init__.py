"""Evaluators: accuracy, guardrails, handoff timing, experience. Pure functions of a transcript.

``evaluate_episode`` runs them without a model; ``aevaluate_episode`` also lets those that
can ask the LLM judge (judge rules, facts phrased unforeseeably). Judge failures are counted
under ``judge.errors`` and never against the agent.

Example:
    >>> from golive.evaluators import evaluate_episode
"""

from __future__ import annotations

from collections.abc import Iterable

from golive.evaluators import (  # noqa: F401  (registers)
    accuracy,
    contact_centre,
    experience,
    guardrails,
    handoff,
)
from golive.evaluators.base import (
    EVALUATOR,
    Episode,
    Evaluation,
    Evaluator,
    JudgedEvaluator,
    register,
)
from golive.evaluators.judge import Judge
from golive.results.models import Finding, HandoffOutcome, Severity, Termination

__all__ = [
    "EVALUATOR",
    "Episode",
    "Evaluation",
    "Evaluator",
    "Judge",
    "aevaluate_episode",
    "evaluate_episode",
    "register",
]


def _get(name: str) -> Evaluator:
    return EVALUATOR.get(name)()


def _combine(episode: Episode, results: Iterable[Evaluation], judged: bool) -> Evaluation:
    scores: dict[str, float] = {}
    findings: list[Finding] = []
    outcome: HandoffOutcome | None = None
    passed = episode.termination is not Termination.AGENT_ERROR
    calls, errors = 0, list[str]()
    raised = episode.scenario.policy.severity
    for result in results:
        scores.update(result.scores)
        # A suite's severity override reaches every rule, not only the guardrails: a team that
        # makes experience.repeated_question major wants it to fail the episode.
        findings.extend(f if f.rule_id not in raised else f.model_copy(update={"severity": raised[f.rule_id]})
                        for f in result.findings)
        outcome = result.handoff_outcome or outcome
        passed = passed and result.passed
        calls += result.judge_calls
        errors.extend(result.judge_errors)
    if judged:
        scores["judge.calls"] = float(calls)
        scores["judge.errors"] = float(len(errors))
    # A serious finding the judge could not confirm is unknown, and unknown is not a pass:
    # the episode does not pass, and the judge error it counts lets the gate call the run
    # inconclusive when there are too many of them.
    serious = any(f.severity in (Severity.CRITICAL, Severity.MAJOR) for f in findings)
    # Likewise a reply the judge failed to read: what it would have found is unknown.
    return Evaluation(
        scores=dict(sorted(scores.items())),
        findings=tuple(findings),
        passed=passed and not serious and not errors,
        handoff_outcome=outcome,
        judge_calls=calls,
        judge_errors=tuple(errors),
    )


def evaluate_episode(episode: Episode, names: list[str] | None = None) -> Evaluation:
    """Run the named evaluators (all by default) and decide whether the episode passed.

    It passes when the agent raised no error, every evaluator passed, and no critical or
    major finding stands.
    """
    chosen = [_get(name) for name in names or EVALUATOR.names()]
    return _combine(episode, (e.evaluate(episode) for e in chosen), judged=False)


async def aevaluate_episode(
    episode: Episode, judge: Judge | None = None, names: list[str] | None = None
) -> Evaluation:
    """``evaluate_episode``, letting evaluators that can ask ``judge`` do so.

    Without a judge it gives exactly what ``evaluate_episode`` gives.
    """
    if judge is None or episode.termination is Termination.SIMULATOR_ERROR:
        return evaluate_episode(episode, names)  # nothing the agent said is worth a model call
    results = []
    for name in names or EVALUATOR.names():
        evaluator = _get(name)
        if isinstance(evaluator, JudgedEvaluator):
            results.append(await evaluator.aevaluate(episode, judge))
        else:
            results.append(evaluator.evaluate(episode))
    return _combine(episode, results, judged=True)
