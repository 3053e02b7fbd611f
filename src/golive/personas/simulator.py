"""The simulator interface: what writes the customer's side of an episode.

A simulator makes one ``CustomerSession`` per episode; the episode loop asks the session
for the next customer turn, passing the transcript so far.

Example:
    >>> from golive.personas.simulator import get_simulator
    >>> get_simulator("scripted").name
    'scripted'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

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


class SimulatorError(Exception):
    """The simulator could not produce a valid customer turn (kept out of agent scores)."""


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


def _register_builtins() -> None:
    from golive.personas.scripted import ScriptedSimulator

    register_simulator("scripted", lambda _spec: ScriptedSimulator())
