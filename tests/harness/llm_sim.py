"""A test simulator that asks an LLM (through the run's gateway) before every turn.

The scripted simulator still writes the words, so the agent's behaviour is known; the LLM
call is real (a local server), and its tokens land in the transcript, so results depend on
the gateway's answers. Register with ``register(api_base, model)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from golive.llm import LLMRequest, current_gateway
from golive.personas.models import Persona
from golive.personas.scripted import ScriptedSimulator
from golive.personas.simulator import CustomerTurn, get_simulator, register_simulator
from golive.results.models import TokenUsage, Turn
from golive.scenarios.models import Scenario


class GatewaySimulator:
    name = "gateway-test"

    def __init__(self, api_base: str, model: str) -> None:
        self._inner = ScriptedSimulator()
        self._api_base, self._model = api_base, model

    def session(self, scenario: Scenario, persona: Persona, seed: int) -> _Customer:
        return _Customer(self, self._inner.session(scenario, persona, seed), seed)


class _Customer:
    def __init__(self, sim: GatewaySimulator, inner: object, seed: int) -> None:
        self._sim, self._inner, self._seed = sim, inner, seed

    async def next_turn(self, transcript: Sequence[Turn]) -> CustomerTurn:
        request = LLMRequest(
            model=self._sim._model, api_base=self._sim._api_base, seed=self._seed,
            messages=[{"role": "user", "content": t.text} for t in transcript] or
            [{"role": "user", "content": "start"}],
        )
        response = await current_gateway().complete(request)
        turn: CustomerTurn = await self._inner.next_turn(transcript)  # type: ignore[attr-defined]
        tokens = TokenUsage(prompt=response.prompt_tokens, completion=response.completion_tokens)
        return dataclasses.replace(turn, tokens=tokens)


def register(api_base: str, model: str = "openai/default") -> str:
    get_simulator("scripted")  # the registry fills its built-ins on first use
    register_simulator("gateway-test", lambda _spec: GatewaySimulator(api_base, model))
    return "gateway-test"
