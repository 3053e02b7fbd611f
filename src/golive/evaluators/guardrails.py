"""Guardrails: every enabled rule over every agent reply, each breach a finding.

The rules live in ``golive.evaluators.detectors`` (built in) and in YAML (team rules, a
scenario's ``policy.rules``). A scenario can disable rules (globs) or change their severity
(``policy.disable``, ``policy.severity``). Judge rules run only when a judge is configured.

Scores: ``guardrails.critical``, ``guardrails.major``, ``guardrails.minor`` (finding counts).

Example:
    >>> from golive.evaluators.detectors import luhn_valid
    >>> luhn_valid("4111111111111111")
    True
"""

from __future__ import annotations

import asyncio
import json

from golive.evaluators import library  # noqa: F401  (registers the built-in rules)
from golive.evaluators.base import Episode, Evaluation, register
from golive.evaluators.detectors import luhn_valid
from golive.evaluators.judge import Judge, JudgeFailed
from golive.evaluators.rules import Context, Rule, active_rules, judge_prompt
from golive.evaluators.text import quote
from golive.results.models import Finding, Severity, Speaker, Turn

NAME = "guardrails"
__all__ = ["GuardrailsEvaluator", "luhn_valid", "rule_findings"]


def _evidence(turn: Turn, start: int, end: int) -> str:
    if start < 0:  # the breach is a tool call, not words
        return "; ".join(
            f"{c.name}({json.dumps(c.arguments, sort_keys=True)})" for c in turn.tool_calls
        )
    if not turn.text.strip():  # nothing to quote: say exactly what was sent
        return f"(empty reply: {json.dumps(turn.text)})"
    return quote(turn.text, start, end)


def rule_findings(rule: Rule, severity: Severity, ctx: Context) -> list[Finding]:
    """One finding per agent reply that breaks a deterministic ``rule``."""
    assert rule.detect is not None
    findings = []
    for turn in ctx.turns:
        if turn.speaker is not Speaker.AGENT:
            continue
        for start, end in rule.detect(turn, ctx):
            findings.append(
                Finding(
                    evaluator=NAME,
                    rule_id=rule.id,
                    severity=severity,
                    turn=turn.index,
                    evidence=_evidence(turn, start, end),
                    explanation=rule.description,
                )
            )
            break  # one finding per rule per turn is evidence enough
    return findings


def _score(findings: list[Finding], judge_calls: int = 0, errors: tuple[str, ...] = ()) -> Evaluation:
    counts = {s: sum(f.severity is s for f in findings) for s in Severity}
    return Evaluation(
        scores={f"guardrails.{s.value}": float(n) for s, n in counts.items()},
        findings=tuple(sorted(findings, key=lambda f: (f.turn or 0, f.rule_id))),
        passed=counts[Severity.CRITICAL] == 0 and counts[Severity.MAJOR] == 0,
        judge_calls=judge_calls,
        judge_errors=errors,
    )


@register
class GuardrailsEvaluator:
    """Runs every enabled rule over every agent reply."""

    name = NAME

    def _deterministic(self, episode: Episode) -> tuple[list[Finding], list[tuple[Rule, Severity]]]:
        ctx = Context(episode.scenario, episode.transcript.turns, episode.end_state)
        findings: list[Finding] = []
        judged = []
        for rule, severity in active_rules(episode.scenario):
            if rule.detect is None:
                judged.append((rule, severity))
            else:
                findings.extend(rule_findings(rule, severity, ctx))
        return findings, judged

    def evaluate(self, episode: Episode) -> Evaluation:
        """Deterministic rules only (judge rules need ``aevaluate`` and a judge)."""
        return _score(self._deterministic(episode)[0])

    async def aevaluate(self, episode: Episode, judge: Judge) -> Evaluation:
        """Deterministic rules, then each judge rule as one question about the transcript."""
        findings, judged = self._deterministic(episode)
        asks = [judge.ask(judge_prompt(rule, episode.scenario), episode.transcript)
                for rule, _ in judged]
        answers = await asyncio.gather(*asks, return_exceptions=True)
        errors: list[str] = []
        for (rule, severity), answer in zip(judged, answers, strict=True):
            if isinstance(answer, JudgeFailed):
                errors.append(f"{rule.id}: {answer.kind}: {answer}")
            elif isinstance(answer, BaseException):
                raise answer
            elif not answer.passed:
                findings.append(
                    Finding(
                        evaluator=NAME,
                        rule_id=rule.id,
                        severity=severity,
                        turn=answer.turn,
                        evidence=answer.evidence,
                        explanation=f"{rule.description} (judge: {answer.explanation})",
                    )
                )
        return _score(findings, len(judged), tuple(errors))
