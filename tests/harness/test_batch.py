"""The runner keeps --concurrency episodes in flight; sync agents share a bounded pool."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from golive.harness.agents.python import PythonAgentFactory
from golive.harness.batch import Budget, RunSettings, run_episodes
from golive.harness.plan import plan_episodes
from golive.harness.suite import demo_suite_path, load_suite
from golive.personas.simulator import get_simulator
from golive.results.models import EpisodeResult, Timing


class Gauge:
    """Counts agent calls in flight at once (from any thread)."""

    def __init__(self) -> None:
        self.now = self.peak = self.calls = 0
        self.lock = threading.Lock()

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.calls += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *_: object) -> None:
        with self.lock:
            self.now -= 1


def _specs(n: int) -> list[Any]:
    return plan_episodes(load_suite(demo_suite_path()), seed=7, repeats=n)[: 5 * n]


def _run(
    agent: PythonAgentFactory, concurrency: int, n: int, budget: Budget | None = None
) -> list[EpisodeResult]:
    out: list[EpisodeResult] = []

    def keep(result: EpisodeResult, _: Timing) -> None:
        out.append(result)

    settings = RunSettings(max_turns=3, concurrency=concurrency, timeout_s=10)
    asyncio.run(run_episodes(_specs(n), agent, get_simulator("scripted"), settings, keep, budget))
    return out


def test_async_agents_keep_concurrency_episodes_in_flight() -> None:
    gauge = Gauge()

    async def agent(messages: list[dict[str, Any]]) -> str:
        with gauge:
            await asyncio.sleep(0.01)
        return "Let me check that for you."

    results = _run(PythonAgentFactory(agent, "gauge"), concurrency=6, n=4)
    assert len(results) == 20 and gauge.peak == 6


def test_sync_agents_run_in_a_bounded_thread_pool_in_parallel() -> None:
    gauge = Gauge()

    def agent(messages: list[dict[str, Any]]) -> str:
        with gauge:
            time.sleep(0.02)
        return "Let me check that for you."

    results = _run(PythonAgentFactory(agent, "sync", max_threads=4), concurrency=8, n=4)
    # Four calls in flight at once: they overlapped, and the pool (not the runner) bounds
    # them. No wall-clock assertion: under load it fails for reasons of its own.
    assert len(results) == 20 and gauge.peak == 4


def test_an_exhausted_budget_starts_no_episode_and_counts_the_skipped() -> None:
    async def agent(messages: list[dict[str, Any]]) -> str:
        return "ok"

    budget = Budget(limit_usd=0.5, spent_usd=1.0)
    assert _run(PythonAgentFactory(agent, "a"), concurrency=4, n=2, budget=budget) == []
    assert budget.skipped == 10
