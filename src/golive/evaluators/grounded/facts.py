"""Values in agent replies against the episode's truth: wrong facts and unsupported values.

Every amount, date, weekday, time, id, e-mail, phone and card ending an agent reply states
is looked up in what the bot could know at that turn (``sources.truth_at``):

- found: fine;
- not found, while the truth holds a value of the same kind (a delivery date, an amount
  of money, an order id): ``accuracy.wrong_fact``, quoting what was said and the truth;
- not found anywhere: ``accuracy.unsupported_value``, a hallucination (an invented phone
  number is this, never a personal-data leak).

A weekday is checked against its date where a source wrote both ("Thursday 14 March"); a
weekday on its own only where the reply talks about arrival or delivery, so "have a good
Friday" is not a claim. Masked e-mails and other customers' data are judged by
``records``, not here.

Example:
    >>> from golive.scenarios.models import Scenario
    >>> s = Scenario.model_validate({"id": "s", "title": "t", "customer": {"goal": "g",
    ...     "opening": "hi"}, "fixtures": {"orders": {"A1": {"eta": "Thursday 14 March"}}}})
    >>> [(c.rule, c.value.raw, c.truth) for c in check_reply("Arriving Friday 15 March.", static_truth(s))]
    [('accuracy.wrong_fact', 'Friday 15 March.', 'Thursday 14 March')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from golive.evaluators.grounded.sources import Truth, static_truth
from golive.evaluators.grounded.values import Value, extract

__all__ = ["Check", "check_reply", "static_truth"]

WRONG = "accuracy.wrong_fact"
UNSUPPORTED = "accuracy.unsupported_value"
_ARRIVAL = re.compile(r"\b(arriv\w*|deliver\w*|due|expected|eta|dispatch\w*|reach(es)? you|"
                      r"get to you|with you|ship\w*|collect\w*|turn up)\b", re.I)
_MASKED = re.compile(r"[*•x]{2,}|\*")
#: Kinds whose truth a wrong value is compared with; the others can only be unsupported.
_COMPARABLE = {"date": "date", "amount": "money", "weekday": "weekday", "id": "id"}


@dataclass(frozen=True)
class Check:
    """One value that failed its check."""

    rule: str
    value: Value
    truth: str = ""
    where: str = ""


def _amount_known(truth: Truth, norm: str) -> bool:
    return any(truth.find(kind, norm) for kind in ("amount", "money", "number"))


def _nearest(kind: str, norm: str, known: dict[str, str]) -> str | None:
    if not known:
        return None
    if kind == "amount":
        return min(known, key=lambda k: (abs(float(k) - float(norm)), k))
    if kind == "date":
        def days(n: str) -> int:
            d, m = map(int, n.split("-"))
            try:
                return date(2024, m, d).toordinal()
            except ValueError:
                return 0
        return min(known, key=lambda k: (abs(days(k) - days(norm)), k))
    if kind == "id":
        prefix = re.match(r"[A-Z]*", norm)
        same = [k for k in known if prefix and re.match(r"[A-Z]*", k).group() == prefix.group()]  # type: ignore[union-attr]
        return min(same) if same else None
    return min(known)


def _sentence(text: str, value: Value) -> str:
    start = max(text.rfind(c, 0, value.start) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, value.end) for c in ".!?\n") if i >= 0]
    return text[start:min(ends) if ends else len(text)]


def _check(value: Value, text: str, truth: Truth) -> Check | None:
    kind = value.kind
    if kind == "amount":
        if _amount_known(truth, value.norm):
            return None
    elif kind == "email":
        if _MASKED.search(value.raw.split("@")[0]) or truth.find("email", value.norm):
            return None  # a masked address is a records question
    elif kind == "weekday":
        return None  # judged with its date, or alone in _standalone_weekday
    elif truth.find(kind, value.norm):
        return None
    if kind == "id" and (truth.find("number", value.norm.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) is None
                         and not truth.has_kind("id")):
        return Check(UNSUPPORTED, value)
    compare = _COMPARABLE.get(kind)
    known = truth.known(compare) if compare else {}
    near = _nearest(kind, value.norm, known) if compare else None
    if near is not None and compare is not None:
        return Check(WRONG, value, truth.raw.get((compare, near), near), known[near])
    return Check(UNSUPPORTED, value)


def _weekday_checks(values: Sequence[Value], text: str, truth: Truth) -> list[Check]:
    found = []
    for i, value in enumerate(values):
        if value.kind != "weekday":
            continue
        date_value = next((v for v in values[max(0, i - 1):i + 2]
                           if v.kind == "date" and v.start <= value.start < v.end), None)
        if date_value is not None:
            expected = truth.weekday_of.get(date_value.norm)
            if expected and expected != value.norm and truth.find("date", date_value.norm):
                found.append(Check(WRONG, date_value, f"{expected.capitalize()} {date_value.norm}",
                                   truth.known("date")[date_value.norm]))
            continue
        if not _ARRIVAL.search(_sentence(text, value)) or truth.find("weekday", value.norm):
            continue
        known = truth.known("weekday")
        if known:
            near = min(known)
            found.append(Check(WRONG, value, truth.raw.get(("weekday", near), near), known[near]))
        elif not truth.has_kind("date"):
            found.append(Check(UNSUPPORTED, value))
    return found


def check_reply(text: str, truth: Truth) -> list[Check]:
    """The values in one reply that the truth contradicts or does not support."""
    values = extract(text)
    found = [c for v in values if (c := _check(v, text, truth)) is not None]
    found += _weekday_checks(values, text, truth)
    seen: set[tuple[str, str]] = set()
    unique = []
    for check in sorted(found, key=lambda c: c.value.start):
        key = (check.rule, check.value.norm)
        if key not in seen:
            seen.add(key)
            unique.append(check)
    return unique
