"""The ``llm`` simulator: any litellm model writes the customer, under golive's rules.

Spec: a litellm model string, optionally ``@API_BASE`` for an OpenAI-compatible server and
``?temperature=0.3&attempts=3`` options::

    --simulator openai/gpt-4o-mini
    --simulator openai/sim@http://127.0.0.1:8000/v1?temperature=0

Each turn is one JSON object validated against ``prompts/turn.schema.json``; malformed
output is repaired (code fences, prose around the object) or asked for again, at most
``attempts`` calls per turn; then the turn fails with ``SimulatorError``. Emotion follows
the shared rules (``emotion.py``): the model may nudge the intensity by at most
``NUDGE``, so scripted and LLM runs mean the same. Every turn passes the turn checks
(``personas/fidelity``): a faulty turn is asked for again with a corrective note, within the
same ``attempts``; a fault that persists fails the episode as a simulator error of its kind.
The events of a turn (asked for a person, disclosed, threatened, gave up) are read from its
words (``words.py``); the model's own flags only count where the words agree.

Example:
    >>> sim = LLMSimulator.from_spec("openai/sim@http://127.0.0.1:9/v1?temperature=0")
    >>> sim.model, sim.api_base, sim.temperature
    ('openai/sim', 'http://127.0.0.1:9/v1', 0.0)
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

import jsonschema

from golive import __version__
from golive.errors import InputError, SimulatorError
from golive.llm import Gateway, LLMError, LLMRequest, installed_gateway
from golive.llm.spec import ModelSpec, parse_model_spec, preflight_model
from golive.personas import _prompts
from golive.personas.clock import wait
from golive.personas.dialogue_acts import Act
from golive.personas.emotion import HIGH, sensitivity, update
from golive.personas.fidelity import (
    MALFORMED_OUTPUT,
    EpisodeFacts,
    TurnContext,
    run_checks,
    shingles,
)
from golive.personas.identity import Identity, make_identity
from golive.personas.models import Persona
from golive.personas.reading import ReplyReader
from golive.personas.resolution import Resolution, customer_text
from golive.personas.simulator import CustomerTurn, Simulator, register_simulator
from golive.personas.words import fold, read_words, reconcile
from golive.results.models import (
    CustomerEvent,
    CustomerEventKind,
    Emotion,
    FaultAction,
    FidelityFault,
    GoalStatus,
    Speaker,
    TokenUsage,
    Turn,
)
from golive.scenarios.models import Scenario

NUDGE = 0.15  # how far the model may move intensity away from the shared rules
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


class LLMSimulator:
    """Customers written by a model through the LLM gateway (cache, retries, cost).

    Inside a run it uses the run's gateway, so ``--no-cache``, ``--rpm/--tpm`` and
    ``--retries`` apply to its calls and their cost is booked with the run's.
    """

    name = "llm"

    def __init__(
        self,
        model: str,
        *,
        api_base: str | None = None,
        gateway: Gateway | None = None,
        temperature: float = 0.7,
        attempts: int = 3,
        mock_response: str | None = None,
    ) -> None:
        if attempts < 1:
            raise InputError("attempts must be at least 1", field="simulator",
                             hint="attempts counts model calls per customer turn, e.g. 3")
        self.model = model
        self.api_base = api_base
        self.temperature = temperature
        self.attempts = attempts
        self.mock_response = mock_response
        self._gateway = gateway

    @classmethod
    def from_spec(cls, spec: str, gateway: Gateway | None = None) -> LLMSimulator:
        """Build from ``MODEL[@API_BASE][?temperature=T&attempts=N]`` (``golive.llm.spec``)."""
        parsed = parse_model_spec(spec, "simulator", {"temperature": float, "attempts": int})
        return cls(parsed.model, api_base=parsed.api_base, gateway=gateway,
                   temperature=parsed.options.get("temperature", 0.7),
                   attempts=parsed.options.get("attempts", 3))

    @asynccontextmanager
    async def using_gateway(self) -> AsyncIterator[Gateway]:
        """The gateway for this block: the one given, else the run's (its cache, limits,
        retries and cost ledger); outside a run, one of its own, closed on this event loop
        when the block ends (its connections cannot outlive the loop).

        Example:
            >>> import asyncio
            >>> given = Gateway(None)
            >>> async def which() -> bool:
            ...     async with LLMSimulator("openai/x", gateway=given).using_gateway() as gw:
            ...         return gw is given
            >>> asyncio.run(which())
            True
        """
        given = self._gateway or installed_gateway()
        if given is not None:
            yield given
            return
        from golive.llm.cache import ResponseCache

        own = Gateway(ResponseCache(), api_key=self._local_key())
        try:
            yield own
        finally:
            await own.aclose()
            if own.cache is not None:
                own.cache.close()

    def _local_key(self) -> str | None:
        # A local OpenAI-compatible server wants some key, never a real one.
        local = self.api_base is not None and not os.environ.get("OPENAI_API_KEY")
        return "sk-golive-local" if local else None

    async def preflight(self) -> None:
        """One tiny call before a run; UnreachableError (exit 3) if the model does not answer.

        The same check every model role gets (``golive.llm.spec.preflight_model``).
        """
        await preflight_model(ModelSpec(self.model, self.api_base), "simulator",
                              self._gateway or installed_gateway(),
                              fallback=", or run with --simulator scripted",
                              mock_response=self.mock_response)

    def session(self, scenario: Scenario, persona: Persona, seed: int) -> LLMCustomer:
        """A fresh model-written customer for one episode."""
        return LLMCustomer(self, scenario, persona, seed)

    def provenance(self) -> dict[str, str]:
        """What produced the customer's words: model, endpoint, prompt hash, version."""
        return {"simulator": self.name, "model": self.model, "api_base": self.api_base or "",
                "temperature": str(self.temperature), "prompt_hash": _prompts.prompts_hash(),
                "golive_version": __version__}

    def request(self, messages: list[dict[str, Any]], seed: int) -> LLMRequest:
        """The gateway request for one attempt."""
        return LLMRequest(
            model=self.model, messages=messages, temperature=self.temperature,
            seed=seed, response_format={"type": "json_object"}, api_base=self.api_base,
            mock_response=self.mock_response,
        )


