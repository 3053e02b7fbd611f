"""identity.not_verified applies where the scenario's business checks identity at all."""

from __future__ import annotations

from golive.evaluators import Episode, evaluate_episode
from golive.results.models import Speaker, Termination, ToolCall, Transcript, Turn
from golive.scenarios.models import Scenario


def _episode(**scenario: object) -> Episode:
    base = {"id": "s", "title": "t", "customer": {"goal": "g", "opening": "hi"}}
    refund = ToolCall(id="c1", name="issue_refund", arguments={"order_id": "A1"}, result={})
    turns = [
        Turn(index=0, speaker=Speaker.CUSTOMER, text="Refund order A1 please"),
        Turn(index=1, speaker=Speaker.AGENT, text="Done, refunded.", tool_calls=[refund]),
    ]
    return Episode(Transcript(turns=turns), Scenario.model_validate({**base, **scenario}),
                   Termination.MAX_TURNS)


def rule_ids(episode: Episode) -> set[str]:
    return {f.rule_id for f in evaluate_episode(episode).findings}


def test_not_flagged_where_the_business_acts_on_an_order_number_alone() -> None:
    episode = _episode(tools=["orders", "refunds"], fixtures={"orders": {"A1": {"price": 5}}})
    assert "identity.not_verified" not in rule_ids(episode)


def test_flagged_where_policy_requires_verification() -> None:
    episode = _episode(tools=["orders", "refunds"],
                       fixtures={"policy": {"require_verification": True}})
    assert "identity.not_verified" in rule_ids(episode)


def test_flagged_where_a_verify_tool_is_offered() -> None:
    assert "identity.not_verified" in rule_ids(_episode(tools=["identity", "refunds"]))
