"""Building a run's live objects from its configuration: the runner's middle layer.

``build(config)`` loads and checks the suite, plans the episodes, resolves the agent (with
its rate limits), the simulator, the LLM gateway and the judge, and fills in the manifest.
It writes no file and calls no agent or model (the gateway and its disk cache open on
first use): ``golive.harness.rehearsal`` does the run's I/O with what it returns, and
``golive.harness.batch`` plays the episodes.

Example:
    >>> built = build(RunConfig(agent="acme_v2", scenario_filter="order-status"))
    >>> built.manifest.agent, built.manifest.episodes == len(built.specs) > 0
    ('acme_v2', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from golive import __version__
from golive._redact import redact
from golive.errors import InputError
from golive.evaluators import Judge
from golive.harness.agents import AgentConfig, AgentFactory, resolve_agent
from golive.harness.agents.fingerprint import agent_fingerprint
from golive.harness.agents.size import DEFAULT_MAX_REPLY_BYTES
from golive.harness.backends import check_backend
from golive.harness.batch import RunSettings
from golive.harness.limited import with_limits
from golive.harness.plan import EpisodeSpec, plan_episodes
from golive.harness.run_options import check_options
from golive.harness.suite import LoadedSuite, demo_suite_path, load_suite, suite_path
from golive.harness.toolkits import check_scenario_tools
from golive.llm import Gateway, RateLimiter
from golive.llm.cache import DEFAULT_DIR, ResponseCache
from golive.personas.simulator import Simulator, get_simulator, simulator_provenance
from golive.results.manifest import Manifest
from golive.scenarios.clock import ClockMode

if TYPE_CHECKING:
    from golive.harness.ray_backend import RemoteJob



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
    max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES
    # simulated: service levels from the suite (byte-identical reruns); measured: wall-clock
    # agent latencies (not reproducible; the manifest says so).
    clock: ClockMode = ClockMode.SIMULATED

    def __post_init__(self) -> None:
        # Before anything starts: a bad number is the user's input error (exit 2).
        check_options({
            "--timeout": self.timeout_s, "--max-turns": self.max_turns, "--repeats": self.repeats,
            "--concurrency": self.concurrency, "--retries": self.retries,
            "--max-cost": self.max_cost, "--rpm": self.rpm, "--tpm": self.tpm,
            "--max-reply-bytes": self.max_reply_bytes,
        })


@dataclass(frozen=True)
class BuiltRun:
    """What a run plays with: built from a ``RunConfig``, nothing written or called yet."""

    config: RunConfig
    loaded: LoadedSuite
    specs: list[EpisodeSpec]
    manifest: Manifest
    agent: AgentFactory
    simulator: Simulator
    gateway: Gateway
    settings: RunSettings


def build(config: RunConfig) -> BuiltRun:
    """Load, check and plan the suite; resolve the agent, simulator, gateway and judge.

    Raises:
        InputError: a bad suite, agent spec, backend or filter (exit 2).
    """
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
    agent = _agent(config, agent_spec)
    manifest = probe.model_copy(
        update={"episodes": len(specs), "agent_fingerprint": agent_fingerprint(agent)}
    )
    gateway = make_gateway(config)
    settings = RunSettings(
        max_turns=manifest.max_turns, concurrency=config.concurrency, timeout_s=config.timeout_s,
        judge=_judge(config.judge or loaded.suite.judge, gateway),
        clock=loaded.suite.clock, clock_mode=ClockMode(config.clock),
    )
    return BuiltRun(config, loaded, specs, manifest, agent, simulator, gateway, settings)


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
        suite_parts=loaded.part_hashes(),
        agent=redact(agent),  # compared on --resume as written: never with a password
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
        # Recorded so the gate decides a finished run by the thresholds it ran under.
        gate=suite.gate.model_dump(mode="json") if suite.gate is not None else None,
        clock=ClockMode(config.clock).value,
        reproducible=ClockMode(config.clock) is ClockMode.SIMULATED,
    )


def remote_job(
    config: RunConfig, agent: AgentFactory, simulator: str, judge: Judge | None = None
) -> RemoteJob:
    """What a Ray worker needs to rebuild the agent, simulator, gateway and judge (picklable)."""
    from golive.harness.ray_backend import RemoteJob

    cache_dir = (config.cache_dir or Path(DEFAULT_DIR)).resolve() if config.cache else None
    return RemoteJob(
        agent=agent.describe(), simulator=config.simulator or simulator,
        cache_dir=str(cache_dir) if cache_dir else None, rpm=config.rpm, tpm=config.tpm,
        retries=config.retries, timeout_s=config.timeout_s,
        judge_model=judge.model if judge else None, judge_api_base=judge.api_base if judge else None,
        max_reply_bytes=config.max_reply_bytes,
    )


def _agent(config: RunConfig, spec: str | AgentConfig) -> AgentFactory:
    agent = resolve_agent(
        spec, model=config.agent_model, max_threads=config.concurrency,
        handoff_pattern=config.handoff_pattern,
    )
    return with_limits(agent, RateLimiter(config.rpm, config.tpm))


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
    # MODEL[@BASE_URL], the spec form every model role takes (golive.llm.spec).
    return Judge.from_spec(model, gateway) if model is not None else None


def _agent_spec(config: RunConfig, loaded: LoadedSuite) -> tuple[str | AgentConfig, str]:
    """The agent to run and its name in the manifest (never a secret: no expanded header)."""
    if config.agent:
        return config.agent, config.agent
    spec = loaded.suite.agent
    if spec is None:  # never a silent bundled bot: a user's gate must test the user's bot
        raise InputError(
            f"no agent to test: {loaded.source} names no agent: and --agent was not given",
            field="--agent",
            hint="pass --agent (module:function, agent.yaml, http(s)://.../v1, or acme_v2 for "
            "the bundled demo bot), or add `agent:` to the suite; `golive demo` plays the "
            "bundled bots",
        )
    if not isinstance(spec, str):
        return spec, spec.name or f"suite-{spec.type}"
    if spec.endswith((".yaml", ".yml")) and not Path(spec).is_absolute():
        beside = Path(loaded.source).parent / spec
        if beside.exists():  # an agent file named in a suite is found next to the suite
            return str(beside), spec
    return spec, spec
