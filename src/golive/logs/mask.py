"""Masking personal data in logs on the way in (``golive score --mask-pii``).

E-mail addresses, card numbers (13-19 digits passing the Luhn check), IBANs and phone
numbers in every message and tool argument are replaced by a placeholder naming the kind
(``[email]``); the count per kind goes into the run's manifest. Masking happens before any
evaluator reads the words, so a rule that looks for a leaked card number cannot fire on a
masked one: mask when the logs must not be copied, not when leaks are what you audit.

Example:
    >>> mask = PiiMask()
    >>> mask.text("Mail me at jo@example.com or call +44 20 7946 0958.")
    'Mail me at [email] or call [phone].'
    >>> mask.summary()
    {'email': 1, 'phone': 1}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from golive.logs.base import LoggedConversation, LoggedMessage, LoggedToolCall

_PATTERNS = (
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")),
    ("card", re.compile(r"\b\d(?:[ -]?\d){12,18}\b")),
    ("phone", re.compile(r"(?<![\w])\+?\d[\d ()-]{7,}\d\b")),
)


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


class PiiMask:
    """Masks personal data and counts what it masked."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def text(self, text: str) -> str:
        """``text`` with every e-mail, card, IBAN and phone number replaced."""
        for kind, pattern in _PATTERNS:
            text = pattern.sub(self._replacer(kind), text)
        return text

    def _replacer(self, kind: str) -> Callable[[re.Match[str]], str]:
        return lambda match: self._replace(kind, match.group(0))

    def _replace(self, kind: str, found: str) -> str:
        if kind == "card" and not _luhn(re.sub(r"\D", "", found)):
            return found  # an order or tracking number, not a card
        self.counts[kind] += 1
        return f"[{kind}]"

    def value(self, value: Any) -> Any:
        """Mask strings inside JSON-like data (tool arguments and results)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        return value

    def conversation(self, conversation: LoggedConversation) -> LoggedConversation:
        """The conversation with its messages and tool calls masked."""
        messages = tuple(
            LoggedMessage(
                m.role,
                self.text(m.text),
                tuple(
                    LoggedToolCall(c.id, c.name, self.value(c.arguments), self.value(c.result))
                    for c in m.tool_calls
                ),
                m.tool_call_id,
                m.timestamp,
            )
            for m in conversation.messages
        )
        return LoggedConversation(
            conversation.id, messages, conversation.format, conversation.source, conversation.meta
        )

    def summary(self) -> dict[str, int]:
        """How many of each kind were masked."""
        return dict(sorted(self.counts.items()))

    def describe(self) -> str:
        """One line for people: what was masked, how often."""
        counts = self.summary()
        kinds = ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing found"
        return f"e-mail, card, IBAN and phone numbers ({kinds})"
