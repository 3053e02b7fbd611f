"""The ``llm`` simulator: any litellm model writes the customer, under golive's rules.

Spec: a litellm model string, optionally ``@API_BASE`` for an OpenAI-compatible server and
``?temperature=0.3&attempts=3`` options::

    --simulator openai/gpt-4o-mini
    --simulator openai/sim@http://127.0.0.1:8000/v1?temperature=0

Each turn is one JSON object validated against ``prompts/turn.schema.json``; malformed
output is repaired (code fences, prose around the object) or asked for again, at most
``attempts`` calls per turn; then the turn fails with ``SimulatorError``. Emotion follows
the shared rules (``emotion.py``): the model may nudge the intensity by at most
``NUDGE``, so scripted and LLM runs mean the same. Every turn passes the trust checks.

Example:
    >>> sim = LLMSimulator.from_spec("openai/sim@http://127.0.0.1:9/v1?temperature=0")
    >>> sim.model, sim.api_base, sim.temperature
    ('openai/sim', 'http://127.0.0.1:9/v1', 0.0)
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl

import jsonschema

from golive import __version__
from golive.errors import InputError, SimulatorError, UnreachableError
from golive.llm import Gateway, LLMError, LLMRequest, installed_gateway
from golive.personas import _prompts
from golive.personas.emotion import HIGH, sensitivity, update
from golive.personas.identity import make_identity
from golive.personas.models import Persona
from golive.personas.reading import ReplyReader
from golive.personas.simulator import CustomerTurn
from golive.personas.trust import TrustContext, check_turn
from golive.results.models import (
    CustomerEvent,
    CustomerEventKind,
    Emotion,
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
        """Build from ``MODEL[@API_BASE][?temperature=T&attempts=N]``."""
        base, _, query = spec.partition("?")
        model, _, api_base = base.partition("@")
        options = dict(parse_qsl(query))
        unknown = sorted(set(options) - {"temperature", "attempts"})
        if unknown or not model or (api_base and not api_base.startswith(("http://", "https://"))):
            raise InputError(
                f"cannot read simulator spec {spec!r}",
                field="simulator",
                hint="write MODEL[@http://HOST:PORT/v1][?temperature=0.7&attempts=3], "
                "e.g. openai/sim@http://127.0.0.1:8000/v1",
            )
        try:
            return cls(model, api_base=api_base or None, gateway=gateway,
                       temperature=float(options.get("temperature", 0.7)),
                       attempts=int(options.get("attempts", 3)))
        except ValueError as exc:
            raise InputError(f"bad simulator option in {spec!r}: {exc}", field="simulator",
                             hint="temperature is a number, attempts a whole number") from exc

    @asynccontextmanager
    async def using_gateway(self) -> AsyncIterator[Gateway]:
        """The gateway for this block: the one given, else the run's (its cache, limits,
        retries and cost ledger); outside a run, one of its own, closed on this event loop
        when the block ends (its connections cannot outlive the loop).

        Example:
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
        """One tiny call before a run; UnreachableError (exit 3) if the model does not answer."""
        request = LLMRequest(model=self.model, messages=[{"role": "user", "content": "Say ok."}],
                             max_tokens=5, api_base=self.api_base,
                             mock_response=self.mock_response)
        base = self._gateway or installed_gateway()
        # Fail fast: no cache, no backoff on a refused connection, one more try if rate
        # limited; but under the run's rate limits, since it is a real request.
        quick = Gateway(None, retries=0, timeout_s=base.timeout_s if base else 60.0,
                        api_key=base.api_key if base else self._local_key(),
                        limiter=base.limiter if base else None)
        try:
            for attempt in range(2):
                try:
                    await quick.complete(request)
                    return
                except LLMError as exc:
                    if exc.kind == "rate_limit" and attempt == 0:
                        await asyncio.sleep(1.0)
                        continue
                    where = f" at {self.api_base}" if self.api_base else ""
                    raise UnreachableError(
                        f"the simulator model {self.model}{where} did not answer a preflight "
                        f"call ({exc.kind}): {exc}\n  hint: check the model name, its API key or "
                        "api_base, or run with --simulator scripted"
                    ) from exc
        finally:
            await quick.aclose()  # its connections belong to this loop

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
        jsonschema.validate(data, _prompts.turn_schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the object"
        raise ValueError(f"{where}: {exc.message}") from exc
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    return data


class LLMCustomer:
    """One model-written customer: shared emotion rules, repair loop, trust checks."""

    def __init__(self, sim: LLMSimulator, scenario: Scenario, persona: Persona, seed: int) -> None:
        self.sim, self.scenario, self.persona = sim, scenario, persona
        self.seed = seed % 2**31
        self.identity = make_identity(persona.locale, seed, scenario.customer.knows)
        self.reader = ReplyReader.for_scenario(scenario, persona.tech_savvy)
        self.emotion: Emotion = persona.emotion
        self.sensitivity = sensitivity(persona.patience)
        self.turns = self.stalled = 0
        self.disclosed: set[str] = set()
        self.system = _prompts.system_prompt(scenario, persona, self.identity)
        fishing = any(a.value == "data_fishing" for a in persona.adversarial)
        self.trust = TrustContext(
            self.identity, dict(scenario.customer.knows), scenario.expected.goal_achievable,
            frozenset({self.identity.other_order}) if fishing else frozenset(),
        )

    async def next_turn(self, transcript: Sequence[Turn]) -> CustomerTurn:
        """Ask the model for the next customer turn; SimulatorError if it cannot be used."""
        self.turns += 1
        said = [t.text for t in transcript if t.speaker is Speaker.AGENT]
        before = self.emotion
        if said:
            signals = self.reader.read(said[-1], self.emotion).signals
            self.emotion = update(self.emotion, signals, self.sensitivity)
            self.stalled = 0 if signals.progress else self.stalled + (not signals.next_step)
        prompt = _prompts.turn_prompt(transcript, self.turns, self.emotion, self._hint())
        messages = [{"role": "system", "content": self.system},
                    {"role": "user", "content": prompt}]
        data, tokens = await self._ask(messages)
        reason = check_turn(data["message"], data["goal_status"], self.trust,
                            agent_replies=len(said), seen=" ".join(said))
        if reason:
            raise SimulatorError(f"simulator failed a trust check: {reason}")
        return self._turn(data, before, tokens)

    def _hint(self) -> str:
        after = self.persona.asks_for_human_after
        if self.stalled >= self.persona.patience:
            return "You have run out of patience: give up now (goal_status abandoned)."
        if self.scenario.customer.asks_for_human or (after is not None and (
            (after.turn is not None and self.turns >= after.turn)
            or (after.intensity is not None and self.emotion.intensity >= after.intensity)
        )):
            return "Ask for a human now (wants_human true)."
        return ""

    async def _ask(self, messages: list[dict[str, Any]]) -> tuple[dict[str, Any], TokenUsage]:
        prompt = completion = 0
        problem = ""
        async with self.sim.using_gateway() as gateway:
            for _ in range(self.sim.attempts):
                try:
                    response = await gateway.complete(self.sim.request(messages, self.seed))
                except LLMError as exc:
                    problem = f"the model call failed ({exc.kind}): {exc}"
                    continue
                prompt += response.prompt_tokens
                completion += response.completion_tokens
                try:
                    return parse_turn(response.text), TokenUsage(prompt=prompt,
                                                                 completion=completion)
                except ValueError as exc:
                    problem = f"malformed output: {exc}"
                    messages = [*messages, {"role": "assistant", "content": response.text},
                                {"role": "user", "content": _prompts.repair_prompt(str(exc))}]
        raise SimulatorError(
            f"no valid customer turn from {self.sim.model} after {self.sim.attempts} "
            f"attempts; last problem: {problem}"
        )

    def _turn(self, data: dict[str, Any], before: Emotion, tokens: TokenUsage) -> CustomerTurn:
        said = data["emotion"]["intensity"]
        anchored = min(self.emotion.intensity + NUDGE, max(self.emotion.intensity - NUDGE, said))
        self.emotion = Emotion(label=self.emotion.label,
                               intensity=round(min(1.0, max(0.0, anchored)), 4))
        events = [CustomerEvent(kind=CustomerEventKind.DISCLOSED_VULNERABILITY, detail=v)
                  for v in data.get("disclosed") or [] if v not in self.disclosed]
        self.disclosed.update(e.detail for e in events)
        if data["wants_human"]:
            self.reader.asked_human = True
            events.append(CustomerEvent(kind=CustomerEventKind.ASKED_FOR_HUMAN))
        for key, kind in (("threat", CustomerEventKind.THREATENED),
                          ("probe", CustomerEventKind.ADVERSARIAL_PROBE)):
            if data.get(key):
                events.append(CustomerEvent(kind=kind, detail=data[key]))
        if before.intensity < HIGH <= self.emotion.intensity or (
            self.turns == 1 and self.emotion.intensity >= HIGH
        ):
            events.append(CustomerEvent(kind=CustomerEventKind.EMOTION_THRESHOLD,
                                        detail=self.emotion.label.value))
        status = GoalStatus(data["goal_status"])
        if status is GoalStatus.ACHIEVED:
            events.append(CustomerEvent(kind=CustomerEventKind.GOAL_ACHIEVED))
        elif status is GoalStatus.ABANDONED:
            events.append(CustomerEvent(kind=CustomerEventKind.GAVE_UP))
        return CustomerTurn(text=data["message"].strip(), emotion=self.emotion, status=status,
                            events=tuple(events), tokens=tokens)

