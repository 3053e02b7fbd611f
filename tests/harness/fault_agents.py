"""Agents for runner, resume and fault tests, reached as ``tests.harness.fault_agents:NAME``."""

from __future__ import annotations

import os
import time
from typing import Any

from golive.bots.acme_v2 import respond as acme_v2

CALL_LOG_ENV = "GOLIVE_TEST_CALL_LOG"


def _log(session_id: str) -> None:
    path = os.environ.get(CALL_LOG_ENV)
    if path:
        # One write per line on an O_APPEND file: lines from threads never interleave.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, f"{session_id}\n".encode())
        finally:
            os.close(fd)


async def slow_acme(
    messages: list[dict[str, Any]], session_id: str, tools: list[dict[str, Any]]
) -> Any:
    """acme_v2 that takes 50 ms per reply and logs every call's episode id."""
    import asyncio

    _log(session_id)
    await asyncio.sleep(0.05)
    return await acme_v2(messages, session_id=session_id, tools=tools)


def slow_sync(messages: list[dict[str, Any]], session_id: str) -> str:
    """A sync agent that blocks its thread for 50 ms (runs in the bounded pool)."""
    _log(session_id)
    time.sleep(0.05)
    return "Let me check that for you."
