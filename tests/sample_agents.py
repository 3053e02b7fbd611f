"""Agents for tests, reached as ``tests.sample_agents:NAME`` from the CLI."""

from __future__ import annotations

import time
from typing import Any


def sync_echo(messages: list[dict[str, Any]], session_id: str, tools: list[dict[str, Any]]) -> str:
    """A sync agent that proves it got the contract's keywords."""
    assert session_id and any(t["function"]["name"] == "transfer_to_human" for t in tools)
    return f"You said: {messages[-1]['content']}"


class Counting:
    """A class agent: one instance per episode, so the count restarts each episode."""

    def __init__(self) -> None:
        self.calls = 0

    def respond(self, messages: list[dict[str, Any]], **_: Any) -> dict[str, Any]:
        self.calls += 1
        return {"content": f"reply {self.calls} of this episode"}


def crashing(messages: list[dict[str, Any]]) -> str:
    """Crashes on the second customer message."""
    if sum(m["role"] == "user" for m in messages) >= 2:
        raise RuntimeError("database connection lost")
    return "What's your order number?"


def garbage(messages: list[dict[str, Any]]) -> object:
    return 42


def hanging(messages: list[dict[str, Any]]) -> str:
    time.sleep(5)
    return "too late"


class BrokenInit:
    """A class agent whose constructor raises (a missing key, a model that will not load)."""

    def __init__(self) -> None:
        raise RuntimeError("OPENAI_API_KEY is not set")

    def respond(self, messages: list[dict[str, Any]]) -> str:  # pragma: no cover - never built
        return "unreachable"


def exits(messages: list[dict[str, Any]]) -> str:
    """A bot that ends the process the way a careless script does."""
    raise SystemExit(0)


async def exits_async(messages: list[dict[str, Any]]) -> str:
    """The same from a coroutine, which runs on golive's own event loop."""
    raise SystemExit(0)


def slow(messages: list[dict[str, Any]]) -> str:
    """A bot slow enough that a run can be killed part-way."""
    time.sleep(0.2)
    return "Let me look into that for you."
