"""Reading an agent reply the same way in every simulator: dialogue acts -> signals.

Both the scripted and the LLM simulator keep one ``ReplyReader`` per episode; it remembers
what the customer already gave and whether they asked for a person, so "asked again" and
"ignored" mean the same thing whichever simulator writes the words.

Example:
    >>> from golive.personas.emotion import update
    >>> from golive.results.models import Emotion, EmotionLabel
    >>> reader = ReplyReader(resolved_when=("14 march",))
    >>> mood = Emotion(label=EmotionLabel.FRUSTRATED, intensity=0.5)
    >>> update(mood, reader.read("Is there anything else?", mood).signals).intensity > 0.5
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from golive.personas.dialogue_acts import Act, ReplyActs, classify
from golive.personas.emotion import Signals
from golive.results.models import Emotion, EmotionLabel


@dataclass(frozen=True)
class Reading:
    """What one agent reply did: its acts, the emotion signals, and whether it resolved."""

    acts: ReplyActs
    signals: Signals
    resolved: bool


@dataclass
class ReplyReader:
    """Per-episode memory needed to judge a reply (slots given, person asked for...)."""

    resolved_when: tuple[str, ...] = ()
    tech_savvy: float = 0.6
    given: set[str] = field(default_factory=set)
    asked_human: bool = False
    last_agent_text: str | None = None

    def read(self, text: str, emotion: Emotion) -> Reading:
        """Classify ``text`` and turn it into emotion signals; remembers it for next time."""
        acts = classify(text)
        lowered = text.lower()
        resolved = any(p.lower() in lowered for p in self.resolved_when)
        new_slots = [s for s in acts.slots if s not in self.given]
        offered = Act.OFFER_HUMAN in acts.acts
        progress = resolved or (offered and self.asked_human)
        upset = emotion.label is not EmotionLabel.CALM and emotion.intensity >= 0.5
        refused = Act.REFUSAL in acts.acts
        signals = Signals(
            unacknowledged=upset and Act.EMPATHY not in acts.acts,
            ignored=self.asked_human and not offered,
            asked_again=bool(acts.slots) and not new_slots,
            no_progress=not progress,
            refused_without_reason=refused and Act.REASON not in acts.acts,
            pretends_human=Act.CLAIMS_HUMAN in acts.acts,
            canned=text == self.last_agent_text,
            jargon=Act.JARGON in acts.acts and self.tech_savvy < 0.4,
            empathy=Act.EMPATHY in acts.acts,
            progress=progress,
            # A fair question, an offer of a person or an alternative is a way forward.
            next_step=bool(new_slots) or offered or Act.ALTERNATIVE in acts.acts,
            human_offered=offered,
        )
        self.last_agent_text = text
        return Reading(acts=acts, signals=signals, resolved=resolved)
