"""What the bot could know at a turn: the episode's truth, gathered as checkable values.

Sources, each value labelled with where it came from (so a finding can quote the truth):
the scenario's ground truth (expected facts, tool calls, end state), its fixtures, the
supervisor's answers, the business's own published contacts, the customer's identity
(``customer.knows``), what the customer said before the turn, and the tool calls made up
to and including the turn (their arguments and results).

Example:
    >>> from golive.scenarios.models import Scenario
    >>> s = Scenario.model_validate({"id": "s", "title": "t", "customer": {"goal": "g",
    ...     "opening": "hi"}, "fixtures": {"orders": {"A1": {"eta": "Thursday 14 March"}}}})
    >>> truth = static_truth(s)
    >>> truth.has_kind("date"), truth.find("date", "14-03")
    (True, 'fixtures orders.A1.eta')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from golive.evaluators.grounded.values import DAYS, Value, amount_norm, digits, extract, flatten
from golive.results.models import Speaker, Turn
from golive.scenarios.models import Scenario

#: Fixture keys whose numbers are money (the truths a wrong amount is compared with).
MONEY_KEYS = ("price", "amount", "balance", "refund", "limit", "bill", "credit", "fee", "charge",
              "total", "cost", "paid")

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?!\d)")
_DAY_WORD = re.compile(r"\b(" + "|".join(DAYS) + r")\b")
_NOT_MONEY = re.compile(r"days|window|count|percent|rate|age|months|years", re.I)


@dataclass
class Truth:
    """Normal forms of known values by kind, each with the first place it came from."""

    values: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Each known date's weekday, where a source wrote both ("Thursday 14 March").
    weekday_of: dict[str, str] = field(default_factory=dict)
    #: Raw text of each known value, for quoting the truth in a finding.
    raw: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, kind: str, norm: str, where: str, raw: str = "") -> None:
        """Know ``norm`` (of ``kind``) from ``where``; the first source wins."""
        bucket = self.values.setdefault(kind, {})
        if norm not in bucket:
            bucket[norm] = where
            self.raw[(kind, norm)] = raw or norm

    def find(self, kind: str, norm: str) -> str | None:
        """Where ``norm`` is known from, or None."""
        if kind == "phone":  # +44 7700 900123 = 07700 900123: compare the last nine digits
            tail = norm[-9:]
            return next((w for n, w in self.values.get(kind, {}).items() if n[-9:] == tail), None)
        return self.values.get(kind, {}).get(norm)

    def has_kind(self, kind: str) -> bool:
        """Whether any value of ``kind`` is known."""
        return bool(self.values.get(kind))

    def known(self, kind: str) -> dict[str, str]:
        """Known normal forms of ``kind`` and where each came from."""
        return dict(self.values.get(kind, {}))

    def copy(self) -> Truth:
        """An independent copy (per-turn truth grows from the static truth)."""
        return Truth({k: dict(v) for k, v in self.values.items()}, dict(self.weekday_of), dict(self.raw))

    def add_text(self, text: str, where: str) -> None:
        """Know every value written in ``text``, and every bare number as a possible amount."""
        found = extract(text)
        for value in found:
            self.add(value.kind, value.norm, where, value.raw)
            if value.kind == "amount":
                self.add("money", value.norm, where, value.raw)
        _pair_weekdays(self, found)
        for number in _NUMBER.findall(text):
            self.add("number", amount_norm(number), where)
        for day in _DAY_WORD.findall(text.lower()):
            self.add("weekday", day, where, day.capitalize())

    def add_data(self, data: Any, where: str) -> None:
        """Know every leaf of structured data (fixtures, tool results), numbers included."""
        for path, leaf in flatten(data):
            label = f"{where} {path}".strip()
            key = path.rsplit(".", 1)[-1]
            if isinstance(leaf, bool) or leaf is None:
                continue
            if isinstance(leaf, int | float):
                self.add("number", amount_norm(str(leaf)), label, str(leaf))
                if any(k in key.lower() for k in MONEY_KEYS) and not _NOT_MONEY.search(key):
                    self.add("money", amount_norm(str(leaf)), label, f"£{float(leaf):.2f}")
                continue
            text = str(leaf)
            self.add_text(text, label)
            if key.lower() in ("last4", "card_last4") or key.lower().endswith("last4"):
                self.add("card", digits(text), label, text)
            if "email" in key.lower():
                self.add("email", text.lower(), label, text)
            if "phone" in key.lower() or "mobile" in key.lower():
                self.add("phone", digits(text), label, text)


def _pair_weekdays(truth: Truth, found: tuple[Value, ...]) -> None:
    for date, weekday in zip(found, found[1:], strict=False):
        if date.kind == "date" and weekday.kind == "weekday" and weekday.start < date.end:
            truth.weekday_of.setdefault(date.norm, weekday.norm)


def _labelled(scenario: Scenario) -> list[tuple[str, Any]]:
    expected = scenario.expected
    return [
        ("fixtures", scenario.fixtures),
        ("facts", {f.id: f.any_of for f in expected.facts}),
        ("expected tool calls", [c.arguments for c in expected.tool_calls]),
        ("expected end state", expected.end_state),
        ("supervisor", scenario.supervisor),
        ("business contacts", list(scenario.business.contacts)),
        ("customer", scenario.customer.knows),
        ("policy", {"max_refund": scenario.policy.max_refund}),
    ]


_STATIC: dict[int, tuple[Scenario, Truth]] = {}


def static_truth(scenario: Scenario) -> Truth:
    """Everything the scenario says is true, whatever the turn (built once per scenario
    object: re-scoring thousands of episodes shares a handful of scenarios). Callers that
    add to it take a ``copy()``."""
    cached = _STATIC.get(id(scenario))
    if cached is not None and cached[0] is scenario:
        return cached[1]
    truth = Truth()
    for where, data in _labelled(scenario):
        truth.add_data(data, where)
    if len(_STATIC) > 256:
        _STATIC.clear()
    _STATIC[id(scenario)] = (scenario, truth)
    return truth


def add_turn(truth: Truth, turn: Turn) -> None:
    """Know what ``turn`` adds: a customer's words, or the agent's tool calls and results."""
    if turn.speaker is Speaker.CUSTOMER:
        truth.add_text(turn.text, f"customer turn {turn.index}")
    for call in turn.tool_calls:
        where = f"tool {call.name} (turn {turn.index})"
        truth.add_data(call.arguments, where)
        if call.error is None:
            result = call.result
            if isinstance(result, str):
                try:
                    result = json.loads(result)
                except json.JSONDecodeError:
                    truth.add_text(result, where)
                    continue
            truth.add_data(result, where)


def truth_at(static: Truth, turns: list[Turn], upto: int) -> Truth:
    """``static`` plus what the customer said before turn ``upto`` and every tool call up to it."""
    truth = static.copy()
    for turn in turns[:upto + 1]:
        if turn.speaker is Speaker.AGENT or turn.index < upto:
            add_turn(truth, turn)
    return truth
