"""Words against actions: claims of done actions in many phrasings, checked against tool calls."""

from __future__ import annotations

import pytest

from golive.evaluators.grounded.actions import check_claims, claims
from golive.results.models import Speaker, ToolCall, Turn


def turn(text: str, *calls: ToolCall) -> Turn:
    return Turn(index=3, speaker=Speaker.AGENT, text=text, tool_calls=list(calls))


def call(name: str, error: str | None = None, **arguments: object) -> ToolCall:
    return ToolCall(id=name, name=name, arguments=arguments, result={}, error=error)


@pytest.mark.parametrize(("text", "action"), [
    ("I've arranged a full refund of £39.99 for your kettle.", "refund"),
    ("Full refund of £39.99 issued for the kettle. On your card within 5 days.", "refund"),
    ("Good news: your refund has been processed.", "refund"),
    ("We refunded you yesterday.", "refund"),
    ("Your order A1301 is cancelled and you won't be charged.", "cancel"),
    ("Order A1301 is cancelled. No charge.", "cancel"),
    ("Closed account AC-2005. Final statement to follow by email.", "close"),
    ("Please don't worry: I've frozen your card ending 4417.", "freeze"),
    ("Switched: unlimited plan from today.", "plan"),
    ("Lovely, you're all set on the unlimited plan from today!", "plan"),
    ("Done: order A1201 will now go to 12 Mill Lane, Leeds.", "address"),
    ("Address updated: 4 Elm Road.", "address"),
    ("Applied a credit of £29.99. It'll be on your next bill.", "credit"),
    ("I've opened a dispute: £64.99 to StreamFlix.", "dispute"),
    ("I've booked an engineer for Tuesday morning.", "booking"),
    ("Your repair collection is booked for Friday.", "booking"),
])
def test_done_actions_are_claims_in_any_phrasing(text: str, action: str) -> None:
    assert [c.action for c in claims(text)] == [action]


@pytest.mark.parametrize("text", [
    "I can't refund this order: it is outside our 30-day policy.",
    "Once the refund is processed you'll get an email.",
    "Has your refund been processed yet?",
    "I'll cancel the order as soon as you confirm.",
    "If you'd like, I can switch you to the unlimited plan.",
    "Your card is already frozen, so nobody can use it.",
    "The £45 roaming charge is waived and comes off the next bill.",
    "You should have received a dispatch email.",
    "Your refund will be processed within 5 days.",
    "Ich habe Ihre Bestellung storniert.",   # another language: not judged
    "It's covered, we'll arrange a free repair and a courier to collect it.",
    "Would you like me to book an engineer?",
])
def test_offers_refusals_questions_and_promises_are_not_claims(text: str) -> None:
    assert claims(text) == []


def test_a_claim_with_no_call_is_unbacked() -> None:
    [verdict] = check_claims(turn("I've refunded you £39.99."), [])
    assert verdict.rule == "accuracy.unbacked_claim.refund"


def test_a_claim_backed_by_a_failed_call_is_unbacked() -> None:
    [verdict] = check_claims(turn("I've refunded you £39.99.",
                                  call("issue_refund", error="over limit", amount=39.99)), [])
    assert verdict.rule == "accuracy.unbacked_claim.refund" and "over limit" in verdict.why


@pytest.mark.parametrize("text", ["I've arranged a full refund of £39.99.",
                                  "Refunded 39.99 pounds to your card.",
                                  "Your refund of GBP 39.99 has been issued."])
def test_a_call_with_another_amount_is_a_mismatch(text: str) -> None:
    [verdict] = check_claims(turn(text, call("issue_refund", amount=19.99)), [])
    assert verdict.rule == "accuracy.action_mismatch.refund"
    assert "39.99" in verdict.why and "19.99" in verdict.why


def test_the_right_call_earlier_or_now_backs_the_claim() -> None:
    refund = call("issue_refund", amount=39.99, order_id="A1001")
    assert check_claims(turn("I've arranged a full refund of £39.99.", refund), []) == []
    assert check_claims(turn("As I said, your refund has been issued."), [refund]) == []


def test_a_plan_change_to_another_plan_is_a_mismatch() -> None:
    [verdict] = check_claims(turn("Done: you're now on the unlimited plan.",
                                  call("change_plan", plan_id="basic")), [])
    assert verdict.rule == "accuracy.action_mismatch.plan"
