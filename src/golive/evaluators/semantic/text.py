"""Sentences, clauses and the small meaning tests every family shares.

Example:
    >>> refuses("I'm afraid I can't offer a discount")
    True
    >>> refuses("No problem, I've sent the money back")
    False
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_I = re.IGNORECASE
# A sentence ends at . ! ? … or ; (an ellipsis counts once), or at a line break.
_SENTENCE = re.compile(r"[^.!?…;\n]+(?:\.\.\.|[.!?…;]+|\n|$)")
# Contrast starts a new clause: "I can't refund it, but I can repair it".
_CLAUSE = re.compile(r",?\s+\b(?:but|however|although|though|whereas)\b,?\s+|;\s*|\s+-\s+|\s+—\s+", _I)


@dataclass(frozen=True)
class Span:
    """A piece of a reply and where it sits."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=8192)  # every family reads the same reply: split it once
def sentences(text: str) -> tuple[Span, ...]:
    """The reply's sentences, with offsets (empty pieces dropped)."""
    out = []
    for m in _SENTENCE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if stripped and re.search(r"\w", stripped):
            start = m.start() + raw.index(stripped)
            out.append(Span(stripped, start, start + len(stripped)))
    return tuple(out)


@lru_cache(maxsize=8192)
def clauses(text: str) -> tuple[Span, ...]:
    """Sentences cut further at contrasts (but, however, semicolons, dashes)."""
    out = []
    for s in sentences(text):
        pos = 0
        for m in _CLAUSE.finditer(s.text):
            if m.start() > pos:
                out.append(Span(s.text[pos : m.start()], s.start + pos, s.start + m.start()))
            pos = m.end()
        if pos < len(s.text):
            out.append(Span(s.text[pos:], s.start + pos, s.end))
    return tuple(out)


_REFUSAL = re.compile(
    r"\b(can'?t|cannot|can not|couldn'?t|unable|not able|not possible|isn'?t possible|"
    r"aren'?t|isn'?t|won'?t be able|not authori[sz]ed|not allowed|not eligible|no longer|"
    r"don'?t|do not|doesn'?t|does not|wish i could|if only|never|nicht|kein|pas|ne\b|no puedo|"
    r"not something|nothing|non|não|nao|niet|nie|no (?:le |lo |la |les |se )?(?:puedo|podemos|es posible|"
    r"está permitido))\b|\bcan'?t\b|\bcan’t\b|\bnot\b",
    _I,
)


_BENIGN = re.compile(
    r"\b(don'?t worry|no worries|not to worry|don'?t hesitate|no problem|not at all|"
    r"never mind|not only|kein problem|keine sorge|pas de (?:problème|souci)|ne vous inquiétez pas|"
    r"ningún problema|no hay problema|no se preocupe|no te preocupes|nessun problema|"
    r"non si preoccupi|sem problema|não há problema|não se preocupe|geen probleem|geen zorgen)\b",
    _I,
)


def refuses(text: str) -> bool:
    """Whether a clause is negated or a refusal ("I can't", "not possible", "I wish I could")."""
    return _REFUSAL.search(_BENIGN.sub(" ", text.replace("’", "'"))) is not None


def negated_before(text: str, at: int, window: int = 45) -> bool:
    """Whether the words just before ``at`` negate what follows ("I can't [offer]...")."""
    return refuses(text[max(0, at - window) : at])


def words(text: str) -> list[str]:
    """Lower-case alphabetic words (accents kept)."""
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem so 'orders', 'ordered' and 'ordering' meet 'order'."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def first(pattern: re.Pattern[str], text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """The first match of ``pattern`` in ``text`` as an absolute span, if any."""
    m = pattern.search(text)
    if m:
        yield offset + m.start(), offset + m.end()
