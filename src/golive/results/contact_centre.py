"""What one episode means in contact-centre terms: resolved, escalated, abandoned, tipped.

Pure functions of an ``EpisodeResult`` (its transcript, clock and scores), shared by the
catalogue's ``cx.*`` metrics, the reports and the comparison, so "resolved" or "tipping
point" means one thing everywhere.

Definitions (the README's metric table states them for users):

- **resolved by the bot** (contained): no transfer, accuracy passed, and the customer's
  goal was met, or, where the scenario's goal cannot be met (a policy trap), the episode
  passed (the customer got the right refusal);
- **escalated**: the agent transferred the customer to a human;
- **resolved first contact**: resolved by the bot, or escalated and picked up by a person
  (the person is assumed to resolve it: golive does not play the human's side);
- **abandoned**: the customer left unresolved (gave up in the conversation, or in the
  queue before a person came);
- **tipping point**: the first moment the customer's intensity reached the emotion rules'
  ``HIGH`` threshold (where labels escalate: calm to frustrated, frustrated to angry,
  anxious to distressed), in the conversation or while waiting in the queue.

Example:
    >>> TIPPED_LABELS
    ('frustrated', 'angry', 'distressed')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from golive.results.models import (
    Emotion,
    EmotionLabel,
    EpisodeResult,
    HandoffKind,
    Speaker,
    Termination,
)

# Mirrors golive.personas.emotion.HIGH (results import nothing above them); a test holds
# the two equal.
HIGH = 0.75
TIPPED_LABELS = ("frustrated", "angry", "distressed")
ANGRY_LABELS = (EmotionLabel.ANGRY, EmotionLabel.DISTRESSED)

#: Why a conversation went to a person: the first customer event before the transfer, in
#: this order of precedence; ``bot_decided`` when the customer gave no such sign.
ESCALATION_REASONS = (
    "asked_for_human",
    "disclosed_vulnerability",
    "threatened",
    "emotion_threshold",
    "bot_decided",
)


def transferred(result: EpisodeResult) -> bool:
    """Whether the agent handed the customer over to a human (a consult is not a transfer)."""
    turns = result.transcript.turns
    return (
        result.termination is Termination.HANDOFF
        and bool(turns)
        and turns[-1].handoff is not None
        and turns[-1].handoff.kind is HandoffKind.TRANSFER
    )


def bot_resolved(result: EpisodeResult) -> bool:
    """Resolved without a human (see the module docstring)."""
    if transferred(result) or result.scores.get("accuracy.passed", 0.0) < 1.0:
        return False
    if result.termination is Termination.GOAL_ACHIEVED:
        return True
    achievable = bool(result.attributes.get("goal_achievable", True))
    return not achievable and result.passed and result.termination is not Termination.AGENT_ERROR


def picked_up(result: EpisodeResult) -> bool:
    """Escalated, and a person took the conversation before the customer left."""
    return transferred(result) and result.clock is not None and not result.clock.abandoned_in_queue


def first_contact_resolved(result: EpisodeResult) -> bool:
    """Resolved by the bot, or by the person it was handed to (assumed)."""
    return bot_resolved(result) or picked_up(result)


def abandoned(result: EpisodeResult) -> bool:
    """The customer left unresolved, in the conversation or in the queue."""
    if result.clock is not None and result.clock.abandoned_in_queue:
        return True
    return result.termination is Termination.CUSTOMER_GAVE_UP and not bot_resolved(result)


def escalation_reason(result: EpisodeResult) -> str | None:
    """Why the conversation went to a person (``ESCALATION_REASONS``), or None if it did not."""
    if not transferred(result):
        return None
    seen = {
        e.kind.value
        for t in result.transcript.turns
        if t.speaker is Speaker.CUSTOMER
        for e in t.events
    }
    return next((r for r in ESCALATION_REASONS[:-1] if r in seen), "bot_decided")


def final_emotion(result: EpisodeResult) -> Emotion | None:
    """How the customer felt at the end: after the queue if transferred, else their last turn."""
    if result.clock is not None and result.clock.queue_emotion is not None:
        return result.clock.queue_emotion
    return next(
        (
            t.emotion
            for t in reversed(result.transcript.turns)
            if t.speaker is Speaker.CUSTOMER and t.emotion is not None
        ),
        None,
    )


def angry_handover(result: EpisodeResult) -> bool:
    """A person picked up a customer who was angry or distressed, or past the tipping point."""
    if not picked_up(result) or result.clock is None or result.clock.queue_emotion is None:
        return False
    emotion = result.clock.queue_emotion
    return emotion.label in ANGRY_LABELS or emotion.intensity >= HIGH


@dataclass(frozen=True)
class Tipping:
    """When a customer crossed the tipping point: the label they reached, where and when."""

    label: str
    turn: int | None  # transcript index; None: while waiting in the queue
    at_s: float
    started_above: bool = False  # already at or past HIGH in the opening message


def tipping_point(result: EpisodeResult) -> Tipping | None:
    """The first moment intensity reached ``HIGH`` (None if it never did, or no clock).

    A customer who opens already past it is reported at turn 0 with ``started_above``.
    """
    customer = [t for t in result.transcript.turns if t.speaker is Speaker.CUSTOMER]
    for turn in customer:
        if turn.emotion is not None and turn.emotion.intensity >= HIGH and turn.at_s is not None:
            return Tipping(
                turn.emotion.label.value, turn.index, turn.at_s, started_above=turn is customer[0]
            )
    clock = result.clock
    if clock is not None and clock.queue_emotion is not None and clock.queue_tipped_s is not None:
        return Tipping(
            clock.queue_emotion.label.value, None, round(clock.bot_s + clock.queue_tipped_s, 3)
        )
    return None


def final_customer_intensity(result: EpisodeResult) -> float | None:
    """Intensity at the customer's last message (before any queue)."""
    return next(
        (
            t.emotion.intensity
            for t in reversed(result.transcript.turns)
            if t.speaker is Speaker.CUSTOMER and t.emotion is not None
        ),
        None,
    )


