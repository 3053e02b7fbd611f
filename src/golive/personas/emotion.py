"""Emotion update rules shared by every simulator, so a run keeps its meaning across them.

Triggers raise intensity, soothers lower it; the label follows the intensity along the
persona's own ladder (a frustrated customer becomes angry, an anxious one distressed).

Example:
    >>> e = Emotion(label=EmotionLabel.FRUSTRATED, intensity=0.5)
    >>> update(e, Signals(ignored=True)).intensity > 0.5
    True
"""

from __future__ import annotations

from dataclasses import dataclass

from golive.results.models import Emotion, EmotionLabel

# How much each signal moves intensity. Triggers are positive, soothers negative.
WEIGHTS: dict[str, float] = {
    "ignored": 0.12,
    "asked_again": 0.15,
    "no_progress": 0.08,
    "refused_without_reason": 0.15,
    "pretends_human": 0.2,
    "canned": 0.06,
    "unacknowledged": 0.1,
    "jargon": 0.08,
    "empathy": -0.05,
    "names_problem": -0.05,  # empathy that names the customer's problem soothes more
    "progress": -0.15,
    "next_step": -0.06,
    "human_offered": -0.2,
}

# Where a label escalates to above 0.75 and relaxes to below 0.25.
ESCALATES_TO: dict[EmotionLabel, EmotionLabel] = {
    EmotionLabel.CALM: EmotionLabel.FRUSTRATED,
    EmotionLabel.CONFUSED: EmotionLabel.FRUSTRATED,
    EmotionLabel.FRUSTRATED: EmotionLabel.ANGRY,
    EmotionLabel.ANXIOUS: EmotionLabel.DISTRESSED,
    EmotionLabel.ANGRY: EmotionLabel.ANGRY,
    EmotionLabel.DISTRESSED: EmotionLabel.DISTRESSED,
}
HIGH, LOW = 0.75, 0.25


@dataclass(frozen=True)
class Signals:
    """What the last agent reply did to the customer."""

    ignored: bool = False
    asked_again: bool = False
    no_progress: bool = False
    refused_without_reason: bool = False
    pretends_human: bool = False
    canned: bool = False
    unacknowledged: bool = False
    jargon: bool = False
    empathy: bool = False
    names_problem: bool = False
    progress: bool = False
    next_step: bool = False
    human_offered: bool = False

    def delta(self) -> float:
        """The summed intensity change of every signal present."""
        return sum(w for name, w in WEIGHTS.items() if getattr(self, name))


def update(emotion: Emotion, signals: Signals, sensitivity: float = 1.0) -> Emotion:
    """Apply one reply's signals; ``sensitivity`` scales triggers (impatient personas > 1)."""
    delta = signals.delta()
    if delta > 0:
        delta *= sensitivity
    return _moved(emotion, delta)


def _moved(emotion: Emotion, delta: float) -> Emotion:
    """Intensity moved by ``delta``; the label follows along the persona's ladder."""
    intensity = round(min(1.0, max(0.0, emotion.intensity + delta)), 4)
    label = emotion.label
    if intensity >= HIGH:
        label = ESCALATES_TO[label]
    elif intensity <= LOW and label in (EmotionLabel.FRUSTRATED, EmotionLabel.ANGRY):
        label = EmotionLabel.CALM
    return Emotion(label=label, intensity=intensity)


def waited(emotion: Emotion, overdue_s: float, patience_s: float) -> Emotion:
    """Apply a wait: ``overdue_s`` seconds beyond what the customer tolerates.

    Waiting raises intensity in proportion to the share of the customer's patience it
    uses, at a rate chosen so that waiting one's whole patience adds ``HIGH``: a customer
    who runs out of patience is at or past the tipping point, whatever they started at.
    A wait of nothing changes nothing (so fast bots leave every existing result as it was).

    Example:
        >>> calm = Emotion(label=EmotionLabel.CALM, intensity=0.0)
        >>> waited(calm, 300.0, 300.0).label.value
        'frustrated'
        >>> waited(calm, 0.0, 300.0) == calm
        True
    """
    if overdue_s <= 0:
        return emotion
    after = _moved(emotion, HIGH * overdue_s / patience_s)
    # Rounding to 4 places must not let a tiny wait calm an unrounded baseline.
    return after if after.intensity >= emotion.intensity else Emotion(
        label=after.label, intensity=emotion.intensity)


def sensitivity(patience: int) -> float:
    """How strongly a persona reacts to triggers: impatient personas more (0.6..1.6)."""
    return min(1.6, max(0.6, 1.0 + (6 - patience) * 0.1))
