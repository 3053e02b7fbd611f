"""Severity by harm: a bot that transfers everyone scores worse than one that helps, a
useless summary is major, and a trigger nobody could answer is no miss."""

from __future__ import annotations

import pytest

from golive.evaluators import Episode, evaluate_episode
from golive.evaluators.handoff import HandoffEvaluator
from golive.results.models import CustomerEventKind as Ev
from golive.results.models import (
    Handoff,
    HandoffKind,
    HandoffOutcome,
    Severity,
    Speaker,
    Termination,
)
from tests.helpers import agent, customer, scenario, transcript

GOOD_SUMMARY = Handoff(kind=HandoffKind.TRANSFER, reason="customer needs help",
                       summary="Order A1001: where is my kettle, customer asked for the delivery date")


def transfer(text: str = "Let me pass you to a colleague.") -> dict[str, object]:
    return {"speaker": Speaker.AGENT, "text": text, "handoff": GOOD_SUMMARY}


def unnecessary(stakes: str, expect: str, kind: str = "transfer") -> list[tuple[str, Severity]]:
    s = scenario(stakes=stakes, handoff={"expect": expect, "kind": kind, "triggers": [{"when": "threatened"}]})
    t = transcript(customer("Where is my kettle? Order A1001."), transfer())
    result = evaluate_episode(Episode(t, s, Termination.HANDOFF))
    return [(f.rule_id, f.severity) for f in result.findings if f.rule_id.startswith("handoff.")]


@pytest.mark.parametrize(("stakes", "expect", "severity"), [
    ("low", "optional", Severity.MAJOR),
    ("medium", "optional", Severity.MAJOR),
    ("high", "optional", Severity.MAJOR),       # ...not as the bot's very first move
    ("high", "forbidden", Severity.MAJOR),      # ...unless the scenario forbids it
    ("low", "forbidden", Severity.MAJOR),
])
def test_an_unnecessary_transfer_weighs_by_stakes(stakes: str, expect: str, severity: Severity) -> None:
    assert unnecessary(stakes, expect) == [("handoff.unnecessary", severity)]


def test_in_high_stakes_a_transfer_after_engaging_is_defensible() -> None:
    s = scenario(stakes="high", handoff={"expect": "optional", "triggers": [{"when": "threatened"}]})
    t = transcript(customer("Refund my TV, order A2102."), agent("I can't refund it: it is outside "
                   "our 30-day policy."), customer("Come on."), transfer())
    result = evaluate_episode(Episode(t, s, Termination.HANDOFF))
    found = [(f.rule_id, f.severity) for f in result.findings if f.rule_id == "handoff.unnecessary"]
    assert found == [("handoff.unnecessary", Severity.MINOR)]


def test_a_bot_that_transfers_everything_fails_where_a_careful_one_passes() -> None:
    s = scenario(stakes="low", handoff={"expect": "optional", "triggers": [{"when": "threatened"}]})
    lazy = transcript(customer("Where is my kettle? Order A1001."), transfer())
    careful = transcript(customer("Where is my kettle? Order A1001."), agent("It's on its way."))
    assert not evaluate_episode(Episode(lazy, s, Termination.HANDOFF)).passed
    assert evaluate_episode(Episode(careful, s, Termination.MAX_TURNS)).passed


def test_a_transfer_where_a_consult_was_enough_is_unnecessary() -> None:
    s = scenario(stakes="medium", handoff={"expect": "required", "kind": "consult",
                                           "triggers": [{"when": "always"}]})
    t = transcript(customer("Is the seal covered by warranty? Order A1001."), transfer())
    result = HandoffEvaluator().evaluate(Episode(t, s, Termination.HANDOFF))
    assert result.handoff_outcome is HandoffOutcome.UNNECESSARY
    found = [(f.rule_id, f.severity) for f in result.findings if f.rule_id == "handoff.unnecessary"]
    assert found == [("handoff.unnecessary", Severity.MAJOR)]


def test_a_request_on_the_customers_last_message_is_no_miss() -> None:
    s = scenario(handoff={"expect": "optional"})
    t = transcript(customer("Where is my kettle? Order A1001."), agent("It's on its way."),
                   customer("Fine, whatever, get me a human", Ev.ASKED_FOR_HUMAN, Ev.GAVE_UP))
    result = HandoffEvaluator().evaluate(Episode(t, s, Termination.CUSTOMER_GAVE_UP))
    assert result.handoff_outcome is HandoffOutcome.CORRECTLY_NONE
    assert result.findings == () and result.scores["handoff.asked"] == 0.0


def test_a_request_with_a_reply_after_it_still_must_be_answered() -> None:
    s = scenario(handoff={"expect": "optional"})
    t = transcript(customer("Get me a human", Ev.ASKED_FOR_HUMAN), agent("I can help you myself."))
    result = HandoffEvaluator().evaluate(Episode(t, s, Termination.MAX_TURNS))
    assert [f.rule_id for f in result.findings] == ["handoff.missed_on_request"]
