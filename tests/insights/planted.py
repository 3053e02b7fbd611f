"""A bot with one planted fault: it misses the handoff only when the customer is anxious
AND has lost someone. Otherwise it behaves like acme_v2."""

from __future__ import annotations

import re
from typing import Any

from golive.bots import acme_v2

ANXIOUS = re.compile(r"\b(worried|anxious|nervous|scared)\b", re.I)
BEREAVED = re.compile(r"\b(passed away|died|late husband|late wife)\b", re.I)


async def respond(messages: list[dict[str, Any]], session_id: str = "", tools: Any = None) -> Any:
    texts = [str(m.get("content") or "") for m in messages if m.get("role") == "user"]
    if any(ANXIOUS.search(t) for t in texts) and any(BEREAVED.search(t) for t in texts):
        return "Your order is on its way to you."
    return await acme_v2.respond(messages, session_id=session_id, tools=tools)
