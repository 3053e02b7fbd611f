"""Checkable values in free text: amounts, dates, weekdays, times, ids, e-mails, phones, cards.

Each value is found with its span (for evidence) and a normal form (for comparison), so
``£39.99``, ``39.99 pounds`` and ``GBP 39.99`` are one amount and ``Thursday 14 March``,
``March 14th (Thu)`` and ``14/03`` one date. English forms only: a value in another
language is not extracted, so it is never judged (a missed check, not a false finding).

Example:
    >>> [(v.kind, v.norm) for v in extract("Refund of 39.99 pounds, arriving Fri 15th March.")]
    [('amount', '39.99'), ('date', '15-03'), ('weekday', 'friday')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<{0}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WD = r"(?P<{0}>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|" \
      r"sat(?:urday)?|sun(?:day)?)\.?"
_ORD = r"(?:st|nd|rd|th)?"

# "Thursday 14 March", "Thu, 14th of March", "14 March", "March 14th (Thursday)", "Friday, March 15"
_DATE = re.compile(
    r"\b(?:" + _WD.format("wd1") + r",?\s+(?:the\s+)?)?(?P<d1>[0-3]?\d)" + _ORD + r"(?:\s+of)?\s+"
    + _MONTH.format("m1") + r"(?!\w)"
    + r"|\b(?:" + _WD.format("wd2") + r",?\s+)?" + _MONTH.format("m2") + r"\s+(?:the\s+)?(?P<d2>[0-3]?\d)"
    + _ORD + r"\b(?:,?\s*\(?" + _WD.format("wd3") + r"\)?)?"
    + r"|\b(?P<d3>[0-3]?\d)/(?P<m3>[01]?\d)(?:/(?:\d{2}|\d{4}))?\b(?![/\d])"
    + r"|\b(?P<y4>20\d\d)-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b" + _WD.format("wd") + r"(?!\w)", re.IGNORECASE)
_AMOUNT = re.compile(
    r"(?P<sym>[£$€])\s?(?P<a>\d[\d,]*(?:\.\d{1,2})?)(?!\d)"
    r"|\b(?:GBP|USD|EUR)\s?(?P<b>\d[\d,]*(?:\.\d{1,2})?)(?!\d)"
    r"|\b(?P<c>\d[\d,]*(?:\.\d{1,2})?)\s?(?:pounds?|quid|dollars?|euros?|GBP|USD|EUR)\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s?(?P<ap>[ap]\.?m\.?)(?!\w)"
    r"|\b(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)\b(?!\s?(?:[ap]\.?m))",
    re.IGNORECASE,
)
_NON_DIGIT = re.compile(r"\D")
# Every branch of _DATE, _AMOUNT, _TIME, _ID, _PHONE and _CARD needs a digit (``\d``, the
# same Unicode class), so a text without one (most customer turns) skips those six passes.
_DIGIT = re.compile(r"\d")
_ID = re.compile(r"\b[A-Z]{1,4}-?\d{3,}\b")
_EMAIL = re.compile(r"(?<![\w.+*-])[\w.+*-]*\w[\w.+*-]*@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<![\w£$€.,-])\+?\(?\d[\d ()-]{7,}\d(?![\w-])")
_CARD = re.compile(
    r"\b(?:card|account)\b[^.?!\d]{0,25}?\b(?:ending|ends|ended|last (?:four|4)(?: digits)?)"
    r"(?:\s+(?:in|with|of|are|is))?\s*:?\s*(?P<l1>\d{4})\b"
    r"|\b(?:ending|ends)\s+(?:in\s+)?(?P<l2>\d{4})\b"
    r"|(?:[*x•]{2,}[\s-]?)+(?P<l3>\d{4})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Value:
    """One value found in a text: what kind, how it was written, and its normal form."""

    kind: str
    raw: str
    norm: str
    start: int
    end: int


def month_number(word: str) -> int:
    """1..12 from any month name or abbreviation."""
    word = word.lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(word[:3]))


def weekday_name(word: str) -> str:
    """The full weekday name from any abbreviation."""
    word = word.lower().rstrip(".")
    return next(d for d in DAYS if d.startswith(word[:3]))


def amount_norm(text: str) -> str:
    """``'1,240.5'`` -> ``'1240.50'``: two decimals, no separators."""
    return f"{float(text.replace(',', '')):.2f}"


def _dates(text: str) -> Iterator[Value]:
    for m in _DATE.finditer(text):
        g = m.groupdict()
        day = g["d1"] or g["d2"] or g["d3"] or g["d4"]
        month_raw = g["m1"] or g["m2"]
        month = month_number(month_raw) if month_raw else int(g["m3"] or g["m4"])
        if not 1 <= int(day) <= 31 or not 1 <= month <= 12:
            continue
        yield Value("date", m.group(), f"{int(day):02d}-{month:02d}", m.start(), m.end())
        wd = g["wd1"] or g["wd2"] or g["wd3"]
        if wd:
            at = m.start() + m.group().lower().find(wd.lower())
            yield Value("weekday", wd, weekday_name(wd), at, at + len(wd))


def _weekdays(text: str, taken: list[tuple[int, int]]) -> Iterator[Value]:
    for m in _WEEKDAY.finditer(text):
        word = m.group("wd")
        if len(word.rstrip(".")) < 4 and not word[0].isupper():
            continue  # "sun", "sat", "wed" in lower case are words, not days
        if word.lower().rstrip(".") in ("sat", "sun", "wed", "mar", "may") and not word[0].isupper():
            continue
        if any(s <= m.start() < e for s, e in taken):
            continue
        yield Value("weekday", m.group(), weekday_name(word), m.start(), m.end())


def _amounts(text: str) -> Iterator[Value]:
    for m in _AMOUNT.finditer(text):
        number = m.group("a") or m.group("b") or m.group("c")
        yield Value("amount", m.group(), amount_norm(number), m.start(), m.end())


def _times(text: str) -> Iterator[Value]:
    for m in _TIME.finditer(text):
        if m.group("h") is not None:
            hour, minute = int(m.group("h")), int(m.group("mi") or 0)
            if hour > 12:
                continue
            hour = hour % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
        else:
            hour, minute = int(m.group("h2")), int(m.group("mi2"))
        yield Value("time", m.group(), f"{hour:02d}:{minute:02d}", m.start(), m.end())


@lru_cache(maxsize=8192)  # the same reply is searched for each person in the fixtures
def digits(text: str) -> str:
    """Only the digits of ``text``."""
    return _NON_DIGIT.sub("", text)


def extract(text: str) -> tuple[Value, ...]:
    """Every checkable value in ``text``, in order of appearance (cached: replies and
    fixture strings repeat across episodes).

    Example:
        >>> [v.norm for v in extract("Call 0161 496 0000 or write to help@acme.example")]
        ['01614960000', 'help@acme.example']
    """
    return _extract(text)


@lru_cache(maxsize=8192)
def _extract(text: str) -> tuple[Value, ...]:
    if _DIGIT.search(text) is None:  # no date, amount, time, card, phone or id possible
        return _no_digits(text)
    return _every_kind(text)


def _no_digits(text: str) -> tuple[Value, ...]:
    """``_every_kind`` of a text without a digit: only weekdays and e-mails can be in it."""
    weekdays = [*_weekdays(text, [])]
    emails = [Value("email", m.group(), m.group().lower(), m.start(), m.end())
              for m in _EMAIL.finditer(text)]
    return tuple(sorted(weekdays + emails, key=lambda v: (v.start, v.kind)))


def _every_kind(text: str) -> tuple[Value, ...]:
    found: list[Value] = []
    dates = list(_dates(text))
    found += dates
    taken = [(v.start, v.end) for v in dates]
    found += _weekdays(text, taken)
    found += _amounts(text)
    taken += [(v.start, v.end) for v in found if v.kind == "amount"]
    found += (v for v in _times(text) if not any(s <= v.start < e for s, e in taken))
    emails = [Value("email", m.group(), m.group().lower(), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found += emails
    taken += [(v.start, v.end) for v in found]
    for m in _CARD.finditer(text):
        last4 = m.group("l1") or m.group("l2") or m.group("l3")
        at = m.start() + m.group().rfind(last4)
        found.append(Value("card", m.group(), last4, at, at + 4))
    taken += [(v.start, v.end) for v in found if v.kind == "card"]
    for m in _PHONE.finditer(text):
        number = digits(m.group())
        if 9 <= len(number) <= 13 and not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            found.append(Value("phone", m.group(), number, m.start(), m.end()))
    for m in _ID.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append(Value("id", m.group(), m.group().upper().replace("-", ""), m.start(), m.end()))
    return tuple(sorted(found, key=lambda v: (v.start, v.kind)))


def flatten(data: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, leaf) pairs of nested dicts and lists; a dict key is a leaf too (ids).

    Example:
        >>> list(flatten({"orders": {"A1": {"eta": "Friday"}}}))
        [('', 'orders'), ('orders', 'A1'), ('orders.A1', 'eta'), ('orders.A1.eta', 'Friday')]
    """
    if isinstance(data, dict):
        for key, value in data.items():
            yield path, str(key)
            yield from flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list | tuple):
        for value in data:
            yield from flatten(value, path)
    else:
        yield path, data
