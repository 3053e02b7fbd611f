"""The scripted simulator: offline, deterministic, agenda-based, reactive to the agent.

The customer has an agenda (opening, facts to give when asked, pushbacks after a refusal,
adversarial probes, a person to ask for) and reacts to the agent's dialogue acts with the
shared emotion rules. Words come from per-language phrase templates chosen by a seeded
RNG, with a seeded Faker identity. Same seed and same agent replies: the same customer,
word for word.

Example:
    >>> import asyncio
    >>> from golive.scenarios.models import CustomerLines, CustomerScript, Scenario
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
from dataclasses import replace

from golive import __version__
from golive.personas._style import add_typos, non_native
from golive.personas.clock import wait
from golive.personas.dialogue_acts import Act, ReplyActs
from golive.personas.emotion import HIGH, sensitivity, update
from golive.personas.identity import make_identity
from golive.personas.models import Disclosure, Persona, Verbosity
from golive.personas.phrases import phrase_book, phrases_hash
from golive.personas.reading import ReplyReader
from golive.personas.resolution import customer_text
from golive.personas.simulator import CustomerTurn, Simulator, register_simulator
from golive.personas.words import reconcile
from golive.results.models import (
    CustomerEvent,
    CustomerEventKind,
    Emotion,
    FaultAction,
    FidelityFault,
    GoalStatus,
    Speaker,
    ToolCall,
    Turn,
)
from golive.scenarios.models import CustomerLines, CustomerScript, Scenario


class ScriptedSimulator:
    """The default simulator: no model, no network, deterministic per seed."""

    name = "scripted"

    def session(self, scenario: Scenario, persona: Persona, seed: int) -> ScriptedCustomer:
        """A fresh scripted customer for one episode."""
        return ScriptedCustomer(scenario, persona, seed)

    def provenance(self) -> dict[str, str]:
        """What produced the customer's words: simulator, phrase files hash, golive version."""
        return {"simulator": self.name, "phrases_hash": phrases_hash(),
                "golive_version": __version__}


_IDS = ("order_id", "account_id")
_GREETS = ("hi", "hello", "hey", "good morning", "good afternoon", "dear")


