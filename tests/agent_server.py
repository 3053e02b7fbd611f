"""A real OpenAI-compatible chat server on 127.0.0.1 that serves a bundled bot.

Run: ``python tests/agent_server.py BOT`` ; prints ``PORT <n>`` once it listens.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from aiohttp import web

from golive.harness.agents import BUNDLED
from golive.harness.agents.python import load_object


def completion(reply: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply if isinstance(reply, str) else reply.get("content")}
    if isinstance(reply, dict) and reply.get("tool_calls"):
        message["tool_calls"] = reply["tool_calls"]
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
        "model": "acme", "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def make_app(bot: str) -> web.Application:
    respond = load_object(BUNDLED[bot])
    seen_keys: list[str] = []

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        seen_keys.append(request.headers.get("Authorization", ""))
        reply = await respond(body["messages"], session_id=body.get("user", ""), tools=body.get("tools"))
        return web.json_response(completion(reply))

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    return app


async def main(bot: str) -> None:
    runner = web.AppRunner(make_app(bot))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"PORT {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    json.dumps({})
    asyncio.run(main(sys.argv[1]))
