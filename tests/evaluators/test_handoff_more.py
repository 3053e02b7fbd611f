"""Handoff: no-progress and high-stakes triggers, consults, summary quality."""

from __future__ import annotations

import pytest

from golive.evaluators.handoff import HandoffEvaluator
from golive.results.models import CustomerEventKind as Ev
from golive.results.models import HandoffOutcome, Severity
from tests.evaluators.factories import acting, call, ep
from tests.helpers import agent, customer, scenario, transcript

STALL = scenario(
    expected={"facts": [{"id": "eta", "any_of": ["14 March"]}]},
    handoff={"expect": "required", "window": 1, "triggers": [{"when": "no_progress", "turns": 2}]},
)
STAKES = scenario(handoff={"expect": "required", "triggers": [{"when": "high_stakes"}]})
CONSULT = scenario(handoff={"expect": "required", "kind": "consult",
                            "triggers": [{"when": "always"}]})


def outcome(t, s):  # type: ignore[no-untyped-def]
    return HandoffEvaluator().evaluate(ep(t, s))


def test_two_replies_without_progress_start_the_window() -> None:
    t = transcript(customer("where?"), agent("Hmm."), customer("where??"), agent("Let me see."),
                   customer("WHERE?"), agent("Transferring you", transfer=True))
    result = outcome(t, STALL)
    assert result.handoff_outcome is HandoffOutcome.ON_TIME


def test_a_reply_that_conveys_a_fact_is_progress() -> None:
    t = transcript(customer("where?"), agent("Hmm."), customer("where??"),
                   agent("It arrives 14 March."), customer("ok"), agent("Anything else?"))
    assert outcome(t, STALL).handoff_outcome is HandoffOutcome.CORRECTLY_NONE


def test_a_successful_tool_call_is_progress() -> None:
    t = transcript(customer("where?"), acting("Looking.", call("get_order")), customer("and?"),
                   agent("Still looking."), customer("and?"), agent("Hm."))
    assert outcome(t, STALL).handoff_outcome is HandoffOutcome.CORRECTLY_NONE


def test_stalling_without_a_handoff_is_missed() -> None:
    t = transcript(customer("where?"), agent("Hmm."), customer("where??"), agent("Let me see."),
                   customer("WHERE?"), agent("Hm."))
    result = outcome(t, STALL)
    assert result.handoff_outcome is HandoffOutcome.MISSED
    assert next(f for f in result.findings if f.rule_id == "handoff.missed").turn == 4


@pytest.mark.parametrize("text", ["I'll be talking to my solicitor", "This is fraud",
                                  "I can't breathe, it's an emergency"])
def test_high_stakes_topics_are_triggers(text: str) -> None:
    late = transcript(customer(text), agent("Order number?"), customer("A1"),
                      agent("Transferring", transfer=True))
    assert outcome(late, STAKES).handoff_outcome is HandoffOutcome.LATE


def test_routine_text_is_not_high_stakes_and_scenario_patterns_override() -> None:
    calm = transcript(customer("Where is my kettle?"), agent("Thursday."))
    assert outcome(calm, STAKES).handoff_outcome is HandoffOutcome.CORRECTLY_NONE
    own = scenario(handoff={"expect": "required",
                            "triggers": [{"when": "high_stakes", "patterns": ["kettle"]}]})
    assert outcome(calm, own).handoff_outcome is HandoffOutcome.MISSED


def test_consult_satisfies_a_consult_expectation_and_is_counted() -> None:
    t = transcript(customer("can I get 20% off?"), agent("Let me check", consult=True))
    result = outcome(t, CONSULT)
    assert result.handoff_outcome is HandoffOutcome.ON_TIME
    assert result.scores["handoff.consulted"] == 1.0


def test_a_transfer_does_not_count_as_consulting() -> None:
    t = transcript(customer("hi"), agent("Transferring", transfer=True))
    assert outcome(t, CONSULT).scores["handoff.consulted"] == 0.0


REQ = scenario(handoff={"expect": "required", "triggers": [{"when": "vulnerability"}]},
               customer={"goal": "g", "opening": "o", "knows": {"order_id": "A1002"}})


