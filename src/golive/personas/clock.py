"""The customer's side of the conversation clock: reading, thinking, typing, and waiting.

Pure arithmetic over a persona and the words on screen, so the same conversation always
takes the same simulated time. Waiting spends patience: every second a reply (or the queue
for a human) runs beyond what the customer tolerates counts against ``Persona.patience_s``
and raises intensity through the shared emotion rules (``emotion.waited``); once the
waiting adds up to the customer's patience, they give up on time.

Example:
    >>> from golive.results.models import Emotion, EmotionLabel
    >>> p = Persona.model_validate({"id": "p", "emotion": {"label": "calm", "intensity": 0.2},
    ...                             "patience_minutes": 2})
    >>> after = wait(p, p.emotion, overdue_s=150.0, used_s=0.0)
    >>> after.gave_up, after.emotion.intensity >= 0.75
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from golive.personas.emotion import waited
from golive.personas.models import Persona
from golive.results.models import Emotion


def words(text: str) -> int:
    """Words on screen, as a reader counts them.

    Example:
        >>> words("Where is my order A1001?")
        5
    """
    return len(text.split())


def reading_s(text: str, reading_wpm: float) -> float:
    """Seconds to read ``text`` at ``reading_wpm`` words per minute."""
    return words(text) * 60.0 / reading_wpm


def typing_s(persona: Persona, text: str) -> float:
    """Seconds the persona takes to type ``text`` at its ``typing_wpm``."""
    return words(text) * 60.0 / persona.typing_wpm


@dataclass(frozen=True)
class AfterWait:
    """Where a customer stands after a wait: their emotion, patience used, and whether they left."""

    emotion: Emotion
    used_s: float
    gave_up: bool


def wait(persona: Persona, emotion: Emotion, overdue_s: float, used_s: float) -> AfterWait:
    """One wait of ``overdue_s`` seconds beyond tolerance, after ``used_s`` already spent."""
    used = used_s + max(0.0, overdue_s)
    return AfterWait(
        waited(emotion, overdue_s, persona.patience_s),
        used,
        overdue_s > 0 and used >= persona.patience_s,
    )
