"""The batch layer: play and score episodes, ``concurrency`` in flight on one asyncio loop.

``play`` turns one ``EpisodeSpec`` into its ``EpisodeResult`` and ``Timing`` (the
conversation from ``episode.simulate_episode``, the environment's end state, the
evaluators, the LLM ledger); ``run_episodes`` plays many. Each finished episode is handed to ``on_result`` at once (the caller appends it to
``results.jsonl``), so memory stays flat and a killed run loses only episodes in flight.
A ``Budget`` stops scheduling new episodes once ``--max-cost`` is spent; the episodes
already in flight finish and are kept.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from golive.evaluators import Episode, Judge, aevaluate_episode
from golive.evaluators.base import Evaluation
from golive.harness.agents import agent_canaries
from golive.harness.agents.base import AgentFactory
from golive.harness.clock import EpisodeClock
from golive.harness.environment import Environment
from golive.harness.episode import EpisodeRun, simulate_episode
from golive.harness.plan import EpisodeSpec
from golive.llm import Ledger, LLMError, episode_ledger
from golive.personas.simulator import Simulator
from golive.results.models import (
    EpisodeError,
    EpisodeResult,
    Speaker,
    Termination,
    Timing,
    Transcript,
)
from golive.scenarios.clock import ClockMode, ClockSettings
from golive.scenarios.models import Scenario

OnResult = Callable[[EpisodeResult, Timing], None]


@dataclass(frozen=True)
class RunSettings:
    """How episodes are played."""

    max_turns: int = 10
    concurrency: int = 8
    timeout_s: float = 60.0
    judge: Judge | None = None  # LLM judge for judge rules and paraphrased facts; None: off
    clock: ClockSettings = ClockSettings()
    clock_mode: ClockMode = ClockMode.SIMULATED


class Budget:
    """USD spent so far against ``--max-cost``; ``None`` means no limit.

    Example:
        >>> b = Budget(0.01); b.spend(0.02); b.exhausted
        True
    """

    def __init__(self, limit_usd: float | None = None, spent_usd: float = 0.0) -> None:
        self.limit_usd = limit_usd
        self.spent_usd = spent_usd
        self.skipped = 0

    def spend(self, usd: float) -> None:
        """Add one episode's cost."""
        self.spent_usd += usd

    @property
    def exhausted(self) -> bool:
        """Whether no new episode may start."""
        return self.limit_usd is not None and self.spent_usd >= self.limit_usd

    def notice(self) -> str | None:
        """Why scheduling stopped early (``--max-cost``), or None.

        Example:
            >>> Budget(1.0).notice() is None
            True
        """
        if not self.skipped:
            return None
        return (
            f"--max-cost ${self.limit_usd:g} reached (${self.spent_usd:.4f} spent): "
            f"{self.skipped} episodes were not started; rerun with --resume and a higher "
            "--max-cost to play them"
        )


def episode_attributes(spec: EpisodeSpec) -> dict[str, Any]:
    """Facts about an episode used for breakdowns in reports and insights."""
    scenario, persona = spec.scenario, spec.persona
    return {
        "domain": scenario.domain,
        "stakes": scenario.stakes.value,
        "goal_achievable": scenario.expected.goal_achievable,
        "handoff_expect": scenario.handoff.expect.value,
        "tags": list(scenario.tags),
        "emotion": persona.emotion.label.value,
        "locale": persona.locale,
        "vulnerabilities": [v.value for v in persona.vulnerabilities],
        "adversarial": [a.value for a in persona.adversarial],
    }


async def _converse(
    spec: EpisodeSpec, agent: AgentFactory, simulator: Simulator, settings: RunSettings
) -> tuple[EpisodeRun, Environment | None]:
    """The conversation and the environment its tools ran in."""
    environment: Environment | None = None
    try:
        session = agent.session(spec.episode_id)  # a class agent's constructor runs here
    except (Exception, SystemExit) as exc:  # the bot's fault, never the simulator's
        error = EpisodeError(
            source="agent",
            kind="crash",
            message=f"the agent could not start: {type(exc).__name__}: {exc}",
        )
        return EpisodeRun(Transcript(), Termination.AGENT_ERROR, error), None
    try:
        customer = simulator.session(spec.scenario, spec.persona, spec.seed)
        environment = Environment(spec.scenario)
        clock = EpisodeClock(
            settings.clock,
            spec.persona,
            spec.scenario.queue or settings.clock.queue,
            spec.seed,
            settings.clock_mode,
        )
        run = await simulate_episode(
            customer,
            session,
            environment,
            session_id=spec.episode_id,
            max_turns=spec.scenario.max_turns or settings.max_turns,
            timeout_s=settings.timeout_s,
            agent_first=agent.speaks_first,
            clock=clock,
        )
        if run.termination is not Termination.SIMULATOR_ERROR:
            run.clock = clock.finish(run.transcript, run.termination)
    except LLMError as exc:  # the simulator's model failed after the gateway's retries
        error = EpisodeError(source="simulator", kind=exc.kind, message=str(exc))
        run = EpisodeRun(Transcript(), Termination.SIMULATOR_ERROR, error)
    except Exception as exc:  # a simulator that cannot even start is its own error
        error = EpisodeError(
            source="simulator", kind="crash", message=f"{type(exc).__name__}: {exc}"
        )
        run = EpisodeRun(Transcript(), Termination.SIMULATOR_ERROR, error)
    return run, environment