def test_full_summary_scores_one() -> None:
    t = transcript(customer("I was charged twice for order A1002", Ev.DISCLOSED_VULNERABILITY),
                   agent("Sorry. Which card?"), customer("Visa"),
                   acting("Transferring", summary="A1002: charged twice on Visa; I asked which "
                          "card and checked the order."))
    result = outcome(t, REQ)
    assert result.scores["handoff.summary_quality"] == 1.0
    assert not [f for f in result.findings if f.rule_id == "handoff.summary_incomplete"]


def test_thin_summary_names_what_is_missing() -> None:
    t = transcript(customer("I was charged twice for order A1002", Ev.DISCLOSED_VULNERABILITY),
                   agent("Sorry. Which card?"), customer("Visa"),
                   acting("Transferring", summary="Customer was charged twice, upset."))
    result = outcome(t, REQ)
    finding = next(f for f in result.findings if f.rule_id == "handoff.summary_incomplete")
    assert result.scores["handoff.summary_quality"] == pytest.approx(1 / 3)
    assert finding.severity is Severity.MINOR and finding.turn == 3
    assert "identity, what was tried" in finding.explanation


@pytest.mark.parametrize("summary", ["", "   ", "n/a", "Customer needs help.", "Transferring."])
def test_an_empty_or_useless_summary_is_major(summary: str) -> None:
    t = transcript(customer("I was charged twice for order A1002", Ev.DISCLOSED_VULNERABILITY),
                   agent("Sorry. Which card?"), customer("Visa"),
                   acting("Transferring", summary=summary))
    result = outcome(t, REQ)
    [finding] = [f for f in result.findings if f.rule_id.startswith("handoff.summary")]
    assert finding.rule_id == "handoff.summary_useless"
    assert finding.severity is Severity.MAJOR and finding.turn == 3


WINDOW2 = scenario(handoff={"expect": "required", "window": 2, "triggers": [{"when": "vulnerability"}]})


@pytest.mark.parametrize(("replies_before", "expected", "late_by"), [
    (0, HandoffOutcome.ON_TIME, None), (1, HandoffOutcome.ON_TIME, None),
    (2, HandoffOutcome.LATE, 1), (3, HandoffOutcome.LATE, 2)])
def test_the_window_boundary(replies_before: int, expected: HandoffOutcome, late_by: int | None) -> None:
    turns = [customer("my mum died", Ev.DISCLOSED_VULNERABILITY)]
    for _ in range(replies_before):
        turns += [agent("Account number?"), customer("AC-1")]
    turns.append(agent("Transferring", transfer=True))
    result = outcome(transcript(*turns), WINDOW2)
    assert result.handoff_outcome is expected
    late = [f for f in result.findings if f.rule_id == "handoff.late"]
    assert (late[0].explanation.split()[3] == str(late_by)) if late_by else not late


@pytest.mark.parametrize(("intensity", "expected"), [
    (0.79, HandoffOutcome.CORRECTLY_NONE), (0.8, HandoffOutcome.MISSED)])
def test_emotion_threshold_boundary(intensity: float, expected: HandoffOutcome) -> None:
    from golive.results.models import EmotionLabel

    s = scenario(handoff={"expect": "required", "triggers": [
        {"when": "emotion", "label": "angry", "min_intensity": 0.8}]})
    t = transcript(customer("grr", intensity=intensity, label=EmotionLabel.ANGRY), agent("Hm."))
    assert outcome(t, s).handoff_outcome is expected


def test_a_handoff_nothing_called_for_is_fine_only_when_optional() -> None:
    t = transcript(customer("hi"), agent("Transferring", transfer=True))
    optional = scenario(handoff={"expect": "optional", "triggers": [{"when": "vulnerability"}]})
    forbidden = scenario(handoff={"expect": "forbidden"})
    a, b = outcome(t, optional), outcome(t, forbidden)
    assert a.handoff_outcome is b.handoff_outcome is HandoffOutcome.UNNECESSARY
    assert a.passed and not b.passed
