"""The verdict on a mutant from hand-made results: each reason a survivor can have."""

from __future__ import annotations

from typing import Any

from golive.harness.agents.mutant import Change, MutationContext, MutationLog
from golive.mutate.classify import Reason, Verdict, classify
from golive.mutate.operators.handoff import DelayTransfer
from golive.results.models import EpisodeResult, Finding, Severity, Termination, Transcript
from golive.scenarios.models import Scenario


class Op:
    name = "op"
    rules = ("tone.*",)
    probe = "a persona who complains"
    rule = "tone.blames_customer"


def result(
    passed: bool = True, *findings: tuple[str, Severity], error: bool = False
) -> EpisodeResult:
    data: dict[str, Any] = {
        "episode_id": "e1",
        "scenario_id": "s",
        "persona_id": "p",
        "repeat": 0,
        "seed": 1,
        "termination": Termination.GOAL_ACHIEVED,
        "transcript": Transcript(),
        "passed": passed,
        "findings": [
            Finding(evaluator="x", rule_id=r, severity=sev, turn=1, evidence="", explanation="")
            for r, sev in findings
        ],
    }
    if error:
        data["error"] = {"source": "agent", "kind": "crash", "message": "boom"}
    return EpisodeResult.model_validate(data)


def log(fired: bool = True) -> MutationLog:
    found = MutationLog(calls=3)
    if fired:
        found.changes.append(Change("e1", 1, "Hello.", "Hello. Your fault."))
    return found


def scenario(**fields: Any) -> Scenario:
    return Scenario.model_validate(
        {"id": "s", "title": "t", "customer": {"goal": "g", "opening": "hi"}, **fields}
    )


def decide(
    op: Any,
    mutant: EpisodeResult,
    base: EpisodeResult | None = None,
    fired: bool = True,
    context: Scenario | None = None,
) -> Any:
    contexts = {"e1": MutationContext("e1", context)}
    return classify(
        op, [mutant], {"e1": base or result()}, log(fired), contexts, ["tone.blames_customer"]
    )


def test_killed_by_its_own_rule() -> None:
    row = decide(Op(), result(False, ("tone.blames_customer", Severity.MAJOR)))
    assert row.verdict is Verdict.KILLED and row.killed_by == ["tone.blames_customer"]
    assert row.example is not None and row.example.after == "Hello. Your fault."


def test_a_finding_the_clean_run_already_had_is_no_kill() -> None:
    base = result(False, ("tone.blames_customer", Severity.MAJOR))
    row = decide(Op(), result(False, ("tone.blames_customer", Severity.MAJOR)), base)
    assert row.verdict is not Verdict.KILLED


def test_survivor_reasons() -> None:
    assert decide(Op(), result(), fired=False).reason is Reason.NOT_PROBED
    soft = decide(Op(), result(True, ("tone.dismissive", Severity.MINOR)))
    assert soft.reason is Reason.THRESHOLD and "tone.dismissive (minor)" in soft.explanation
    disabled = decide(
        Op(), result(), context=scenario(policy={"disable": ["tone.blames_customer"]})
    )
    assert (
        disabled.reason is Reason.THRESHOLD
        and "disables tone.blames_customer" in disabled.explanation
    )
    missing = decide(Op(), result())
    assert (
        missing.reason is Reason.RULE_MISSING and missing.suggestion == "add tone.blames_customer"
    )


def test_a_wide_handoff_window_is_a_threshold_for_a_delayed_transfer() -> None:
    row = decide(DelayTransfer(), result(), context=scenario(handoff={"window": 3}))
    assert row.reason is Reason.THRESHOLD and "window is 3 replies" in row.explanation


def test_errors_are_unknown_never_killed() -> None:
    row = decide(Op(), result(False, error=True))
    assert row.verdict is Verdict.UNKNOWN and row.errors == 1


def test_a_mutant_the_clean_bot_already_fails_like_is_unknown() -> None:
    base = result(False, ("tone.blames_customer", Severity.MAJOR))
    row = decide(Op(), result(False, ("tone.blames_customer", Severity.MAJOR)), base)
    assert row.verdict is Verdict.UNKNOWN and "already fails" in row.explanation
