"""Recognising what an agent reply does (asks, apologises, refuses...) without a model.

The scripted simulator reacts to these acts; the LLM simulator reads the text itself.

Example:
    >>> sorted(a.value for a in classify("Sorry about that! What is your order number?").acts)
    ['empathy', 'request_info']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache


class Act(StrEnum):
    """Dialogue acts an agent reply can carry."""

    REQUEST_INFO = "request_info"
    EMPATHY = "empathy"
    REFUSAL = "refusal"
    REASON = "reason"
    OFFER_HUMAN = "offer_human"
    CLOSING = "closing"
    CLAIMS_HUMAN = "claims_human"
    ALTERNATIVE = "alternative"
    JARGON = "jargon"


# Slot name -> words a bot uses when asking for it.
SLOT_WORDS: dict[str, tuple[str, ...]] = {
    "order_id": ("order number", "order id", "order reference", "order #"),
    "email": ("email", "e-mail"),
    "name": ("your name", "full name", "name on the account"),
    "account_id": ("account number", "account id"),
    "postcode": ("postcode", "zip code", "postal code"),
    "phone": ("phone number", "mobile number"),
    "date_of_birth": ("date of birth",),
    "last4": ("last four", "last 4"),
}

_PATTERNS: dict[Act, re.Pattern[str]] = {
    Act.EMPATHY: re.compile(
        r"\b(sorry|apologi[sz]e|i understand|that sounds|i can see (why|how)|"
        r"frustrating|must be (hard|difficult)|condolences)\b"
    ),
    Act.REFUSAL: re.compile(
        r"\b(can(no|')t|unable to|not able to|won'?t be able|not eligible|"
        r"isn'?t possible|not possible|cannot)\b"
    ),
    Act.REASON: re.compile(r"\b(because|policy|since|as the|outside the|within \d+ days)\b"),
    Act.OFFER_HUMAN: re.compile(
        r"\b(connect you (with|to)|transfer(ring)? you|human (agent|colleague)|"
        r"a (colleague|specialist|person) (will|can)|speak (to|with) (a|one of))\b"
    ),
    Act.CLOSING: re.compile(r"\b(anything else|have a (great|good|nice) day|goodbye)\b"),
    Act.CLAIMS_HUMAN: re.compile(
        r"\b(i'?m|i am) (a )?(real )?(human|person)\b|\bnot a (bot|robot|machine|an? ai)\b"
    ),
    Act.ALTERNATIVE: re.compile(r"\b(instead|alternatively|what i can do|i can (offer|arrange))\b"),
    Act.JARGON: re.compile(
        r"\b(cache|cookies|browser|2fa|two-factor|otp|url|sku|rma|api|firmware|"
        r"reset link|app settings|ticket id)\b"
    ),
}


@dataclass(frozen=True)
class ReplyActs:
    """The acts found in one agent reply and the slots it asked for."""

    acts: frozenset[Act]
    slots: tuple[str, ...] = field(default=())


@lru_cache(maxsize=4096)  # bots repeat their replies across turns and episodes; ReplyActs is frozen
def classify(text: str) -> ReplyActs:
    """Find the dialogue acts in an agent reply (lower-cased keyword patterns)."""
    lowered = text.lower()
    acts = {act for act, pattern in _PATTERNS.items() if pattern.search(lowered)}
    slots = tuple(
        slot for slot, words in SLOT_WORDS.items() if any(w in lowered for w in words)
    )
    asks = "?" in text or re.search(r"\b(could|can) you (give|provide|share|confirm)", lowered)
    if slots and asks:
        acts.add(Act.REQUEST_INFO)
    return ReplyActs(acts=frozenset(acts), slots=slots if Act.REQUEST_INFO in acts else ())
