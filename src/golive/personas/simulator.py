"""The simulator interface: what writes the customer's side of an episode.

A simulator makes one ``CustomerSession`` per episode; the episode loop asks the session
for the next customer turn, passing the transcript so far.

Example:
    >>> from golive.personas.simulator import get_simulator
    >>> get_simulator("scripted").name
    'scripted'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import BaseModel

from golive import __version__
from golive.errors import InputError
from golive.personas.models import Persona
from golive.results.models import CustomerEvent, Emotion, GoalStatus, TokenUsage, Turn
from golive.scenarios.models import Scenario


@dataclass(frozen=True)
class CustomerTurn:
    """What the customer says next, how they feel, and where they stand."""

    text: str
    emotion: Emotion
    status: GoalStatus = GoalStatus.IN_PROGRESS
    events: tuple[CustomerEvent, ...] = field(default=())
    tokens: TokenUsage = field(default_factory=TokenUsage)


class CustomerSession(Protocol):
    """One simulated customer for one episode."""

    async def next_turn(self, transcript: Sequence[Turn]) -> CustomerTurn:
        """The next customer message given the conversation so far."""
        ...


class Simulator(Protocol):
    """Makes customer sessions; ``name`` is recorded in the manifest."""

    name: str

    def session(self, scenario: Scenario, persona: Persona, seed: int) -> CustomerSession:
        """A fresh customer for one episode."""
        ...


SimulatorFactory = Callable[[str], Simulator]
_REGISTRY: dict[str, SimulatorFactory] = {}


def register_simulator(name: str, factory: SimulatorFactory) -> None:
    """Make ``--simulator NAME`` build a simulator with ``factory(spec)``."""
    _REGISTRY[name] = factory


def get_simulator(spec: str) -> Simulator:
    """``scripted`` (offline) or a litellm model string for the LLM simulator."""
    if not _REGISTRY:
        _register_builtins()
    if spec in _REGISTRY:
        return _REGISTRY[spec](spec)
    if "/" in spec and "llm" in _REGISTRY:
        return _REGISTRY["llm"](spec)
    raise InputError(
        f"unknown simulator {spec!r}",
        field="simulator",
        hint=f"use one of {sorted(_REGISTRY)} or a litellm model string like openai/gpt-4o-mini",
    )


def _llm(spec: str) -> Simulator:
    from golive.personas.llm import LLMSimulator

    if spec == "llm":
        raise InputError(
            "the llm simulator needs a model",
            field="simulator",
            hint="pass a litellm model string, e.g. openai/gpt-4o-mini or "
            "openai/sim@http://127.0.0.1:8000/v1",
        )
    return LLMSimulator.from_spec(spec)


def _register_builtins() -> None:
    from golive.personas.scripted import ScriptedSimulator

    register_simulator("scripted", lambda _spec: ScriptedSimulator())
    register_simulator("llm", _llm)


def _content_hash(model: BaseModel) -> str:
    blob = json.dumps(model.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def simulator_provenance(
    simulator: Simulator, scenarios: Iterable[Scenario], personas: Iterable[Persona]
) -> dict[str, str]:
    """What wrote the customers of a run: the simulator's own provenance (model, prompt
    hash, golive version) plus a content hash of every scenario and persona it played.

    Example:
        >>> info = simulator_provenance(get_simulator("scripted"), [], [])
        >>> info["simulator"], sorted(info)[:2]
        ('scripted', ['golive_version', 'phrases_hash'])
    """
    own = getattr(simulator, "provenance", None)
    info = dict(own()) if callable(own) else {"simulator": simulator.name}
    info.setdefault("golive_version", __version__)
    info.update({f"scenario.{s.id}": _content_hash(s) for s in scenarios})
    info.update({f"persona.{p.id}": _content_hash(p) for p in personas})
    return info
