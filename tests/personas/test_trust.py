"""Trust checks on LLM-simulated turns: role, identity, invented facts, premature goal."""

from __future__ import annotations

import pytest

from golive.personas.identity import make_identity
from golive.personas.trust import TrustContext, check_turn

KNOWS = {"order_id": "A1001", "account_id": "AC-5120", "email": "sam@example.com"}
CTX = TrustContext(make_identity("en_GB", 1, KNOWS), KNOWS)


@pytest.mark.parametrize("message", [
    "Hello! How can I help you today?",
    "As an AI language model, I cannot do that.",
    "Assistant: your order is on its way.",
    "Thank you for contacting Acme support.",
])
def test_answering_as_the_assistant_is_a_role_break(message: str) -> None:
    reason = check_turn(message, "in_progress", CTX, agent_replies=1)
    assert reason is not None and reason.startswith("role:")


@pytest.mark.parametrize(("message", "start"), [
    ("My email is other.person@example.org.", "identity: gave email other.person@example.org"),
    ("It's order A7777.", "invented fact: mentioned order_id A7777"),
    ("Account AC-9999 please.", "invented fact: mentioned account_id AC-9999"),
])
def test_contradicting_identity_or_fixtures_is_caught(message: str, start: str) -> None:
    reason = check_turn(message, "in_progress", CTX, agent_replies=1)
    assert reason is not None and reason.startswith(start)


def test_own_facts_and_ids_the_agent_mentioned_are_fine() -> None:
    assert check_turn("Order A1001, email sam@example.com, account AC-5120.", "in_progress",
                      CTX, agent_replies=1) is None
    assert check_turn("Is A2002 the one you meant?", "in_progress", CTX, agent_replies=1,
                      seen="I found order A2002 under your name.") is None


def test_a_wrong_name_is_an_identity_contradiction() -> None:
    reason = check_turn("My name is Bartholomew.", "in_progress", CTX, agent_replies=1)
    assert reason is not None and "said their name is Bartholomew" in reason
    own = CTX.identity.first_name
    assert check_turn(f"My name is {own}.", "in_progress", CTX, agent_replies=1) is None


def test_goal_achieved_before_the_agent_spoke_or_when_unachievable_is_premature() -> None:
    early = check_turn("Thanks, all sorted!", "achieved", CTX, agent_replies=0)
    assert early is not None and "before the agent replied" in early
    trap = TrustContext(CTX.identity, KNOWS, goal_achievable=False)
    late = check_turn("Thanks, all sorted!", "achieved", trap, agent_replies=3)
    assert late is not None and "goal_achievable: false" in late
    assert check_turn("Thanks, all sorted!", "achieved", CTX, agent_replies=2) is None
