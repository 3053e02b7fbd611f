"""A stand-in LLM: an OpenAI-compatible aiohttp server that answers after a fixed latency.

Run: ``python benchmarks/server.py --latency 0.1``; prints ``PORT <n>`` once it listens.
``GET /stats`` returns how many completions it served; ``POST /reset`` zeroes the count.
Requests that ask for a JSON ``response_format`` (MLflow's goal check) get a JSON verdict.
``/v1`` answers the same line to everything (a bot that fails every episode);
``/bot/v1`` answers as the bundled ``acme_v2`` bot (one that passes), after the same latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json

from aiohttp import web

REPLY = "Thanks for your patience, let me look into that for you."
VERDICT = json.dumps({"rationale": "not yet", "result": "no"})


def _completion(text: str) -> dict[str, object]:
    return {
        "id": "chatcmpl-bench", "object": "chat.completion", "created": 0, "model": "bench",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 20, "completion_tokens": 12, "total_tokens": 32},
    }


def make_app(latency: float) -> web.Application:
    from golive.harness.agents import BUNDLED, load_object

    bot = load_object(BUNDLED["acme_v2"])
    served = {"n": 0}
    plain = json.dumps(_completion(REPLY))
    verdict = json.dumps(_completion(VERDICT))

    async def chat(request: web.Request) -> web.Response:
        body = await request.read()
        served["n"] += 1
        await asyncio.sleep(latency)
        text = verdict if b'"response_format"' in body else plain
        return web.Response(text=text, content_type="application/json")

    async def passing(request: web.Request) -> web.Response:
        body = await request.json()
        served["n"] += 1
        await asyncio.sleep(latency)
        reply = await bot(body["messages"], session_id=body.get("user", ""), tools=body.get("tools"))
        message = {"role": "assistant", "content": reply if isinstance(reply, str) else reply.get("content")}
        if isinstance(reply, dict) and reply.get("tool_calls"):
            message["tool_calls"] = reply["tool_calls"]
        answer = _completion("")
        answer["choices"] = [{"index": 0, "message": message, "finish_reason": "stop"}]
        return web.json_response(answer)

    async def stats(_: web.Request) -> web.Response:
        return web.json_response(served)

    async def reset(_: web.Request) -> web.Response:
        served["n"] = 0
        return web.json_response(served)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_post("/bot/v1/chat/completions", passing)
    app.router.add_get("/stats", stats)
    app.router.add_post("/reset", reset)
    return app


async def main(latency: float) -> None:
    runner = web.AppRunner(make_app(latency), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=4096)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"PORT {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.1)
    asyncio.run(main(parser.parse_args().latency))
