"""Runs whose simulator calls an LLM through the gateway: warm cache, --max-cost, outages."""

from __future__ import annotations

import json
from pathlib import Path

from golive.harness.rehearsal import RunConfig, run_suite
from golive.results import RunFolder
from tests.harness import llm_sim
from tests.harness.fault_server import FaultServer

BASE = {"agent": "acme_v2", "mlflow": False, "quiet": True, "scenario_filter": "order-status"}


def test_warm_cache_rerun_makes_no_llm_call_and_gives_byte_identical_results(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    sim = llm_sim.register(fault_server.base("ok"))
    cache = tmp_path / "cache"
    cold = run_suite(RunConfig(**BASE, simulator=sim, out=tmp_path / "a", cache_dir=cache))  # type: ignore[arg-type]
    calls = fault_server.hits["ok"]
    assert calls > 0 and cold.cost["by_role"]["simulator"]["calls"] == calls
    warm = run_suite(RunConfig(**BASE, simulator=sim, out=tmp_path / "b", cache_dir=cache))  # type: ignore[arg-type]
    assert fault_server.hits["ok"] == calls, "the warm rerun called the model"
    assert warm.cost["by_role"]["simulator"]["cached_calls"] == calls
    assert (tmp_path / "a" / "results.jsonl").read_bytes() == (tmp_path / "b" / "results.jsonl").read_bytes()
    assert any(t.tokens.prompt for r in RunFolder(tmp_path / "b").results()
               for t in r.transcript.turns), "LLM tokens reached the transcript"
    run_suite(RunConfig(**BASE, simulator=sim, out=tmp_path / "c", cache_dir=cache, cache=False))  # type: ignore[arg-type]
    assert fault_server.hits["ok"] == 2 * calls, "--no-cache must call the model again"


def test_max_cost_stops_scheduling_and_resume_finishes_the_run(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    # gpt-4o-mini is priced in litellm's table; the local server answers for it.
    sim = llm_sim.register(fault_server.base("ok"), "openai/gpt-4o-mini")
    config = RunConfig(**BASE, simulator=sim, out=tmp_path / "r", cache=False,  # type: ignore[arg-type]
                       concurrency=1, max_cost=0.00001)
    stopped = run_suite(config)
    assert stopped.stopped is not None and "--max-cost $1e-05 reached" in stopped.stopped
    assert "4 episodes were not started" in stopped.stopped
    assert "Stopped early" in stopped.summary
    assert RunFolder(tmp_path / "r").manifest().stopped == stopped.stopped  # `golive report` keeps it
    assert "**Cost:** $" in stopped.summary and "simulator " in stopped.summary
    assert len((tmp_path / "r" / "results.jsonl").read_text().splitlines()) == 1
    assert stopped.cost["total_usd"] >= 0.00001
    finished = run_suite(RunConfig(**{**config.__dict__, "resume": True, "max_cost": 1.0}))
    assert finished.stopped is None and finished.resumed_episodes == 1
    assert "Stopped early" not in finished.summary and RunFolder(tmp_path / "r").manifest().stopped is None
    assert len((tmp_path / "r" / "results.jsonl").read_text().splitlines()) == 5
    cost = json.loads((tmp_path / "r" / "cost.json").read_text())
    assert cost["by_model"]["openai/gpt-4o-mini"]["usd"] > stopped.cost["total_usd"]


def test_an_llm_outage_is_a_simulator_error_kept_out_of_agent_scores(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    sim = llm_sim.register(fault_server.base("500"))
    outcome = run_suite(RunConfig(**BASE, simulator=sim, out=tmp_path / "o", cache=False, retries=1))  # type: ignore[arg-type]
    results = list(RunFolder(tmp_path / "o").results())
    assert len(results) == 5
    for r in results:
        assert r.error is not None and (r.error.source, r.error.kind) == ("simulator", "server_error")
        assert "HTTP 500" in r.error.message and "after 2 attempts" in r.error.message
    assert outcome.metrics["errors.simulator_rate"] == 1.0
    assert outcome.metrics.get("errors.agent_rate", 0.0) == 0.0
