"""An example custom agent: copy it, then run ``golive run --agent custom_agent:SupportBot``.

golive calls ``respond`` with the whole conversation so far in OpenAI message format (tool
results included) and keywords ``session_id`` and ``tools``; one instance serves one
episode. Return a string, or a dict shaped like an OpenAI assistant message.
"""

from __future__ import annotations

import json
from typing import Any


class SupportBot:
    """Looks the order up with the scenario's tools, then answers from what it found."""

    def __init__(self) -> None:
        self.turns = 0  # per-episode state is fine: each episode gets its own instance

    def respond(
        self, messages: list[dict[str, Any]], session_id: str = "", tools: Any = None
    ) -> str | dict[str, Any]:
        self.turns += 1
        offered = {t["function"]["name"] for t in tools or []}
        last = messages[-1]
        if last["role"] == "tool":
            order = json.loads(last["content"])
            if "error" in order:
                return "I couldn't find that order; could you check the order number?"
            return f"Your {order.get('item')} is {order.get('status')}, arriving {order.get('eta')}."
        text = str(last.get("content") or "")
        if "person" in text.lower() or "human" in text.lower():
            return {"content": "Of course, I'm transferring you to a colleague now.",
                    "tool_calls": [{"id": "t1", "type": "function", "function": {
                        "name": "transfer_to_human",
                        "arguments": json.dumps({"reason": "customer asked",
                                                 "summary": text[:200]})}}]}
        order_id = next((w.strip(".,?!") for w in text.split() if w.startswith("A1")), None)
        if order_id and "lookup_order" in offered:
            return {"content": "", "tool_calls": [{"id": f"l{self.turns}", "type": "function",
                    "function": {"name": "lookup_order",
                                 "arguments": json.dumps({"order_id": order_id})}}]}
        return "Could you give me your order number?"
