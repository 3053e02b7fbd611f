"""An OpenAI-compatible server on 127.0.0.1 that misbehaves on request, for fault tests.

The first path segment picks the behaviour: ``http://127.0.0.1:PORT/<mode>/v1``.

    ok          answers at once
    429         always 429 with Retry-After (a storm that never ends)
    429x2       429 (Retry-After) for the first two calls of each session, then ok
    500         always 500;  500x1: first call of each session 500, then ok
    hang        never answers (the client's timeout must fire)
    truncated   200 with half a JSON body
    malformed   200 with JSON that is not a chat completion
    sleep50     answers after 50 ms

Preflight calls (``user`` = ``golive-preflight``) always get ``ok`` so a run can start.
``hits`` counts requests per mode.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from typing import Any

from aiohttp import web

REPLY = "Thanks, let me look into that for you."


def completion(text: str = REPLY) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault", "object": "chat.completion", "created": 0, "model": "fault",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 8, "total_tokens": 20},
    }


class FaultServer:
    """Runs the app on its own loop in a daemon thread; ``base(mode)`` gives the URL."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.per_session: Counter[tuple[str, str]] = Counter()
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._serve, daemon=True).start()
        self._ready.wait(10)

    def base(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}/v1"

    def reset(self) -> None:
        self.hits.clear()
        self.per_session.clear()

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        mode = request.match_info["mode"]
        body = await request.json()
        session = str(body.get("user") or json.dumps(body["messages"][:1]))
        if session == "golive-preflight":
            return web.json_response(completion())
        self.hits[mode] += 1
        self.per_session[(mode, session)] += 1
        nth = self.per_session[(mode, session)]
        if mode == "429" or (mode == "429x2" and nth <= 2):
            return web.json_response({"error": "slow down"}, status=429,
                                     headers={"Retry-After": "0.01"})
        if mode == "500" or (mode == "500x1" and nth <= 1):
            return web.json_response({"error": "boom"}, status=500)
        if mode == "hang":
            await asyncio.sleep(3600)
        if mode == "truncated":
            return web.Response(text=json.dumps(completion())[:60], content_type="application/json")
        if mode == "malformed":
            return web.json_response({"id": "x", "object": "chat.completion", "choices": []})
        if mode == "sleep50":
            await asyncio.sleep(0.05)
        return web.json_response(completion())

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/{mode}/v1/chat/completions", self._chat)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()
