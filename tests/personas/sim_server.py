"""A local OpenAI-compatible server that plays a (sometimes badly behaved) customer model.

Each request takes the next behaviour from ``plan`` (then repeats the last one):
``ok`` a valid customer turn, ``fenced`` valid JSON inside code fences and prose,
``malformed`` broken JSON, ``schema`` JSON missing required keys, ``429`` rate limited,
``timeout`` never answers in time, ``assistant`` a turn written as the support agent,
``achieved`` a valid turn declaring the goal achieved.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


def customer_json(message: str, status: str = "in_progress", **extra: Any) -> str:
    """A valid structured customer turn."""
    return json.dumps({"message": message, "emotion": {"label": "frustrated", "intensity": 0.6},
                       "goal_status": status, "wants_human": False, **extra})


def _chat(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-sim", "object": "chat.completion", "created": int(time.time()),
        "model": "sim", "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70},
    }


@dataclass
class SimServer:
    """What the server should do next, and what it saw."""

    plan: list[str] = field(default_factory=lambda: ["ok"])
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    def _next(self) -> str:
        return self.plan.pop(0) if len(self.plan) > 1 else self.plan[0]

    async def chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        behaviour = self._next()
        turn = sum(1 for m in body["messages"] if m["role"] == "user")
        if behaviour == "429":
            return web.json_response({"error": {"message": "slow down", "type": "rate_limit"}},
                                     status=429, headers={"retry-after": "0"})
        if behaviour == "timeout":
            await asyncio.sleep(1.5)  # longer than the tests' client timeouts
        content = {
            "ok": customer_json(f"My order number is A1001, this is message {turn}."),
            "fenced": "Sure! Here it is:\n```json\n" + customer_json("It's order A1001.") + "\n```",
            "malformed": '{"message": "oops", "emotion": {"label": "calm"',
            "schema": json.dumps({"message": "hello"}),
            "assistant": customer_json("Thank you for contacting Acme, how can I help you?"),
            "achieved": customer_json("Great, thanks!", status="achieved"),
        }.get(behaviour, customer_json("Hello there."))
        return web.json_response(_chat(content))


@contextmanager
def serve(plan: list[str]) -> Iterator[SimServer]:
    """Run a SimServer on 127.0.0.1 in a background thread for the ``with`` block."""
    server = SimServer(plan=list(plan))
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    async def start() -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", server.chat)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return runner

    def run() -> None:
        asyncio.set_event_loop(loop)
        holder.append(loop.run_until_complete(start()))
        ready.set()
        loop.run_forever()

    holder: list[web.AppRunner] = []
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield server
    finally:
        asyncio.run_coroutine_threadsafe(holder[0].cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
