"""Text normalisation shared by the deterministic detectors."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s£$€.%/-]")


def normalise(text: str) -> str:
    """Lower-case, strip accents and most punctuation, fold white space.

    Example:
        >>> normalise("  Thursday,   14 MARCH! ")
        'thursday 14 march'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip().rstrip(".")


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` at word boundaries, both normalised."""
    needle = normalise(phrase)
    if not needle:
        return False
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", normalise(text)) is not None


def quote(text: str, start: int, end: int, width: int = 60) -> str:
    """The matched span with a little context on each side, for evidence."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    return f"{prefix}{text[left:right]}{suffix}"
