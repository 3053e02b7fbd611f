"""The analyst model over real HTTP: valid, malformed and failing replies."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from golive.harness.rehearsal import RunConfig, run_suite
from golive.insights.files import run_insights

VALID = {
    "customers_wanted": "a person to sort out a double charge",
    "why_it_failed": "the bot kept asking for an order number instead of transferring",
    "change_kind": "handoff_trigger",
    "change": "Transfer at once when the customer asks for a person.",
    "citations": ["abc123:0"],
}


class Server:
    """An OpenAI-compatible chat server on 127.0.0.1 whose answer the test chooses."""

    def __init__(self) -> None:
        self.mode = "valid"
        self.requests: list[dict[str, Any]] = []
        self.port = _free_port()

    async def chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if self.mode == "error":
            return web.json_response({"error": {"message": "boom"}}, status=500)
        content = json.dumps(VALID) if self.mode == "valid" else "Sure! Here's my analysis: {oops"
        return web.json_response({
            "id": "x", "object": "chat.completion", "created": 0, "model": "analyst",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70},
        })

    def serve(self, ready: threading.Event) -> None:
        async def main() -> None:
            app = web.Application()
            app.router.add_post("/v1/chat/completions", self.chat)
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
            ready.set()
            await asyncio.Event().wait()

        asyncio.run(main())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    srv = Server()
    ready = threading.Event()
    threading.Thread(target=srv.serve, args=(ready,), daemon=True).start()
    assert ready.wait(10)
    yield srv


@pytest.fixture(scope="module")
def v1_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analyst") / "v1"
    return run_suite(RunConfig(agent="acme_v1", mlflow=False, quiet=True, out=out)).folder


@pytest.mark.parametrize("mode", ["valid", "malformed", "error"])
def test_analyst_answers_are_validated_and_failures_recorded(server: Server, v1_run: Path, mode: str) -> None:
    server.mode = mode
    before = len(server.requests)
    insights = run_insights(v1_run, analyst="openai/analyst",
                            analyst_api_base=f"http://127.0.0.1:{server.port}/v1")
    assert len(server.requests) > before  # it really went over HTTP
    saved = json.loads((v1_run / "insights.json").read_text())
    assert len(saved["analyst_errors"]) == len(insights.analyst_errors)
    plain = run_insights(v1_run)
    assert [m.model_dump() for m in insights.modes] == [m.model_dump() for m in plain.modes]
    if mode == "valid":
        assert insights.analyst_notes and not insights.analyst_errors
        assert insights.analyst_notes[0].change_kind == "handoff_trigger"
    else:
        assert not insights.analyst_notes
        # The analyst reads the top pattern of each of the first five failure modes.
        asked = min(5, len([m for m in insights.modes if m.patterns]))
        assert len(insights.analyst_errors) == asked
        words = "malformed analyst answer" if mode == "malformed" else "model call failed"
        assert all(words in e for e in insights.analyst_errors)
