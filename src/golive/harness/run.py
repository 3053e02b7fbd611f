"""``golive run`` as a function: load, plan, play, write, log, report.

Layers (as in tau2's runner): ``simulate_episode`` plays one conversation, ``runner``
plays many with bounded concurrency, and this module does the I/O around them.

Example:
    >>> outcome = run_suite(RunConfig(agent="acme_v2", mlflow=False, quiet=True))  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive import __version__
from golive.errors import UnreachableError
from golive.evaluators import Judge
from golive.harness.agents import (
    AgentConfig,
    AgentError,
    AgentFactory,
    AgentRequest,
    resolve_agent,
)
from golive.harness.backends import check_backend
from golive.harness.environment import HANDOFF_TOOLS
from golive.harness.limited import RateLimitedAgent
from golive.harness.plan import EpisodeSpec, plan_episodes
from golive.harness.progress import Progress
from golive.harness.run_files import (
    results_for_reports,
    stopped_notice,
    write_cost,
)
from golive.harness.run_folder import run_folder, slug
from golive.harness.runner import Budget, OnResult, RunSettings, run_episodes, timing_usd
from golive.harness.suite import LoadedSuite, demo_suite_path, load_suite, suite_path
from golive.harness.toolkits import check_scenario_tools
from golive.insights.models import INSIGHTS_JSON
from golive.llm import Gateway, RateLimiter, use_gateway
from golive.llm.cache import DEFAULT_DIR, ResponseCache
from golive.personas.simulator import Simulator, get_simulator, simulator_provenance
from golive.reports import SUMMARY_FILE, write_reports
from golive.results.io import (
    COST_FILE,
    RESULTS_FILE,
    TIMINGS_FILE,
    LineWriter,
    finished_ids,
    read_results,
    read_timings,
    rewrite_sorted,
    truncate_torn_tail,
)
from golive.results.manifest import Manifest, read_manifest, write_manifest
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult, Timing
from golive.tracking.runs import breakdown_metrics

if TYPE_CHECKING:
    from golive.harness.ray_backend import RemoteJob
    from golive.tracking import MlflowTracker

DEFAULT_AGENT = "acme_v2"
PREFLIGHT_MIN_S = 10.0


@dataclass(frozen=True)
class RunConfig:
    """Everything ``golive run`` accepts; ``None`` means "take it from the suite"."""

    suite: Path | Traversable | None = None
    agent: str | None = None
    agent_model: str = "default"
    handoff_pattern: str | None = None
    out: Path | None = None
    seed: int | None = None
    repeats: int | None = None
    max_turns: int | None = None
    simulator: str | None = None
    concurrency: int = 8
    timeout_s: float = 60.0
    scenario_filter: str = "*"
    persona_filter: str = "*"
    resume: bool = False
    mlflow: bool = True
    tracking_uri: str | None = None
    # Which episodes become MLflow traces: failed, all or none. Failed by default: MLflow's
    # store spends ~70 ms per trace, so tracing every turn of a big run would cost more than
    # the run; the failures are what reviewers open.
    traces: str = "failed"
    quiet: bool = False
    cache: bool = True
    cache_dir: Path | None = None
    rpm: int | None = None
    tpm: int | None = None
    max_cost: float | None = None
    retries: int = 3
    backend: str = "local"
    ray_address: str | None = None
    judge: str | None = None


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


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("pydantic", "mlflow", "litellm", "openai", "jsonschema", "faker"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def build_manifest(
    config: RunConfig,
    loaded: LoadedSuite,
    agent: str,
    episodes: int,
    simulator: Simulator | None = None,
) -> Manifest:
    """The manifest this run would write (compared field by field on ``--resume``)."""
    suite = loaded.suite
    provenance = (
        simulator_provenance(simulator, loaded.scenarios, loaded.personas) if simulator else {}
    )
    return Manifest(
        suite_name=suite.name,
        suite_source=loaded.source,
        suite_hash=loaded.content_hash(),
        agent=agent,
        simulator=config.simulator or suite.simulator,
        seed=suite.seed if config.seed is None else config.seed,
        repeats=config.repeats or suite.repeats,
        max_turns=config.max_turns or suite.max_turns,
        scenario_filter=config.scenario_filter,
        persona_filter=config.persona_filter,
        episodes=episodes,
        golive_version=__version__,
        versions=_versions(),
        simulator_provenance=provenance,
    )


async def _preflight(agent: AgentFactory, timeout_s: float) -> None:
    if not getattr(agent, "remote", False):
        return  # a Python agent was already imported: that is its reachability check
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
    check_backend(config.backend)
    loaded = load_suite(suite_path(config.suite) if config.suite else demo_suite_path())
    check_scenario_tools(loaded.scenarios)
    agent_spec, agent_name = _agent_spec(config, loaded)
    simulator = get_simulator(config.simulator or loaded.suite.simulator)
    probe = build_manifest(config, loaded, agent_name, 0, simulator)
    specs = plan_episodes(
        loaded, seed=probe.seed, repeats=probe.repeats,
        scenario_glob=config.scenario_filter, persona_glob=config.persona_filter,
    )
    manifest = probe.model_copy(update={"episodes": len(specs)})
    agent = _agent(config, agent_spec)
    # The preflight asks whether the agent answers at all (a cold endpoint, a loaded CI
    # runner): it gets at least PREFLIGHT_MIN_S; --timeout judges the episodes' calls.
    asyncio.run(_preflight(agent, max(config.timeout_s, PREFLIGHT_MIN_S)))
    folder = run_folder(manifest, out=config.out, resume=config.resume)
    tracker = None
    if config.mlflow:
        tracker = _start_tracking(config, manifest, folder)
    write_manifest(folder, manifest)
    http_agent = agent.label.startswith(("http://", "https://"))
    gateway = make_gateway(config)
    settings = RunSettings(
        max_turns=manifest.max_turns, concurrency=config.concurrency, timeout_s=config.timeout_s,
        agent_model=config.agent_model if http_agent else None,
        judge=_judge(config.judge or loaded.suite.judge, gateway),
    )
    try:
        resumed, stopped = asyncio.run(
            _play_all(specs, folder, agent, simulator, settings, config, gateway)
        )
    except BaseException:
        if tracker is not None:
            tracker.fail()
        raise
    return _finish(folder, manifest, tracker, resumed, stopped)


def _remote_job(config: RunConfig, agent: str, simulator: str) -> RemoteJob:
    from golive.harness.ray_backend import RemoteJob

    cache_dir = (config.cache_dir or Path(DEFAULT_DIR)).resolve() if config.cache else None
    return RemoteJob(
        agent=agent, agent_model=config.agent_model, simulator=config.simulator or simulator,
        cache_dir=str(cache_dir) if cache_dir else None, rpm=config.rpm, tpm=config.tpm,
        retries=config.retries, timeout_s=config.timeout_s,
    )


def _agent(config: RunConfig, spec: str | AgentConfig) -> AgentFactory:
    agent = resolve_agent(
        spec, model=config.agent_model, max_threads=config.concurrency,
        handoff_pattern=config.handoff_pattern,
    )
    limiter = RateLimiter(config.rpm, config.tpm)
    if limiter.active and agent.label.startswith(("http://", "https://")):
        # Bucket key: the endpoint and model, so it never shares a bucket with the simulator.
        return RateLimitedAgent(agent, limiter, f"{agent.label}#{config.agent_model}")
    return agent


def make_gateway(config: RunConfig) -> Gateway:
    """The run's LLM gateway: disk cache unless ``--no-cache``, limits, retries."""
    cache = ResponseCache(config.cache_dir or Path(DEFAULT_DIR)) if config.cache else None
    return Gateway(
        cache, retries=config.retries, timeout_s=config.timeout_s,
        limiter=RateLimiter(config.rpm, config.tpm),
    )


