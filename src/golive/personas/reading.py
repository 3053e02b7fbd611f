"""Reading an agent reply the same way in every simulator: dialogue acts -> signals.

Both the scripted and the LLM simulator keep one ``ReplyReader`` per episode; it remembers
what the customer already gave and whether they asked for a person, so "asked again" and
"ignored" mean the same thing whichever simulator writes the words.

Example:
    >>> from golive.personas.emotion import update
    >>> from golive.results.models import Emotion, EmotionLabel
    >>> reader = ReplyReader()
    >>> mood = Emotion(label=EmotionLabel.FRUSTRATED, intensity=0.5)
    >>> update(mood, reader.read("Is there anything else?", mood).signals).intensity > 0.5
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from golive.personas.dialogue_acts import Act, ReplyActs, classify
from golive.personas.emotion import Signals
from golive.personas.resolution import Resolution
from golive.results.models import Emotion, EmotionLabel, ToolCall
from golive.scenarios.models import Scenario

_STOP = frozenset("about after again because could from have just know need please should "
                  "that their there they this what when where which will with would your".split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP}


def topic_words(*texts: str) -> frozenset[str]:
    """Words that name a customer's problem (from the goal and opening), for empathy."""
    return frozenset(w for text in texts for w in _words(text))


@dataclass(frozen=True)
class Reading:
    """What one agent reply did: its acts, the emotion signals, and whether it resolved."""

    acts: ReplyActs
    signals: Signals
    resolved: bool


@dataclass
class ReplyReader:
    """Per-episode memory needed to judge a reply (slots given, person asked for...)."""

    resolution: Resolution = field(default_factory=Resolution)
    tech_savvy: float = 0.6
    topic: frozenset[str] = frozenset()  # words naming the customer's problem
    given: set[str] = field(default_factory=set)
    asked_human: bool = False
    last_agent_text: str | None = None

    @classmethod
    def for_scenario(cls, scenario: Scenario, tech_savvy: float = 0.6) -> ReplyReader:
        """A reader that knows the scenario's resolution facts and problem words."""
        script = scenario.customer
        openings = [script.opening] if isinstance(script.opening, str) else script.opening
        return cls(Resolution.for_scenario(scenario), tech_savvy,
                   topic_words(script.goal, *openings))

    def read(self, text: str, emotion: Emotion, tool_calls: Sequence[ToolCall] = (),
             customer_said: str = "") -> Reading:
        """Classify ``text`` and turn it into emotion signals; remembers it for next time.

        ``tool_calls``: what the agent did in this reply; ``customer_said``: everything the
        customer wrote so far (a fact merely echoed back resolves nothing).
        """
        acts = classify(text)
        lowered = text.lower()
        resolved = self.resolution.resolves(text, tool_calls, customer_said)
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
            names_problem=Act.EMPATHY in acts.acts and bool(self.topic & _words(lowered)),
            progress=progress,
            # A fair question, an offer of a person or an alternative is a way forward.
            next_step=bool(new_slots) or offered or Act.ALTERNATIVE in acts.acts,
            human_offered=offered,
        )
        self.last_agent_text = text
        return Reading(acts=acts, signals=signals, resolved=resolved)