async def play(
    spec: EpisodeSpec, agent: AgentFactory, simulator: Simulator, settings: RunSettings
) -> tuple[EpisodeResult, Timing]:
    """Play and score one episode. Never raises for agent or simulator faults."""
    started_wall, started = time.time(), time.perf_counter()
    ledger = Ledger()
    token = episode_ledger.set(ledger)  # the gateway books this episode's LLM calls here
    try:
        run, environment = await _converse(spec, agent, simulator, settings)
        end_state = environment.end_state if environment is not None else None
        episode = Episode(
            run.transcript, _with_canaries(spec, agent), run.termination, end_state=end_state
        )
        evaluation = await aevaluate_episode(episode, settings.judge)
        if run.termination is Termination.SIMULATOR_ERROR:
            # Excluded from every agent score: no findings or scores pinned on the agent for
            # a conversation the simulator broke (the error names why).
            evaluation = Evaluation(passed=False)
    finally:
        episode_ledger.reset(token)
    if agent.model is not None:  # metered agents report usage; gateway agents are booked
        _book_agent_tokens(ledger, run.transcript, agent.model)
    result = EpisodeResult(
        episode_id=spec.episode_id,
        scenario_id=spec.scenario.id,
        persona_id=spec.persona.id,
        repeat=spec.repeat,
        seed=spec.seed,
        termination=run.termination,
        error=run.error,
        transcript=run.transcript,
        handoff_outcome=evaluation.handoff_outcome,
        scores=evaluation.scores,
        findings=list(evaluation.findings),
        passed=evaluation.passed and run.error is None,
        attributes=episode_attributes(spec),
        end_state=end_state,
        clock=run.clock,
    )
    timing = Timing(
        episode_id=spec.episode_id,
        started_at=round(started_wall, 3),
        duration_s=round(time.perf_counter() - started, 6),
        turn_latency_s=[round(x, 6) for x in run.turn_latency_s],
        usage=ledger.rows(),
    )
    return result, timing


def _with_canaries(spec: EpisodeSpec, agent: AgentFactory) -> Scenario:
    """The scenario the evaluators see: with the agent's own secrets (system prompt,
    ``secrets:``) added to the scenario's, so ``secrets.canary`` can find them."""
    canaries = _canaries(agent)
    if not canaries:
        return spec.scenario
    return spec.scenario.model_copy(update={"secrets": [*spec.scenario.secrets, *canaries]})


_CANARIES: weakref.WeakKeyDictionary[Any, tuple[str, ...]] = weakref.WeakKeyDictionary()


def _canaries(agent: AgentFactory) -> tuple[str, ...]:
    # Read once per agent, not per episode: describing the agent and parsing its config
    # again for every episode cost more than scoring some replies.
    try:
        known = _CANARIES.get(agent)
    except TypeError:  # an agent that cannot be weakly referenced: read it each time
        return agent_canaries(agent)
    if known is None:
        known = _CANARIES[agent] = agent_canaries(agent)
    return known


def _book_agent_tokens(ledger: Ledger, transcript: Transcript, model: str) -> None:
    """The agent's tokens (reported by HTTP agents in ``usage``) under role ``agent``."""
    turns = [t for t in transcript.turns if t.speaker is Speaker.AGENT]
    prompt = sum(t.tokens.prompt for t in turns)
    completion = sum(t.tokens.completion for t in turns)
    if prompt or completion:
        ledger.add("agent", model, prompt, completion, cached=False, calls=len(turns))


def timing_usd(timing: Timing) -> float:
    """USD one episode spent, from its timings line."""
    return float(sum(row.get("usd", 0.0) for row in timing.usage))


async def run_episodes(
    specs: Iterable[EpisodeSpec],
    agent: AgentFactory,
    simulator: Simulator,
    settings: RunSettings,
    on_result: OnResult,
    budget: Budget | None = None,
) -> None:
    """Play every episode with at most ``settings.concurrency`` in flight.

    With a ``budget``, no new episode starts once it is exhausted; ``budget.skipped``
    counts those left unplayed (a later ``--resume`` plays them).
    """
    queue: Iterator[EpisodeSpec] = iter(specs)
    budget = budget or Budget()

    async def worker() -> None:
        for spec in queue:  # a shared iterator: each worker takes the next spec
            if budget.exhausted:
                budget.skipped += 1
                continue
            result, timing = await play(spec, agent, simulator, settings)
            budget.spend(timing_usd(timing))
            on_result(result, timing)

    async with asyncio.TaskGroup() as group:
        for _ in range(max(1, settings.concurrency)):
            group.create_task(worker())
