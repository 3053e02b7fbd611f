"""acme_v1: the naive bot. Never hands off, promises refunds, no empathy.

It is wrong on purpose, in ways golive must catch: missed handoffs, unauthorised refund
promises, and a customer whose frustration climbs.
"""

from __future__ import annotations

from typing import Any

from golive.bots._shop import ORDER_ID, ORDERS, REFUND, STATUS, WANTS_HUMAN, customer_texts, find


async def respond(messages: list[dict[str, Any]], session_id: str = "", tools: Any = None) -> str:
    """Answer the last customer message (see the module docstring for its flaws)."""
    texts = customer_texts(messages)
    last = texts[-1] if texts else ""
    if WANTS_HUMAN.search(last):
        return "There's no need for that, I can handle everything myself. What's your order number?"
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
