"""The verdict model and reviews applied to results, without the CLI."""

from __future__ import annotations

from golive.gate import GateResult, GateSpec, RunFacts, Verdict, decide, exit_code
from golive.gate.reviews import apply_reviews
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult, Finding, Severity, Termination, Transcript
from golive.results.reviews import Review, ReviewDecision


def _episode(episode_id: str, *findings: Finding) -> EpisodeResult:
    serious = any(f.severity in (Severity.CRITICAL, Severity.MAJOR) for f in findings)
    return EpisodeResult(episode_id=episode_id, scenario_id="s", persona_id=episode_id, repeat=0,
                         seed=1, termination=Termination.GOAL_ACHIEVED, transcript=Transcript(),
                         scores={"accuracy.passed": 1.0}, findings=list(findings),
                         passed=not serious)


def _finding(rule: str, severity: Severity, turn: int) -> Finding:
    return Finding(rule_id=rule, severity=severity, turn=turn, evidence="x", explanation="y",
                   evaluator="guardrails")


def _review(episode: str, rule: str, turn: int, decision: ReviewDecision, who: str, time: str) -> Review:
    return Review(episode_id=episode, rule_id=rule, turn=turn, reviewer=who, decision=decision,
                  reason=f"{who} says so", time=time)


def test_fail_wins_over_inconclusive_and_each_maps_to_its_exit_code() -> None:
    result = GateResult()
    result.add(Verdict.PASS, "a")
    assert (result.verdict, exit_code(result.verdict)) == (Verdict.PASS, 0)
    result.add(Verdict.INCONCLUSIVE, "b")
    assert (result.verdict, exit_code(result.verdict)) == (Verdict.INCONCLUSIVE, 4)
    assert exit_code(result.verdict, Verdict.FAIL) == 1 and exit_code(result.verdict, Verdict.PASS) == 0
    result.add(Verdict.FAIL, "c")
    assert (result.verdict, exit_code(result.verdict)) == (Verdict.FAIL, 1)
    assert result.render().splitlines() == [
        "gate: FAIL (1 failed, 1 inconclusive, 1 passed)", "  FAIL c", "  INCONCLUSIVE b", "  ok   a"]


def test_a_stopped_run_says_why_it_is_unfinished() -> None:
    facts = RunFacts(expected_episodes=3, stopped="--max-cost $1 reached")
    outcome = decide(GateSpec(thresholds=["guardrails.critical == 0"]), [_episode("e1")], facts=facts)
    assert outcome.inconclusive == ["unfinished run: 1 of 3 planned episodes have results "
                                    "(--max-cost $1 reached)"]


def test_only_the_latest_false_positive_drops_a_finding_and_its_episode_passes_again() -> None:
    bad = _finding("claims.refund", Severity.CRITICAL, 3)
    results = [_episode("e1", bad, _finding("tone.cold", Severity.MINOR, 1)), _episode("e2", bad)]
    reviews = [
        _review("e1", "claims.refund", 3, ReviewDecision.CONFIRMED, "ann", "t1"),
        _review("e1", "claims.refund", 3, ReviewDecision.FALSE_POSITIVE, "bob", "t2"),  # stands
        _review("e2", "claims.refund", 3, ReviewDecision.FALSE_POSITIVE, "ann", "t1"),
        _review("e2", "claims.refund", 3, ReviewDecision.ACCEPTED_RISK, "cy", "t3"),    # stands
    ]
    applied = apply_reviews(results, reviews)
    e1, e2 = applied.results
    assert [f.rule_id for f in e1.findings] == ["tone.cold"] and e1.passed
    assert e2.findings == [bad] and not e2.passed
    assert aggregate(applied.results)["guardrails.critical"] == 1.0
    assert applied.lines == [
        "reviews: dropped critical claims.refund in e1 (turn 3): false_positive by bob: bob says so",
        "reviews: still counted, critical claims.refund in e2 (turn 3): accepted_risk by cy: cy says so",
    ]
    assert results[0].findings[0] == bad  # the run's own results are untouched
