"""Trust the simulator before blaming the agent: checks on every LLM-simulated turn.

Simulated customers fail in known ways: they answer as the assistant, contradict their
own identity, invent ids the fixtures do not hold, or declare victory before the agent
did anything. Each check returns a reason; the LLM simulator turns one into a
``SimulatorError`` so the episode is marked ``simulator_error`` and kept out of scores.

Example:
    >>> from golive.personas.identity import make_identity
    >>> ctx = TrustContext(make_identity("en_US", 1, {"order_id": "A1001"}), {"order_id": "A1001"})
    >>> check_turn("How can I help you today?", "in_progress", ctx, agent_replies=1)
    'role: the customer answered as the assistant ("How can I help you")'
    >>> check_turn("It's order A1001.", "in_progress", ctx, agent_replies=1) is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from golive.personas.identity import Identity

_ASSISTANT = re.compile(
    r"\b(how (can|may) i (help|assist) you|is there anything else i can|"
    r"as an ai\b|i'?m an? (ai|assistant|language model|virtual assistant)|"
    r"thank you for contacting|thanks for reaching out|i('| a)m happy to help you)",
    re.IGNORECASE,
)
_ROLE_LABEL = re.compile(r"^\s*(assistant|agent|support|customer)\s*:", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_MY_NAME = re.compile(r"\b(?i:my name is) ([A-Z][\w'-]+)")


@dataclass(frozen=True)
class TrustContext:
    """What the customer is allowed to say about themselves."""

    identity: Identity
    knows: dict[str, str]
    goal_achievable: bool = True
    extra_ids: frozenset[str] = field(default_factory=frozenset)


def _shape(value: str) -> re.Pattern[str]:
    # "A1001" -> \bA\d{4}\b ; "AC-5120" -> \bAC-\d{4}\b : other ids of the same kind.
    pattern = re.sub(r"\d+", lambda m: rf"\d{{{len(m.group(0))}}}", re.escape(value))
    return re.compile(rf"\b{pattern}\b")


def _role(message: str) -> str | None:
    found = _ASSISTANT.search(message)
    if found:
        return f'role: the customer answered as the assistant ("{found.group(0)}")'
    if _ROLE_LABEL.match(message):
        return "role: the message starts with a speaker label"
    return None


def _identity(message: str, ctx: TrustContext, seen: str) -> str | None:
    own = {ctx.identity.email.lower(), *(v.lower() for v in ctx.knows.values())}
    for email in _EMAIL.findall(message):
        if email.lower().rstrip(".") not in own and email.lower() not in seen:
            return f"identity: gave email {email}, but the customer's is {ctx.identity.email}"
    name = _MY_NAME.search(message)
    if name and name.group(1) not in ctx.identity.name.split():
        return f"identity: said their name is {name.group(1)}, but it is {ctx.identity.name}"
    for key, value in ctx.knows.items():
        if not key.endswith("_id") or not any(c.isdigit() for c in value):
            continue
        for found in _shape(value).findall(message):
            allowed = found in ctx.knows.values() or found in ctx.extra_ids
            if not allowed and found.lower() not in seen:
                return f"invented fact: mentioned {key} {found}, which the scenario does not hold"
    return None


def check_turn(
    message: str, goal_status: str, ctx: TrustContext, *, agent_replies: int, seen: str = ""
) -> str | None:
    """Why this customer turn cannot be trusted, or None. ``seen``: what the agent said."""
    reason = _role(message) or _identity(message, ctx, seen.lower() if seen else "")
    if reason:
        return reason
    if goal_status == "achieved" and agent_replies == 0:
        return "premature goal: declared the goal achieved before the agent replied"
    if goal_status == "achieved" and not ctx.goal_achievable:
        return ("premature goal: declared the goal achieved in a scenario where it cannot be "
                "(expected.goal_achievable: false)")
    return None
