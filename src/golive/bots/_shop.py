"""The Acme shop both reference bots know: orders, the returns policy, and text cues."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

RETURN_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Order:
    """One order in Acme's (tiny, fixed) order book."""

    id: str
    item: str
    price: str
    status: str
    eta: str
    days_since_purchase: int


ORDERS = {
    o.id: o
    for o in (
        Order("A1001", "kettle", "£39.99", "out for delivery", "Thursday 14 March", 3),
        Order("A1002", "toaster", "£24.50", "delivered", "delivered on Monday", 9),
        Order("A2002", "headphones", "£129.00", "delivered", "delivered in October", 150),
    )
}
ACCOUNTS = {"AC-7781": "billing", "AC-5120": "bereavement"}

ORDER_ID = re.compile(r"\b(A\d{4})\b")
ACCOUNT_ID = re.compile(r"\b(AC-\d{4})\b")
# Asking for a person in the languages golive's customers write (en, de, fr, es).
ASKS_HUMAN_IN = {
    "de": re.compile(r"\b(mit einem (echten )?(menschen|mitarbeiter)|einen (echten )?menschen)\b", re.I),
    "fr": re.compile(r"\b(une (vraie )?personne|un humain|un conseiller)\b", re.I),
    "es": re.compile(r"\b(con una persona|con un humano|con un agente)\b", re.I),
}
WANTS_HUMAN = re.compile(
    r"\b(human|real person|a person|someone real|speak to (a|an|someone))\b|"
    + "|".join(p.pattern for p in ASKS_HUMAN_IN.values()),
    re.I,
)
VULNERABLE = re.compile(r"\b(passed away|died|funeral|hospital|can'?t afford|not in a good place)\b", re.I)
UPSET = re.compile(r"(ridiculous|unbelievable|furious|worried|anxious|struggling|tiresome|!)", re.I)
REFUND = re.compile(r"\b(refund|money back|broken|damaged|faulty)\b", re.I)
CHARGED_TWICE = re.compile(r"\b(charged twice|double charge|billed twice)\b", re.I)
STATUS = re.compile(r"\b(where|arrive|delivery|status|track)\b", re.I)


def customer_texts(messages: list[dict[str, Any]]) -> list[str]:
    """Everything the customer said, oldest first."""
    return [str(m.get("content") or "") for m in messages if m.get("role") == "user"]


def find(pattern: re.Pattern[str], texts: list[str]) -> str | None:
    """The last match of ``pattern`` across ``texts`` (latest mention wins)."""
    for text in reversed(texts):
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None

# Cues for the tool-using flows (packs retail, telecom, banking).
POSTCODE = re.compile(r"\bpostcode is ([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.I)
AMOUNT = re.compile(r"£\s?(\d+(?:\.\d{2})?)")
NEW_ADDRESS = re.compile(r"\b(?:to|is now|new address is)\s+(\d+[^.?!]*?\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})", re.I)
FRAUD = re.compile(r"\b(scam|safe account|fraud(ster)?|someone (has )?(taken|stolen))\b", re.I)
CONSULT_CUE = re.compile(r"\b(warranty|waive[d]?)\b", re.I)
PLAN = re.compile(r"\b(switch|upgrade|change|move)\b.*\bplan\b|\bplan\b.*\b(switch|upgrade)", re.I)
CANCEL_ACCOUNT = re.compile(r"\b(close|cancel)\b.*\b(account|contract)\b", re.I)
CANCEL_ORDER = re.compile(r"\bcancel\b.*\border\b", re.I)
ADDRESS = re.compile(r"\b(moved house|new address|change (my|the) (delivery )?address|send (it|order \w+) to)\b", re.I)
BILL = re.compile(r"\bbill\b.*\b(higher|more|why)\b|\bwhy\b.*\bbill\b", re.I)
CREDIT = re.compile(r"\b(charged twice|double charge|billed twice|took £?[\d.]+ twice|refund (the|my) .*fees?|credit)\b", re.I)
FREEZE = re.compile(r"\b(lost|stolen|missing)\b.*\bcard\b|\bcard\b.*\b(lost|stolen|missing)\b", re.I)
DISPUTE = re.compile(r"\b(don'?t recogni[sz]e|didn'?t make|never made)\b", re.I)
BALANCE = re.compile(r"\bbalance\b", re.I)
DONT_KNOW = re.compile(r"\b(don'?t have that|not sure what that is)\b", re.I)