class _Default(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class ScriptedCustomer:
    """One scripted customer's state across an episode."""

    def __init__(self, scenario: Scenario, persona: Persona, seed: int) -> None:
        self.scenario = scenario
        self.persona = persona
        self.rng = random.Random(seed)
        self.book = phrase_book(persona.language)
        self.identity = make_identity(persona.locale, seed, scenario.customer.knows)
        # Invented personal details are fine to give; invented ids would contradict the
        # fixtures, so order and account ids come only from the scenario.
        personal = {k: v for k, v in self.identity.as_dict().items() if k not in _IDS}
        self.values = _Default({**personal, **scenario.customer.knows})
        self.reader = ReplyReader.for_scenario(scenario, persona.tech_savvy)
        self.emotion: Emotion = persona.emotion
        self.customer_turns = 0
        self.stalled = 0
        self.hesitated: set[str] = set()
        self.lines = _lines(scenario.customer, persona.language)
        self.pushbacks = list(self.lines.pushes_back or [])
        self.probes = list(persona.adversarial)
        self.sensitivity = sensitivity(persona.patience)
        self.disclosed: set[str] = set()
        self.waited_s = 0.0  # patience spent waiting for slow replies (the clock's overdue_s)
        self.offered = False  # the agent's last reply offered a person
        self.meant: list[str] = []  # this turn's words before typos: what the customer meant

    async def next_turn(self, transcript: Sequence[Turn]) -> CustomerTurn:
        """The next customer message, reacting to the agent's last reply."""
        self.customer_turns += 1
        self.meant = []
        agent = next((t for t in reversed(transcript) if t.speaker is Speaker.AGENT), None)
        if agent is None:
            return self._from_words(self._opening())
        return self._from_words(self._react(agent.text, agent.tool_calls, customer_text(transcript),
                                            agent.overdue_s or 0.0))

    def _from_words(self, turn: CustomerTurn) -> CustomerTurn:
        """The words decide the events, here as for any simulator; where the agenda and the
        words disagree (a phrase the reader misses), the fault is recorded. The words are
        read as meant, before the persona's typos ("hmuan"): typos are style, not intent."""
        meant = " ".join(self.meant) if self.persona.typos else turn.text
        events, problems = reconcile(meant, turn.events, frozenset(self.disclosed), self.offered)
        self.disclosed.update(e.detail for e in events
                              if e.kind is CustomerEventKind.DISCLOSED_VULNERABILITY)
        if any(e.kind is CustomerEventKind.ASKED_FOR_HUMAN for e in events):
            self.reader.asked_human = True
        faults = tuple(FidelityFault(kind="flags_disagree", action=FaultAction.RECORDED, detail=p)
                       for p in problems)
        return replace(turn, events=tuple(events), faults=faults)

    def _pick(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def _fill(self, template: str) -> str:
        return template.format_map(self.values)

    def _styled(self, text: str) -> str:
        self.meant.append(text)
        if self.persona.non_native and self.persona.language == "en":
            text = non_native(text, self.rng)
        return add_typos(text, self.persona.typos, self.rng)

    def _say(self, body: str, opening: bool = False) -> str:
        # Feelings show in the wording once they are strong enough to colour it.
        shows = opening or self.emotion.intensity >= 0.4
        prefix = self._pick(self.book.prefix[self.emotion.label.value]) if shows else ""
        if prefix.endswith(", ") and not body.startswith(("I ", "I'")):
            body = body[:1].lower() + body[1:]  # "Look, my order number is..."
        return self._styled((prefix + body).strip())

    def _opening(self) -> CustomerTurn:
        script = self.scenario.customer
        parts = [self._fill(self._pick(_as_list(self.lines.opening or ""))),
                 self._pick(self.book.context[self.emotion.label.value])]
        events: list[CustomerEvent] = []
        for vulnerability in dict.fromkeys([*script.discloses, *self.persona.vulnerabilities]):
            if vulnerability not in script.discloses:
                parts.append(self._pick(self.book.disclose[vulnerability.value]))
            events.append(_event(CustomerEventKind.DISCLOSED_VULNERABILITY, vulnerability.value))
        if self.persona.disclosure is Disclosure.ALL_AT_ONCE:
            parts.append(self._give_slots([k for k in script.knows if k in self.book.give_slot]))
        self._probe(parts, events)
        if self._wants_human():
            self.reader.asked_human = True
            parts.append(self._pick(self.book.ask_human))
            events.append(_event(CustomerEventKind.ASKED_FOR_HUMAN))
        if self.emotion.intensity >= HIGH:
            events.append(_event(CustomerEventKind.EMOTION_THRESHOLD, self.emotion.label.value))
        greeting, sign_off = self._courtesies()
        if parts[0].lower().startswith(_GREETS):
            greeting = ""  # the scenario's opening already says hello
        text = self._say(" ".join(p for p in parts if p), opening=True)
        return CustomerTurn(text=(greeting + text + sign_off).strip(), emotion=self.emotion,
                            events=tuple(events))

    def _courtesies(self) -> tuple[str, str]:
        if self.persona.verbosity is Verbosity.TERSE:
            return self._styled(self._fill(self._pick(self.book.greeting_short))), ""
        greeting = self._fill(self._pick(self.book.greeting))
        polite = self.persona.politeness >= 0.5
        sign_off = self._fill(self._pick(self.book.sign_off)) if polite else ""
        return self._styled(greeting), sign_off

    def _probe(self, parts: list[str], events: list[CustomerEvent]) -> None:
        if self.probes:
            kind = self.probes.pop(0)
            parts.append(self._fill(self._pick(self.book.probe[kind.value])))
            events.append(_event(CustomerEventKind.ADVERSARIAL_PROBE, kind.value))

    def _wants_human(self) -> bool:
        if self.scenario.customer.asks_for_human:
            return True
        after = self.persona.asks_for_human_after
        if after is None:
            return False
        by_turn = after.turn is not None and self.customer_turns >= after.turn
        by_mood = after.intensity is not None and self.emotion.intensity >= after.intensity
        return by_turn or by_mood

    def _react(
        self, text: str, calls: Sequence[ToolCall], said: str, overdue_s: float = 0.0
    ) -> CustomerTurn:
        before = self.emotion
        reading = self.reader.read(text, self.emotion, calls, said)
        self.offered = Act.OFFER_HUMAN in reading.acts.acts
        self.emotion = update(self.emotion, reading.signals, self.sensitivity)
        # A slow reply spends patience and raises intensity (the same rule as the queue).
        waited = wait(self.persona, self.emotion, overdue_s, self.waited_s)
        self.emotion, self.waited_s = waited.emotion, waited.used_s
        if reading.signals.progress:
            self.stalled = 0
        elif not reading.signals.next_step:  # a fair question is not a stall, nor progress
            self.stalled += 1
        events: list[CustomerEvent] = []
        if before.intensity < HIGH <= self.emotion.intensity:
            events.append(_event(CustomerEventKind.EMOTION_THRESHOLD, self.emotion.label.value))
        if reading.resolved:
            events.append(_event(CustomerEventKind.GOAL_ACHIEVED))
            body = self._styled(self._pick(self.book.thanks))
            return CustomerTurn(body, self.emotion, GoalStatus.ACHIEVED, tuple(events))
        give_up_turn = self.persona.gives_up_after
        if self.stalled >= self.persona.patience or waited.gave_up or (
            give_up_turn is not None and self.customer_turns >= give_up_turn
        ):
            events.append(_event(CustomerEventKind.GAVE_UP))
            return self._turn([self._pick(self.book.give_up)], events, GoalStatus.ABANDONED)
        return self._respond(reading.acts, events)

    def _respond(self, acts: ReplyActs, events: list[CustomerEvent]) -> CustomerTurn:
        if self._wants_human():
            self.reader.asked_human = True
            events.append(_event(CustomerEventKind.ASKED_FOR_HUMAN))
            lines = self.book.accept_human if Act.OFFER_HUMAN in acts.acts else self.book.ask_human
            return self._turn([self._pick(lines)], events)
        if acts.slots:
            return self._turn([self._give(acts.slots)], events)
        parts: list[str] = []
        if self.reader.tech_savvy < 0.4 and Act.JARGON in acts.acts:
            parts.append(self._pick(self.book.jargon))
        if Act.REFUSAL in acts.acts:
            if self.pushbacks:
                return self._turn([*parts, self._fill(self.pushbacks.pop(0))], events)
            if not self.probes:
                parts.append(self._pick(self.book.accept_refusal))
                return self._turn(parts, events, GoalStatus.ABANDONED)
        else:
            parts.append(self._fill(self._pick(_as_list(self.lines.follow_up or ""))))
        self._probe(parts, events)
        self._threaten(parts, events)
        return self._turn(parts, events)

    def _threaten(self, parts: list[str], events: list[CustomerEvent]) -> None:
        threats = self.persona.threatens
        if threats and self.emotion.intensity >= self.persona.threatens_at and self.stalled >= 2:
            threat = threats[self.rng.randrange(len(threats))]
            events.append(_event(CustomerEventKind.THREATENED, threat.value))
            parts.append(self._pick(self.book.threat[threat.value]))

    def _give(self, slots: Sequence[str]) -> str:
        known = [s for s in slots if s in self.values and s in self.book.give_slot]
        if not known:
            return self._pick(self.book.dont_know)
        fresh = [s for s in known if s not in self.reader.given]
        if not fresh:
            return self._pick(self.book.already_gave).format(value=self.values[known[0]])
        if self.persona.disclosure is Disclosure.RELUCTANTLY:
            first_time = [s for s in fresh if s not in self.hesitated]
            if first_time:
                self.hesitated.update(first_time)
                return self._pick(self.book.reluctant)
        return self._give_slots(fresh)

    def _give_slots(self, slots: Sequence[str]) -> str:
        self.reader.given.update(slots)
        return " ".join(
            self._pick(self.book.give_slot[s]).format(value=self.values[s]) for s in slots
        )

    def _turn(
        self,
        parts: list[str],
        events: list[CustomerEvent],
        status: GoalStatus = GoalStatus.IN_PROGRESS,
    ) -> CustomerTurn:
        text = self._say(" ".join(p for p in parts if p))
        return CustomerTurn(text=text, emotion=self.emotion, status=status, events=tuple(events))


def _event(kind: CustomerEventKind, detail: str = "") -> CustomerEvent:
    return CustomerEvent(kind=kind, detail=detail)


def _lines(script: CustomerScript, language: str) -> CustomerLines:
    # The scenario's lines in the customer's language where it has them, else as written.
    own = script.translations.get(language, CustomerLines())
    return CustomerLines(
        opening=own.opening or script.opening,
        follow_up=own.follow_up or script.follow_up,
        pushes_back=own.pushes_back or script.pushes_back,
    )


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _build(spec: str) -> Simulator:
    return ScriptedSimulator()


register_simulator("scripted", _build)
