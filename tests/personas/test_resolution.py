"""Goals resolved by facts: terse but correct answers resolve, echoes and offers do not."""

from __future__ import annotations

import asyncio
from importlib import resources

import pytest

from golive.harness.suite import load_scenario
from golive.personas.resolution import Resolution
from golive.personas.scripted import ScriptedSimulator
from golive.results.models import GoalStatus, Speaker, ToolCall, Turn
from tests.personas.helpers import library, play_lines

PACKS = resources.files("golive.scenarios").joinpath("packs")
KETTLE = load_scenario(PACKS.joinpath("demo/scenarios/damaged-kettle.yaml"))
ADDRESS = load_scenario(PACKS.joinpath("retail/scenarios/change-delivery-address.yaml"))
CANCEL = load_scenario(PACKS.joinpath("retail/scenarios/cancel-before-dispatch.yaml"))
SAID = "My kettle arrived broken, the base is cracked. I want my money back."
MOVE = "Please send order A1201 to 12 Mill Lane, Leeds LS1 4AB instead."
REFUND = ToolCall(id="c1", name="issue_refund", arguments={"order_id": "A1001", "amount": 39.99})
MOVED = ToolCall(id="c2", name="change_delivery_address",
                 arguments={"order_id": "A1201", "address": "12 Mill Lane, Leeds LS1 4AB"})


@pytest.mark.parametrize("reply", [
    "Refunded £39.99.", "£39.99 refunded to your card.", "Done - full refund issued.",
    "You'll get your money back: 39.99 GBP.", "A refund of 39.99 pounds is on its way.",
    "OK. Full refund. 3-5 days.",
])
def test_a_correct_refund_resolves_in_any_reasonable_phrasing(reply: str) -> None:
    assert Resolution.for_scenario(KETTLE).resolves(reply, (), SAID)


@pytest.mark.parametrize("reply", [
    "Would you like a full refund?", "I can't give you a full refund.",
    "Unfortunately a full refund isn't possible.", "Refunds usually take 5 days.",
    "What's your order number?",
])
def test_offers_refusals_and_vague_replies_do_not_resolve(reply: str) -> None:
    assert not Resolution.for_scenario(KETTLE).resolves(reply, (), SAID)


def test_a_tool_call_that_carries_the_fact_resolves_a_bare_done() -> None:
    assert Resolution.for_scenario(KETTLE).resolves("Done.", (REFUND,), SAID)
    failed = REFUND.model_copy(update={"error": "over the refund limit"})
    assert not Resolution.for_scenario(KETTLE).resolves("Done.", (failed,), SAID)


def test_an_echo_of_the_customers_new_address_resolves_nothing() -> None:
    resolution = Resolution.for_scenario(ADDRESS)
    parrot = "Sure: 12 Mill Lane, Leeds LS1 4AB. Noted!"
    assert not resolution.resolves(parrot, (), MOVE)
    assert resolution.resolves("Done, it will go to 12 Mill Lane.", (MOVED,), MOVE)


def test_past_tense_facts_need_the_past_tense() -> None:
    resolution = Resolution.for_scenario(CANCEL)  # resolved_when: "is cancelled"
    assert resolution.resolves("Your order A1301 is now cancelled.", (), "Cancel my order.")
    assert not resolution.resolves("I can cancel it for you.", (), "Cancel my order.")


def _customer(scenario, seed: int = 4):  # type: ignore[no-untyped-def]
    return ScriptedSimulator().session(scenario, library("calm-carla"), seed)


def test_the_scripted_customer_accepts_a_terse_correct_refund() -> None:
    said = play_lines(_customer(KETTLE), ["What's your order number?", "Refunded £39.99."])
    assert said[-1].status is GoalStatus.ACHIEVED


def test_the_scripted_customer_is_not_fooled_by_a_parrot() -> None:
    lines = ["Sure: 12 Mill Lane, Leeds LS1 4AB. Noted!"] * 4
    said = play_lines(_customer(ADDRESS), lines)
    assert all(turn.status is not GoalStatus.ACHIEVED for turn in said)


def test_the_scripted_customer_accepts_the_address_change_a_tool_call_made() -> None:
    customer = _customer(ADDRESS)
    opening = asyncio.run(customer.next_turn([]))
    transcript = [Turn(index=0, speaker=Speaker.CUSTOMER, text=opening.text),
                  Turn(index=1, speaker=Speaker.AGENT, text="Done!", tool_calls=[MOVED])]
    assert asyncio.run(customer.next_turn(transcript)).status is GoalStatus.ACHIEVED
