"""OpenAI chat messages (as JSONL logs and τ-bench trajectories hold them) to logged messages.

Tool results arrive as separate ``tool`` messages; they are attached to the call they answer
(by ``tool_call_id``), so a grounded check can compare what the bot said with what its tool
returned.

Example:
    >>> msgs = openai_messages([{"role": "user", "content": "hi"}], "f.jsonl", 1, "messages")
    >>> msgs[0].role, msgs[0].text
    ('user', 'hi')
"""

from __future__ import annotations

import json
from typing import Any

from golive.logs.base import ROLES, LoggedMessage, LoggedToolCall, bad_row

ROLE_FIX = "each message needs role (system, user, assistant or tool) and content (text or null)"


def openai_messages(
    raw: Any, file: str, line: int | None, where: str, timestamps: list[float | None] | None = None
) -> tuple[LoggedMessage, ...]:
    """Check and convert a list of OpenAI messages; ``where`` prefixes the field in errors."""
    if not isinstance(raw, list):
        raise bad_row(
            f"expected a list of messages, found {type(raw).__name__}", file, line, where, ROLE_FIX
        )
    messages = [
        openai_message(m, file, line, f"{where}.{i}", (timestamps or [None] * len(raw))[i])
        for i, m in enumerate(raw)
    ]
    return attach_tool_results(messages)


def openai_message(
    raw: Any, file: str, line: int | None, where: str, timestamp: float | None = None
) -> LoggedMessage:
    """One OpenAI message (``role``, ``content``, optional ``tool_calls``, ``tool_call_id``)."""
    if not isinstance(raw, dict):
        raise bad_row(
            f"a message must be an object, found {type(raw).__name__}", file, line, where, ROLE_FIX
        )
    role = raw.get("role")
    if role not in ROLES:
        raise bad_row(
            f"role {role!r} is not an OpenAI role",
            file,
            line,
            f"{where}.role",
            "use system, user, assistant or tool",
        )
    text = content_text(raw.get("content"), file, line, f"{where}.content")
    calls = tool_calls(raw.get("tool_calls") or [], file, line, f"{where}.tool_calls")
    call_id = raw.get("tool_call_id")
    return LoggedMessage(
        role, text, calls, str(call_id) if call_id is not None else None, timestamp
    )


def content_text(content: Any, file: str, line: int | None, where: str) -> str:
    """Text content: a string, null, or a list of ``{type: text, text}`` parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [
            p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
        ]
        return "\n".join(str(p) for p in parts)
    raise bad_row(
        f"content must be text, null or a list of parts, found {type(content).__name__}",
        file,
        line,
        where,
        "write the message text as a string",
    )


def tool_calls(raw: Any, file: str, line: int | None, where: str) -> tuple[LoggedToolCall, ...]:
    """OpenAI ``tool_calls``: ``[{id, function: {name, arguments (a JSON string or object)}}]``."""
    fix = 'each tool call is {"id": ..., "function": {"name": ..., "arguments": "{...}"}}'
    if not isinstance(raw, list):
        raise bad_row("tool_calls must be a list", file, line, where, fix)
    calls = []
    for i, call in enumerate(raw):
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise bad_row(
                "a tool call without function.name", file, line, f"{where}.{i}.function.name", fix
            )
        arguments = function.get("arguments") or {}
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments) if arguments.strip() else {}
            except json.JSONDecodeError as exc:
                raise bad_row(
                    f"arguments are not JSON ({exc.msg})",
                    file,
                    line,
                    f"{where}.{i}.function.arguments",
                    fix,
                ) from exc
        if not isinstance(arguments, dict):
            raise bad_row(
                "arguments must be a JSON object",
                file,
                line,
                f"{where}.{i}.function.arguments",
                fix,
            )
        calls.append(
            LoggedToolCall(str(call.get("id") or f"call_{i}"), function["name"], arguments)
        )
    return tuple(calls)


def attach_tool_results(messages: list[LoggedMessage]) -> tuple[LoggedMessage, ...]:
    """Each ``tool`` message's content becomes the result of the call it answers: the latest
    call before it with that id (logs reuse ids, τ-bench's among them)."""
    calls = [list(m.tool_calls) for m in messages]
    pending: dict[str, tuple[int, int]] = {}
    for i, message in enumerate(messages):
        for j, call in enumerate(message.tool_calls):
            pending[call.id] = (i, j)
        if message.role == "tool" and message.tool_call_id in pending:
            at, k = pending.pop(message.tool_call_id)
            call = calls[at][k]
            calls[at][k] = LoggedToolCall(
                call.id, call.name, call.arguments, _maybe_json(message.text)
            )
    return tuple(
        LoggedMessage(m.role, m.text, tuple(c), m.tool_call_id, m.timestamp) if m.tool_calls else m
        for m, c in zip(messages, calls, strict=True)
    )


def _maybe_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
