"""Real HTTP bots on 127.0.0.1 for adapter tests, served from a background thread.

One server holds every route: an OpenAI-compatible endpoint serving acme_v2 (plain or
streamed), a bot behind its own REST API that keeps per-session state, and misbehaving
endpoints (flaky, garbage, hanging).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from golive.bots import acme_v2


@dataclass
class Seen:
    """What the server received, for assertions."""

    auth: list[str] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    session_turns: Counter[str] = field(default_factory=Counter)
    flaky_calls: int = 0


def _completion(reply: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant",
                               "content": reply if isinstance(reply, str) else reply.get("content")}
    if isinstance(reply, dict) and reply.get("tool_calls"):
        message["tool_calls"] = reply["tool_calls"]
    return {"id": "chatcmpl-t", "object": "chat.completion", "created": int(time.time()),
            "model": "acme", "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


def _chunks(reply: Any) -> list[dict[str, Any]]:
    text = reply if isinstance(reply, str) else (reply.get("content") or "")
    half = len(text) // 2
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": text[:half]}, {"content": text[half:]}]
    for i, call in enumerate(reply.get("tool_calls") or [] if isinstance(reply, dict) else []):
        args = call["function"]["arguments"]
        deltas.append({"tool_calls": [{"index": i, "id": call["id"], "type": "function",
                                       "function": {"name": call["function"]["name"], "arguments": args[:5]}}]})
        deltas.append({"tool_calls": [{"index": i, "function": {"arguments": args[5:]}}]})
    return [{"choices": [{"index": 0, "delta": d}]} for d in deltas]


def make_app(seen: Seen) -> web.Application:
    async def chat(request: web.Request) -> web.StreamResponse:
        body = await request.json()
        seen.auth.append(request.headers.get("Authorization", ""))
        seen.bodies.append(body)
        messages = [m for m in body["messages"] if m["role"] != "system"]
        reply = await acme_v2.respond(messages, session_id=body.get("user", ""), tools=body.get("tools"))
        if not body.get("stream"):
            return web.json_response(_completion(reply))
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for chunk in _chunks(reply):
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        return response

    async def rest_bot(request: web.Request) -> web.Response:
        body = await request.json()
        seen.auth.append(request.headers.get("X-Api-Key", ""))
        session = body["conversation"]["id"]
        seen.session_turns[session] += 1
        text = body["conversation"]["text"]
        reply = await acme_v2.respond([{"role": "user", "content": text}])
        escalate = isinstance(reply, dict)
        answer = reply["content"] if escalate else reply
        return web.json_response({"data": {"answer": answer, "turn": seen.session_turns[session],
                                           "escalate": escalate}})

    async def flaky(request: web.Request) -> web.Response:
        seen.flaky_calls += 1
        if seen.flaky_calls % 3 != 0:  # two failures, then an answer
            return web.Response(status=503, text="busy")
        return web.json_response(_completion("What's your order number?"))

    async def garbage(request: web.Request) -> web.Response:
        return web.Response(text="<html>Bad gateway</html>", content_type="text/html")

    async def breaks_after_preflight(request: web.Request) -> web.Response:
        body = await request.json()
        if body["messages"][-1].get("content") == "Hello":  # golive's preflight call
            return web.json_response(_completion("Hi!"))
        return web.json_response({"choices": []})

    async def down(request: web.Request) -> web.Response:
        return web.Response(status=503, text="maintenance")

    async def hanging(request: web.Request) -> web.Response:
        await asyncio.sleep(2)  # longer than the client timeout in the tests
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_post("/bot", rest_bot)
    app.router.add_post("/flaky/v1/chat/completions", flaky)
    app.router.add_post("/garbage/v1/chat/completions", garbage)
    app.router.add_post("/hanging/v1/chat/completions", hanging)
    app.router.add_post("/down", down)
    app.router.add_post("/breaks/v1/chat/completions", breaks_after_preflight)
    return app


@contextmanager
def serve() -> Iterator[tuple[str, Seen]]:
    """Start the server; yields its base URL (``http://127.0.0.1:PORT``) and what it saw."""
    seen = Seen()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, Any] = {}

    async def start() -> None:
        runner = web.AppRunner(make_app(seen))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        holder["runner"] = runner
        holder["port"] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()),
                              daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{holder['port']}", seen
    finally:
        asyncio.run_coroutine_threadsafe(holder["runner"].cleanup(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def text_only(messages: list[dict[str, Any]]) -> str:
    """A bot that cannot call tools: it says it hands over, in words."""
    last = str(messages[-1].get("content") or "").lower()
    if "person" in last or "human" in last or "someone" in last:
        return "Let me transfer you to a colleague right away."
    return "Could you give me your order number?"


class Greeter:
    """A bot that speaks first, then behaves as acme_v2."""

    async def respond(self, messages: list[dict[str, Any]], tools: Any = None) -> Any:
        if not messages:
            return "Hi, I'm Acme's assistant. How can I help today?"
        return await acme_v2.respond(messages, tools=tools)
