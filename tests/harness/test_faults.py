"""Fault injection on the agent side, through the CLI as a user runs it.

The agent is a real OpenAI-compatible server on 127.0.0.1 that answers with 429 storms,
500s, half a JSON body, JSON that is not a completion, or never. The run must finish,
record every failure as an episode error with its reason, and report the error rate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golive.results import RunFolder
from golive.results.metrics import aggregate
from tests.conftest import run_cli
from tests.harness.fault_server import FaultServer

ONE_SCENARIO = ["--scenario", "order-status", "--no-mlflow", "--quiet"]


def run_against(server: FaultServer, mode: str, tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    folder = tmp_path / mode
    result = run_cli(["run", "--agent", server.base(mode), "--out", str(folder), *ONE_SCENARIO,
                      *extra], tmp_path, timeout=120)
    return result, folder


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "kind", "reason"),
    [
        ("429", "http_error", "HTTP 429"),
        ("500", "http_error", "HTTP 500"),
        ("hang", "timeout", "did not answer within 0.5s"),
        ("truncated", "malformed", "not a chat completion"),
        ("malformed", "malformed", "not a chat completion"),
    ],
)
def test_agent_faults_become_episode_errors_with_their_reason(
    fault_server: FaultServer, tmp_path: Path, mode: str, kind: str, reason: str
) -> None:
    timeout = "0.5" if mode == "hang" else "10"  # retries with backoff must fit in the others
    result, folder = run_against(fault_server, mode, tmp_path, "--timeout", timeout)
    assert result.returncode == 0, result.stderr
    results = list(RunFolder(folder).results())
    assert len(results) == 5
    for episode in results:
        assert episode.error is not None and not episode.passed
        assert (episode.error.source, episode.error.kind) == ("agent", kind)
        assert reason in episode.error.message
        assert episode.termination.value == "agent_error"
    assert aggregate(results)["errors.agent_rate"] == 1.0
    assert "| errors.agent_rate ↓ | 1 |" in result.stdout


def test_a_short_429_storm_is_ridden_out_honouring_retry_after(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    result, folder = run_against(fault_server, "429x2", tmp_path)
    assert result.returncode == 0, result.stderr
    results = list(RunFolder(folder).results())
    assert results and all(r.error is None for r in results)
    # Every agent call was refused twice before it got through (the adapter retries twice).
    agent_calls = sum(len(r.transcript.agent_turns()) for r in results)
    assert fault_server.hits["429x2"] >= agent_calls + 2 * len(results)
    assert aggregate(results)["errors.agent_rate"] == 0.0
    timings = [json.loads(x) for x in (folder / "timings.jsonl").read_text().splitlines()]
    assert all(t["usage"][0]["role"] == "agent" for t in timings)  # the server reports usage


def test_a_run_with_rpm_is_paced_and_still_complete(fault_server: FaultServer, tmp_path: Path) -> None:
    result, folder = run_against(fault_server, "ok", tmp_path, "--rpm", "6000", "--persona", "calm-*")
    assert result.returncode == 0, result.stderr
    assert len(list(RunFolder(folder).results())) == 1
    assert "cost:    $0.0000" in result.stdout and "cost.json" in result.stdout
    cost = json.loads((folder / "cost.json").read_text())
    assert cost["by_role"]["agent"]["calls"] == fault_server.hits["ok"]