def _judge(model: str | None, gateway: Gateway) -> Judge | None:
    # The run's gateway: cached (a warm rerun re-judges identically) unless --no-cache,
    # under --rpm/--tpm, and its cost booked under role "judge".
    return Judge(model, gateway) if model is not None else None


def _agent_spec(config: RunConfig, loaded: LoadedSuite) -> tuple[str | AgentConfig, str]:
    """The agent to run and its name in the manifest (never a secret: no expanded header)."""
    if config.agent:
        return config.agent, config.agent
    spec = loaded.suite.agent or DEFAULT_AGENT
    if not isinstance(spec, str):
        return spec, spec.name or f"suite-{spec.type}"
    if spec.endswith((".yaml", ".yml")) and not Path(spec).is_absolute():
        beside = Path(loaded.source).parent / spec
        if beside.exists():  # an agent file named in a suite is found next to the suite
            return str(beside), spec
    return spec, spec


def _start_tracking(config: RunConfig, manifest: Manifest, folder: Path) -> MlflowTracker:
    from golive.tracking import MlflowTracker

    previous = read_manifest(folder).mlflow_run_id if config.resume else None
    tracker = MlflowTracker(config.tracking_uri, f"golive-{manifest.suite_name}", config.traces)
    params = {
        "suite": manifest.suite_name, "suite_hash": manifest.suite_hash, "agent": manifest.agent,
        "agent_label": slug(manifest.agent), "agent_model": config.agent_model,
        "simulator": manifest.simulator, "seed": str(manifest.seed),
        "repeats": str(manifest.repeats), "max_turns": str(manifest.max_turns),
        "concurrency": str(config.concurrency), "golive_version": manifest.golive_version,
        "episodes": str(manifest.episodes),
    }
    run_id = tracker.start(params, f"{manifest.suite_name}-{slug(manifest.agent)}", previous)
    manifest.mlflow_run_id = run_id
    manifest.tracking_uri = tracker.tracking_uri
    return tracker


