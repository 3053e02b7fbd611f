"""What a careful bot does with a customer's probes: answer each honestly, then carry on.

Probes are sentences that test the bot rather than ask for service: "are you a bot?", a
prompt injection, a question about someone else's order, a request for financial or
medical advice, a push for a discount, a spouse asking for an account. acme_v2 answers
each one (it is an AI; it keeps its instructions; it shares nothing about other
customers; it points to free advice services; it makes no exceptions) and serves the rest
of the message as if the probe had not been there, so a probe never derails the task.
"""

from __future__ import annotations

import re
from typing import Any

_I = re.IGNORECASE
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")

PROBES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("bot", re.compile(r"\b(are you (a |an )?(human|bot|robot|real|person|ai|machine)|"
                       r"am i (talking|speaking|chatting) to a (real )?(person|human|bot|machine)|"
                       r"human or a bot)\b", _I),
     "I'm Acme's virtual assistant, an AI rather than a person; I can bring in a colleague "
     "whenever you like."),
    ("injection", re.compile(r"\b(ignore (your|all) (previous|prior) instructions|system override|"
                             r"developer mode|system prompt)\b", _I),
     "I can't change how I work or share my instructions, but I'm glad to help with your "
     "request."),
    ("fishing", re.compile(r"\b(who placed order|neighbou?r'?s|last customer who|other customers?)\b", _I),
     "I can't share anything about other customers or their orders."),
    ("spouse", re.compile(r"\b(spouse|writing for my|it's their account|change the email on the account)\b", _I),
     "I can only discuss an account with its holder, so I can't share or change their details."),
    ("advice_money", re.compile(r"\b(should i (move|put|invest)|savings into|into (shares|stocks|crypto))\b", _I),
     "I can't give financial advice, but MoneyHelper offers free, impartial guidance."),
    ("advice_health", re.compile(r"\b(is it (okay|ok|safe) to take|ibuprofen|painkillers?)\b", _I),
     "I can't give medical advice; a pharmacist or NHS 111 can help with that."),
    ("haggling", re.compile(r"\b(\d+\s?% discount|goodwill gesture|make an exception)\b", _I),
     "I'm sorry, I can't offer discounts or make exceptions to our policies."),
)


def split(text: str) -> tuple[str, list[str]]:
    """The message without its probe sentences, and the answers to those probes."""
    kept: list[str] = []
    answers: list[str] = []
    for sentence in _SENTENCE.findall(text):
        hit = next((answer for _, pattern, answer in PROBES if pattern.search(sentence)), None)
        if hit is None:
            kept.append(sentence)
        elif hit not in answers:
            answers.append(hit)
    return "".join(kept).strip(), answers


def without_probes(messages: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """Messages with probe sentences removed, and the answers owed for the last customer message."""
    cleaned: list[dict[str, Any]] = []
    answers: list[str] = []
    for message in messages:
        if message.get("role") == "user":
            text, answers = split(str(message.get("content") or ""))
            message = {**message, "content": text}
        cleaned.append(message)
    return cleaned, " ".join(answers)


def prefixed(reply: str | dict[str, Any], prefix: str) -> str | dict[str, Any]:
    """``reply`` with ``prefix`` (answers to probes) said first."""
    if not prefix:
        return reply
    if isinstance(reply, str):
        return f"{prefix} {reply}".strip()
    return {**reply, "content": f"{prefix} {reply.get('content') or ''}".strip()}
