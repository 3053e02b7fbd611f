"""The scripted simulator: offline, deterministic, and reactive to what the agent does.

It reads the agent's dialogue acts (a question for an order number, an apology, a refusal,
an offer of a human), updates emotion with the shared rules, and answers from templates
chosen by a seeded RNG. Same seed and same agent replies: the same customer, word for word.

Example:
    >>> import asyncio
    >>> from golive.scenarios.models import Scenario
    >>> from golive.personas.models import Persona
    >>> scenario = Scenario.model_validate({"id": "s", "title": "t",
    ...     "customer": {"goal": "g", "opening": "Where is order {order_id}?",
    ...                  "knows": {"order_id": "A1"}}})
    >>> persona = Persona.model_validate({"id": "p", "emotion": {"label": "calm", "intensity": 0.1}})
    >>> turn = asyncio.run(ScriptedSimulator().session(scenario, persona, 1).next_turn([]))
    >>> "A1" in turn.text
    True
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from golive.personas import phrases
from golive.personas.dialogue_acts import Act, ReplyActs, classify
from golive.personas.emotion import HIGH, Signals, update
from golive.personas.models import Persona
from golive.personas.simulator import CustomerTurn
from golive.results.models import (
    CustomerEvent,
    CustomerEventKind,
    Emotion,
    EmotionLabel,
    GoalStatus,
    Speaker,
    Turn,
)
from golive.scenarios.models import Scenario


class ScriptedSimulator:
    """The default simulator: no model, no network, deterministic per seed."""

    name = "scripted"

    def session(self, scenario: Scenario, persona: Persona, seed: int) -> ScriptedCustomer:
        """A fresh scripted customer for one episode."""
        return ScriptedCustomer(scenario, persona, seed)


class _Default(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class ScriptedCustomer:
    """One scripted customer's state across an episode."""

    def __init__(self, scenario: Scenario, persona: Persona, seed: int) -> None:
        self.scenario = scenario
        self.persona = persona
        self.rng = random.Random(seed)
        self.emotion: Emotion = persona.emotion
        self.customer_turns = 0
        self.stalled = 0
        self.given: set[str] = set()
        self.asked_human = False
        self.pushbacks = list(scenario.customer.pushes_back)
        self.last_agent_text: str | None = None
        # Impatient personas react more strongly to the same slight.
        self.sensitivity = min(1.6, max(0.6, 1.0 + (6 - persona.patience) * 0.1))

    async def next_turn(self, transcript: Sequence[Turn]) -> CustomerTurn:
        """The next customer message, reacting to the agent's last reply."""
        self.customer_turns += 1
        agent = next((t for t in reversed(transcript) if t.speaker is Speaker.AGENT), None)
        if agent is None:
            return self._opening()
        return self._react(agent.text)

    def _pick(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def _fill(self, template: str) -> str:
        return template.format_map(_Default(self.scenario.customer.knows))

    def _say(self, body: str, opening: bool = False) -> str:
        # Feelings show in the wording once they are strong enough to colour it.
        shows = opening or self.emotion.intensity >= 0.4
        prefix = self._pick(phrases.PREFIX[self.emotion.label]) if shows else ""
        return (prefix + body).strip()

    def _opening(self) -> CustomerTurn:
        script = self.scenario.customer
        openings = [script.opening] if isinstance(script.opening, str) else script.opening
        parts = [self._fill(self._pick(openings))]
        events: list[CustomerEvent] = []
        for vulnerability in dict.fromkeys([*script.discloses, *self.persona.vulnerabilities]):
            if vulnerability not in script.discloses:
                parts.append(phrases.DISCLOSE[vulnerability])
            events.append(_event(CustomerEventKind.DISCLOSED_VULNERABILITY, vulnerability.value))
        if self._wants_human():
            self.asked_human = True
            parts.append(self._pick(phrases.ASK_HUMAN))
            events.append(_event(CustomerEventKind.ASKED_FOR_HUMAN))
        if self.emotion.intensity >= HIGH:
            events.append(_event(CustomerEventKind.EMOTION_THRESHOLD, self.emotion.label.value))
        text = self._say(" ".join(parts), opening=True)
        return CustomerTurn(text=text, emotion=self.emotion, events=tuple(events))

    def _wants_human(self) -> bool:
        if self.scenario.customer.asks_for_human:
            return True
        after = self.persona.asks_for_human_after
        if after is None:
            return False
        by_turn = after.turn is not None and self.customer_turns >= after.turn
        by_mood = after.intensity is not None and self.emotion.intensity >= after.intensity
        return by_turn or by_mood

    def _signals(self, text: str, acts: ReplyActs, resolved: bool) -> Signals:
        new_slots = [s for s in acts.slots if s not in self.given]
        offered = Act.OFFER_HUMAN in acts.acts
        progress = resolved or (offered and self.asked_human)
        upset = self.emotion.label is not EmotionLabel.CALM and self.emotion.intensity >= 0.5
        return Signals(
            unacknowledged=upset and Act.EMPATHY not in acts.acts,
            ignored=self.asked_human and not offered,
            asked_again=bool(acts.slots) and not new_slots,
            no_progress=not progress,
            refused_without_reason=Act.REFUSAL in acts.acts and Act.REASON not in acts.acts,
            pretends_human=Act.CLAIMS_HUMAN in acts.acts,
            canned=text == self.last_agent_text,
            empathy=Act.EMPATHY in acts.acts,
            progress=progress,
            next_step=bool(new_slots) or offered,
            human_offered=offered,
        )

    def _react(self, text: str) -> CustomerTurn:
        acts = classify(text)
        lowered = text.lower()
        resolved = any(p.lower() in lowered for p in self.scenario.customer.resolved_when)
        signals = self._signals(text, acts, resolved)
        self.last_agent_text = text
        before = self.emotion
        self.emotion = update(self.emotion, signals, self.sensitivity)
        if signals.progress:
            self.stalled = 0
        elif not signals.next_step:  # a fair question is not a stall, nor is it progress
            self.stalled += 1
        events: list[CustomerEvent] = []
        if before.intensity < HIGH <= self.emotion.intensity:
            events.append(_event(CustomerEventKind.EMOTION_THRESHOLD, self.emotion.label.value))
        if resolved:
            events.append(_event(CustomerEventKind.GOAL_ACHIEVED))
            return self._turn(self._pick(phrases.THANKS), events, GoalStatus.ACHIEVED, prefix=False)
        if self.stalled >= self.persona.patience:
            events.append(_event(CustomerEventKind.GAVE_UP))
            return self._turn(self._pick(phrases.GIVE_UP), events, GoalStatus.ABANDONED)
        return self._respond(acts, events)

    def _respond(self, acts: ReplyActs, events: list[CustomerEvent]) -> CustomerTurn:
        if self._wants_human():
            self.asked_human = True
            events.append(_event(CustomerEventKind.ASKED_FOR_HUMAN))
            lines = phrases.ACCEPT_HUMAN if Act.OFFER_HUMAN in acts.acts else phrases.ASK_HUMAN
            return self._turn(self._pick(lines), events)
        if acts.slots:
            return self._turn(self._give(acts.slots), events)
        if Act.REFUSAL in acts.acts:
            if self.pushbacks:
                return self._turn(self._fill(self.pushbacks.pop(0)), events)
            return self._turn(self._pick(phrases.ACCEPT_REFUSAL), events, GoalStatus.ABANDONED)
        body = self._fill(self._pick(_as_list(self.scenario.customer.follow_up)))
        if self.persona.threatens and self.emotion.intensity >= 0.6 and self.stalled >= 2:
            threat = self.persona.threatens[self.rng.randrange(len(self.persona.threatens))]
            events.append(_event(CustomerEventKind.THREATENED, threat.value))
            body += " " + phrases.THREAT[threat]
        return self._turn(body, events)

    def _give(self, slots: Sequence[str]) -> str:
        knows = self.scenario.customer.knows
        known = [s for s in slots if s in knows]
        if not known:
            return self._pick(phrases.DONT_KNOW)
        fresh = [s for s in known if s not in self.given]
        if not fresh:
            return self._pick(phrases.ALREADY_GAVE).format(value=knows[known[0]])
        self.given.update(fresh)
        return " ".join(phrases.GIVE_SLOT[s].format(value=knows[s]) for s in fresh)

    def _turn(
        self,
        body: str,
        events: list[CustomerEvent],
        status: GoalStatus = GoalStatus.IN_PROGRESS,
        *,
        prefix: bool = True,
    ) -> CustomerTurn:
        text = self._say(body) if prefix else body
        return CustomerTurn(text=text, emotion=self.emotion, status=status, events=tuple(events))


def _event(kind: CustomerEventKind, detail: str = "") -> CustomerEvent:
    return CustomerEvent(kind=kind, detail=detail)


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value
