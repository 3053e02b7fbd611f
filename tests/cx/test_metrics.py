"""The contact-centre metrics: definitions against hand-built episodes, never 0 for missing."""

from __future__ import annotations

from typing import Any

import pytest

from golive.evaluators.contact_centre import predicted_csat
from golive.personas.emotion import HIGH
from golive.results import contact_centre as cx
from golive.results.metrics import CATALOGUE, aggregate
from golive.results.models import (
    ClockRecord,
    CustomerEvent,
    CustomerEventKind,
    Emotion,
    EmotionLabel,
    EpisodeResult,
    Handoff,
    HandoffKind,
    Speaker,
    Termination,
    Transcript,
    Turn,
)


def _emotion(intensity: float, label: str = "frustrated") -> Emotion:
    return Emotion(label=EmotionLabel(label), intensity=intensity)


def _result(
    termination: Termination,
    *,
    intensities: tuple[float, ...] = (0.3,),
    transfer: bool = False,
    clock: dict[str, Any] | None = None,
    accuracy: float = 1.0,
    passed: bool = True,
    events: tuple[CustomerEventKind, ...] = (),
    eid: str = "e",
    achievable: bool = True,
) -> EpisodeResult:
    turns: list[Turn] = []
    for n, x in enumerate(intensities):
        turns.append(
            Turn(
                index=len(turns),
                speaker=Speaker.CUSTOMER,
                text="hi",
                at_s=60.0 * (2 * n + 1),
                emotion=_emotion(x),
                events=[CustomerEvent(kind=k) for k in events] if n == 0 else [],
            )
        )
        turns.append(
            Turn(index=len(turns), speaker=Speaker.AGENT, text="ok", at_s=60.0 * (2 * n + 2))
        )
    if transfer:
        turns[-1] = turns[-1].model_copy(update={"handoff": Handoff(kind=HandoffKind.TRANSFER)})
    record = ClockRecord(**{"bot_s": turns[-1].at_s or 0.0, **(clock or {})})
    return EpisodeResult(
        episode_id=eid,
        scenario_id="s",
        persona_id="p",
        repeat=0,
        seed=1,
        termination=termination,
        transcript=Transcript(turns=turns),
        passed=passed,
        scores={"accuracy.passed": accuracy},
        clock=record,
        attributes={"goal_achievable": achievable},
    )


def test_mirrored_tipping_threshold_is_the_emotion_rules_own() -> None:
    assert cx.HIGH == HIGH


def test_resolution_escalation_and_abandonment_definitions() -> None:
    solved = _result(Termination.GOAL_ACHIEVED)
    wrong = _result(Termination.GOAL_ACHIEVED, accuracy=0.0)
    refused_right = _result(Termination.CUSTOMER_GAVE_UP, achievable=False)
    gave_up = _result(Termination.CUSTOMER_GAVE_UP)
    picked = _result(
        Termination.HANDOFF,
        transfer=True,
        clock={"queue_wait_s": 120, "queue_emotion": _emotion(0.5), "staff_s": 600},
    )
    left = _result(
        Termination.HANDOFF,
        transfer=True,
        events=(CustomerEventKind.ASKED_FOR_HUMAN,),
        clock={"queue_wait_s": 200, "abandoned_in_queue": True, "queue_emotion": _emotion(0.9)},
    )
    assert [cx.bot_resolved(r) for r in (solved, wrong, refused_right, gave_up, picked)] == [
        True,
        False,
        True,
        False,
        False,
    ]
    assert cx.first_contact_resolved(picked) and not cx.first_contact_resolved(left)
    assert cx.abandoned(left) and cx.abandoned(gave_up) and not cx.abandoned(refused_right)
    assert cx.escalation_reason(left) == "asked_for_human"
    assert cx.escalation_reason(picked) == "bot_decided"
    assert cx.escalation_reason(solved) is None


def test_run_metrics_from_their_definitions() -> None:
    results = [
        _result(Termination.GOAL_ACHIEVED, eid="a"),
        _result(Termination.CUSTOMER_GAVE_UP, eid="b", intensities=(0.5, 0.8)),
        _result(
            Termination.HANDOFF,
            transfer=True,
            eid="c",
            clock={
                "queue_wait_s": 120,
                "queue_emotion": _emotion(0.8, "angry"),
                "queue_tipped_s": 90.0,
                "staff_s": 840,
                "staff_cost": 7.0,
            },
        ),
        _result(
            Termination.HANDOFF,
            transfer=True,
            eid="d",
            clock={
                "queue_wait_s": 120,
                "queue_emotion": _emotion(0.2),
                "staff_s": 600,
                "staff_cost": 5.0,
            },
        ),
    ]
    m = aggregate(results)
    assert m["cx.containment_rate"] == 0.25
    assert m["cx.escalation_rate"] == 0.5
    assert m["cx.escalation_reason.bot_decided"] == 1.0
    assert m["cx.first_contact_resolution"] == 0.75
    assert m["cx.abandoned_rate"] == 0.25
    assert m["cx.bot_minutes"] == pytest.approx((2 + 4 + 2 + 2) / 4)
    assert m["cx.staff_minutes"] == pytest.approx((14 + 10) / 4)
    assert m["cx.human_minutes"] == pytest.approx(12.0)
    assert m["cx.handed_over_intensity"] == pytest.approx(0.5)
    assert m["cx.angry_handover_rate"] == 0.25
    assert m["cx.staff_cost_per_resolved"] == pytest.approx(12.0 / 3)
    # b crossed 0.75 at its second customer turn (3 minutes in); c's queue pushed it over
    # 90 s into a wait that began when the bot's last message went out (2 minutes in)
    assert m["cx.tipping_rate"] == 0.5
    assert m["cx.minutes_to_tipping"] == pytest.approx((3.0 + 3.5) / 2)


def test_predicted_csat_formula() -> None:
    assert predicted_csat(_result(Termination.GOAL_ACHIEVED, intensities=(0.25,))) == 4.5
    handed = _result(
        Termination.HANDOFF,
        transfer=True,
        clock={"queue_wait_s": 60, "queue_emotion": _emotion(0.5)},
    )
    assert predicted_csat(handed) == 3.0
    assert predicted_csat(_result(Termination.MAX_TURNS, intensities=(1.0,))) == 1.0


def test_missing_clock_is_never_a_zero_or_a_pass() -> None:
    old = _result(Termination.GOAL_ACHIEVED).model_copy(update={"clock": None})
    m = aggregate([old])
    assert not [name for name in m if name.startswith("cx.")]
    assert all(name in CATALOGUE for name in ("cx.containment_rate", "cx.predicted_csat"))


def test_no_escalations_leave_escalation_reasons_undefined() -> None:
    m = aggregate([_result(Termination.GOAL_ACHIEVED)])
    assert m["cx.escalation_rate"] == 0.0
    assert "cx.escalation_reason.asked_for_human" not in m
    assert "cx.human_minutes" not in m and "cx.minutes_to_tipping" not in m
