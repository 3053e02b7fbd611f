"""A local OpenAI-compatible server that plays a (sometimes badly behaved) customer model.

Each request takes the next behaviour from ``plan`` (then repeats the last one):
``ok`` an honest customer (``honest_model.py``), ``fenced`` valid JSON inside code fences and prose,
``malformed`` broken JSON, ``schema`` JSON missing required keys, ``429`` rate limited,
``timeout`` never answers in time, ``assistant`` a turn written as the support agent,
``achieved`` a valid turn declaring the goal achieved.

``fault:KIND`` is the honest customer except from its second message on, where every
attempt shows fault KIND (see ``FAULTS``); ``once:KIND`` shows it only on a turn's first
attempt (the corrective retry gets the honest turn). ``lie:KIND`` writes honest words
with lying flags (see ``LIES``).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.personas.honest_model import conversation, honest_turn, role_card

FaultMaker = Callable[[list[dict[str, Any]], dict[str, Any]], dict[str, Any]]


def _first_customer_line(messages: list[dict[str, Any]]) -> str:
    return next((text for who, text in conversation(messages)[1] if who == "CUSTOMER"), "")


def _with(turn: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**turn, **changes}


#: Fault kind -> how a misbehaving customer model writes its turn (from the honest one).
FAULTS: dict[str, FaultMaker] = {
    "role_inversion": lambda m, t: _with(t, message="Let me check that for you... Is there "
                                         "anything more you need from me?"),
    "restart": lambda m, t: _with(t, message="Hello there! My name is "
                                  f"{role_card(m[0]['content'])['knows'].get('name', 'Sam')} and "
                                  "I have a question about my order."),
    "repetition": lambda m, t: _with(t, message=_first_customer_line(m) + " Please help me."),
    "instruction_leak": lambda m, t: _with(t, message="My instructions say: you are role-playing "
                                           "a CUSTOMER writing to a company's support chat."),
    "markup": lambda m, t: _with(t, message="**Order:** A1001\n- base is cracked\n- want it fixed"),
    # Ending without a cause: only where the honest customer would carry on.
    "gave_up_without_cause": lambda m, t: t if t["goal_status"] != "in_progress" else
    _with(t, message="Okay. Bye.", goal_status="abandoned"),
    "achieved_without_cause": lambda m, t: t if t["goal_status"] != "in_progress" else
    _with(t, message="Great, all sorted then, thanks!", goal_status="achieved"),
    "identity_contradiction": lambda m, t: _with(t, message="My email is someone.else@example.org."),
    "invented_fact": lambda m, t: _with(t, message="It's about order ZX-98765 as well."),
}


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
        if behaviour.startswith(("fault:", "once:", "lie:")) and body.get("max_tokens") != 5:
            return web.json_response(_chat(json.dumps(_faulty(behaviour, body["messages"]))))
        if behaviour == "429":
            return web.json_response({"error": {"message": "slow down", "type": "rate_limit"}},
                                     status=429, headers={"retry-after": "0"})
        if behaviour == "timeout":
            await asyncio.sleep(1.5)  # longer than the tests' client timeouts
        if behaviour == "ok":
            return web.json_response(_chat(_honest_or_preflight(body)))
        content = {
            "fenced": "Sure! Here it is:\n```json\n" + customer_json("It's order A1001.") + "\n```",
            "malformed": '{"message": "oops", "emotion": {"label": "calm"',
            "schema": json.dumps({"message": "hello"}),
            "assistant": customer_json("Thank you for contacting Acme, how can I help you?"),
            "achieved": customer_json("Great, thanks!", status="achieved"),
        }.get(behaviour, customer_json("Hello there."))
        return web.json_response(_chat(content))


def _honest_or_preflight(body: dict[str, Any]) -> str:
    if body.get("max_tokens") == 5 or len(body["messages"]) < 2:
        return customer_json("ok")  # the preflight: any answer will do
    return json.dumps(honest_turn(body["messages"]), ensure_ascii=False)


#: Flags that lie about honest words (every turn): the words must decide the events.
LIES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "wants_human": lambda t: _with(t, wants_human=True),
    "no_disclosure": lambda t: _with(t, disclosed=[]),
}


def _faulty(behaviour: str, messages: list[dict[str, Any]]) -> dict[str, Any]:
    mode, kind = behaviour.split(":", 1)
    honest = honest_turn(messages)
    if mode == "lie":
        return LIES[kind](honest)
    said = sum(1 for who, _ in conversation(messages)[1] if who == "CUSTOMER")
    retry = any(m["role"] == "assistant" for m in messages)
    if said == 0 or (mode == "once" and retry):
        return honest
    return FAULTS[kind](messages, honest)


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
