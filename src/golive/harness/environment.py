"""The tools an agent may call in an episode, and what calling them does.

Every episode offers the handoff tools ``transfer_to_human`` and ``consult_human``.
Scenario tools over fixture data plug in here (see issue 4); unknown tools are answered
with an error the agent can read, and recorded.
"""

from __future__ import annotations

from typing import Any

from golive.harness.agents.base import RequestedToolCall
from golive.results.models import Handoff, HandoffKind, ToolCall
from golive.scenarios.models import Scenario

TRANSFER = "transfer_to_human"
CONSULT = "consult_human"

HANDOFF_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": TRANSFER,
            "description": "Hand the conversation to a human agent (full takeover).",
            "parameters": {
                "type": "object",
                "properties": {
                    "reason": {"type": "string", "description": "Why a human is needed."},
                    "summary": {
                        "type": "string",
                        "description": "What the human needs to know: who, what, what was tried.",
                    },
                },
                "required": ["reason", "summary"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": CONSULT,
            "description": "Ask a human supervisor a private question; you keep the conversation.",
            "parameters": {
                "type": "object",
                "properties": {"question": {"type": "string"}},
                "required": ["question"],
            },
        },
    },
]


class Environment:
    """Per-episode tool state: runs the agent's tool calls and notes any handoff."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.tools: list[dict[str, Any]] = list(HANDOFF_TOOLS)

    def execute(self, call: RequestedToolCall) -> tuple[ToolCall, Handoff | None]:
        """Run one tool call; returns the recorded call and a handoff if it made one."""
        if call.name == TRANSFER:
            handoff = Handoff(
                kind=HandoffKind.TRANSFER,
                reason=str(call.arguments.get("reason", "")),
                summary=str(call.arguments.get("summary", "")),
            )
            return self._record(call, {"status": "transferred"}), handoff
        if call.name == CONSULT:
            handoff = Handoff(
                kind=HandoffKind.CONSULT, reason=str(call.arguments.get("question", ""))
            )
            answer = {"error": "no supervisor is configured for this scenario"}
            return self._record(call, answer, error=answer["error"]), handoff
        error = f"unknown tool {call.name!r}; available: {[t['function']['name'] for t in self.tools]}"
        return self._record(call, {"error": error}, error=error), None

    @staticmethod
    def _record(call: RequestedToolCall, result: Any, error: str | None = None) -> ToolCall:
        return ToolCall(id=call.id, name=call.name, arguments=call.arguments, result=result, error=error)