def customer_turn_number(result: EpisodeResult, index: int | None) -> int:
    """The customer's message count up to transcript ``index`` (None: all of them)."""
    turns = result.transcript.turns if index is None else result.transcript.turns[: index + 1]
    return sum(t.speaker is Speaker.CUSTOMER for t in turns)


@dataclass(frozen=True)
class TippingRow:
    """Tipping points of one persona × scenario over its episodes."""

    persona: str
    scenario: str
    episodes: int
    tipped: int
    in_queue: int
    started_above: int
    minutes: float | None  # median minutes to the tipping point, over tipped episodes
    turns: float | None  # median customer message at (or after which, in the queue) it came
    labels: tuple[str, ...]  # the labels reached, most common first

    @property
    def rate(self) -> float:
        """Share of the pair's episodes in which the customer tipped."""
        return self.tipped / self.episodes if self.episodes else 0.0


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered, mid = sorted(values), len(values) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def tipping_rows(results: Iterable[EpisodeResult]) -> list[TippingRow]:
    """One row per persona × scenario with a clock, in persona then scenario order.

    Example:
        >>> tipping_rows([])
        []
    """
    groups: dict[tuple[str, str], list[EpisodeResult]] = {}
    for r in results:
        if r.clock is not None and r.termination is not Termination.SIMULATOR_ERROR:
            groups.setdefault((r.persona_id, r.scenario_id), []).append(r)
    rows = []
    for (persona, scenario), members in sorted(groups.items()):
        points = [(r, tipping_point(r)) for r in members]
        crossed = [(r, p) for r, p in points if p is not None and not p.started_above]
        labels = Counter(p.label for _, p in crossed)
        rows.append(
            TippingRow(
                persona,
                scenario,
                len(members),
                len(crossed),
                sum(p.turn is None for _, p in crossed),
                sum(p is not None and p.started_above for _, p in points),
                _median([p.at_s / 60.0 for _, p in crossed]),
                _median([float(customer_turn_number(r, p.turn)) for r, p in crossed]),
                tuple(label for label, _ in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return rows


def tipping_metrics(results: Iterable[EpisodeResult]) -> dict[str, float]:
    """Per persona × scenario MLflow metrics: ``tipping.<persona>.<scenario>.rate``, and
    where customers tipped, ``.minutes`` and ``.turns`` (medians).

    Example:
        >>> tipping_metrics([])
        {}
    """
    out: dict[str, float] = {}
    for row in tipping_rows(results):
        key = f"tipping.{row.persona}.{row.scenario}"
        out[f"{key}.rate"] = round(row.rate, 6)
        if row.minutes is not None and row.turns is not None:
            out[f"{key}.minutes"] = round(row.minutes, 6)
            out[f"{key}.turns"] = round(row.turns, 6)
    return out
