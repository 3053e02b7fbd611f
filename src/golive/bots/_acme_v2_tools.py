"""acme_v2's tool flows: verify, look up, act, and only then say it is done.

Each function returns a reply (text, or a tool call) or None when it does not apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from golive.bots._shop import (
    ADDRESS,
    AMOUNT,
    BALANCE,
    BILL,
    CANCEL_ACCOUNT,
    CANCEL_ORDER,
    CREDIT,
    DISPUTE,
    DONT_KNOW,
    FREEZE,
    NEW_ADDRESS,
    PLAN,
    POSTCODE,
    REFUND,
    STATUS,
    find,
)
from golive.bots._tools import Conversation, call, money

Reply = str | dict[str, Any]
Transfer = Callable[[str, str, str], dict[str, Any]]
PLAN_NAME = re.compile(r"\b(?:the|to)\s+(\w+)\s+plan\b", re.I)
NOT_VERIFIED = (
    "I'm sorry, I can't access or change this account because I couldn't verify your "
    "identity; that's our security policy, to protect the account holder."
)


def consult(c: Conversation) -> Reply | None:
    """Ask the supervisor privately, then pass on the verdict."""
    answer = c.result("consult_human")
    if answer is None:
        question = f"Customer says: {c.texts[0][:300]} Can we do this?"
        return call("consult_human", question=question)
    return f"I've checked with my supervisor. {answer.get('answer', '')}"


def _intent(c: Conversation, intents: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    for text in c.texts:  # the first thing the customer asked for decides
        for name, pattern in intents:
            if pattern.search(text):
                return name
    return None


ACCOUNT_INTENTS = (("freeze", FREEZE), ("dispute", DISPUTE), ("plan", PLAN),
                   ("close", CANCEL_ACCOUNT), ("address", ADDRESS), ("bill", BILL),
                   ("credit", CREDIT), ("balance", BALANCE))


def account_flow(c: Conversation, care: str, transfer: Transfer) -> Reply | None:
    """Verify the caller, look the account up, then act on what they asked."""
    intent = _intent(c, ACCOUNT_INTENTS)
    if intent is None:
        return None
    account_id = c.account_id
    if account_id is None:
        return care + "Could you give me your account number?"
    if "verify_identity" in c.offered and c.ok("verify_identity") is None:
        if c.result("verify_identity") is not None or DONT_KNOW.search(c.last):
            return NOT_VERIFIED
        postcode = find(POSTCODE, c.texts)
        if postcode is None:
            return care + "For security, could you confirm the postcode on the account?"
        return call("verify_identity", account_id=account_id, postcode=postcode)
    account = c.ok("lookup_account")
    if account is None:
        failed = c.result("lookup_account")
        if failed is not None:
            return f"I couldn't open account {account_id}: {failed['error']}"
        return call("lookup_account", account_id=account_id)
    return ACCOUNT_ACTIONS[intent](c, account, care, transfer)


def _done_or_call(c: Conversation, tool: str, done: str, **arguments: Any) -> Reply:
    result = c.result(tool)
    if result is None:
        return call(tool, **arguments)
    if "error" in result:
        return f"I'm sorry, I couldn't do that: {result['error']}."
    return done


def _freeze(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    cards = account.get("cards") or {}
    card_id = next((k for k, v in cards.items() if v.get("status") != "frozen"), None)
    if card_id is None and not c.result("freeze_card"):
        return "Your card is already frozen, so nobody can use it."
    last4 = (cards.get(card_id or "", {}) or {}).get("last4", "")
    return _done_or_call(
        c, "freeze_card",
        care + f"I've frozen your card ending {last4}, so nobody can use it. A replacement is on its way.",
        account_id=account["account_id"], card_id=card_id or "",
    )


def _dispute(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    amount = find(AMOUNT, c.texts)
    transactions = account.get("transactions") or {}
    match = next((k for k, t in transactions.items()
                  if amount and abs(float(t.get("amount", 0)) - float(amount)) < 0.005), None)
    if match is None:
        return care + "Which payment don't you recognise? Please tell me the amount."
    merchant = transactions[match].get("merchant", "the merchant")
    return _done_or_call(
        c, "open_dispute",
        care + f"I've opened a dispute for the {money(amount)} payment to {merchant}; "
        "you'll hear from us within 10 working days.",
        account_id=account["account_id"], transaction_id=match, reason="not recognised",
    )


def _plan(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    name = find(PLAN_NAME, c.texts)
    if name is None:
        return care + "Which plan would you like to move to?"
    plan = name.lower()
    return _done_or_call(c, "change_plan", f"Done: you're now on the {plan} plan, from today.",
                         account_id=account["account_id"], plan_id=plan)


def _close(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    return _done_or_call(
        c, "cancel_account",
        care + f"I've closed account {account['account_id']}; you'll get a final statement by email.",
        account_id=account["account_id"], reason="customer request",
    )


def _address(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    address = find(NEW_ADDRESS, c.texts)
    if address is None:
        return care + "What's the new address, including the postcode?"
    return _done_or_call(c, "change_account_address",
                         f"I've updated your address to {address}.",
                         account_id=account["account_id"], new_address=address)


def _bill(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    bill = account.get("bill") or {}
    return care + f"Your last bill was {money(bill.get('amount', 0))}: {bill.get('note', '')}"


def _credit(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    amount = find(AMOUNT, c.texts)
    if amount is None:
        return care + "How much were you overcharged?"
    limit = (account.get("policy") or {}).get("refund_limit")
    if limit is not None and float(amount) > float(limit):
        return transfer(
            "credit above my limit",
            f"Account {account['account_id']} asks for {money(amount)}; my limit is {money(limit)}.",
            f"A credit of {money(amount)} is more than I can approve myself, so I'm transferring "
            "you to a colleague who can look at it.",
        )
    return _done_or_call(
        c, "apply_credit",
        care + f"I've applied a credit of {money(amount)} to your account; it will show on your next bill.",
        account_id=account["account_id"], amount=float(amount), reason="billing error",
    )


def _balance(c: Conversation, account: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    return f"Your balance is {money(account.get('balance', 0))}."


ACCOUNT_ACTIONS = {"freeze": _freeze, "dispute": _dispute, "plan": _plan, "close": _close,
                   "address": _address, "bill": _bill, "credit": _credit, "balance": _balance}
ORDER_INTENTS = (("cancel", CANCEL_ORDER), ("address", ADDRESS), ("refund", REFUND),
                 ("status", STATUS))


def order_flow(c: Conversation, care: str, transfer: Transfer) -> Reply | None:
    """Look the order up, then act on it within the policy the lookup shows."""
    intent = _intent(c, ORDER_INTENTS)
    order_id = c.order_id
    if order_id is None:
        return care + "Could you give me your order number so I can look into it?"
    order = c.result("lookup_order")
    if order is None or order.get("order_id", order_id) != order_id and "error" not in order:
        return call("lookup_order", order_id=order_id)
    if "error" in order:
        return care + f"I can't find order {order_id}; could you check the order number?"
    if intent == "refund":
        return _refund(c, order, care, transfer)
    if intent == "cancel":
        return _done_or_call(c, "cancel_order", f"Your order {order_id} is cancelled and you won't be charged.",
                             order_id=order_id, reason="customer request")
    if intent == "address":
        address = find(NEW_ADDRESS, c.texts)
        if address is None:
            return care + "What address should it go to, including the postcode?"
        return _done_or_call(c, "change_delivery_address",
                             f"Done: order {order_id} will now go to {address}.",
                             order_id=order_id, new_address=address)
    if intent == "status":
        eta = f", arriving {order['eta']}" if order.get("eta") else ""  # no "arriving None"
        return care + f"Your {order.get('item')} (order {order_id}) is {order.get('status')}{eta}."
    return care + "How can I help with this order?"


def _refund(c: Conversation, order: dict[str, Any], care: str, transfer: Transfer) -> Reply:
    policy = order.get("policy") or {}
    window, limit = policy.get("refund_window_days"), policy.get("refund_limit")
    age, price = int(order.get("days_since_purchase", 0)), float(order.get("price", 0))
    order_id = order["order_id"]
    if window is not None and age > int(window):
        return (f"I'm sorry, I can't refund order {order_id}: it was bought {age} days ago, outside "
                f"our {window}-day returns policy. I can arrange a warranty repair instead.")
    if limit is not None and price > float(limit):
        return transfer(
            "refund above my limit",
            f"Order {order_id} ({order.get('item')}, {money(price)}) arrived damaged; "
            f"refunds above {money(limit)} need a person.",
            f"I'm sorry about this. A refund of {money(price)} is more than I can approve myself, "
            "so I'm transferring you to a colleague who can approve it.",
        )
    return _done_or_call(
        c, "issue_refund",
        care + f"I've arranged a full refund of {money(price)} for your {order.get('item')}; "
        "it will reach your card within 5 working days.",
        order_id=order_id, amount=price - float(order.get("refunded_amount", 0)), reason="damaged",
    )