@cache
def _turn_validator() -> jsonschema.protocols.Validator:
    # jsonschema.validate checks the schema itself on every call (about 10 ms here): once.
    schema = _prompts.turn_schema()
    validator: jsonschema.protocols.Validator = jsonschema.validators.validator_for(schema)(schema)
    return validator


def parse_turn(text: str) -> dict[str, Any]:
    """Repair and validate one model reply; raises ValueError saying what is wrong."""
    cleaned = _FENCE.sub("", text.strip())
    start, end = cleaned.find("{"), cleaned.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the reply")
    try:
        data = json.loads(cleaned[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc.msg} at character {exc.pos}") from exc
    try:
        _turn_validator().validate(data)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the object"
        raise ValueError(f"{where}: {exc.message}") from exc
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


class LLMCustomer:
    """One model-written customer: shared emotion rules, repair loop, turn checks, and
    events read from its words (its own flags are only a hint)."""

    def __init__(self, sim: LLMSimulator, scenario: Scenario, persona: Persona, seed: int) -> None:
        self.sim, self.scenario, self.persona = sim, scenario, persona
        self.seed = seed % 2**31
        self.identity = make_identity(persona.locale, seed, scenario.customer.knows)
        self.reader = ReplyReader.for_scenario(scenario, persona.tech_savvy)
        self.emotion: Emotion = persona.emotion
        self.sensitivity = sensitivity(persona.patience)
        self.turns = self.stalled = 0
        self.waited_s, self.out_of_time = 0.0, False  # patience in minutes (the clock)
        self.offered = False  # the agent's last reply offered a person
        self.disclosed: set[str] = set()
        self.system = _prompts.system_prompt(scenario, persona, self.identity)
        self.facts = episode_facts(scenario, persona, self.identity, self.system)

    async def next_turn(self, transcript: Sequence[Turn]) -> CustomerTurn:
        """Ask the model for the next customer turn; SimulatorError if it cannot be used."""
        self.turns += 1
        agent = [t for t in transcript if t.speaker is Speaker.AGENT]
        before = self.emotion
        self.offered = False
        if agent:
            last = agent[-1]
            reading = self.reader.read(last.text, self.emotion, last.tool_calls,
                                       customer_text(transcript))
            signals = reading.signals
            self.offered = Act.OFFER_HUMAN in reading.acts.acts
            self.emotion = update(self.emotion, signals, self.sensitivity)
            self.stalled = 0 if signals.progress else self.stalled + (not signals.next_step)
            # A slow reply spends patience and raises intensity (the scripted customer's rule).
            waited = wait(self.persona, self.emotion, last.overdue_s or 0.0, self.waited_s)
            self.emotion, self.waited_s = waited.emotion, waited.used_s
            self.out_of_time = self.out_of_time or waited.gave_up
        hint = self._hint()
        prompt = _prompts.turn_prompt(transcript, self.turns, self.emotion, hint)
        messages = [{"role": "system", "content": self.system},
                    {"role": "user", "content": prompt}]
        data, tokens, faults = await self._ask(messages, transcript)
        return self._turn(data, before, tokens, faults)

    def _give_up_due(self) -> bool:
        after = self.persona.gives_up_after
        return (self.stalled >= self.persona.patience or self.out_of_time
                or (after is not None and self.turns >= after))

    def _hint(self) -> str:
        after = self.persona.asks_for_human_after
        if self.stalled >= self.persona.patience or self.out_of_time:
            return "You have run out of patience: give up now (goal_status abandoned)."
        if self.scenario.customer.asks_for_human or (after is not None and (
            (after.turn is not None and self.turns >= after.turn)
            or (after.intensity is not None and self.emotion.intensity >= after.intensity)
        )):
            return "Ask for a human now (wants_human true)."
        return ""

    def _flagged(self, data: dict[str, Any]) -> list[CustomerEvent]:
        """What the model says its turn did, as events (before the words decide)."""
        flagged = [CustomerEvent(kind=CustomerEventKind.DISCLOSED_VULNERABILITY, detail=v)
                   for v in dict.fromkeys(data.get("disclosed") or []) if v not in self.disclosed]
        if data["wants_human"]:
            flagged.append(CustomerEvent(kind=CustomerEventKind.ASKED_FOR_HUMAN))
        if data.get("threat"):
            flagged.append(CustomerEvent(kind=CustomerEventKind.THREATENED, detail=data["threat"]))
        if data.get("probe"):
            flagged.append(CustomerEvent(kind=CustomerEventKind.ADVERSARIAL_PROBE,
                                         detail=data["probe"]))
        # "abandoned" also ends a conversation by accepting a refusal: it claims giving up
        # only where the words give up too, so a calm "Okay, thanks anyway" is no disagreement.
        read = read_words(data["message"], self.offered)
        gives_up = any(e.kind is CustomerEventKind.GAVE_UP for e in read)
        if data["goal_status"] == "abandoned" and gives_up:
            flagged.append(CustomerEvent(kind=CustomerEventKind.GAVE_UP))
        return flagged

    def _context(self, data: dict[str, Any], transcript: Sequence[Turn]) -> TurnContext:
        return TurnContext(
            message=data["message"], goal_status=data["goal_status"], facts=self.facts,
            transcript=transcript, number=self.turns, flagged=self._flagged(data),
            disclosed=frozenset(self.disclosed), intensity=self.emotion.intensity,
            give_up_due=self._give_up_due(), human_offered=self.offered,
        )

    async def _ask(
        self, messages: list[dict[str, Any]], transcript: Sequence[Turn]
    ) -> tuple[dict[str, Any], TokenUsage, list[FidelityFault]]:
        prompt = completion = 0
        problem, kind = "", "model_error"
        repaired: list[FidelityFault] = []
        async with self.sim.using_gateway() as gateway:
            for _ in range(self.sim.attempts):
                try:
                    response = await gateway.complete(self.sim.request(messages, self.seed))
                except LLMError as exc:
                    problem, kind = f"the model call failed ({exc.kind}): {exc}", "model_error"
                    continue
                prompt += response.prompt_tokens
                completion += response.completion_tokens
                try:
                    data = parse_turn(response.text)
                except ValueError as exc:
                    problem, kind = f"malformed output: {exc}", MALFORMED_OUTPUT
                    note = str(exc)
                else:
                    found = run_checks(self._context(data, transcript))
                    blocking = [f for f in found if f.repairable]
                    if not blocking:
                        recorded = [FidelityFault(kind=f.kind, action=FaultAction.RECORDED,
                                                  detail=f.detail) for f in found]
                        tokens = TokenUsage(prompt=prompt, completion=completion)
                        return data, tokens, repaired + recorded
                    first = blocking[0]
                    problem, kind = f"{first.kind}: {first.detail}", first.kind
                    note = f"{first.detail}. {first.note}"
                repaired.append(FidelityFault(kind=kind, action=FaultAction.REPAIRED,
                                              detail=problem))
                messages = [*messages, {"role": "assistant", "content": response.text},
                            {"role": "user", "content": _prompts.repair_prompt(note)}]
        raise SimulatorError(
            f"no valid customer turn from {self.sim.model} after {self.sim.attempts} "
            f"attempts; last problem: {problem}", kind=kind,
        )

    def _turn(self, data: dict[str, Any], before: Emotion, tokens: TokenUsage,
              faults: list[FidelityFault]) -> CustomerTurn:
        said = data["emotion"]["intensity"]
        anchored = min(self.emotion.intensity + NUDGE, max(self.emotion.intensity - NUDGE, said))
        self.emotion = Emotion(label=self.emotion.label,
                               intensity=round(min(1.0, max(0.0, anchored)), 4))
        message = data["message"].strip()
        # The words decide: asked for a person, disclosed, threatened, gave up.
        events, _ = reconcile(message, self._flagged(data), frozenset(self.disclosed),
                              self.offered)
        self.disclosed.update(e.detail for e in events
                              if e.kind is CustomerEventKind.DISCLOSED_VULNERABILITY)
        if any(e.kind is CustomerEventKind.ASKED_FOR_HUMAN for e in events):
            self.reader.asked_human = True
        if before.intensity < HIGH <= self.emotion.intensity or (
            self.turns == 1 and self.emotion.intensity >= HIGH
        ):
            events.append(CustomerEvent(kind=CustomerEventKind.EMOTION_THRESHOLD,
                                        detail=self.emotion.label.value))
        status = GoalStatus(data["goal_status"])
        gave_up = any(e.kind is CustomerEventKind.GAVE_UP for e in events)
        if gave_up and status is GoalStatus.IN_PROGRESS:
            status = GoalStatus.ABANDONED  # "forget it, goodbye" ends it, whatever the flag
        if status is GoalStatus.ACHIEVED:
            events.append(CustomerEvent(kind=CustomerEventKind.GOAL_ACHIEVED))
        return CustomerTurn(text=message, emotion=self.emotion, status=status,
                            events=tuple(events), tokens=tokens, faults=tuple(faults))


def episode_facts(scenario: Scenario, persona: Persona, identity: Identity,
                  system: str) -> EpisodeFacts:
    """What this customer may say: its role card, the scenario and fixtures, its identity."""
    blob = " ".join([
        system, json.dumps(scenario.fixtures, ensure_ascii=False),
        json.dumps(scenario.customer.model_dump(mode="json"), ensure_ascii=False),
        json.dumps(scenario.expected.model_dump(mode="json"), ensure_ascii=False),
        " ".join(identity.as_dict().values()),
    ])
    numbers = frozenset(float(n) for n in re.findall(r"\d+(?:\.\d+)?", blob.replace(",", "")))
    spouse = any(a.value == "social_engineering" for a in persona.adversarial)
    card = frozenset().union(*(shingles(line) for line in _prompts.instruction_lines(persona)))
    return EpisodeFacts(
        identity=identity, knows=dict(scenario.customer.knows),
        goal_achievable=scenario.expected.goal_achievable, sources=fold(blob), numbers=numbers,
        other_names=frozenset(fold(identity.spouse).split()) if spouse else frozenset(),
        role_card=card, resolution=Resolution.for_scenario(scenario),
    )


def _build(spec: str) -> Simulator:
    """``--simulator MODEL...`` (any spec with a ``/`` lands here too)."""
    if spec == "llm":
        raise InputError(
            "the llm simulator needs a model",
            field="simulator",
            hint="pass a litellm model string, e.g. openai/gpt-4o-mini or "
            "openai/sim@http://127.0.0.1:8000/v1",
        )
    return LLMSimulator.from_spec(spec)


register_simulator("llm", _build)
