"""``golive run`` as a function: the I/O of a run around the pure layers.

The runner's layers (drawn in ``harness/README.md``): ``episode.simulate_episode`` plays
one conversation; ``batch`` plays and scores many with bounded concurrency and a budget;
``build`` turns a ``RunConfig`` into live objects; this module does the I/O: the agent's
preflight, the run folder (create or resume, append, finalise), MLflow, cost and reports.

Example:
    >>> outcome = run_suite(RunConfig(agent="acme_v2", mlflow=False, quiet=True))  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive._gc import bulk_collection, keep
from golive.errors import UnreachableError
from golive.evaluators.semantic.language import warm_in_background
from golive.harness.agents import AgentError, AgentFactory, AgentRequest
from golive.harness.agents.size import MAX_REPLY_BYTES
from golive.harness.batch import Budget, OnResult, run_episodes, timing_usd
from golive.harness.build import BuiltRun, RunConfig, build, remote_job
from golive.harness.environment import HANDOFF_TOOLS
from golive.harness.plan import EpisodeSpec
from golive.harness.progress import Progress
from golive.llm import Ledger, use_gateway
from golive.reports import SUMMARY_FILE, start_reports_beside, write_reports
from golive.results.contact_centre import tipping_metrics
from golive.results.fidelity import fidelity
from golive.results.manifest import Manifest
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult, Timing
from golive.results.quarantine import quarantine_results
from golive.results.run_folder import (
    COST_FILE,
    INSIGHTS_JSON,
    MANIFEST_FILE,
    RESULTS_FILE,
    TIMINGS_FILE,
    RunFolder,
    slug,
)
from golive.tracking.mlflow_run import breakdown_metrics

if TYPE_CHECKING:
    from golive.tracking import MlflowTracker

__all__ = ["RunConfig", "RunOutcome", "run_built", "run_suite"]

PREFLIGHT_MIN_S = 10.0


@dataclass(frozen=True)
class RunOutcome:
    """Where a run's files are and what it scored."""

    folder: Path
    manifest: Manifest
    metrics: dict[str, float]
    summary: str
    resumed_episodes: int = 0
    cost: dict[str, Any] = field(default_factory=dict)
    stopped: str | None = None


async def _preflight(agent: AgentFactory, timeout_s: float) -> None:
    if not agent.remote:
        # A Python agent was already imported; starting one session runs a class agent's
        # constructor, so a bot that cannot even start fails here, not as N "errors".
        try:
            agent.session("golive-preflight")
        except (Exception, SystemExit) as exc:
            raise UnreachableError(
                f"the agent {agent.label} could not start: {type(exc).__name__}: {exc}",
            ) from exc
        return
    request = AgentRequest([{"role": "user", "content": "Hello"}], "golive-preflight", HANDOFF_TOOLS)
    try:
        await asyncio.wait_for(agent.session("golive-preflight").respond(request), timeout_s)
    except (AgentError, TimeoutError) as exc:
        raise UnreachableError(
            f"the agent at {agent.label} did not answer a preflight call: {exc or 'timed out'}",
        ) from exc
    finally:
        await agent.aclose()  # its connections belong to this loop; the run opens its own


def run_suite(config: RunConfig) -> RunOutcome:
    """Run a suite against an agent and write the run folder; returns where and what."""
    return run_built(build(config))


def run_built(built: BuiltRun) -> RunOutcome:
    """Run what ``build`` returned (possibly adjusted: ``golive mutate`` swaps in a mutant
    agent and a sample of the episodes) and write its run folder."""
    config = built.config
    # Loaded now on a thread, it overlaps the preflight and the first calls; loaded when a
    # reply first needs it, it would stall every conversation in flight (seconds at 256).
    warm_in_background()
    # The preflight asks whether the agent answers at all (a cold endpoint, a loaded CI
    # runner): it gets at least PREFLIGHT_MIN_S; --timeout judges the episodes' calls.
    asyncio.run(_preflight(built.agent, max(config.timeout_s, PREFLIGHT_MIN_S)))
    manifest = built.manifest
    folder = RunFolder.create(manifest, out=config.out, resume=config.resume)
    try:  # the folder is this run's alone until it ends, however it ends
        return _rehearse_in(built, folder)
    finally:
        folder.release()


def _rehearse_in(built: BuiltRun, folder: RunFolder) -> RunOutcome:
    config, manifest = built.config, built.manifest
    if config.resume:
        for line in quarantine_results(folder.path):  # its episode is played again
            print(f"warning: corrupt line set aside: {line}", file=sys.stderr)
    else:  # written before the MLflow run exists: a kill in between leaves it resumable
        folder.write_manifest(manifest)
    tracker = None
    try:
        if config.mlflow:
            tracker = _start_tracking(config, manifest, folder)
        folder.write_manifest(manifest)
        if tracker is not None:  # stores traces while the episodes play
            tracker.start_feed()
        resumed, stopped = asyncio.run(_play_all(built, folder, tracker))
        return _finish(folder, manifest, tracker, resumed, stopped)
    except BaseException as exc:
        if tracker is not None:  # never left RUNNING: ended with what happened
            tracker.fail("KILLED" if isinstance(exc, KeyboardInterrupt | SystemExit) else "FAILED")
        raise


