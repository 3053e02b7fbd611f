"""The shared emotion rules: bounded, monotone in triggers and soothers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from golive.personas.emotion import WEIGHTS, Signals, sensitivity, update
from golive.personas.reading import ReplyReader
from golive.personas.strategies import emotions
from golive.results.models import Emotion, EmotionLabel

signals = st.builds(Signals, **{name: st.booleans() for name in WEIGHTS})


@given(emotion=emotions(), signal=signals, patience=st.integers(1, 50))
def test_intensity_stays_in_unit_range(emotion: Emotion, signal: Signals, patience: int) -> None:
    after = update(emotion, signal, sensitivity(patience))
    assert 0.0 <= after.intensity <= 1.0


@given(emotion=emotions(), steps=st.lists(signals, max_size=30))
def test_intensity_stays_in_range_over_a_whole_conversation(
    emotion: Emotion, steps: list[Signals]
) -> None:
    for signal in steps:
        emotion = update(emotion, signal, 1.6)
        assert 0.0 <= emotion.intensity <= 1.0


@given(emotion=emotions())
def test_triggers_never_lower_and_soothers_never_raise(emotion: Emotion) -> None:
    assert update(emotion, Signals(ignored=True, asked_again=True)).intensity >= emotion.intensity
    assert update(emotion, Signals(empathy=True, progress=True)).intensity <= emotion.intensity


def test_frustration_escalates_to_anger_and_relaxes_to_calm() -> None:
    hot = update(Emotion(label=EmotionLabel.FRUSTRATED, intensity=0.7), Signals(ignored=True))
    assert hot.label is EmotionLabel.ANGRY
    cool = update(Emotion(label=EmotionLabel.ANGRY, intensity=0.3),
                  Signals(progress=True, human_offered=True))
    assert cool.label is EmotionLabel.CALM


def test_reader_counts_a_repeated_question_only_after_the_answer_was_given() -> None:
    reader = ReplyReader()
    mood = Emotion(label=EmotionLabel.CALM, intensity=0.2)
    assert not reader.read("What's your order number?", mood).signals.asked_again
    reader.given.add("order_id")
    assert reader.read("What is your order number?", mood).signals.asked_again
    assert reader.read("What is your order number?", mood).signals.canned


def test_a_reasoned_refusal_with_an_alternative_is_a_next_step() -> None:
    reading = ReplyReader().read(
        "I can't refund it because it is outside the 30-day policy; I can offer a repair instead.",
        Emotion(label=EmotionLabel.FRUSTRATED, intensity=0.5),
    )
    assert reading.signals.next_step and not reading.signals.refused_without_reason


def test_empathy_that_names_the_problem_soothes_more_than_a_generic_apology() -> None:
    mood = Emotion(label=EmotionLabel.FRUSTRATED, intensity=0.6)
    reader = ReplyReader(topic=frozenset({"kettle", "broken"}))
    named = update(mood, reader.read("I'm sorry your kettle arrived broken.", mood).signals)
    generic = update(mood, ReplyReader(topic=frozenset({"kettle"})).read(
        "I'm sorry about that.", mood).signals)
    assert named.intensity < generic.intensity
