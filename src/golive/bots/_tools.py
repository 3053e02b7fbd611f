"""What a reference bot can read from the conversation when tools are on offer.

The bots keep no state of their own: everything (ids given, tools already called, their
results) is read back from the OpenAI messages each time, as a stateless HTTP bot would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from golive.bots._shop import ACCOUNT_ID, ORDER_ID, customer_texts, find


@dataclass
class Conversation:
    """The messages so far, the tools offered, and the results of tools already called."""

    messages: list[dict[str, Any]]
    offered: set[str]
    results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def of(cls, messages: list[dict[str, Any]], tools: Any) -> Conversation:
        offered = {t["function"]["name"] for t in tools or [] if isinstance(t, dict) and "function" in t}
        names = {c["id"]: c["function"]["name"]
                 for m in messages if m.get("role") == "assistant"
                 for c in m.get("tool_calls") or []}
        results: dict[str, list[dict[str, Any]]] = {}
        for m in messages:
            if m.get("role") == "tool":
                try:
                    body = json.loads(m.get("content") or "{}")
                except json.JSONDecodeError:
                    body = {"error": m.get("content")}
                results.setdefault(names.get(m.get("tool_call_id", ""), "?"), []).append(body)
        return cls(messages, offered, results)

    @property
    def texts(self) -> list[str]:
        """What the customer said, oldest first."""
        return customer_texts(self.messages)

    @property
    def last(self) -> str:
        return self.texts[-1] if self.texts else ""

    def said(self, pattern: Any) -> bool:
        """Did the customer ever say something matching ``pattern``?"""
        return any(pattern.search(t) for t in self.texts)

    def result(self, tool: str) -> dict[str, Any] | None:
        """The latest result of ``tool`` in this conversation."""
        found = self.results.get(tool)
        return found[-1] if found else None

    def ok(self, tool: str) -> dict[str, Any] | None:
        """The latest successful result of ``tool``."""
        found = self.result(tool)
        return found if found is not None and "error" not in found else None

    @property
    def order_id(self) -> str | None:
        return find(ORDER_ID, self.texts)

    @property
    def account_id(self) -> str | None:
        return find(ACCOUNT_ID, self.texts)

    @property
    def uses_accounts(self) -> bool:
        return bool(self.offered & {"lookup_account", "verify_identity"})

    @property
    def uses_orders(self) -> bool:
        return "lookup_order" in self.offered


def call(tool: str, text: str = "", **arguments: Any) -> dict[str, Any]:
    """A reply that calls one tool (``text`` is said alongside, if any)."""
    return {
        "content": text,
        "tool_calls": [{"id": f"call_{tool}", "type": "function",
                        "function": {"name": tool, "arguments": json.dumps(arguments)}}],
    }


def money(value: Any) -> str:
    return f"£{float(value):.2f}"
