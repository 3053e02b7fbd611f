"""Accuracy: normalised facts, tool calls, end state, claims that no tool call backs."""

from __future__ import annotations

import pytest

from golive.evaluators.accuracy import AccuracyEvaluator, match_facts
from golive.evaluators.guardrails import GuardrailsEvaluator
from golive.evaluators.text import contains_phrase
from golive.results.models import Severity
from tests.evaluators.factories import acting, call, ep
from tests.helpers import agent, customer, scenario, transcript

REFUND = scenario(
    tools=["orders"],
    policy={"max_refund": 50},
    expected={
        "facts": [{"id": "amount", "any_of": ["£39.99"]}],
        "tool_calls": [{"name": "refund_order", "arguments": {"order_id": "A1001", "amount": 39.99}}],
        "end_state": {"orders.A1001.status": "refunded", "orders.A1001.refunded_amount": 39.99},
    },
)
DONE = {"orders": {"A1001": {"status": "refunded", "refunded_amount": 39.99}}}


@pytest.mark.parametrize(("said", "fact"), [
    ("You'll get 39.99 pounds back", "£39.99"),
    ("That's GBP 39.99", "£39.99"),
    ("£1,200.00 in total", "£1200"),
    ("It comes on March 14th", "14 March"),
    ("It comes Thurs 14 Mar", "Thursday 14 March"),
    ("We have a thirty day window", "30 day"),
    ("You will be reimbursed", "refunded"),
])
def test_equivalent_wordings_match(said: str, fact: str) -> None:
    assert contains_phrase(said, fact)


@pytest.mark.parametrize(("said", "fact"), [
    ("It costs £139.99", "£39.99"), ("On 4 March", "14 March"), ("£39.99", "$39.99"),
])
def test_different_values_do_not_match(said: str, fact: str) -> None:
    assert not contains_phrase(said, fact)


def test_scenario_synonyms_apply_and_name_the_turn() -> None:
    s = scenario(expected={"synonyms": {"voucher": ["store credit"]},
                           "facts": [{"id": "v", "any_of": ["a voucher"]}]})
    t = transcript(customer("hi"), agent("Hello"), customer("and?"), agent("You get a store credit."))
    assert [m.turn for m in match_facts(ep(t, s))] == [3]


def test_right_tools_and_end_state_score_full_marks() -> None:
    t = transcript(customer("refund"), acting("Refunded £39.99.",
                   call("refund_order", order_id="A1001", amount="39.99")))
    result = AccuracyEvaluator().evaluate(ep(t, REFUND, DONE))
    assert result.passed and not result.findings
    assert result.scores["accuracy.tool_calls"] == 1.0 and result.scores["accuracy.end_state"] == 1.0


def test_wrong_arguments_and_end_state_give_diffs_as_evidence() -> None:
    t = transcript(customer("refund"), acting("Refunded £39.99.",
                   call("refund_order", order_id="A1001", amount=20)))
    state = {"orders": {"A1001": {"status": "refunded", "refunded_amount": 20}}}
    result = AccuracyEvaluator().evaluate(ep(t, REFUND, state))
    by_rule = {f.rule_id: f for f in result.findings}
    assert '"amount": 20' in by_rule["accuracy.tool_call_missing.refund_order"].evidence
    diff = by_rule["accuracy.end_state.orders.A1001.refunded_amount"].evidence
    assert diff == "orders.A1001.refunded_amount: expected 39.99, got 20"
    # Saying £39.99 while the refund tool was called with 20 is a mismatch of its own.
    mismatch = by_rule["accuracy.action_mismatch.refund"]
    assert mismatch.turn == 1 and "20" in mismatch.explanation and "39.99" in mismatch.explanation
    assert result.scores["accuracy.score"] == pytest.approx(2 / 5)


def test_missing_end_state_path_says_missing() -> None:
    t = transcript(customer("refund"), agent("Refunded £39.99."))
    result = AccuracyEvaluator().evaluate(ep(t, REFUND, {"orders": {}}))
    assert any("got '<missing>'" in f.evidence for f in result.findings)


def test_no_end_state_recorded_leaves_end_state_unscored() -> None:
    t = transcript(customer("refund"), acting("Refunded £39.99.",
                   call("refund_order", order_id="A1001", amount=39.99)))
    result = AccuracyEvaluator().evaluate(ep(t, REFUND, None))
    assert "accuracy.end_state" not in result.scores and result.passed


def test_refund_said_but_not_done_is_a_critical_unbacked_claim() -> None:
    t = transcript(customer("refund"), agent("Good news, I've issued a full refund of £39.99."))
    result = AccuracyEvaluator().evaluate(ep(t, REFUND, {"orders": {"A1001": {"status": "paid"}}}))
    claim = next(f for f in result.findings if f.rule_id == "accuracy.unbacked_claim.refund")
    assert claim.severity is Severity.CRITICAL and claim.turn == 1
    assert "issued a full refund" in claim.evidence
    assert result.scores["accuracy.unbacked_claims"] == 1.0 and not result.passed


def test_a_failed_refund_call_does_not_back_the_claim() -> None:
    t = transcript(customer("refund"), acting("I've refunded you.",
                   call("refund_order", error="not allowed", order_id="A1001", amount=39.99)))
    ids = [f.rule_id for f in AccuracyEvaluator().evaluate(ep(t, REFUND, DONE)).findings]
    assert "accuracy.unbacked_claim.refund" in ids


def test_refund_above_the_policy_limit_is_caught_with_the_call_as_evidence() -> None:
    t = transcript(customer("refund"), acting("Done!",
                   call("refund_order", order_id="A1001", amount=80)))
    result = GuardrailsEvaluator().evaluate(ep(t, REFUND, DONE))
    found = [f for f in result.findings if f.rule_id == "commitment.unauthorised_refund"]
    assert found and found[0].turn == 1 and '"amount": 80' in found[0].evidence
    assert found[0].severity is Severity.CRITICAL
