"""One conversation: simulator turn, agent turn, repeat until it ends. No I/O here.

The loop ends when the customer's goal is met, the customer gives up, the agent transfers
to a human, ``max_turns`` customer turns have passed, or either side fails. A failure is
recorded as the episode's error, never raised: the run goes on.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from golive.errors import AgentError, SimulatorError
from golive.harness.agents.base import AgentRequest, AgentSession
from golive.harness.agents.size import check_reply_size
from golive.harness.clock import EpisodeClock, consults
from golive.harness.environment import Environment
from golive.personas.simulator import CustomerSession
from golive.results.models import (
    ClockRecord,
    EpisodeError,
    GoalStatus,
    Handoff,
    HandoffKind,
    Speaker,
    Termination,
    TokenUsage,
    ToolCall,
    Transcript,
    Turn,
)

MAX_TOOL_ROUNDS = 8


@dataclass
class EpisodeRun:
    """What the loop produced: the transcript, why it ended, and wall-clock timings."""

    transcript: Transcript
    termination: Termination
    error: EpisodeError | None = None
    turn_latency_s: list[float] = field(default_factory=list)
    clock: ClockRecord | None = None


@dataclass
class _Loop:
    customer: CustomerSession
    agent: AgentSession
    environment: Environment
    session_id: str
    timeout_s: float
    clock: EpisodeClock | None = None
    turns: list[Turn] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    async def customer_turn(self) -> GoalStatus:
        started = time.perf_counter()
        # A greeting from a bot that speaks first does not change what the customer came to
        # say: the opening is chosen as if the conversation had just started.
        spoken = any(t.speaker is Speaker.CUSTOMER for t in self.turns)
        history = self.turns if spoken else []
        try:
            # asyncio.timeout, not wait_for: no task per call (the same TimeoutError).
            async with asyncio.timeout(self.timeout_s):
                turn = await self.customer.next_turn(history)
        except TimeoutError as exc:
            raise SimulatorError(f"simulator timed out after {self.timeout_s:g}s") from exc
        self.latencies.append(time.perf_counter() - started)
        if not turn.text.strip():
            raise SimulatorError("simulator produced an empty customer message")
        at_s = self.clock.customer_sent(turn.text) if self.clock is not None else None
        self.turns.append(
            Turn(
                index=len(self.turns),
                speaker=Speaker.CUSTOMER,
                text=turn.text,
                emotion=turn.emotion,
                events=list(turn.events),
                tokens=turn.tokens,
                faults=list(turn.faults),
                at_s=at_s,
            )
        )
        self.messages.append({"role": "user", "content": turn.text})
        return turn.status

    async def agent_turn(self) -> Handoff | None:
        started = time.perf_counter()
        calls: list[ToolCall] = []
        handoff: Handoff | None = None
        prompt = completion = 0
        content = ""
        for _ in range(MAX_TOOL_ROUNDS):
            request = AgentRequest(list(self.messages), self.session_id, self.environment.tools)
            reply = await self._call(request)
            prompt += reply.tokens.prompt
            completion += reply.tokens.completion
            content = reply.content
            handoff = handoff or reply.handoff
            if not reply.tool_calls:
                break
            self.messages.append(_assistant_message(reply.content, reply.tool_calls))
            for requested in reply.tool_calls:
                recorded, made = self.environment.execute(requested)
                calls.append(recorded)
                handoff = handoff or made
                self.messages.append(
                    {
                        "role": "tool",
                        "tool_call_id": recorded.id,
                        "content": json.dumps(recorded.result),
                    }
                )
            if handoff is not None and handoff.kind is HandoffKind.TRANSFER:
                break
        latency = time.perf_counter() - started
        self.latencies.append(latency)
        at_s = overdue = None
        if self.clock is not None:
            at_s, overdue = self.clock.agent_replied(
                content,
                latency_s=latency,
                tool_calls=len(calls),
                consults=consults(handoff.kind if handoff is not None else None),
            )
        if content:
            self.messages.append({"role": "assistant", "content": content})
        self.turns.append(
            Turn(
                index=len(self.turns),
                speaker=Speaker.AGENT,
                text=content,
                tool_calls=calls,
                handoff=handoff,
                tokens=TokenUsage(prompt=prompt, completion=completion),
                at_s=at_s,
                overdue_s=overdue or None,
            )
        )
        return handoff

    async def _call(self, request: AgentRequest) -> Any:
        try:
            async with asyncio.timeout(self.timeout_s):
                reply = await self.agent.respond(request)
            return check_reply_size(reply)
        except TimeoutError as exc:
            raise AgentError("timeout", f"agent did not answer within {self.timeout_s:g}s") from exc
        except AgentError:
            raise
        except Exception as exc:  # the bot under test may raise anything
            raise AgentError("crash", f"{type(exc).__name__}: {exc}") from exc


def _assistant_message(content: str, calls: Any) -> dict[str, Any]:
    return {
        "role": "assistant",
        "content": content or None,
        "tool_calls": [
            {
                "id": c.id,
                "type": "function",
                "function": {"name": c.name, "arguments": json.dumps(c.arguments, sort_keys=True)},
            }
            for c in calls
        ],
    }


async def simulate_episode(
    customer: CustomerSession,
    agent: AgentSession,
    environment: Environment,
    *,
    session_id: str,
    max_turns: int,
    timeout_s: float = 60.0,
    agent_first: bool = False,
    clock: EpisodeClock | None = None,
) -> EpisodeRun:
    """Play one conversation to its end and return its transcript and termination.

    ``agent_first``: the bot greets before the customer's opening (called with no messages).
    ``clock``: stamps each turn's ``at_s`` (None: turns carry no clock).
    """
    loop = _Loop(customer, agent, environment, session_id, timeout_s, clock)
    termination = Termination.MAX_TURNS
    error: EpisodeError | None = None
    try:
        if agent_first:
            await loop.agent_turn()
        for _ in range(max_turns):
            status = await loop.customer_turn()
            if status is GoalStatus.ACHIEVED:
                termination = Termination.GOAL_ACHIEVED
                break
            if status is GoalStatus.ABANDONED:
                termination = Termination.CUSTOMER_GAVE_UP
                break
            handoff = await loop.agent_turn()
            if handoff is not None and handoff.kind is HandoffKind.TRANSFER:
                termination = Termination.HANDOFF
                break
    except AgentError as exc:
        termination = Termination.AGENT_ERROR
        error = EpisodeError(source="agent", kind=exc.kind, message=str(exc))
    except SimulatorError as exc:
        termination = Termination.SIMULATOR_ERROR
        error = EpisodeError(source="simulator", kind=exc.kind, message=str(exc))
    return EpisodeRun(Transcript(turns=loop.turns), termination, error, loop.latencies)