def _start_tracking(config: RunConfig, manifest: Manifest, folder: RunFolder) -> MlflowTracker:
    from golive.tracking import MlflowTracker

    previous = folder.manifest().mlflow_run_id if config.resume else None
    tracker = MlflowTracker(config.tracking_uri, f"golive-{manifest.suite_name}", config.traces)
    params = {
        "suite": manifest.suite_name, "suite_hash": manifest.suite_hash, "agent": manifest.agent,
        "agent_label": slug(manifest.agent), "agent_model": config.agent_model,
        "simulator": manifest.simulator, "seed": str(manifest.seed),
        "repeats": str(manifest.repeats), "max_turns": str(manifest.max_turns),
        "concurrency": str(config.concurrency), "golive_version": manifest.golive_version,
        "episodes": str(manifest.episodes),
    }
    run_id = tracker.start(params, f"{manifest.suite_name}-{slug(manifest.agent)}", previous,
                           folder=str(folder.path.resolve()), adopt=config.resume)
    manifest.mlflow_run_id = run_id
    manifest.tracking_uri = tracker.tracking_uri
    return tracker


async def _play_all(
    built: BuiltRun, folder: RunFolder, tracker: MlflowTracker | None = None
) -> tuple[int, str | None]:
    """Play the episodes not yet in the folder, appending each as it finishes."""
    specs, agent, simulator, gateway = built.specs, built.agent, built.simulator, built.gateway
    done = folder.finished_ids()
    todo = [s for s in specs if s.episode_id not in done]
    spent = sum(timing_usd(t) for t in folder.iter_timings() if t.episode_id in done)
    budget = Budget(built.config.max_cost, spent)
    MAX_REPLY_BYTES.set(built.config.max_reply_bytes)  # every agent call of this run sees it
    use_gateway(gateway)  # LLM simulators and judges find it with current_gateway()
    append = folder.appender()
    try:
        check = getattr(simulator, "preflight", None)
        if todo and check is not None:  # on this loop: litellm's aiohttp client is per loop
            await check()
        judge = built.settings.judge
        if todo and judge is not None:  # a dead judge fails fast, not as N judge errors
            await judge.preflight()
        with Progress(len(specs), len(specs) - len(todo), quiet=built.config.quiet) as progress:

            def on_result(result: EpisodeResult, timing: Timing) -> None:
                append(result, timing)
                if tracker is not None:
                    tracker.offer(result, timing)
                progress.advance(result)

            await _dispatch(todo, built, on_result, budget)
    finally:
        append.close()
        await agent.aclose()
        await gateway.aclose()
        if gateway.cache is not None:
            gateway.cache.close()
    return len(specs) - len(todo), budget.notice()


async def _dispatch(
    todo: list[EpisodeSpec], built: BuiltRun, on_result: OnResult, budget: Budget
) -> None:
    config, agent, simulator, settings = built.config, built.agent, built.simulator, built.settings
    if config.backend == "ray":
        from golive.harness.ray_backend import run_episodes_ray

        job = remote_job(config, agent, simulator.name, settings.judge)
        await run_episodes_ray(todo, job, settings, on_result, budget, config.ray_address)
    else:
        await run_episodes(todo, agent, simulator, settings, on_result, budget)


def _finish(
    folder: RunFolder, manifest: Manifest, tracker: MlflowTracker | None, resumed: int,
    stopped: str | None = None, processes: int = 1,
) -> RunOutcome:
    # processes: how many may render the reports (``golive score --workers``: the CPUs the
    # scoring used are idle by now).
    with bulk_collection():
        return _finish_folder(folder, manifest, tracker, resumed, stopped, processes)


def _finish_folder(
    folder: RunFolder, manifest: Manifest, tracker: MlflowTracker | None, resumed: int,
    stopped: str | None, processes: int,
) -> RunOutcome:
    folder.finalise()
    manifest.stopped = stopped  # in the manifest, so `golive report` keeps the notice
    beside = start_reports_beside(folder, manifest, processes)
    try:
        results = folder.results_for_reports()
        keep()  # the reports walk the results many times; the collector need not
        metrics = aggregate(results)
        if tracker is not None:  # the traces need timings by episode: read once, for both
            cost = _cost(folder.timings().values())
        else:  # streamed: 10,000s of episodes' timings are never all held
            cost = _cost(folder.iter_timings())
        folder.write_cost(cost)
        folder.write_manifest(manifest)
        written = write_reports(folder, manifest, results, metrics, processes, beside)
    except BaseException:
        if beside is not None:
            beside.close()
        raise
    if tracker is not None:
        tracker.log_traces(results, folder.timings())
        tracker.log_metrics({**breakdown_metrics(results), **fidelity(results).metrics(),
                             **tipping_metrics(results)})
        tracker.log_insights(written[INSIGHTS_JSON])
        files = [RESULTS_FILE, TIMINGS_FILE, MANIFEST_FILE, COST_FILE, *written]
        # cost.usd lives in cost.json, not results.jsonl: MLflow gets it as a metric.
        tracker.finish({**metrics, "cost.usd": float(cost.get("total_usd", 0.0))}, folder, files)
    summary = written[SUMMARY_FILE]
    return RunOutcome(folder.path, manifest, metrics, summary, resumed, cost, stopped)


def _cost(timings: Iterable[Timing]) -> dict[str, Any]:
    """Every episode's LLM usage summed by role and model: what ``cost.json`` holds."""
    ledger = Ledger()
    for timing in timings:
        ledger.merge(timing.usage)
    return ledger.summary()


#: How every run folder ends (sorted rewrite, cost, reports, MLflow): ``golive rescore`` and
#: ``golive score`` end theirs the same way (``golive.harness.scoring``).
finish_run = _finish
