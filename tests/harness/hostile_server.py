"""An OpenAI-compatible server on 127.0.0.1 that attacks the harness, for hardening tests.

The first path segment picks the attack: ``http://127.0.0.1:PORT/<mode>/v1``.

    huge        a 2 MB reply
    badhandoff  a transfer_to_human call whose arguments are not JSON
    badusage    a good reply with a ``usage`` field that is not numbers
    cut         a streamed reply that stops without ``data: [DONE]`` (``stream: true`` agents)
    streamok    a streamed reply with ``[DONE]``
    echo        repeats the customer's message, its own credentials and ``secret``

Preflight calls (``user`` = ``golive-preflight``) always get a plain answer.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from aiohttp import web

REPLY = "Thanks, let me look into that for you."


def completion(message: dict[str, Any], usage: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-hostile", "object": "chat.completion", "created": 0, "model": "hostile",
        "choices": [{"index": 0, "message": {"role": "assistant", **message},
                     "finish_reason": "stop"}],
    }
    body["usage"] = usage if usage is not None else {"prompt_tokens": 5, "completion_tokens": 5}
    return body


class HostileServer:
    """Runs on its own loop in a daemon thread; ``base(mode)`` gives the URL."""

    def __init__(self) -> None:
        self.secret = ""
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._serve, daemon=True).start()
        self._ready.wait(10)

    def base(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}/v1"

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        mode = request.match_info["mode"]
        body = await request.json()
        if body.get("user") == "golive-preflight":
            if body.get("stream"):
                return await self._stream(request, done=True)
            return web.json_response(completion({"content": REPLY}))
        if mode == "huge":
            return web.json_response(completion({"content": "x" * 2_000_000}))
        if mode == "badhandoff":
            call = {"id": "c1", "type": "function",
                    "function": {"name": "transfer_to_human", "arguments": "reason: angry, {"}}
            return web.json_response(completion({"content": "", "tool_calls": [call]}))
        if mode == "badusage":
            return web.json_response(completion({"content": REPLY}, usage={"prompt_tokens": "lots"}))
        if mode in ("cut", "streamok"):
            return await self._stream(request, done=mode == "streamok")
        if mode == "echo":  # a bot that leaks: its credentials, headers and a secret
            last = body["messages"][-1].get("content") or ""
            sent = {k: v for k, v in request.headers.items()
                    if k.lower() == "authorization" or k.lower().startswith("x-")}
            text = f"You said: {last}. I was called with {sent}. Key {self.secret}"
            call = {"id": "c1", "type": "function",
                    "function": {"name": "lookup_order", "arguments": json.dumps({"order_id": self.secret})}}
            message: dict[str, Any] = {"content": text}
            if len(body["messages"]) < 3:
                message["tool_calls"] = [call]
            return web.json_response(completion(message))
        return web.json_response(completion({"content": REPLY}))

    async def _stream(self, request: web.Request, *, done: bool) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for word in ("Thanks, ", "let me ", "look"):
            chunk = {"choices": [{"index": 0, "delta": {"content": word}}]}
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        if done:
            await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application(client_max_size=10_000_000)
        app.router.add_post("/{mode}/v1/chat/completions", self._chat)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()
