"""Surface style of a scripted customer's words: typos and non-native phrasing.

Values the agent must read back (order ids, emails, anything with a digit or an @) are
never touched, so a typo never turns into a contradiction of the fixtures.

Example:
    >>> import random
    >>> add_typos("My order number is A1001.", 0.0, random.Random(1))
    'My order number is A1001.'
"""

from __future__ import annotations

import random
import re

_WORD = re.compile(r"[^\W\d_]{4,}")  # letters only, 4 or more
# Common learner patterns: (pattern, replacement), each applied with some chance.
_NON_NATIVE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bI want\b"), "I am wanting"),
    (re.compile(r"\bI don't have\b"), "I have not"),
    (re.compile(r"\bCan you\b"), "You can"),
    (re.compile(r"\bI've\b"), "I have"),
    (re.compile(r"\b(the|a) (?=[a-z])"), ""),
    (re.compile(r"\bhasn't arrived\b"), "is not arrived"),
    (re.compile(r"\bI'm\b"), "I am"),
)


def add_typos(text: str, rate: float, rng: random.Random) -> str:
    """Swap two inner letters in about ``rate`` of the eligible words."""
    if rate <= 0:
        return text

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() >= rate:
            return word
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]

    return " ".join(
        token if any(c.isdigit() or c == "@" for c in token) else _WORD.sub(swap, token)
        for token in text.split(" ")
    )


def non_native(text: str, rng: random.Random) -> str:
    """Rewrite some idioms the way an English learner might (about half of them)."""
    for pattern, replacement in _NON_NATIVE:
        if rng.random() < 0.5:
            text = pattern.sub(replacement, text)
    return text[:1].upper() + text[1:]
