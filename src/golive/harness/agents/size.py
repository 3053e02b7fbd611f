"""The cap on how large one agent reply may be (``golive run --max-reply-bytes``).

A bot that answers 10 MB turns one episode into minutes of scoring and a results file of
tens of MB. Every reply is measured (text plus tool-call arguments, UTF-8 bytes); HTTP
adapters stop reading a response at the cap. The cap is a context variable set by the run,
so every adapter and the episode loop see the same value without threading it through.

Example:
    >>> from golive.harness.agents.base import AgentReply
    >>> reply_bytes(AgentReply(content="héllo"))
    6
"""

from __future__ import annotations

import json
from contextvars import ContextVar

from golive.errors import AgentError
from golive.harness.agents.base import AgentReply

DEFAULT_MAX_REPLY_BYTES = 1_000_000  # a support reply is a few KB; 1 MB is already absurd
MAX_REPLY_BYTES: ContextVar[int] = ContextVar("golive_max_reply_bytes", default=DEFAULT_MAX_REPLY_BYTES)


def reply_bytes(reply: AgentReply) -> int:
    """The size of a reply: its text and its tool calls' arguments, in UTF-8 bytes."""
    size = len(reply.content.encode("utf-8", "replace"))
    for call in reply.tool_calls:
        size += len(call.name) + len(json.dumps(call.arguments, default=str).encode())
    return size


def too_large(size: int | None, where: str) -> AgentError:
    """The agent error for a reply over the cap; names the cap and how to raise it."""
    limit = MAX_REPLY_BYTES.get()
    got = f"{size} bytes" if size is not None else "more"
    return AgentError(
        "too_large",
        f"the reply from {where} is {got}, over the --max-reply-bytes cap of {limit} bytes; "
        "raise --max-reply-bytes if such replies are intended",
    )


def check_reply_size(reply: AgentReply, where: str = "the agent") -> AgentReply:
    """``reply`` if it is within the cap, else AgentError('too_large')."""
    size = reply_bytes(reply)
    if size > MAX_REPLY_BYTES.get():
        raise too_large(size, where)
    return reply
