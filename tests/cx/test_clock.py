"""The conversation clock: monotonic, deterministic, patience in minutes, the queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.harness.clock import UPSET_HANDLE_FACTOR, EpisodeClock
from golive.harness.rehearsal import RunConfig, run_suite
from golive.personas.clock import reading_s, typing_s, wait
from golive.personas.emotion import HIGH, waited
from golive.personas.models import Persona
from golive.personas.strategies import emotions, personas
from golive.results import RunFolder
from golive.results.models import (
    Emotion,
    EmotionLabel,
    Handoff,
    HandoffKind,
    Speaker,
    Termination,
    Transcript,
    Turn,
)
from golive.scenarios.clock import ClockMode, ClockSettings, QueueModel, WaitDistribution

texts = st.text(alphabet="abc de", max_size=200)
message = st.tuples(
    st.booleans(), texts, st.floats(0, 120, allow_nan=False), st.integers(0, 8), st.integers(0, 1)
)


def _persona(**extra: object) -> Persona:
    return Persona.model_validate(
        {"id": "p", "emotion": {"label": "calm", "intensity": 0.1}, **extra}
    )


@settings(max_examples=60, deadline=None)
@given(
    persona=personas(),
    messages=st.lists(message, max_size=30),
    measured=st.booleans(),
    reply=st.floats(0, 600, allow_nan=False),
)
def test_clock_never_runs_backwards(
    persona: Persona,
    messages: list[tuple[bool, str, float, int, int]],
    measured: bool,
    reply: float,
) -> None:
    clock = EpisodeClock(
        ClockSettings(agent_reply_seconds=reply),
        persona,
        QueueModel(),
        1,
        ClockMode.MEASURED if measured else ClockMode.SIMULATED,
    )
    last = 0.0
    for is_customer, text, latency, tools, consults in messages:
        if is_customer:
            at = clock.customer_sent(text)
        else:
            at, overdue = clock.agent_replied(
                text, latency_s=latency, tool_calls=tools, consults=consults
            )
            assert overdue >= 0
        assert at >= last
        last = at
    assert clock.used_s >= 0 and clock.staff_s >= 0


def test_customer_time_is_reading_thinking_and_typing_at_the_persona_speed() -> None:
    slow, fast = _persona(typing_wpm=10), _persona(typing_wpm=100)
    text = "one two three four five six seven eight nine ten"
    assert typing_s(slow, text) == 60.0 and typing_s(fast, text) == 6.0
    settings_ = ClockSettings(reading_wpm=120, think_seconds=4, agent_reply_seconds=3)
    clock = EpisodeClock(settings_, slow, QueueModel(), 1)
    assert clock.customer_sent(text) == 60.0  # the opening: typing only
    assert clock.agent_replied(text) == (63.0, 0.0)  # the service level, not overdue
    # read 10 words at 120 wpm (5 s), think 4 s, type 10 words at 10 wpm (60 s)
    assert clock.customer_sent(text) == 63.0 + reading_s(text, 120) + 4 + 60


def test_tool_calls_and_consults_add_to_the_reply_and_a_consult_is_staff_time() -> None:
    settings_ = ClockSettings(
        agent_reply_seconds=5,
        tool_call_seconds=2,
        reply_tolerance_seconds=30,
        queue=QueueModel(consult_minutes=1),
    )
    clock = EpisodeClock(settings_, _persona(), settings_.queue, 1)
    at, overdue = clock.agent_replied("ok", tool_calls=3, consults=1)
    assert at == 5 + 6 + 60 and overdue == at - 30
    assert clock.staff_s == 60.0 and clock.used_s == overdue


def test_measured_mode_uses_the_latency_and_simulated_ignores_it() -> None:
    persona = _persona()
    simulated = EpisodeClock(ClockSettings(agent_reply_seconds=5), persona, QueueModel(), 1)
    measured = EpisodeClock(
        ClockSettings(agent_reply_seconds=5), persona, QueueModel(), 1, ClockMode.MEASURED
    )
    assert simulated.agent_replied("x", latency_s=42.0)[0] == 5.0
    assert measured.agent_replied("x", latency_s=42.0)[0] == 42.0


def test_exponential_queue_waits_are_seeded_and_average_their_mean() -> None:
    queue = QueueModel(wait_minutes=3, distribution=WaitDistribution.EXPONENTIAL)
    assert queue.wait_s(5) == queue.wait_s(5)
    waits = [queue.wait_s(seed) for seed in range(4000)]
    assert len(set(waits)) > 3900
    assert 160 < sum(waits) / len(waits) < 200  # mean 180 s


@given(
    emotion=emotions(),
    a=st.floats(0, 3600, allow_nan=False),
    b=st.floats(0, 3600, allow_nan=False),
    patience=st.floats(1, 36000, allow_nan=False),
)
def test_waiting_longer_never_calms_a_customer(
    emotion: Emotion, a: float, b: float, patience: float
) -> None:
    short, long = sorted((a, b))
    assert waited(emotion, short, patience).intensity <= waited(emotion, long, patience).intensity
    assert waited(emotion, short, patience).intensity >= emotion.intensity
    assert waited(emotion, 0.0, patience) == emotion


@given(
    persona=personas(),
    start=emotions(),
    waits=st.lists(st.floats(0, 1200, allow_nan=False), min_size=1, max_size=12),
)
def test_a_customer_who_gives_up_on_time_is_past_the_tipping_point(
    persona: Persona, start: Emotion, waits: list[float]
) -> None:
    """Patience in minutes and the emotion rules agree: waiting out one's whole patience
    adds HIGH to intensity, so nobody leaves on time while still under the tipping point,
    and nobody leaves before their patience is spent."""
    emotion, used = start, 0.0
    for overdue in waits:
        after = wait(persona, emotion, overdue, used)
        emotion, used = after.emotion, after.used_s
        if after.gave_up:
            assert used >= persona.patience_s
            assert emotion.intensity >= HIGH
            return
        assert used < persona.patience_s or overdue == 0


@given(persona=personas())
def test_default_patience_in_minutes_follows_turn_patience(persona: Persona) -> None:
    if persona.patience_minutes is None:
        assert persona.patience_s == persona.patience * 120.0
    else:
        assert persona.patience_s == persona.patience_minutes * 60.0


def _transferred(intensity: float) -> Transcript:
    return Transcript(
        turns=[
            Turn(
                index=0,
                speaker=Speaker.CUSTOMER,
                text="a person please",
                at_s=10.0,
                emotion=Emotion(label=EmotionLabel.FRUSTRATED, intensity=intensity),
            ),
            Turn(
                index=1,
                speaker=Speaker.AGENT,
                text="transferring",
                at_s=15.0,
                handoff=Handoff(kind=HandoffKind.TRANSFER),
            ),
        ]
    )


def test_queue_wait_raises_intensity_and_an_impatient_customer_leaves() -> None:
    queue = QueueModel(wait_minutes=10, handle_minutes=6)
    settings_ = ClockSettings(queue=queue, reply_tolerance_seconds=30, staff_cost_per_hour=60)
    patient = EpisodeClock(settings_, _persona(patience_minutes=60), queue, 1)
    record = patient.finish(_transferred(0.3), Termination.HANDOFF)
    assert record.bot_s == 15.0 and record.queue_wait_s == 600.0
    assert not record.abandoned_in_queue
    assert record.queue_emotion is not None
    # 570 s beyond tolerance of 3600 s patience: +0.75 * 570 / 3600
    assert record.queue_emotion.intensity == pytest.approx(0.3 + HIGH * 570 / 3600, abs=1e-4)
    handle = 360 * (1 + UPSET_HANDLE_FACTOR * record.queue_emotion.intensity)
    assert record.staff_s == pytest.approx(handle, abs=1e-3)
    assert record.staff_cost == pytest.approx(handle / 60, abs=1e-4)

    hasty = EpisodeClock(settings_, _persona(patience_minutes=2), queue, 1)
    left = hasty.finish(_transferred(0.3), Termination.HANDOFF)
    assert left.abandoned_in_queue and left.staff_s == 0.0 and left.staff_cost == 0.0
    assert left.queue_wait_s == 30 + 120  # tolerance, then the whole patience
    assert left.queue_emotion is not None and left.queue_emotion.intensity >= HIGH


def test_no_queue_without_a_transfer() -> None:
    clock = EpisodeClock(ClockSettings(), _persona(), QueueModel(), 1)
    record = clock.finish(_transferred(0.3), Termination.MAX_TURNS)
    assert record.queue_wait_s is None and record.staff_s == 0.0


def test_slow_bot_makes_a_scripted_customer_give_up_on_time(tmp_path: Path) -> None:
    """A bot that takes three minutes per reply exhausts a 2-minute-patience customer."""
    suite = tmp_path / "suite.yaml"
    persona = tmp_path / "hasty.yaml"
    persona.write_text(
        "kind: persona\nid: hasty\nemotion: {label: calm, intensity: 0.1}\n"
        "patience: 10\npatience_minutes: 2\n"
    )
    suite.write_text(
        "kind: suite\nname: slow\nscenarios: [pack:demo/order-status]\n"
        "personas: [hasty.yaml]\nclock: {agent_reply_seconds: 180}\n"
    )
    outcome = run_suite(
        RunConfig(suite=suite, agent="acme_v1", mlflow=False, quiet=True, out=tmp_path / "r")
    )
    (result,) = RunFolder(outcome.folder).load_results()
    agent = [t for t in result.transcript.turns if t.speaker is Speaker.AGENT]
    assert agent[0].overdue_s == 150.0
    assert result.termination is Termination.CUSTOMER_GAVE_UP
    last = result.transcript.turns[-1]
    assert last.emotion is not None and last.emotion.intensity >= HIGH
    assert any(e.kind.value == "gave_up" for e in last.events)


def test_default_clock_reruns_are_byte_identical_and_measured_says_it_is_not(
    tmp_path: Path,
) -> None:
    def play(name: str, clock: ClockMode = ClockMode.SIMULATED) -> Path:
        outcome = run_suite(
            RunConfig(agent="acme_v2", mlflow=False, quiet=True, clock=clock, out=tmp_path / name)
        )
        return outcome.folder

    first, second = play("a"), play("b")
    a = (first / "results.jsonl").read_bytes()
    assert a == (second / "results.jsonl").read_bytes()
    folder = RunFolder(first)
    assert folder.manifest().clock == "simulated" and folder.manifest().reproducible
    results = folder.load_results()
    assert all(r.clock is not None and r.clock.mode == "simulated" for r in results)
    assert all(t.at_s is not None for r in results for t in r.transcript.turns)
    measured = RunFolder(play("m", ClockMode.MEASURED))
    assert measured.manifest().clock == "measured" and not measured.manifest().reproducible
    assert all(r.clock is not None and r.clock.mode == "measured" for r in measured.load_results())


def test_unknown_clock_mode_is_an_input_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "--agent", "acme_v2", "--no-mlflow", "--clock", "wall")
    assert result.returncode == 2
    assert "--clock: unknown --clock 'wall'" in result.stderr
    assert "use simulated" in result.stderr and "Traceback" not in result.stderr


def test_bad_clock_fields_name_file_line_and_field(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        "kind: suite\nname: s\nscenarios: [pack:demo]\npersonas: [library:calm-carla]\n"
        "clock:\n  queue:\n    wait_minutes: -3\n    distribution: poisson\n"
    )
    persona = tmp_path / "p.yaml"
    persona.write_text(
        "kind: persona\nid: p\nemotion: {label: calm, intensity: 0.1}\n"
        "patience_minutes: 0\ntyping_wpm: fast\n"
    )
    result = cli("validate", str(suite), str(persona))
    assert result.returncode == 2
    err = result.stderr
    assert f"{suite}:7: clock.queue.wait_minutes: -3 is less than the minimum of 0" in err
    assert f"{suite}:8: clock.queue.distribution: 'poisson' is not one of" in err
    assert f"{persona}:4: patience_minutes:" in err
    assert f"{persona}:5: typing_wpm: 'fast' is not of type 'number'" in err


def test_an_llm_customer_runs_out_of_time_on_a_slow_reply_and_is_told_to_give_up() -> None:
    """The LLM customer applies the same waiting rule: its prompt then asks it to give up."""
    import asyncio

    from golive.llm import Gateway
    from golive.personas.llm import LLMSimulator
    from tests.helpers import scenario
    from tests.personas.sim_server import customer_json

    order = scenario(
        customer={
            "goal": "know when order A1001 arrives",
            "opening": "Where?",
            "knows": {"order_id": "A1001"},
        }
    )
    hasty = _persona(patience=10, patience_minutes=1)
    mock = customer_json("Where is my order A1001?")
    sim = LLMSimulator("openai/sim", gateway=Gateway(None, retries=0), mock_response=mock)
    customer = sim.session(order, hasty, 5)
    turns = [
        Turn(index=0, speaker=Speaker.CUSTOMER, text="Where is it?", at_s=5.0),
        Turn(index=1, speaker=Speaker.AGENT, text="Let me check.", at_s=125.0, overdue_s=90.0),
    ]
    asyncio.run(customer.next_turn(turns))
    assert customer.out_of_time and customer.waited_s == 90.0
    assert customer.emotion.intensity >= HIGH
    assert "give up now" in customer._hint()
