"""A run whose simulator fails every episode cannot pass the gate.

Written against the verdict, not its wording: the gate package (issue 13) may call such a
run inconclusive (exit 4) rather than failed (exit 1); either way it is not a pass.
"""

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


@pytest.mark.parametrize(("failed", "passes"), [(0, True), (1, True), (2, False), (20, False)])
def test_the_gate_refuses_a_run_whose_simulator_failed_above_the_limit(
    failed: int, passes: bool
) -> None:
    results = [_episode(i, i < failed) for i in range(20)]  # 1 of 20 is 5%: at the limit
    outcome = decide(GateSpec(thresholds=["reliability.pass_rate >= 0.5"]), results)
    assert (outcome.verdict is Verdict.PASS) is passes
    if not passes:
        assert "errors.simulator_rate" in outcome.render()


@pytest.mark.slow
def test_golive_run_gate_exits_non_zero_when_the_simulator_fails_every_episode(
    cli, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    with serve(["fault:role_inversion"]) as server:
        spec = f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0"
        result = cli("run", "--agent", "acme_v2", "--simulator", spec, "--no-mlflow", "--quiet",
                     "--no-cache", "--scenario", "[do]*-*",
                     "--persona", "calm-carla", "--out", "run", "--gate")
    assert result.returncode in (1, 4), result.stdout  # fail or inconclusive, never a pass
    assert "errors.simulator_rate" in result.stdout
    summary = (tmp_path / "run" / "summary.md").read_text()
    assert "2 episodes excluded: 2 role inversion." in summary
    lines = (tmp_path / "run" / "results.jsonl").read_text().splitlines()
    assert [json.loads(x)["error"]["kind"] for x in lines] == ["role_inversion"] * 2
