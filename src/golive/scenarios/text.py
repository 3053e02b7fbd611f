"""Text normalisation shared by the detectors and the simulated customers.

Facts are matched after both sides are folded the same way: case, accents, punctuation,
amounts (``£39.99`` = ``39.99 pounds`` = ``GBP 39.99``), dates (``March 14th`` =
``14 March``), small number words (``thirty`` = ``30``) and synonyms.

Example:
    >>> normalise("A refund of 39.99 pounds") == normalise("a refund of £39.99")
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s.%/-]")

_CURRENCY = {"£": "gbp", "$": "usd", "€": "eur"}
_CURRENCY_WORDS = {
    "pounds": "gbp", "pound": "gbp", "quid": "gbp", "gbp": "gbp",
    "dollars": "usd", "dollar": "usd", "usd": "usd",
    "euros": "eur", "euro": "eur", "eur": "eur",
}
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "ninety": "90"}
_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]
_MONTH_ABBR = {m[:3]: m for m in _MONTHS} | {"sept": "september"}
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DAY_ABBR = {d[:3]: d for d in _DAYS} | {"tues": "tuesday", "thur": "thursday", "thurs": "thursday"}
_MONTH_RE = "|".join(_MONTHS)

_SYMBOL_AMOUNT = re.compile(r"([£$€])\s?(\d[\d,]*(?:\.\d+)?)")
_CODE_AMOUNT = re.compile(r"\b(gbp|usd|eur)\s?(\d[\d,]*(?:\.\d+)?)\b")
_WORD_AMOUNT = re.compile(rf"\b(\d[\d,]*(?:\.\d+)?)\s?({'|'.join(_CURRENCY_WORDS)})\b")
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b")
_MONTH_FIRST = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})\b(?!\s*(?:gbp|usd|eur|:))")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ZERO_PENCE = re.compile(r"\b(\d+)\.00\b")
_WORD = re.compile(r"\b[a-z]+\b")

#: Words that mean the same in support conversations; scenarios add their own.
SYNONYMS: dict[str, list[str]] = {
    "refund": ["reimbursement", "money back", "repayment"],
    "refunded": ["reimbursed", "paid back"],
    "cancel": ["call off"],
    "delivery": ["shipment"],
    "arrive": ["be delivered", "reach you", "get to you"],
    "replacement": ["new one", "exchange"],
}


def _fold_words(text: str) -> str:
    def word(m: re.Match[str]) -> str:
        w = m.group()
        return _NUMBER_WORDS.get(w) or _MONTH_ABBR.get(w) or _DAY_ABBR.get(w) or w

    return _WORD.sub(word, text)


def _fold_amounts(text: str) -> str:
    text = _THOUSANDS.sub("", text)
    text = _SYMBOL_AMOUNT.sub(lambda m: f"{m.group(2)} {_CURRENCY[m.group(1)]}", text)
    text = _CODE_AMOUNT.sub(lambda m: f"{m.group(2)} {m.group(1)}", text)
    text = _WORD_AMOUNT.sub(lambda m: f"{m.group(1)} {_CURRENCY_WORDS[m.group(2)]}", text)
    return _ZERO_PENCE.sub(r"\1", text)


_SynonymKey = tuple[tuple[str, tuple[str, ...]], ...]


def _synonym_key(synonyms: Mapping[str, Sequence[str]]) -> _SynonymKey:
    return tuple((k, tuple(v)) for k, v in synonyms.items())


@lru_cache(maxsize=256)
def _synonym_rules(key: _SynonymKey) -> tuple[tuple[re.Pattern[str], str], ...]:
    # Compiled once per synonym table (a scenario's), in the order the table gives them:
    # normalising is on every detector's path and the table rarely changes.
    return tuple(
        (re.compile(rf"(?<!\w){re.escape(other.lower())}(?!\w)"), canonical.lower())
        for canonical, others in key
        for other in sorted(others, key=len, reverse=True)
    )


def normalise(text: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> str:
    """Fold case, accents, punctuation, amounts, dates, number words and synonyms.

    Example:
        >>> normalise("  Thursday,   March 14th! ")
        'thursday 14 march'
    """
    merged = {**SYNONYMS, **synonyms} if synonyms else SYNONYMS
    return _normalised(text, _synonym_key(merged))


@lru_cache(maxsize=16384)
def _normalised(text: str, synonyms: _SynonymKey) -> str:
    # Cached: every evaluator folds the same replies and the same scenario phrases again
    # (a pure function of the text and the synonym table).
    if not text.isascii():  # ASCII has nothing to decompose or strip
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = _fold_amounts(text)
    text = _PUNCT.sub(" ", text)
    text = _SPACE.sub(" ", text)
    text = _fold_words(text)
    text = _ORDINAL.sub(r"\1", text)
    text = _MONTH_FIRST.sub(r"\2 \1", text)
    for pattern, canonical in _synonym_rules(synonyms):
        text = pattern.sub(canonical, text)
    return _SPACE.sub(" ", text).strip().rstrip(".")


def contains_phrase(
    text: str, phrase: str, synonyms: Mapping[str, Sequence[str]] | None = None
) -> bool:
    """Whether ``phrase`` occurs in ``text`` at word boundaries, both normalised."""
    needle = normalise(phrase, synonyms)
    if not needle:
        return False
    haystack = normalise(text, synonyms)
    return _phrase(needle).search(haystack) is not None


@lru_cache(maxsize=4096)
def _phrase(needle: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.]){re.escape(needle)}(?![\w]|\.\d)")


def quote(text: str, start: int, end: int, width: int = 60) -> str:
    """The matched span with a little context on each side, for evidence."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    return f"{prefix}{text[left:right]}{suffix}"
