"""A run whose simulator fails every episode cannot pass the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golive.gate import GateSpec, Verdict, decide
from golive.results.models import EpisodeError, EpisodeResult, Termination, Transcript
from tests.personas.sim_server import serve


def _episode(i: int, failed: bool) -> EpisodeResult:
    error = EpisodeError(source="simulator", kind="restart", message="greeted again") if failed else None
    return EpisodeResult(
        episode_id=f"e{i}", scenario_id="s", persona_id="p", repeat=i, seed=i,
        termination=Termination.SIMULATOR_ERROR if failed else Termination.GOAL_ACHIEVED,
        error=error, transcript=Transcript(), passed=not failed,
    )


@pytest.mark.parametrize(("failed", "verdict"), [(0, Verdict.PASS), (1, Verdict.PASS),
                                                 (2, Verdict.FAIL), (20, Verdict.FAIL)])
def test_the_gate_refuses_a_run_whose_simulator_failed_above_the_limit(
    failed: int, verdict: Verdict
) -> None:
    results = [_episode(i, i < failed) for i in range(20)]  # 1 of 20 is 5%: at the limit
    outcome = decide(GateSpec(thresholds=["reliability.pass_rate >= 0.5"]), results)
    assert outcome.verdict is verdict
    if verdict is Verdict.FAIL:
        assert f"{failed} episodes excluded: {failed} restart." in outcome.render()


@pytest.mark.slow
def test_golive_run_gate_exits_non_zero_when_the_simulator_fails_every_episode(
    cli, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    with serve(["fault:role_inversion"]) as server:
        spec = f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0"
        result = cli("run", "--agent", "acme_v2", "--simulator", spec, "--no-mlflow", "--quiet",
                     "--no-cache", "--scenario", "[do]*-*",
                     "--persona", "calm-carla", "--out", "run", "--gate")
    assert result.returncode != 0, result.stdout
    assert "errors.simulator_rate is 1, above the 5% limit" in result.stdout
    assert "2 episodes excluded: 2 role inversion." in result.stdout
    lines = (tmp_path / "run" / "results.jsonl").read_text().splitlines()
    assert [json.loads(x)["error"]["kind"] for x in lines] == ["role_inversion"] * 2
