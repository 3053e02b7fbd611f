"""The tools an agent may call in an episode, and what calling them does.

Every episode offers the handoff tools ``transfer_to_human`` and ``consult_human`` plus
the scenario's tools (kits from ``golive.harness.toolkits``) over a deep copy of the
scenario's fixtures. Arguments are checked with jsonschema; an invalid call, an unknown
tool, or a tool that refuses is answered with an error the agent can read, and recorded.
What the tools leave behind is the episode's ``end_state``.

Example:
    >>> from golive.scenarios.models import Scenario
    >>> env = Environment(Scenario.model_validate({
    ...     "id": "s", "title": "t", "customer": {"goal": "g", "opening": "hi"},
    ...     "tools": ["orders"], "fixtures": {"orders": {"A1": {"status": "shipped"}}}}))
    >>> call, _ = env.execute(RequestedToolCall("c1", "lookup_order", {"order_id": "A1"}))
    >>> call.result
    {'order_id': 'A1', 'status': 'shipped'}
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from golive.errors import ToolRefused
from golive.harness.agents.base import RequestedToolCall
from golive.harness.toolkits import Tool, tools_for
from golive.results.models import Handoff, HandoffKind, ToolCall
from golive.scenarios.models import Scenario

NO_GUIDANCE = "I have no specific guidance on that; follow the written policy."

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
        self._tools: dict[str, Tool] = {t.name: t for t in tools_for(scenario.tools)}
        self.tools: list[dict[str, Any]] = [t.definition() for t in self._tools.values()]
        self.tools += HANDOFF_TOOLS
        # A deep copy through JSON: one episode's refunds never leak into the next, and
        # YAML dates or other non-JSON values become the strings the agent and results see.
        self.state: dict[str, Any] = json.loads(json.dumps(scenario.fixtures, default=str))

    @property
    def end_state(self) -> dict[str, Any] | None:
        """The fixtures as the agent's tool calls left them (None when there were none)."""
        return self.state if self.scenario.fixtures or self.state else None

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
            question = str(call.arguments.get("question", ""))
            handoff = Handoff(kind=HandoffKind.CONSULT, reason=question)
            return self._record(call, {"answer": self.supervisor_answer(question)}), handoff
        tool = self._tools.get(call.name)
        if tool is None:
            names = [t["function"]["name"] for t in self.tools]
            return self._error(call, f"unknown tool {call.name!r}; available: {names}"), None
        problem = _argument_problem(tool, call.arguments)
        if problem:
            return self._error(call, f"invalid arguments for {call.name}: {problem}"), None
        try:
            return self._record(call, tool.run(self.state, dict(call.arguments))), None
        except ToolRefused as exc:
            return self._error(call, str(exc)), None

    def supervisor_answer(self, question: str) -> str:
        """The simulated supervisor's private answer: the first keyword found in the question."""
        lowered = question.lower()
        for keyword, answer in self.scenario.supervisor.items():
            if keyword != "*" and keyword.lower() in lowered:
                return answer
        return self.scenario.supervisor.get("*", NO_GUIDANCE)

    def _error(self, call: RequestedToolCall, error: str) -> ToolCall:
        return self._record(call, {"error": error}, error=error)

    @staticmethod
    def _record(call: RequestedToolCall, result: Any, error: str | None = None) -> ToolCall:
        return ToolCall(id=call.id, name=call.name, arguments=call.arguments, result=result, error=error)


_VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}


def _validator(tool: Tool) -> jsonschema.Draft202012Validator:
    if tool.name not in _VALIDATORS:
        _VALIDATORS[tool.name] = jsonschema.Draft202012Validator(tool.parameters)
    return _VALIDATORS[tool.name]


def _argument_problem(tool: Tool, arguments: dict[str, Any]) -> str | None:
    if "_unparsed" in arguments:
        return f"arguments are not a JSON object: {arguments.get('_error', arguments['_unparsed'])}"
    error = jsonschema.exceptions.best_match(_validator(tool).iter_errors(arguments))
    if error is None:
        return None
    where = ".".join(str(p) for p in error.absolute_path)
    return f"{where}: {error.message}" if where else error.message
