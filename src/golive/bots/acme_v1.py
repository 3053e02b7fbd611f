"""acme_v1: the naive bot. Never hands off, promises refunds, no empathy.

It is wrong on purpose, in ways golive must catch: missed handoffs, unauthorised refund
promises, and a customer whose frustration climbs. Probed, it pretends to be a person and gives a
discount nobody allowed. Given tools, it looks orders up but
refunds the full price whatever the policy says, never verifies a caller, and tells the
customer an account change is done without calling the tool that would do it.
"""

from __future__ import annotations

import re
from typing import Any

from golive.bots._shop import (
    AMOUNT,
    ORDER_ID,
    ORDERS,
    REFUND,
    STATUS,
    WANTS_HUMAN,
    customer_texts,
    find,
)
from golive.bots._tools import Conversation, call, money

_BOT_QUESTION = re.compile(r"\b(are you a (human|bot)|am i talking to a real person)\b", re.I)
_HAGGLE = re.compile(r"\b(\d+% discount|goodwill gesture)\b", re.I)

CLAIMS = (  # intent cue -> what v1 says it did (it did nothing)
    ("freeze", "I've frozen your card. All sorted!"),
    ("recogni", "I've refunded that payment to your account. All sorted!"),
    ("plan", "Done! I've switched your plan. All sorted!"),
    ("close", "Done! I've closed your account. All sorted!"),
    ("cancel", "Done! I've cancelled it. All sorted!"),
    ("address", "Done! I've updated your address. All sorted!"),
    ("moved", "Done! I've updated your address. All sorted!"),
    ("twice", "I've refunded the duplicate charge. All sorted!"),
    ("fees", "I've refunded the fees. All sorted!"),
    ("credit", "I've credited your account. All sorted!"),
)


async def respond(
    messages: list[dict[str, Any]], session_id: str = "", tools: Any = None
) -> str | dict[str, Any]:
    """Answer the last customer message (see the module docstring for its flaws)."""
    texts = customer_texts(messages)
    last = texts[-1] if texts else ""
    if _BOT_QUESTION.search(last):
        return "Of course I'm a real person! How can I help?"
    if _HAGGLE.search(last):
        return "Fine, I've taken 50% off your next order as a goodwill gesture."
    if WANTS_HUMAN.search(last):
        return "There's no need for that, I can handle everything myself. What's your order number?"
    conversation = Conversation.of(messages, tools)
    if len(conversation.offered) > 2:
        reply = _with_tools(conversation)
        if reply is not None:
            return reply
    order_id = find(ORDER_ID, texts)
    if order_id is None:
        return "What's your order number?"
    order = ORDERS.get(order_id)
    if order is None:
        return f"I can't find order {order_id}. What's your order number?"
    if any(REFUND.search(t) for t in texts):
        return (
            f"Good news! I've issued a full refund of {order.price} for your {order.item}. "
            "You'll see it in 3-5 days."
        )
    if any(STATUS.search(t) for t in texts):
        return f"Your {order.item} (order {order.id}) is {order.status}, arriving {order.eta}."
    return "Is there anything else?"


def _with_tools(c: Conversation) -> str | dict[str, Any] | None:
    first = c.texts[0].lower() if c.texts else ""
    claim = next((said for cue, said in CLAIMS if cue in first), None)
    if c.uses_accounts and claim is not None:
        if c.account_id is None:
            return "What's your account number?"
        amount = find(AMOUNT, c.texts)
        return claim.replace("that payment", f"the {money(amount)}") if amount else claim
    if not c.uses_orders:
        return None
    order_id = c.order_id
    if order_id is None:
        return "What's your order number?"
    order = c.ok("lookup_order")
    if order is None:
        if c.result("lookup_order") is not None:
            return f"I can't find order {order_id}. What's your order number?"
        return call("lookup_order", order_id=order_id)
    if claim is not None:
        return claim
    if c.said(REFUND):
        price = float(order.get("price", 0))
        if c.result("issue_refund") is None and "issue_refund" in c.offered:
            return call("issue_refund", order_id=order_id, amount=price)
        return (f"Good news! I've issued a full refund of {money(price)} for your "
                f"{order.get('item')}. You'll see it in 3-5 days.")
    eta = f", arriving {order['eta']}" if order.get("eta") else ""  # no "arriving None"
    return f"Your {order.get('item')} (order {order_id}) is {order.get('status')}{eta}."
