"""Values against the truth: wrong facts and unsupported values, in many phrasings, and
innocent look-alikes in several styles that must pass."""

from __future__ import annotations

import pytest

from golive.evaluators.accuracy import AccuracyEvaluator
from golive.evaluators.base import Episode
from golive.evaluators.grounded.facts import UNSUPPORTED, WRONG, check_reply
from golive.evaluators.grounded.sources import static_truth, truth_at
from golive.evaluators.grounded.values import extract
from golive.results.models import Termination
from tests.helpers import agent, customer, scenario, transcript

PARCEL = scenario(
    tools=["orders"],
    fixtures={"orders": {"A1101": {"item": "lamp", "price": 24.0, "status": "out for delivery",
                                   "eta": "Friday 15 March"}},
              "policy": {"refund_window_days": 30}},
    business={"contacts": ["0161 496 0000", "help@acme-shop.example"]},
    customer={"goal": "g", "opening": "hi", "knows": {"order_id": "A1101"}},
)
TRUTH = static_truth(PARCEL)


def rules(reply: str) -> list[tuple[str, str]]:
    return [(c.rule, c.value.norm) for c in check_reply(reply, TRUTH)]


@pytest.mark.parametrize("reply", [
    "Your lamp is arriving Saturday 16 March.",
    "ETA Sat 16th March.",
    "It should be with you on March 16 (Saturday).",
    "Expected delivery: Saturday, March 16.",
    "due 16/03",
    "Arriving Thu 14 March, sorry for the wait!",
])
def test_a_date_the_truth_contradicts_is_a_wrong_fact(reply: str) -> None:
    found = check_reply(reply, TRUTH)
    assert [c.rule for c in found] == [WRONG]
    assert found[0].truth == "Friday 15 March" and "eta" in found[0].where


@pytest.mark.parametrize("reply", [
    "Your lamp is out for delivery, arriving Friday 15 March.",
    "ETA Fri 15th March.",
    "Good news! It's on track for March 15 (Friday). Call us on 0161 496 0000 if needed.",
    "Out for delivery. Due 15/03.",
    "Have a lovely Sunday!",                       # a weekday with no delivery claim
    "Ihre Lampe kommt am Samstag, 16. März.",      # another language: not judged
    "I will check and come back to you shortly.",
    "Your refund, if any, would follow our 30-day policy.",
])
def test_true_or_unjudged_values_pass(reply: str) -> None:
    assert rules(reply) == []


def test_a_weekday_alone_is_checked_only_where_it_claims_arrival() -> None:
    assert rules("It will arrive on Thursday.") == [(WRONG, "thursday")]
    assert rules("Thanks, and enjoy your Thursday.") == []


@pytest.mark.parametrize(("reply", "said"), [
    ("A refund of £14.00 is on its way.", "14.00"),
    ("That's 19 pounds back to you.", "19.00"),
    ("Refunding GBP 34 now.", "34.00"),
])
def test_a_wrong_amount_is_compared_with_the_money_the_truth_holds(reply: str, said: str) -> None:
    found = check_reply(reply, TRUTH)
    assert [(c.rule, c.value.norm, c.truth) for c in found] == [(WRONG, said, "£24.00")]


@pytest.mark.parametrize("reply", [
    "Please ring the courier on 020 7946 0321.",
    "Write to lamps@courier-partner.example for a faster answer.",
    "Someone will call you back at 10am.",
])
def test_a_value_in_no_source_is_unsupported_never_a_leak(reply: str) -> None:
    assert [r for r, _ in rules(reply)] == [UNSUPPORTED]


def test_what_the_customer_said_and_tool_results_are_sources_at_that_turn() -> None:
    t = transcript(customer("I was charged £12.99 twice, call me on 07700 900555"),
                   agent("I can see £12.99 twice; I'll note 07700 900555."))
    truth = truth_at(TRUTH, t.turns, 1)
    assert check_reply(t.turns[1].text, truth) == []
    # ...but not before the customer said it.
    assert [c.rule for c in check_reply(t.turns[1].text, truth_at(TRUTH, t.turns, 0))] == [WRONG, UNSUPPORTED]


def test_the_accuracy_evaluator_reports_value_and_truth_at_the_turn() -> None:
    t = transcript(customer("Where is my lamp? Order A1101."),
                   agent("Your lamp (order A1101) arrives Saturday 16 March."))
    result = AccuracyEvaluator().evaluate(Episode(t, PARCEL, Termination.MAX_TURNS))
    wrong = [f for f in result.findings if f.rule_id == WRONG]
    assert len(wrong) == 1 and wrong[0].turn == 1
    assert "Saturday 16 March" in wrong[0].evidence
    assert "'Friday 15 March'" in wrong[0].explanation
    assert result.scores["accuracy.wrong_facts"] == 1.0 and not result.passed


def test_a_missing_fact_names_the_turn_where_the_customer_asked() -> None:
    s = scenario(expected={"facts": [{"id": "delivery_date", "description": "the delivery date",
                                      "any_of": ["15 March"]}]})
    t = transcript(customer("Hello there"), agent("Hi! How can I help?"),
                   customer("When is my delivery coming?"), agent("Soon."))
    result = AccuracyEvaluator().evaluate(Episode(t, s, Termination.MAX_TURNS))
    missing = next(f for f in result.findings if f.rule_id == "accuracy.fact_missing.delivery_date")
    assert missing.turn == 2 and missing.evidence == "When is my delivery coming?"


def test_extraction_reads_each_kind_once() -> None:
    kinds = [v.kind for v in extract("Order A1101: £24.00 on Fri 15 March at 2pm, card ending 4417, "
                                     "call 0161 496 0000 or mail a@b.example")]
    assert kinds == ["id", "amount", "date", "weekday", "time", "card", "phone", "email"]
