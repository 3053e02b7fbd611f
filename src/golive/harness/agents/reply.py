"""Turning whatever an agent returned into an ``AgentReply``, or a clear AgentError.

Accepted: a string; a dict shaped like an OpenAI assistant message (``content``,
``tool_calls``, optional ``handoff``); an ``AgentReply``.
"""

from __future__ import annotations

import json
from typing import Any

from golive.errors import AgentError
from golive.harness.agents.base import AgentReply, RequestedToolCall
from golive.results.models import Handoff, HandoffKind, TokenUsage


def normalise_reply(raw: object) -> AgentReply:
    """Accept the reply shapes the agent contract allows; raise AgentError otherwise."""
    if isinstance(raw, AgentReply):
        return raw
    if isinstance(raw, str):
        return AgentReply(content=raw)
    if isinstance(raw, dict):
        return _from_message(raw)
    raise AgentError(
        "malformed",
        f"agent returned {type(raw).__name__}; expected str, dict (OpenAI message) or AgentReply",
    )


def _from_message(message: dict[str, Any]) -> AgentReply:
    content = message.get("content") or ""
    if not isinstance(content, str):
        raise AgentError("malformed", f"reply content must be a string, got {type(content).__name__}")
    calls = tuple(_tool_call(i, c) for i, c in enumerate(message.get("tool_calls") or []))
    handoff = _handoff(message.get("handoff"))
    usage = message.get("usage") or {}
    tokens = TokenUsage(
        prompt=int(usage.get("prompt_tokens", 0)), completion=int(usage.get("completion_tokens", 0))
    )
    if not content and not calls and handoff is None:
        raise AgentError("malformed", "agent reply has no content, no tool calls and no handoff")
    return AgentReply(content=content, tool_calls=calls, handoff=handoff, tokens=tokens)


def _tool_call(index: int, call: Any) -> RequestedToolCall:
    if not isinstance(call, dict):
        raise AgentError("malformed", f"tool_calls[{index}] is not an object")
    function = call.get("function", call)
    name = function.get("name")
    if not isinstance(name, str) or not name:
        raise AgentError("malformed", f"tool_calls[{index}] has no function name")
    arguments = function.get("arguments", {})
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except json.JSONDecodeError as exc:
            arguments = {"_unparsed": arguments, "_error": str(exc)}
    if not isinstance(arguments, dict):
        arguments = {"_unparsed": arguments}
    return RequestedToolCall(id=str(call.get("id") or f"call_{index}"), name=name, arguments=arguments)


def _handoff(value: Any) -> Handoff | None:
    if value is None or value is False:
        return None
    if value is True:
        return Handoff(kind=HandoffKind.TRANSFER, source="field")
    if isinstance(value, dict):
        try:
            kind = HandoffKind(value.get("kind", "transfer"))
        except ValueError as exc:
            raise AgentError("malformed", f"handoff.kind must be transfer or consult: {exc}") from exc
        return Handoff(
            kind=kind,
            reason=str(value.get("reason", "")),
            summary=str(value.get("summary", "")),
            source="field",
        )
    raise AgentError("malformed", "handoff must be true, false or an object")
