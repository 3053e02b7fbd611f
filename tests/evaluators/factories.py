"""Turns with tool calls and handoffs, for evaluator tests (extends tests.helpers)."""

from __future__ import annotations

from typing import Any

from golive.evaluators import Episode
from golive.results.models import Handoff, HandoffKind, Termination, ToolCall, Transcript
from golive.scenarios.models import Scenario
from tests.helpers import agent


def call(name: str, error: str | None = None, **arguments: Any) -> ToolCall:
    """A recorded tool call."""
    return ToolCall(id=name, name=name, arguments=arguments, result={}, error=error)


def acting(text: str, *calls: ToolCall, summary: str | None = None) -> dict[str, Any]:
    """An agent turn that calls tools and, with ``summary``, transfers to a human."""
    turn = {**agent(text), "tool_calls": list(calls)}
    if summary is not None:
        turn["handoff"] = Handoff(kind=HandoffKind.TRANSFER, reason="r", summary=summary)
    return turn


def ep(t: Transcript, s: Scenario, end_state: dict[str, Any] | None = None,
       termination: Termination = Termination.MAX_TURNS) -> Episode:
    return Episode(t, s, termination, end_state)