async def _play_all(
    specs: list[EpisodeSpec],
    folder: Path,
    agent: AgentFactory,
    simulator: Simulator,
    settings: RunSettings,
    config: RunConfig,
    gateway: Gateway,
) -> tuple[int, str | None]:
    results_path, timings_path = folder / RESULTS_FILE, folder / TIMINGS_FILE
    truncate_torn_tail(results_path)
    truncate_torn_tail(timings_path)
    done = finished_ids(results_path)
    todo = [s for s in specs if s.episode_id not in done]
    spent = sum(timing_usd(t) for t in read_timings(timings_path) if t.episode_id in done)
    budget = Budget(config.max_cost, spent)
    use_gateway(gateway)  # LLM simulators and judges find it with current_gateway()
    results, timings = LineWriter(results_path), LineWriter(timings_path)
    try:
        check = getattr(simulator, "preflight", None)
        if todo and check is not None:  # on this loop: litellm's aiohttp client is per loop
            await check()
        with Progress(len(specs), len(specs) - len(todo), quiet=config.quiet) as progress:

            def on_result(result: EpisodeResult, timing: Timing) -> None:
                results.write(result)
                timings.write(timing)
                progress.advance(result)

            await _dispatch(todo, agent, simulator, settings, config, on_result, budget)
    finally:
        results.close()
        timings.close()
        await agent.aclose()
        await gateway.aclose()
        if gateway.cache is not None:
            gateway.cache.close()
    return len(specs) - len(todo), stopped_notice(budget)


async def _dispatch(
    todo: list[EpisodeSpec], agent: AgentFactory, simulator: Simulator, settings: RunSettings,
    config: RunConfig, on_result: OnResult, budget: Budget,
) -> None:
    if config.backend == "ray":
        from golive.harness.ray_backend import run_episodes_ray

        job = _remote_job(config, agent.label, simulator.name)
        await run_episodes_ray(todo, job, settings, on_result, budget, config.ray_address)
    else:
        await run_episodes(todo, agent, simulator, settings, on_result, budget)


def _finish(
    folder: Path, manifest: Manifest, tracker: MlflowTracker | None, resumed: int,
    stopped: str | None = None,
) -> RunOutcome:
    rewrite_sorted(folder / RESULTS_FILE)
    rewrite_sorted(folder / TIMINGS_FILE)
    results = results_for_reports(folder / RESULTS_FILE)
    metrics = aggregate(results)
    cost = write_cost(folder)
    written = write_reports(folder, manifest, results, metrics)
    text = (folder / SUMMARY_FILE).read_text(encoding="utf-8")
    if stopped:
        text += f"\n**Stopped early:** {stopped}.\n"
        (folder / SUMMARY_FILE).write_text(text, encoding="utf-8")
    write_manifest(folder, manifest)
    if tracker is not None:
        timings = {t.episode_id: t for t in read_timings(folder / TIMINGS_FILE)}
        tracker.log_traces(results, timings)
        tracker.log_metrics(breakdown_metrics(results))
        tracker.log_insights(folder / INSIGHTS_JSON)
        files = [RESULTS_FILE, TIMINGS_FILE, "manifest.json", COST_FILE, *written]
        # cost.usd lives in cost.json, not results.jsonl: MLflow gets it as a metric.
        tracker.finish({**metrics, "cost.usd": float(cost.get("total_usd", 0.0))}, folder, files)
    return RunOutcome(folder, manifest, metrics, text, resumed, cost, stopped)


def results_of(folder: Path) -> list[EpisodeResult]:
    """Every episode in a run folder."""
    return list(read_results(folder / RESULTS_FILE))
