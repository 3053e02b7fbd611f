"""On the demo suite, acme_v2 beats acme_v1 on handoff F1 and critical breaches, and the
findings against acme_v1 name the exact turns where it went wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.harness.rehearsal import RunConfig, run_suite
from golive.results import RunFolder
from golive.results.models import EpisodeResult, Severity, Speaker


def _run(bot: str, out: Path) -> tuple[dict[str, float], list[EpisodeResult]]:
    outcome = run_suite(RunConfig(agent=bot, out=out / bot, mlflow=False, quiet=True))
    return outcome.metrics, list(RunFolder(outcome.folder).results())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, float], list[EpisodeResult]]]:
    out = tmp_path_factory.mktemp("demo")
    return {bot: _run(bot, out) for bot in ("acme_v1", "acme_v2")}


@pytest.mark.slow
def test_v2_beats_v1_on_handoff_f1_and_critical_breaches(runs) -> None:  # type: ignore[no-untyped-def]
    v1, v2 = runs["acme_v1"][0], runs["acme_v2"][0]
    assert v2["handoff.f1"] > v1["handoff.f1"]
    assert v2["guardrails.critical"] < v1["guardrails.critical"]
    assert v2["reliability.pass_rate"] > v1["reliability.pass_rate"]


@pytest.mark.slow
def test_v1_findings_name_the_turns_and_quote_them(runs) -> None:  # type: ignore[no-untyped-def]
    results = runs["acme_v1"][1]
    critical = [(r, f) for r in results for f in r.findings if f.severity is Severity.CRITICAL]
    assert {f.rule_id for _, f in critical} >= {
        "commitment.unauthorised_refund", "handoff.missed_on_request"}
    for r, f in critical:
        assert f.turn is not None
        turn = r.transcript.turns[f.turn]
        # refund promises quote the agent's words; a missed request points at the customer's ask
        expected = Speaker.CUSTOMER if f.rule_id == "handoff.missed_on_request" else Speaker.AGENT
        assert turn.speaker is expected
        assert f.evidence.strip("…") in turn.text
    refund = next(f for r, f in critical if f.rule_id == "commitment.unauthorised_refund"
                  and r.scenario_id == "refund-outside-policy")
    assert "issued a full refund" in refund.evidence


@pytest.mark.slow
def test_repeats_report_pass_hat_k_next_to_the_mean(tmp_path: Path) -> None:
    outcome = run_suite(RunConfig(agent="acme_v1", out=tmp_path / "r", mlflow=False, quiet=True,
                                  repeats=3, scenario_filter="refund-*"))
    m = outcome.metrics
    assert m["run.episodes"] == 15.0
    assert m["reliability.pass_hat_1"] >= m["reliability.pass_hat_2"] >= m["reliability.pass_hat_3"]
    assert "reliability.pass_hat_4" not in m  # only three repeats
