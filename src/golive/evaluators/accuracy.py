"""Accuracy: did the agent convey the facts it had to, and avoid the claims it must not make.

Scores: ``accuracy.score`` (share of checks passed, in [0, 1]), ``accuracy.facts_recall``,
``accuracy.forbidden_claims`` (count). Agent errors score 0: crashing is never accurate.
"""

from __future__ import annotations

import re

from golive.evaluators.base import Episode, Evaluation, register
from golive.evaluators.text import contains_phrase, quote
from golive.results.models import Finding, Severity, Termination, Turn


@register
class AccuracyEvaluator:
    """Deterministic fact and claim matching over the agent's replies."""

    name = "accuracy"

    def evaluate(self, episode: Episode) -> Evaluation:
        expected = episode.scenario.expected
        agent_turns = episode.transcript.agent_turns()
        findings: list[Finding] = []
        conveyed = 0
        for fact in expected.facts:
            if any(contains_phrase(t.text, p) for t in agent_turns for p in fact.any_of):
                conveyed += 1
            else:
                findings.append(
                    Finding(
                        evaluator=self.name,
                        rule_id=f"accuracy.fact_missing.{fact.id}",
                        severity=Severity.MAJOR,
                        turn=None,
                        evidence="",
                        explanation=f"the agent never conveyed {fact.description or fact.id!r} "
                        f"(any of {fact.any_of})",
                    )
                )
        claims_made = 0
        for claim in expected.forbidden_claims:
            hit = _first_match(claim.patterns, agent_turns)
            if hit is not None:
                claims_made += 1
                turn, evidence = hit
                findings.append(
                    Finding(
                        evaluator=self.name,
                        rule_id=f"accuracy.forbidden_claim.{claim.id}",
                        severity=claim.severity,
                        turn=turn,
                        evidence=evidence,
                        explanation=f"the agent claimed {claim.description or claim.id!r}, "
                        "which the scenario forbids",
                    )
                )
        checks = len(expected.facts) + len(expected.forbidden_claims)
        passed_checks = conveyed + len(expected.forbidden_claims) - claims_made
        score = passed_checks / checks if checks else 1.0
        if episode.termination is Termination.AGENT_ERROR:
            score = 0.0
        recall = conveyed / len(expected.facts) if expected.facts else 1.0
        passed = score >= 1.0
        return Evaluation(
            scores={
                "accuracy.score": round(score, 6),
                "accuracy.facts_recall": round(recall, 6),
                "accuracy.forbidden_claims": float(claims_made),
                "accuracy.passed": float(passed),
            },
            findings=tuple(findings),
            passed=passed,
        )


def _first_match(patterns: list[str], turns: list[Turn]) -> tuple[int, str] | None:
    for turn in turns:
        for pattern in patterns:
            match = re.search(pattern, turn.text, flags=re.IGNORECASE)
            if match:
                return turn.index, quote(turn.text, match.start(), match.end())
    return None
