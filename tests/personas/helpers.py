"""Play a customer against fixed agent lines or a bundled bot, without the harness."""

from __future__ import annotations

import asyncio
from importlib import resources

from golive.harness.suite import load_persona
from golive.personas.models import Persona
from golive.personas.simulator import CustomerSession, CustomerTurn
from golive.results.models import GoalStatus, Speaker, Turn


def library(name: str) -> Persona:
    """A persona from the built-in library."""
    return load_persona(resources.files("golive.personas").joinpath(f"library/{name}.yaml"))


def play_lines(session: CustomerSession, agent_lines: list[str]) -> list[CustomerTurn]:
    """Feed fixed agent replies to a customer; return what the customer said."""
    turns: list[Turn] = []
    said: list[CustomerTurn] = []

    async def go() -> None:
        for line in [None, *agent_lines]:
            if line is not None:
                turns.append(Turn(index=len(turns), speaker=Speaker.AGENT, text=line))
            turn = await session.next_turn(turns)
            said.append(turn)
            turns.append(Turn(index=len(turns), speaker=Speaker.CUSTOMER, text=turn.text,
                              emotion=turn.emotion, events=list(turn.events)))
            if turn.status is not GoalStatus.IN_PROGRESS:
                return

    asyncio.run(go())
    return said
