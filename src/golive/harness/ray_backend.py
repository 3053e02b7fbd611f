"""``--backend ray``: episodes as Ray tasks on a cluster; the driver alone writes and logs.

Episodes travel in small chunks (a task plays its chunk with the local asyncio runner, so
an HTTP agent's connections are shared within it). Results stream back as chunks finish;
the driver appends them to ``results.jsonl``, checks ``--max-cost`` and logs to MLflow, so
nothing on a worker touches the run folder or the tracking store. Episodes are pure
functions of their spec, so a Ray run writes the same ``results.jsonl`` as a local one.

Install with ``pip install 'golive[ray]'``. Workers rebuild the agent from its description
(``AgentFactory.describe()``): bundled bots, installed packages, URLs and agent files work
anywhere (the ``${VAR}``s an agent file names are passed to the workers); a
``module:function`` from the working folder works on a local cluster. ``--rpm``/``--tpm``
apply per worker process; the judge (``--judge``) and ``--max-reply-bytes`` travel with the
job.

Example:
    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from golive.errors import InputError
from golive.evaluators import Judge
from golive.harness.agents import AgentDescription, rebuild_agent
from golive.harness.agents.size import DEFAULT_MAX_REPLY_BYTES, MAX_REPLY_BYTES
from golive.harness.batch import Budget, OnResult, RunSettings, run_episodes, timing_usd
from golive.harness.plan import EpisodeSpec
from golive.llm import Gateway, RateLimiter, use_gateway
from golive.llm.cache import ResponseCache
from golive.personas.simulator import get_simulator
from golive.results.models import EpisodeResult, Timing

T = TypeVar("T")
INSTALL_HINT = "install the extra: pip install 'golive[ray]'"


@dataclass(frozen=True)
class RemoteJob:
    """What a worker needs to rebuild the agent, simulator and gateway (all picklable)."""

    agent: AgentDescription
    simulator: str
    cache_dir: str | None
    rpm: int | None
    tpm: int | None
    retries: int
    timeout_s: float
    chunk: int = 4
    # A worker rebuilds the judge and the reply cap too: without them judge rules and
    # --max-reply-bytes would silently not apply on Ray.
    judge_model: str | None = None
    judge_api_base: str | None = None
    max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def play_chunk(
    specs: list[EpisodeSpec], job: RemoteJob, settings: RunSettings
) -> list[tuple[EpisodeResult, Timing]]:
    """Runs on a Ray worker: play ``specs`` with the local runner, return their lines."""
    return asyncio.run(_play_chunk(specs, job, settings))


async def _play_chunk(
    specs: list[EpisodeSpec], job: RemoteJob, settings: RunSettings
) -> list[tuple[EpisodeResult, Timing]]:
    agent = rebuild_agent(job.agent, max_threads=len(specs))
    cache = ResponseCache(job.cache_dir) if job.cache_dir else None
    gateway = Gateway(
        cache, retries=job.retries, timeout_s=job.timeout_s, limiter=RateLimiter(job.rpm, job.tpm)
    )
    use_gateway(gateway)
    MAX_REPLY_BYTES.set(job.max_reply_bytes)  # the episodes' tasks copy this context
    judge = Judge(job.judge_model, gateway, job.judge_api_base) if job.judge_model else None
    out: list[tuple[EpisodeResult, Timing]] = []
    local = RunSettings(
        settings.max_turns,
        len(specs),
        settings.timeout_s,
        judge=judge,
        clock=settings.clock,
        clock_mode=settings.clock_mode,
    )
    try:
        await run_episodes(
            specs, agent, get_simulator(job.simulator), local, lambda r, t: out.append((r, t))
        )
    finally:
        await agent.aclose()
        await gateway.aclose()
        if cache is not None:
            cache.close()
    return out


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise InputError(
            "--backend ray needs Ray, which is not installed", field="--backend", hint=INSTALL_HINT
        ) from exc
    return ray


def _check_reachable(address: str, timeout_s: float = 5.0) -> None:
    """Fail fast (exit 3) instead of letting ``ray.init`` retry a dead address for minutes."""
    import socket

    from golive.errors import UnreachableError

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and other forms Ray resolves itself
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise UnreachableError(
            f"no Ray cluster answers at {address}: {exc}; start one with "
            "`ray start --head` or drop --ray-address to run a local one"
        ) from exc


def _connect(ray: Any, address: str | None, agent: AgentDescription) -> None:
    if address:
        _check_reachable(address)
    # Local modules (the working folder, tests) stay importable on a local cluster's workers.
    paths = [os.getcwd(), *[p for p in sys.path if p and Path(p).is_dir()]]
    env = {
        "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)),
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    }
    # The variables the agent's config names (${SUPPORT_BOT_TOKEN}): workers expand them
    # when they rebuild the agent, and a head started elsewhere would not have them.
    env.update({n: os.environ[n] for n in agent.env_names() if n in os.environ})
    ray.init(
        address=address,
        runtime_env={"env_vars": env},
        log_to_driver=False,
        include_dashboard=False,
        ignore_reinit_error=True,
        configure_logging=False,
    )


async def run_episodes_ray(
    specs: Iterable[EpisodeSpec],
    job: RemoteJob,
    settings: RunSettings,
    on_result: OnResult,
    budget: Budget,
    address: str | None = None,
) -> None:
    """Play ``specs`` as Ray tasks, at most ``settings.concurrency`` episodes in flight."""
    ray = _ray()
    _connect(ray, address, job.agent)
    remote = ray.remote(play_chunk)
    chunks = chunked(specs, job.chunk)
    in_flight = max(1, settings.concurrency // job.chunk)
    pending: dict[Any, int] = {}
    try:
        while True:
            while len(pending) < in_flight and not budget.exhausted:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending[remote.remote(chunk, job, settings)] = len(chunk)
            if not pending:
                break
            done, _ = await asyncio.to_thread(ray.wait, list(pending), num_returns=1)
            for ref in done:
                pending.pop(ref)
                for result, timing in ray.get(ref):
                    budget.spend(timing_usd(timing))
                    on_result(result, timing)
        budget.skipped += sum(len(c) for c in chunks)
    finally:
        ray.shutdown()
