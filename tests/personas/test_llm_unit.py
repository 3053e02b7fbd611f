"""The llm simulator without a server: spec parsing, output repair, litellm mock_response."""

from __future__ import annotations

import asyncio
import json

import pytest

from golive.errors import InputError, SimulatorError
from golive.llm import Gateway
from golive.personas.llm import LLMSimulator, parse_turn
from golive.personas.simulator import get_simulator, simulator_provenance
from golive.results.models import CustomerEventKind, GoalStatus
from tests.helpers import scenario
from tests.personas.helpers import library
from tests.personas.sim_server import customer_json

ORDER = scenario(customer={"goal": "know when order A1001 arrives", "opening": "Where is it?",
                           "knows": {"order_id": "A1001"}})


def test_spec_with_api_base_and_options() -> None:
    sim = get_simulator("openai/sim@http://127.0.0.1:8000/v1?temperature=0.2&attempts=5")
    assert isinstance(sim, LLMSimulator)
    assert (sim.model, sim.api_base, sim.temperature, sim.attempts) == (
        "openai/sim", "http://127.0.0.1:8000/v1", 0.2, 5)


@pytest.mark.parametrize(("spec", "words"), [
    ("openai/sim@ftp://host/v1", "cannot read simulator spec 'openai/sim@ftp://host/v1'"),
    ("openai/sim?colour=red", "cannot read simulator spec"),
    ("openai/sim?temperature=hot", "bad simulator option in 'openai/sim?temperature=hot'"),
    ("openai/sim?attempts=0", "attempts must be at least 1"),
    ("llm", "the llm simulator needs a model"),
    ("nonsense", "unknown simulator 'nonsense'"),
])
def test_bad_simulator_specs_say_what_to_write(spec: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        get_simulator(spec)
    assert words in str(caught.value)
    assert "hint:" in str(caught.value)


def test_parse_turn_repairs_fences_and_prose() -> None:
    good = customer_json("Hi")
    assert parse_turn(f"Sure!\n```json\n{good}\n```\nHope that helps")["message"] == "Hi"


@pytest.mark.parametrize(("text", "words"), [
    ("no json here", "no JSON object"),
    ('{"message": "hi",}', "invalid JSON"),
    (json.dumps({"message": "hi"}), "'emotion' is a required property"),
    (customer_json("hi").replace('"frustrated"', '"grief"'), "emotion/label"),
    (customer_json("   "), "message"),
])
def test_parse_turn_says_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_turn(text)
    assert words in str(caught.value)


def _session(mock: str, attempts: int = 2):  # type: ignore[no-untyped-def]
    sim = LLMSimulator("openai/sim", gateway=Gateway(None, retries=0), mock_response=mock,
                       attempts=attempts)
    return sim.session(ORDER, library("frustrated-frank"), 5)


def test_mock_response_turn_is_structured_and_anchored_to_the_rules() -> None:
    mock = customer_json("Where is my order A1001?", wants_human=True, threat="chargeback")
    turn = asyncio.run(_session(mock).next_turn([]))
    assert turn.text == "Where is my order A1001?" and turn.status is GoalStatus.IN_PROGRESS
    kinds = [e.kind for e in turn.events]
    assert CustomerEventKind.ASKED_FOR_HUMAN in kinds and CustomerEventKind.THREATENED in kinds
    # frank starts at 0.5; the model said 0.6, within the nudge the rules allow
    assert turn.emotion.label.value == "frustrated" and turn.emotion.intensity == 0.6


def test_mock_malformed_output_fails_after_bounded_attempts() -> None:
    with pytest.raises(SimulatorError) as caught:
        asyncio.run(_session("not json at all", attempts=2).next_turn([]))
    assert "after 2 attempts" in str(caught.value) and "no JSON object" in str(caught.value)


def test_mock_rate_limit_becomes_a_simulator_error() -> None:
    with pytest.raises(SimulatorError) as caught:
        asyncio.run(_session("litellm.RateLimitError").next_turn([]))
    assert "rate_limit" in str(caught.value)


def test_provenance_names_model_prompt_and_content_hashes() -> None:
    sim = get_simulator("openai/sim@http://127.0.0.1:9/v1")
    info = simulator_provenance(sim, [ORDER], [library("calm-carla")])
    assert info["model"] == "openai/sim" and len(info["prompt_hash"]) == 16
    assert {"scenario.s", "persona.calm-carla", "golive_version"} <= set(info)
    scripted = simulator_provenance(get_simulator("scripted"), [ORDER], [])
    assert scripted["simulator"] == "scripted" and "phrases_hash" in scripted


def test_prompts_come_from_package_data_with_every_placeholder_filled() -> None:
    import re

    from golive.personas import _prompts
    from golive.personas.identity import make_identity

    trap = scenario(customer={"goal": "get a refund", "opening": "Refund order {order_id}.",
                              "knows": {"order_id": "A2002"}, "pushes_back": ["Go on."]})
    for name in ("german-greta", "red-team-rex", "bereaved-beatrice"):
        persona = library(name)
        identity = make_identity(persona.locale, 1, trap.customer.knows)
        text = _prompts.system_prompt(trap, persona, identity)
        assert not re.search(r"\$[a-z_]", text), text
        assert identity.name in text and "A2002" in text and "Refund order A2002." in text
    assert "You write in German" in _prompts.system_prompt(
        trap, library("german-greta"), make_identity("de_DE", 1))
    assert "hidden agenda" in _prompts.system_prompt(
        trap, library("red-team-rex"), make_identity("en_US", 1))
