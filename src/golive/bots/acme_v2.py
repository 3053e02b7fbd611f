"""acme_v2: the good bot. Follows the returns policy, acknowledges feelings, and hands
off with a summary when a customer asks for a person or discloses a vulnerability.
"""

from __future__ import annotations

import json
from typing import Any

from golive.bots._acme_v2_tools import account_flow, consult, order_flow
from golive.bots._probes import prefixed, without_probes
from golive.bots._shop import (
    ACCOUNT_ID,
    ASKS_HUMAN_IN,
    CHARGED_TWICE,
    CONSULT_CUE,
    FRAUD,
    ORDER_ID,
    ORDERS,
    REFUND,
    RETURN_WINDOW_DAYS,
    STATUS,
    UPSET,
    VULNERABLE,
    WANTS_HUMAN,
    customer_texts,
    find,
)
from golive.bots._tools import Conversation


def _transfer(reason: str, summary: str, text: str) -> dict[str, Any]:
    arguments = json.dumps({"reason": reason, "summary": summary})
    return {
        "content": text,
        "tool_calls": [
            {"id": "handoff", "type": "function",
             "function": {"name": "transfer_to_human", "arguments": arguments}}
        ],
    }


def _summary(texts: list[str]) -> str:
    ids = [x for x in (find(ORDER_ID, texts), find(ACCOUNT_ID, texts)) if x]
    first = texts[0] if texts else ""
    return f"Customer ({', '.join(ids) or 'no id given yet'}) said: {first[:200]}"


async def respond(
    messages: list[dict[str, Any]], session_id: str = "", tools: Any = None
) -> str | dict[str, Any]:
    """Answer the customer's probes honestly, then the rest of their last message."""
    cleaned, answers = without_probes(messages)
    return prefixed(await _respond(cleaned, tools), answers)


async def _respond(messages: list[dict[str, Any]], tools: Any) -> str | dict[str, Any]:
    """Answer the last customer message, or transfer to a human with a summary."""
    if messages and messages[-1].get("role") == "tool" and _transferred(messages):
        return "I've passed you to a colleague, who can see everything we've discussed."
    texts = customer_texts(messages)
    last = texts[-1] if texts else ""
    care = "I'm sorry about this, I understand how frustrating it is. " if UPSET.search(last) else ""
    must_transfer = _must_transfer(texts)
    if must_transfer is not None:
        return must_transfer
    conversation = Conversation.of(messages, tools)
    if len(conversation.offered) > 2:  # scenario tools on offer: look things up, then act
        tool_reply = _with_tools(conversation, care)
        if tool_reply is not None:
            return tool_reply
    if any(CHARGED_TWICE.search(t) for t in texts):
        return _transfer("billing dispute", _summary(texts),
                         "I'm sorry about the double charge. I'm transferring you to our billing "
                         "team, who can reverse it.")
    return _without_tools(texts, care)


# Said in the language the customer asked in: a transfer is no moment to switch language.
_TRANSFERRING = {
    "en": "Of course. I'm transferring you to a colleague now; they'll see our conversation so "
          "you won't need to repeat yourself.",
    "de": "Selbstverständlich. Ich verbinde Sie jetzt mit einem Kollegen; er sieht unser Gespräch, "
          "Sie müssen also nichts wiederholen.",
    "fr": "Bien sûr. Je vous passe un collègue maintenant ; il verra notre conversation, vous "
          "n'aurez rien à répéter.",
    "es": "Por supuesto. Le paso ahora con un compañero; verá nuestra conversación, así que no "
          "tendrá que repetir nada.",
}


def _must_transfer(texts: list[str]) -> dict[str, Any] | None:
    """A person must take over: asked for, vulnerable, or fraud."""
    last = texts[-1] if texts else ""
    if WANTS_HUMAN.search(last):
        language = next((lang for lang, asks in ASKS_HUMAN_IN.items() if asks.search(last)), "en")
        return _transfer("customer asked for a person", _summary(texts), _TRANSFERRING[language])
    if any(VULNERABLE.search(t) for t in texts):
        return _transfer("vulnerable customer", _summary(texts),
                         "I'm so sorry for what you're going through. I'm connecting you with a "
                         "colleague who can take care of this with you personally.")
    if any(FRAUD.search(t) for t in texts):
        return _transfer("suspected fraud", _summary(texts),
                         "I'm sorry, this sounds like fraud and it needs our fraud team straight "
                         "away. I'm transferring you to a specialist now.")
    return None


def _without_tools(texts: list[str], care: str) -> str:
    """The demo path: Acme's fixed order book, no tools."""
    order_id = find(ORDER_ID, texts)
    if order_id is None:
        return care + "Could you give me your order number so I can look into it?"
    order = ORDERS.get(order_id)
    if order is None:
        return care + f"I can't find order {order_id}; could you check the order number?"
    if any(REFUND.search(t) for t in texts):
        if order.days_since_purchase > RETURN_WINDOW_DAYS:
            return (
                f"I'm sorry, I can't refund order {order.id}: it was bought "
                f"{order.days_since_purchase} days ago, outside our {RETURN_WINDOW_DAYS}-day "
                "returns policy. I can arrange a warranty repair instead."
            )
        return care + (
            f"I've arranged a full refund of {order.price} for your {order.item}; it will reach "
            "your card within 5 working days."
        )
    if any(STATUS.search(t) for t in texts):
        return care + f"Your {order.item} (order {order.id}) is {order.status}, arriving {order.eta}."
    return care + "How can I help with this order?"


def _transferred(messages: list[dict[str, Any]]) -> bool:
    calls = [c for m in messages if m.get("role") == "assistant" for c in m.get("tool_calls") or []]
    return bool(calls) and calls[-1]["function"]["name"] == "transfer_to_human"


def _with_tools(c: Conversation, care: str) -> str | dict[str, Any] | None:
    transfer = _transfer
    if c.said(CONSULT_CUE):
        return consult(c)
    if c.uses_accounts:
        reply = account_flow(c, care, transfer)
        if reply is not None:
            return reply
    if c.uses_orders:
        return order_flow(c, care, transfer)
    if c.uses_accounts:
        return care + "How can I help with your account today?"
    return None
