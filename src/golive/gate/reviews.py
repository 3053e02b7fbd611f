"""Reviewers' decisions applied to a gate (``golive gate --reviews`` only).

A finding whose standing decision is ``false_positive`` leaves the run's findings, and its
episode passes again when nothing else failed it (no agent error, accuracy passed, the
handoff on time or correctly not made, no other critical or major finding). Every dropped
finding is named in the verdict with its reviewer and reason. An ``accepted_risk`` stays
counted and stays visible: the verdict lists it with its reason. ``confirmed`` changes
nothing.

Example:
    >>> applied = apply_reviews([], [])
    >>> applied.results, applied.lines
    ([], [])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from golive.results.models import EpisodeResult, Finding, HandoffOutcome, Severity, Termination
from golive.results.reviews import Review, ReviewDecision, current, finding_key

_HANDOFF_OK = (None, HandoffOutcome.ON_TIME, HandoffOutcome.CORRECTLY_NONE)


@dataclass(frozen=True)
class Applied:
    """The results the gate judges and the lines that say what reviewers changed."""

    results: list[EpisodeResult]
    lines: list[str] = field(default_factory=list)


def _passes_without(result: EpisodeResult, kept: Sequence[Finding]) -> bool:
    """Whether ``result`` passes once only ``kept`` findings remain (the pass rule of
    DESIGN.md, from what the result records)."""
    serious = any(f.severity in (Severity.CRITICAL, Severity.MAJOR) for f in kept)
    return (result.error is None and result.termination is not Termination.AGENT_ERROR
            and result.scores.get("accuracy.passed", 1.0) >= 1.0
            and result.handoff_outcome in _HANDOFF_OK and not serious)


def apply_reviews(results: Sequence[EpisodeResult], reviews: Sequence[Review]) -> Applied:
    """Drop confirmed false positives; name each dropped finding and each accepted risk."""
    standing = current(reviews)
    out: list[EpisodeResult] = []
    dropped: list[str] = []
    accepted: list[str] = []
    for result in results:
        kept = []
        for finding in result.findings:
            review = standing.get(finding_key(result.episode_id, finding))
            if review is not None and review.decision is ReviewDecision.FALSE_POSITIVE:
                dropped.append(f"reviews: dropped {finding.severity.value} {review.line()}")
                continue
            if review is not None and review.decision is ReviewDecision.ACCEPTED_RISK:
                accepted.append(f"reviews: still counted, {finding.severity.value} {review.line()}")
            kept.append(finding)
        if len(kept) == len(result.findings):
            out.append(result)
            continue
        passed = result.passed or _passes_without(result, kept)
        out.append(result.model_copy(update={"findings": kept, "passed": passed}))
    return Applied(out, [*dropped, *accepted])
