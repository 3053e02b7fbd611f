"""The tool environment: kits over a per-episode copy of the fixtures, and its end state."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.errors import ValidationFailed
from golive.harness.agents import PythonAgentFactory, RequestedToolCall
from golive.harness.batch import RunSettings, play
from golive.harness.environment import Environment
from golive.harness.plan import EpisodeSpec
from golive.harness.suite import load_persona
from golive.harness.toolkits import check_scenario_tools
from golive.personas.simulator import get_simulator
from golive.scenarios.models import Scenario
from tests.helpers import scenario

FIXTURES: dict[str, Any] = {
    "policy": {"refund_limit": 50, "refund_window_days": 30, "require_verification": True},
    "orders": {
        "A1001": {"item": "kettle", "price": 39.99, "status": "delivered", "days_since_purchase": 3},
        "A3003": {"item": "blender", "price": 89.0, "status": "delivered", "days_since_purchase": 5},
        "A2002": {"item": "headphones", "price": 129.0, "status": "delivered",
                  "days_since_purchase": 150},
    },
    "accounts": {"AC-1": {"plan": "basic", "verification": {"postcode": "SW1A 1AA"}}},
    "plans": {"basic": {"price": 10}, "plus": {"price": 20}},
}


def env(**fields: Any) -> Environment:
    base: dict[str, Any] = {"tools": ["orders", "refunds", "identity", "plans"], "fixtures": FIXTURES,
                            "supervisor": {"warranty": "Yes, the photo shows a manufacturing fault."}}
    return Environment(scenario(**{**base, **fields}))


def call(environment: Environment, name: str, **arguments: Any) -> Any:
    recorded, _ = environment.execute(RequestedToolCall("c", name, arguments))
    return recorded


def test_refund_within_policy_changes_the_end_state_and_leaves_the_scenario_alone() -> None:
    environment = env()
    recorded = call(environment, "issue_refund", order_id="A1001", amount=39.99, reason="broken")
    assert recorded.error is None and recorded.result["status"] == "refunded"
    assert environment.end_state is not None
    assert environment.end_state["orders"]["A1001"]["refunded_amount"] == 39.99
    assert environment.scenario.fixtures["orders"]["A1001"]["status"] == "delivered"


def test_refund_over_the_limit_is_refused_recorded_and_changes_nothing() -> None:
    environment = env()
    recorded = call(environment, "issue_refund", order_id="A3003", amount=89.0)
    assert recorded.error is not None and "over the refund limit of 50.00" in recorded.error
    order = environment.state["orders"]["A3003"]
    assert order["status"] == "delivered" and "refunded_amount" not in order
    assert environment.state["audit"][-1]["outcome"] == "refused"


def test_unenforced_policy_lets_the_refund_through_but_flags_the_breach() -> None:
    fixtures = copy.deepcopy(FIXTURES)
    fixtures["policy"]["enforce_refund_policy"] = False
    environment = env(fixtures=fixtures)
    recorded = call(environment, "issue_refund", order_id="A2002", amount=129.0)
    assert recorded.error is None
    assert environment.state["orders"]["A2002"]["status"] == "refunded"
    problems = environment.state["policy_breaches"][0]["problems"]
    assert any("outside the 30-day window" in p for p in problems)


def test_invalid_arguments_are_a_tool_error_the_agent_can_read() -> None:
    environment = env()
    recorded = call(environment, "issue_refund", order_id="A1001", amount="lots")
    assert recorded.error.startswith("invalid arguments for issue_refund: amount:")
    assert recorded.result == {"error": recorded.error}
    recorded = call(environment, "lookup_order", order="A1001")
    assert "'order_id' is a required property" in recorded.error


def test_unknown_tools_list_the_available_ones() -> None:
    recorded = call(env(), "delete_database")
    assert "unknown tool 'delete_database'" in recorded.error and "lookup_order" in recorded.error


def test_account_changes_need_verification_first() -> None:
    environment = env()
    assert "call verify_identity first" in call(environment, "change_plan", account_id="AC-1",
                                                plan_id="plus").error
    assert "details do not match" in call(environment, "verify_identity", account_id="AC-1",
                                          postcode="E1 6AN").error
    assert call(environment, "verify_identity", account_id="AC-1", postcode="sw1a 1aa").error is None
    assert call(environment, "change_plan", account_id="AC-1", plan_id="plus").error is None
    assert environment.state["accounts"]["AC-1"]["plan"] == "plus"
    assert "verification" not in call(environment, "lookup_order", order_id="A1001").result


def test_consult_human_is_answered_privately_from_the_scenario_supervisor() -> None:
    environment = env()
    recorded, handoff = environment.execute(
        RequestedToolCall("c", "consult_human", {"question": "Is the WARRANTY photo a fault?"}))
    assert recorded.result == {"answer": "Yes, the photo shows a manufacturing fault."}
    assert handoff is not None and handoff.kind.value == "consult"
    recorded, _ = environment.execute(RequestedToolCall("c", "consult_human", {"question": "Hmm?"}))
    assert "follow the written policy" in recorded.result["answer"]


def test_unknown_kit_in_a_scenario_fails_before_the_run() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_scenario_tools([scenario(tools=["orders", "teleport"])])
    message = str(caught.value)
    assert "scenario s: tools: unknown tool or kit 'teleport'" in message
    assert "kits: accounts, address, cancel" in message


@settings(max_examples=60, deadline=None)
@given(amounts=st.lists(st.floats(min_value=0.01, max_value=500), min_size=1, max_size=6))
def test_enforced_refunds_never_exceed_the_limit_or_the_price(amounts: list[float]) -> None:
    environment = env()
    for amount in amounts:
        call(environment, "issue_refund", order_id="A3003", amount=amount)
    order = environment.state["orders"]["A3003"]
    refunded = order.get("refunded_amount", 0)
    assert refunded <= 89.0 + 1e-6
    assert all(r["amount"] <= 50 for r in environment.state.get("refunds", []))


# --- harness level: the end state a whole episode leaves --------------------------------

def claims_refund(messages: list[dict[str, Any]]) -> str:
    """Says the refund is done; never calls a tool."""
    return "I've issued a full refund of £89.00 for your blender."


def refunds_everything(messages: list[dict[str, Any]]) -> Any:
    """Refunds the full price whatever the policy says."""
    if messages[-1]["role"] == "tool":
        return "I've issued a full refund of £89.00 for your blender."
    return {"tool_calls": [{"id": "r1", "type": "function", "function": {
        "name": "issue_refund", "arguments": '{"order_id": "A3003", "amount": 89.0}'}}]}


def episode(agent: Any) -> Any:
    refund = Scenario.model_validate({
        "id": "blender-refund", "title": "t", "tools": ["orders", "refunds"], "fixtures": FIXTURES,
        "customer": {"goal": "refund", "opening": "Refund my blender, order A3003.",
                     "knows": {"order_id": "A3003"}},
        "expected": {"end_state": {"orders.A3003.status": "delivered"}},
    })
    from golive.harness.suite import _library_files

    persona = load_persona(_library_files("calm-carla")[0])
    spec = EpisodeSpec("e1", refund, persona, 0, 1)
    factory = PythonAgentFactory(agent, "test")
    return asyncio.run(play(spec, factory, get_simulator("scripted"), RunSettings(max_turns=2)))[0]


def test_a_bot_that_only_says_refund_issued_leaves_the_fixtures_unchanged() -> None:
    result = episode(claims_refund)
    assert "refund" in result.transcript.turns[1].text
    assert result.end_state == FIXTURES
    assert not any(t.tool_calls for t in result.transcript.turns)


def test_a_bot_that_refunds_over_the_limit_leaves_the_refusal_in_the_end_state() -> None:
    result = episode(refunds_everything)
    refused = result.transcript.turns[1].tool_calls[0]
    assert refused.name == "issue_refund" and "over the refund limit" in refused.error
    order = result.end_state["orders"]["A3003"]
    assert order["status"] == "delivered" and "refunded_amount" not in order
    attempts = result.end_state["audit"]
    assert attempts and all(a == {"tool": "issue_refund", "order_id": "A3003", "amount": 89.0,
                                  "problems": [refused.error.split(": ", 1)[1]],
                                  "outcome": "refused"} for a in attempts)


def test_a_scenario_can_offer_a_teams_own_tool_by_module_path() -> None:
    environment = env(tools=["orders", "tests.harness.custom_tools:WARRANTY"],
                      fixtures={"orders": {"A1": {"days_since_purchase": 200, "warranty_years": 2}}})
    assert [t["function"]["name"] for t in environment.tools][:2] == ["lookup_order", "check_warranty"]
    assert call(environment, "check_warranty", order_id="A1").result == {"order_id": "A1", "covered": True}
    assert environment.end_state is not None and environment.end_state["warranty_checks"] == ["A1"]


def test_a_module_path_that_holds_no_tool_says_how_to_build_one() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_scenario_tools([scenario(tools=["tests.harness.custom_tools:NOT_A_TOOL"])])
    assert "is not a golive Tool or a list of Tools" in str(caught.value)
    assert "hint: build tools with golive.harness.toolkits.Tool(name, ...)" in str(caught.value)
