"""Run metrics: pass^k over repeats, F1 for bots that never hand off, new means and rates."""

from __future__ import annotations

from math import comb

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.results.metrics import CATALOGUE, PASS_HAT_K, aggregate
from golive.results.models import EpisodeResult, HandoffOutcome, Termination, Transcript


def result(scenario: str, passed: bool, repeat: int = 0, persona: str = "p",
           outcome: HandoffOutcome | None = None, **scores: float) -> EpisodeResult:
    return EpisodeResult(
        episode_id=f"{scenario}-{persona}-{repeat}", scenario_id=scenario, persona_id=persona,
        repeat=repeat, seed=0, termination=Termination.MAX_TURNS, transcript=Transcript(),
        passed=passed, handoff_outcome=outcome, scores=scores,
    )


def test_pass_hat_k_follows_tau_bench() -> None:
    runs = [result("a", p, i) for i, p in enumerate([True, True, True, False])]
    runs += [result("b", True, i) for i in range(4)]
    m = aggregate(runs)
    assert m["reliability.pass_hat_1"] == pytest.approx((3 / 4 + 1) / 2)
    assert m["reliability.pass_hat_2"] == pytest.approx((comb(3, 2) / comb(4, 2) + 1) / 2)
    assert m["reliability.pass_hat_4"] == pytest.approx(0.5)
    assert "reliability.pass_hat_5" not in m  # only 4 repeats


def test_simulator_errors_are_not_repeats() -> None:
    bad = result("a", False, 1).model_copy(update={"termination": Termination.SIMULATOR_ERROR})
    assert aggregate([result("a", True, 0), bad])["reliability.pass_hat_1"] == 1.0


@given(st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=1, max_size=4))
def test_pass_hat_never_grows_with_k_and_stays_in_range(pairs: list[list[bool]]) -> None:
    runs = [result(f"s{j}", p, i) for j, ps in enumerate(pairs) for i, p in enumerate(ps)]
    m = aggregate(runs)
    values = [m[f"reliability.pass_hat_{k}"] for k in PASS_HAT_K]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert values == sorted(values, reverse=True)


def test_a_bot_that_never_hands_off_has_f1_zero() -> None:
    m = aggregate([result("a", False, outcome=HandoffOutcome.MISSED),
                   result("b", True, outcome=HandoffOutcome.CORRECTLY_NONE)])
    assert m["handoff.f1"] == 0.0 and m["handoff.recall"] == 0.0 and "handoff.precision" not in m


def test_f1_is_the_harmonic_mean_where_defined() -> None:
    m = aggregate([result("a", True, outcome=HandoffOutcome.ON_TIME),
                   result("b", False, outcome=HandoffOutcome.MISSED),
                   result("c", False, outcome=HandoffOutcome.UNNECESSARY)])
    p, r = m["handoff.precision"], m["handoff.recall"]
    assert m["handoff.f1"] == pytest.approx(2 * p * r / (p + r))


def test_new_means_and_rates() -> None:
    m = aggregate([
        result("a", True, **{"judge.calls": 2.0, "judge.errors": 1.0, "experience.empathy": 0.5,
                             "handoff.consulted": 1.0, "accuracy.unbacked_claims": 1.0}),
        result("b", True, **{"judge.calls": 1.0, "judge.errors": 0.0, "experience.empathy": 1.0,
                             "handoff.summary_quality": 2 / 3}),
        result("c", True),
    ])
    assert m["errors.judge_rate"] == 0.5
    assert m["experience.empathy_rate"] == 0.75
    assert m["handoff.consult_rate"] == pytest.approx(1 / 3, abs=1e-6)
    assert m["accuracy.unbacked_claim_rate"] == pytest.approx(1 / 3, abs=1e-6)
    assert m["handoff.mean_summary_quality"] == pytest.approx(2 / 3, abs=1e-6)


def test_every_emitted_metric_is_catalogued_with_a_legal_name() -> None:
    m = aggregate([result("a", True, **{"judge.calls": 1.0}), result("a", True, 1)])
    assert set(m) <= set(CATALOGUE)
    assert all(set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789._") for name in CATALOGUE)
