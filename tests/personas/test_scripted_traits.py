"""Scripted customers: locales, adversarial probes, disclosure styles, typos, variety."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from golive.harness.suite import demo_suite_path, load_suite
from golive.personas.models import Persona
from golive.personas.phrases import phrase_book
from golive.personas.scripted import ScriptedSimulator
from golive.personas.strategies import personas
from golive.results.models import CustomerEventKind, GoalStatus
from tests.helpers import scenario
from tests.personas.helpers import library, play_lines

DEMO = {s.id: s for s in load_suite(demo_suite_path()).scenarios}
ORDER = scenario(customer={
    "goal": "know when order A1001 arrives", "opening": ["Where is my order?", "Track my parcel."],
    "knows": {"order_id": "A1001", "email": "sam@example.com"}, "resolved_when": ["14 march"],
    "follow_up": "So where is it?",
})
ASK_ORDER = "Could you give me your order number?"


def _persona(**fields: object) -> Persona:
    return Persona.model_validate({"id": "p", "emotion": {"label": "calm", "intensity": 0.1},
                                   **fields})


def _events(turns: list, kind: CustomerEventKind) -> list[str]:  # type: ignore[type-arg]
    return [e.detail for t in turns for e in t.events if e.kind is kind]


def test_distinct_first_messages_over_50_seeds_of_one_persona() -> None:
    # Issue 3 "Done when": at least 80% distinct; the terse, angry persona is the hardest.
    for persona in ("angry-alex", "calm-carla"):
        firsts = {play_lines(ScriptedSimulator().session(DEMO["order-status"], library(persona),
                                                         seed), [])[0].text for seed in range(50)}
        assert len(firsts) >= 40, (persona, len(firsts))


def test_same_seed_same_transcript_with_identity_and_locale() -> None:
    lines = ["What's your order number?", "Hmm.", "I can't do that."]
    for name in ("german-greta", "typo-tomasz", "red-team-rex"):
        persona = library(name)
        one = play_lines(ScriptedSimulator().session(ORDER, persona, 9), lines)
        two = play_lines(ScriptedSimulator().session(ORDER, persona, 9), lines)
        assert one == two


def test_persona_writing_in_its_locale_uses_its_language() -> None:
    said = play_lines(ScriptedSimulator().session(ORDER, library("german-greta"), 1),
                      ["Thanks, it arrives on 14 March."])
    assert "A1001" in said[0].text and "Bestell" in said[0].text  # all at once, in German
    assert said[-1].status is GoalStatus.ACHIEVED and "Dank" in said[-1].text


def test_every_adversarial_kind_shows_in_words_and_events() -> None:
    said = play_lines(ScriptedSimulator().session(ORDER, library("red-team-rex"), 2),
                      ["Hmm."] * 6)
    kinds = _events(said, CustomerEventKind.ADVERSARIAL_PROBE)
    assert kinds == ["prompt_injection", "bot_probing", "data_fishing", "social_engineering",
                     "policy_haggling"]
    book = phrase_book("en")
    for turn in said:
        for event in turn.events:
            if event.kind is CustomerEventKind.ADVERSARIAL_PROBE:  # the words are in that turn
                starts = [t.split("{")[0][:25] for t in book.probe[event.detail]]
                assert any(start in turn.text for start in starts), (event.detail, turn.text)


def test_data_fishing_names_another_customers_order_not_its_own() -> None:
    said = play_lines(ScriptedSimulator().session(ORDER, library("fishing-fiona"), 4), [])
    ids = [w.strip("?.,") for w in said[0].text.split() if w.startswith("A") and w[1:2].isdigit()]
    assert ids and "A1001" not in ids


def test_reluctant_customer_asks_why_before_giving() -> None:
    said = play_lines(ScriptedSimulator().session(ORDER, _persona(disclosure="reluctantly"), 1),
                      [ASK_ORDER, ASK_ORDER])
    assert "A1001" not in said[1].text and "A1001" in said[2].text


def test_ids_are_never_invented_when_the_scenario_has_none() -> None:
    bare = scenario(customer={"goal": "close account", "opening": "Close my account."})
    said = play_lines(ScriptedSimulator().session(bare, _persona(), 1), [ASK_ORDER])
    assert not any(c.isdigit() for c in said[1].text)


def test_jargon_confuses_a_customer_who_is_not_tech_savvy() -> None:
    reply = "Please clear your browser cache and cookies."
    low = play_lines(ScriptedSimulator().session(ORDER, _persona(tech_savvy=0.1), 1), [reply])
    high = play_lines(ScriptedSimulator().session(ORDER, _persona(tech_savvy=0.9), 1), [reply])
    assert low[1].emotion.intensity > high[1].emotion.intensity
    assert "mean" in low[1].text.lower() or "simply" in low[1].text.lower()


def test_gives_up_after_the_turn_it_was_told() -> None:
    said = play_lines(ScriptedSimulator().session(ORDER, _persona(gives_up_after=3), 1),
                      ["Hmm."] * 8)
    assert len(said) == 3 and said[-1].status is GoalStatus.ABANDONED
    assert _events(said, CustomerEventKind.GAVE_UP) == [""]


def test_threats_come_once_upset_and_stalled() -> None:
    hugo = library("haggling-hugo")
    said = play_lines(ScriptedSimulator().session(ORDER, hugo, 1), ["Hmm."] * 5)
    threats = _events(said, CustomerEventKind.THREATENED)
    assert threats and set(threats) <= {t.value for t in hugo.threatens}


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_typos_never_touch_ids_or_emails(seed: int) -> None:
    typo = _persona(typos=0.3, non_native=True)
    said = play_lines(ScriptedSimulator().session(ORDER, typo, seed),
                      [ASK_ORDER, "And your email?"])
    assert "A1001" in said[1].text and "sam@example.com" in said[2].text


@settings(max_examples=60, deadline=None)
@given(persona=personas(), seed=st.integers(0, 2**32), lines=st.lists(st.sampled_from([
    ASK_ORDER, "Sorry about that!", "I can't do that.", "Hmm.", "Clear your cache.",
    "I'm transferring you to a human colleague.", "Your email please?", "I am a real person.",
    ""]), max_size=8))
def test_any_persona_never_sends_an_empty_message_and_intensity_stays_in_range(
    persona: Persona, seed: int, lines: list[str]
) -> None:
    for turn in play_lines(ScriptedSimulator().session(ORDER, persona, seed), lines):
        assert turn.text.strip()
        assert 0.0 <= turn.emotion.intensity <= 1.0


def test_scenario_translations_give_the_customer_its_own_language() -> None:
    translated = scenario(customer={
        "goal": "know when order A1001 arrives", "opening": "Where is my order?",
        "follow_up": "So where is it?", "knows": {"order_id": "A1001"},
        "translations": {"de": {"opening": "Wo ist meine Bestellung?",
                                "follow_up": "Also, wo ist sie?"}},
    })
    greta = play_lines(ScriptedSimulator().session(translated, library("german-greta"), 1),
                       ["Hmm."])
    assert "Wo ist meine Bestellung?" in greta[0].text and "Also, wo ist sie?" in greta[1].text
    carla = play_lines(ScriptedSimulator().session(translated, library("calm-carla"), 1), [])
    assert "Where is my order?" in carla[0].text
