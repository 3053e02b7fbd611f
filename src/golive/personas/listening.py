"""A real customer read as golive reads a simulated one: events and emotion from the words.

Logged conversations carry no emotion labels or events; the evaluators need both (handoff
triggers, empathy owed, final mood). They are read here with the simulators' own readers:

- events: ``words.reconcile`` with nothing flagged, the path every simulated turn takes
  (asked for a person, disclosed a vulnerability, threatened, gave up; "yes please" after an
  offer of a person accepts one);
- emotion: the agent's replies move the customer's mood through ``ReplyReader`` and
  ``emotion.update``, exactly as in the scripted simulator; the customer's own words set the
  label where they show one (at least ``SHOWN[label]`` intense), read with the phrase books the scripted customer speaks from
  (``prefix`` and ``context`` per emotion, in every language) and a few common cues. A
  conversation starts calm at 0.2.

Example:
    >>> listener = CustomerListener()
    >>> first = listener.customer("This is ridiculous! Where is my parcel?")
    >>> first.emotion.label.value, [e.kind.value for e in first.events]
    ('angry', [])
    >>> listener.agent("I'm sorry, let me check that for you right away.")
    >>> [e.kind.value for e in listener.customer("I want to speak to a real person.").events]
    ['asked_for_human']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from golive.personas.dialogue_acts import Act
from golive.personas.emotion import HIGH, update
from golive.personas.phrases import LANGUAGES, phrase_book
from golive.personas.reading import ReplyReader
from golive.personas.words import fold, reconcile
from golive.results.models import (
    CustomerEvent,
    CustomerEventKind,
    Emotion,
    EmotionLabel,
    ToolCall,
)
from golive.scenarios.models import Scenario

#: A feeling the words show is at least this intense (milder feelings lower; confusion
#: alone does not make a customer upset, see ``experience.UPSET_AT``).
SHOWN = {
    EmotionLabel.CONFUSED: 0.35,
    EmotionLabel.ANXIOUS: 0.45,
    EmotionLabel.FRUSTRATED: 0.5,
    EmotionLabel.ANGRY: 0.6,
    EmotionLabel.DISTRESSED: 0.6,
}
START = Emotion(label=EmotionLabel.CALM, intensity=0.2)

#: Strongest first: a message that is both angry and confused reads as angry.
_ORDER = (
    EmotionLabel.DISTRESSED,
    EmotionLabel.ANGRY,
    EmotionLabel.ANXIOUS,
    EmotionLabel.FRUSTRATED,
    EmotionLabel.CONFUSED,
)
_COMMON = {
    EmotionLabel.DISTRESSED: r"can'?t cope|struggling|desperate|overwhelmed|falling apart|"
    r"end of my (rope|tether)|please help me|breaking down",
    EmotionLabel.ANGRY: r"ridiculous|unacceptable|outrageous|furious|disgusting|disgraceful|"
    r"useless|pathetic|absurd|a joke|!!+",
    EmotionLabel.ANXIOUS: r"worried|nervous|anxious|scared|afraid|panicking|stressed",
    EmotionLabel.FRUSTRATED: r"again|still (not|no|waiting)|already (told|said|gave)|"
    r"tired of|how many times|second time|getting nowhere|honestly,",
    EmotionLabel.CONFUSED: r"confused|don'?t (understand|get it)|what does (that|this) mean",
}
_THANKS = re.compile(r"\b(thank|thanks|cheers|perfect|great|danke|gracias|merci)\b")


@cache
def _cues() -> dict[EmotionLabel, re.Pattern[str]]:
    """Per label: the scripted customer's own phrases for it (every language) and common cues."""
    found: dict[EmotionLabel, re.Pattern[str]] = {}
    for label in _ORDER:
        phrases = set()
        for language in LANGUAGES:
            book = phrase_book(language)
            for text in (*book.prefix[label.value], *book.context[label.value]):
                folded = fold(text).strip(" .,!?")
                if len(folded) >= 4:
                    phrases.add(re.escape(folded))
        alternatives = "|".join(sorted(phrases, key=len, reverse=True) + [_COMMON[label]])
        found[label] = re.compile(rf"(?<!\w)({alternatives})(?!\w)")
    return found


def shown_label(text: str) -> EmotionLabel | None:
    """The emotion a customer message shows in its words, or None (calm or no sign).

    Example:
        >>> shown_label("I'm quite worried about this."), shown_label("Where is my order?")
        (<EmotionLabel.ANXIOUS: 'anxious'>, None)
    """
    folded = fold(text)
    for label, pattern in _cues().items():
        if pattern.search(folded):
            return label
    return None


@dataclass(frozen=True)
class Heard:
    """One customer turn as read: the emotion it carries and the events its words say."""

    emotion: Emotion
    events: tuple[CustomerEvent, ...]


@dataclass
class CustomerListener:
    """Reads one conversation's turns in order (call ``customer`` and ``agent`` alternately)."""

    reader: ReplyReader = field(default_factory=ReplyReader)
    mood: Emotion = START
    disclosed: set[str] = field(default_factory=set)
    offered: bool = False
    resolved: bool = False
    said: list[str] = field(default_factory=list)

    @classmethod
    def for_scenario(cls, scenario: Scenario | None) -> CustomerListener:
        """A listener that knows what resolves the scenario (None: nothing known)."""
        return cls(ReplyReader.for_scenario(scenario) if scenario is not None else ReplyReader())

    def customer(self, text: str) -> Heard:
        """Read one customer message: its emotion and events."""
        before = self.mood
        label = shown_label(text)
        if label is not None:
            self.mood = Emotion(label=label, intensity=max(self.mood.intensity, SHOWN[label]))
        events, _ = reconcile(text, [], frozenset(self.disclosed), self.offered)
        self.disclosed.update(
            e.detail for e in events if e.kind is CustomerEventKind.DISCLOSED_VULNERABILITY
        )
        if any(e.kind is CustomerEventKind.ASKED_FOR_HUMAN for e in events):
            self.reader.asked_human = True
        if before.intensity < HIGH <= self.mood.intensity:
            events.append(
                CustomerEvent(
                    kind=CustomerEventKind.EMOTION_THRESHOLD, detail=self.mood.label.value
                )
            )
        if self.resolved and _THANKS.search(fold(text)):
            events.append(CustomerEvent(kind=CustomerEventKind.GOAL_ACHIEVED))
        self.said.append(text)
        return Heard(self.mood, tuple(events))

    def agent(self, text: str, tool_calls: Sequence[ToolCall] = ()) -> None:
        """Read one agent reply: it moves the mood the customer answers in."""
        reading = self.reader.read(text, self.mood, tool_calls, " ".join(self.said))
        self.offered = Act.OFFER_HUMAN in reading.acts.acts
        self.resolved = reading.resolved
        self.mood = update(self.mood, reading.signals)
