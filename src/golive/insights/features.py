"""What failed in an episode (its failure modes) and what it was like (its features).

A failure mode is one way an episode fails: a critical or major finding's rule id, a bad
handoff outcome, or an agent error. Features are the facts a pattern can be made of:
scenario tags and stakes, persona traits, vulnerabilities, the emotion at the failing turn.

Example:
    >>> intensity_band(0.8)
    'high'
"""

from __future__ import annotations

from golive.results.models import (
    EpisodeResult,
    HandoffOutcome,
    Severity,
    Speaker,
    Termination,
)

BAD_HANDOFF = {
    HandoffOutcome.MISSED,
    HandoffOutcome.LATE,
    HandoffOutcome.PREMATURE,
    HandoffOutcome.UNNECESSARY,
}


def intensity_band(intensity: float) -> str:
    """low (< 0.34), mid, or high (>= 0.67)."""
    if intensity >= 0.67:
        return "high"
    return "mid" if intensity >= 0.34 else "low"


def turn_band(index: int) -> str:
    """Early (customer turns 1-2), middle (3-5) or late (6+), from a transcript index."""
    customer_turn = index // 2 + 1
    if customer_turn <= 2:
        return "early"
    return "middle" if customer_turn <= 5 else "late"


def failure_modes(result: EpisodeResult) -> dict[str, int | None]:
    """Each way the episode failed -> the transcript index where it shows (None: whole)."""
    modes: dict[str, int | None] = {}
    if result.termination is Termination.AGENT_ERROR and result.error is not None:
        modes[f"error.{result.error.kind}"] = len(result.transcript.turns) - 1
    for finding in result.findings:
        if finding.severity in (Severity.CRITICAL, Severity.MAJOR):
            modes.setdefault(finding.rule_id, finding.turn)
    if result.handoff_outcome in BAD_HANDOFF:
        assert result.handoff_outcome is not None
        key = f"handoff.{result.handoff_outcome.value}"
        if key not in modes:
            turn = next((f.turn for f in result.findings if f.rule_id == key), None)
            modes[key] = turn
    return modes


def static_features(result: EpisodeResult) -> set[str]:
    """Facts about the episode that do not depend on where it failed."""
    attrs = result.attributes
    found = {f"scenario={result.scenario_id}", f"persona={result.persona_id}"}
    for key in ("domain", "stakes", "emotion", "locale"):
        if attrs.get(key):
            found.add(f"{key}={attrs[key]}")
    for key, name in (
        ("tags", "tag"),
        ("vulnerabilities", "vulnerability"),
        ("adversarial", "adversarial"),
        ("traits", "trait"),
    ):
        for value in attrs.get(key) or []:
            found.add(f"{name}={value}")
    return found


def turn_features(result: EpisodeResult, turn: int | None) -> set[str]:
    """The customer's emotion and the turn number where a failure shows."""
    turns = result.transcript.turns
    if turn is None or not turns:
        return set()
    turn = min(turn, len(turns) - 1)
    found = {f"at_turn={turn_band(turn)}"}
    customer = next(
        (t for t in reversed(turns[: turn + 1]) if t.speaker is Speaker.CUSTOMER and t.emotion),
        None,
    )
    if customer is not None and customer.emotion is not None:
        found.add(f"felt={customer.emotion.label.value}")
        found.add(f"intensity={intensity_band(customer.emotion.intensity)}")
    return found
