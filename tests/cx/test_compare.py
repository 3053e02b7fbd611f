"""`golive compare` in staff terms: checked against the raw numbers of two real runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.gate.stats import Change, Delta, paired_bootstrap
from golive.harness.rehearsal import RunConfig, run_suite
from golive.reports.compare import compare_runs
from golive.reports.contact_centre import staff_terms
from golive.results import RunFolder
from golive.results.models import EmotionLabel, EpisodeResult, Termination


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("cx-compare")
    folders = [
        run_suite(RunConfig(agent=agent, mlflow=False, quiet=True, out=base / agent)).folder
        for agent in ("acme_v1", "acme_v2")
    ]
    return folders[0], folders[1]


def _raw(results: list[EpisodeResult]) -> dict[str, float]:
    """The block's quantities straight from the episodes' fields, not the catalogue."""
    n = len(results)
    contained = sum(
        r.termination is Termination.GOAL_ACHIEVED and r.scores.get("accuracy.passed") == 1.0
        for r in results
    )
    # a policy trap is contained when the bot kept the right refusal without a transfer
    contained += sum(
        r.termination in (Termination.CUSTOMER_GAVE_UP, Termination.MAX_TURNS)
        and r.passed
        and r.attributes["goal_achievable"] is False
        for r in results
    )
    assert all(r.clock is not None for r in results)
    staff = sum(r.clock.staff_s for r in results if r.clock is not None)
    angry = sum(
        1
        for r in results
        if r.clock is not None
        and r.clock.queue_emotion is not None
        and not r.clock.abandoned_in_queue
        and (
            r.clock.queue_emotion.label in (EmotionLabel.ANGRY, EmotionLabel.DISTRESSED)
            or r.clock.queue_emotion.intensity >= 0.75
        )
    )
    tipped = 0
    for r in results:
        feelings = [t.emotion.intensity for t in r.transcript.turns if t.emotion is not None]
        opened_high = bool(feelings) and feelings[0] >= 0.75
        if not opened_high and (
            any(x >= 0.75 for x in feelings)
            or (r.clock is not None and r.clock.queue_tipped_s is not None)
        ):
            tipped += 1
    return {
        "containment": contained / n,
        "staff_hours_per_1000": staff / n / 3600 * 1000,
        "angry_per_1000": angry / n * 1000,
        "tipping": tipped / n,
    }


def test_staff_terms_block_matches_the_raw_numbers(demo_runs: tuple[Path, Path]) -> None:
    a_dir, b_dir = demo_runs
    a, b = RunFolder(a_dir).load_results(), RunFolder(b_dir).load_results()
    raw_a, raw_b = _raw(a), _raw(b)
    text = compare_runs(a_dir, b_dir)
    block = text[text.index("in staff terms") :]
    deltas = paired_bootstrap(a, b)

    points = round((raw_b["containment"] - raw_a["containment"]) * 100)
    assert points > 0
    d = deltas["cx.containment_rate"]
    assert f"contains {points} points more of its conversations" in block
    assert f"(95% CI {d.low * 100:+.0f} to {d.high * 100:+.0f} points)" in block

    hours = raw_b["staff_hours_per_1000"] - raw_a["staff_hours_per_1000"]
    word = "saves" if hours < 0 else "needs"
    assert f"{word} about {abs(hours):.0f}" in block

    angry = (
        f"({raw_b['angry_per_1000']:.0f} per 1,000 conversations against "
        f"{raw_a['angry_per_1000']:.0f}"
    )
    assert angry in block

    tipping = raw_b["tipping"] - raw_a["tipping"]
    assert tipping < 0
    assert (
        f"Customers cross the tipping point in {raw_b['tipping']:.0%} of conversations"
        f" with {b_dir.name}, {abs(tipping) * 100:.0f} points fewer"
    ) in block


def _delta(name: str, a: float, b: float, low: float, high: float, change: Change) -> Delta:
    return Delta(name, a, b, low, high, change, 25)


def test_an_undecidable_change_is_never_called_an_improvement() -> None:
    deltas = {
        "cx.containment_rate": _delta(
            "cx.containment_rate", 0.4, 0.5, -0.05, 0.25, Change.WITHIN_NOISE
        ),
        "cx.angry_handover_rate": _delta(
            "cx.angry_handover_rate", 0.2, 0.1, -0.3, 0.05, Change.WITHIN_NOISE
        ),
        "cx.staff_minutes": _delta("cx.staff_minutes", 5.0, 3.0, -4.0, 0.5, Change.WITHIN_NOISE),
        "cx.tipping_rate": _delta("cx.tipping_rate", 0.3, 0.2, -0.3, 0.1, Change.WITHIN_NOISE),
        "cx.first_contact_resolution": _delta(
            "cx.first_contact_resolution", 0.5, 0.6, -0.1, 0.3, Change.WITHIN_NOISE
        ),
    }
    block = staff_terms(deltas, "v1", "v2")
    bullets = [line for line in block.splitlines() if line.startswith("- ")]
    assert len(bullets) == 5
    assert all("undecided" in line and "not an improvement" in line for line in bullets)
    for word in ("more of its", "fewer angry", "saves", "points fewer"):
        assert word not in block


def test_metrics_missing_from_a_run_are_said_to_be_missing() -> None:
    block = staff_terms({}, "v1", "v2")
    assert block.count("not measured in both runs") == 5


def test_trade_offs_are_not_called_regressions_by_the_baseline_gate(
    demo_runs: tuple[Path, Path],
) -> None:
    """v2 escalates the customers who need a person: more staff time, not a regression."""
    from golive.evaluators.contact_centre import TRADE_OFFS
    from golive.gate import GateSpec
    from golive.gate.decide import decide

    a_dir, b_dir = demo_runs
    a, b = RunFolder(a_dir).load_results(), RunFolder(b_dir).load_results()
    deltas = paired_bootstrap(a, b)
    assert deltas["cx.staff_minutes"].change is Change.REGRESSED  # more staff time...
    outcome = decide(GateSpec(no_regression=True), b, baseline=a)
    failed = " ".join(outcome.failed)
    assert not any(name in failed for name in TRADE_OFFS)  # ...is not a failure
    assert "cx.containment_rate vs baseline" in " ".join(r.text for r in outcome.reasons)


def test_compare_table_calls_a_moved_trade_off_neither_better_nor_worse(
    demo_runs: tuple[Path, Path],
) -> None:
    text = compare_runs(*demo_runs)
    row = next(line for line in text.splitlines() if line.startswith("| cx.escalation_rate "))
    assert row.endswith("| up beyond its interval (trade-off) |")
    assert "regressed" not in row


def test_compare_page_carries_the_staff_terms_block(demo_runs: tuple[Path, Path]) -> None:
    from golive.reports.compare_html import compare_html

    a_dir, b_dir = demo_runs
    a, b = RunFolder(a_dir).load_results(), RunFolder(b_dir).load_results()
    page = compare_html(a, b, "acme_v1", "acme_v2")
    block = staff_terms(paired_bootstrap(a, b), "acme_v1", "acme_v2")
    assert 'id="staff-terms"' in page
    first = next(line[2:] for line in block.splitlines() if line.startswith("- "))
    assert first.replace("→", "&rarr;") in page or first in page
