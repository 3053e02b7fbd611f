"""The smallest persona and scenario variation that still fails the same way.

The search is hypothesis's: a strategy over reductions of the original persona and
scenario (fewer traits, lower intensities, fewer agenda items, fewer turns) whose
examples are replayed through the real episode loop against the same agent, and
``hypothesis.find`` shrinks the failing ones. Agent calls are budgeted (``max_calls``).

Example:
    >>> from golive.personas.models import Persona
    >>> p = Persona.model_validate({"id": "p", "emotion": {"label": "anxious", "intensity": 0.5},
    ...                             "vulnerabilities": ["bereavement"]})
    >>> trait_count(p)
    2
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from golive.harness.agents import AgentError, AgentFactory, AgentRequest, resolve_agent
from golive.harness.agents.base import AgentReply, AgentSession
from golive.harness.batch import RunSettings, play
from golive.harness.plan import EpisodeSpec
from golive.insights.features import failure_modes
from golive.personas.models import Persona
from golive.personas.scripted import ScriptedSimulator
from golive.results.models import EmotionLabel, EpisodeResult
from golive.scenarios.models import Scenario

_KEEP_PERSONA = {"kind", "id", "description", "locale"}


class _Budget:
    def __init__(self, max_calls: int) -> None:
        self.max_calls = max_calls
        self.used = 0


class _CountingSession:
    def __init__(self, inner: AgentSession, budget: _Budget) -> None:
        self._inner, self._budget = inner, budget

    async def respond(self, request: AgentRequest) -> AgentReply:
        if self._budget.used >= self._budget.max_calls:
            raise AgentError("budget", "shrink budget of agent calls is spent")
        self._budget.used += 1
        return await self._inner.respond(request)


def _subset(items: list[Any]) -> st.SearchStrategy[list[Any]]:
    """Sub-lists in the original order; shrinks towards the empty list."""
    keep = st.lists(st.booleans(), min_size=len(items), max_size=len(items))
    return keep.map(lambda flags: [x for x, k in zip(items, flags, strict=True) if k])


def _reduce_value(name: str, value: Any, default: Any) -> st.SearchStrategy[Any]:
    if name in _KEEP_PERSONA:
        return st.just(value)
    if isinstance(value, list) and value and not isinstance(value[0], (dict, list)):
        return _subset(value)
    if name == "emotion" and isinstance(value, dict):
        labels = [EmotionLabel.CALM.value] + ([value["label"]] if value["label"] != "calm" else [])
        return st.fixed_dictionaries({
            "label": st.sampled_from(labels),
            "intensity": st.floats(0.0, float(value["intensity"])).map(lambda x: round(x, 2)),
        })
    if value is not None and default is None:
        return st.one_of(st.none(), st.just(value))
    return st.just(value)


def persona_reductions(persona: Persona) -> st.SearchStrategy[Persona]:
    """Personas with a subset of the original's traits and no stronger feelings."""
    data = persona.model_dump(mode="json")
    fields = Persona.model_fields
    parts = {k: _reduce_value(k, v, fields[k].default if k in fields else None)
             for k, v in data.items()}
    return st.fixed_dictionaries(parts).map(Persona.model_validate)


def scenario_reductions(scenario: Scenario, max_turns: int) -> st.SearchStrategy[Scenario]:
    """The scenario with one opening, fewer push-backs and disclosures, and fewer turns."""
    data = scenario.model_dump(mode="json")
    customer = dict(data["customer"])
    openings = customer["opening"] if isinstance(customer["opening"], list) else [customer["opening"]]

    def build(opening: str, pushes: list[str], discloses: list[str], turns: int) -> Scenario:
        reduced = {**customer, "opening": opening, "pushes_back": pushes, "discloses": discloses}
        return Scenario.model_validate({**data, "customer": reduced, "max_turns": turns})

    return st.builds(build, st.sampled_from(openings), _subset(customer["pushes_back"]),
                     _subset(customer["discloses"]), st.integers(1, max_turns))


def trait_count(persona: Persona) -> int:
    """Traits a persona carries: list items, optional settings in use, a non-calm feeling."""
    data = persona.model_dump(mode="json")
    fields = Persona.model_fields
    count = int(persona.emotion.label is not EmotionLabel.CALM)
    for name, value in data.items():
        if name in _KEEP_PERSONA or name == "emotion":
            continue
        if isinstance(value, list):
            count += len(value)
        elif value is not None and name in fields and fields[name].default is None:
            count += 1
    return count


@dataclass(frozen=True)
class Shrunk:
    """The reduced episode and how much smaller it is than the original."""

    mode: str
    persona: Persona
    scenario: Scenario
    result: EpisodeResult
    original: EpisodeResult
    calls_used: int
    max_calls: int
    seed: int
    original_traits: int


def _replay(spec: EpisodeSpec, agent_spec: str, budget: _Budget, timeout_s: float) -> EpisodeResult:
    async def go() -> EpisodeResult:
        agent = resolve_agent(agent_spec)
        counting = _CountingFactory(agent, budget)
        try:
            result, _ = await play(spec, counting, ScriptedSimulator(),
                                   RunSettings(max_turns=spec.scenario.max_turns or 10,
                                               concurrency=1, timeout_s=timeout_s))
        finally:
            await agent.aclose()
        return result

    return asyncio.run(go())


class _CountingFactory:
    def __init__(self, inner: AgentFactory, budget: _Budget) -> None:
        self.label = inner.label
        self._inner, self._budget = inner, budget

    def session(self, episode_id: str) -> AgentSession:
        return _CountingSession(self._inner.session(episode_id), self._budget)

    async def aclose(self) -> None:
        await self._inner.aclose()


def shrink(
    original: EpisodeResult,
    scenario: Scenario,
    persona: Persona,
    agent_spec: str,
    *,
    seed: int,
    max_turns: int,
    mode: str | None = None,
    max_calls: int = 400,
    timeout_s: float = 30.0,
) -> Shrunk:
    """Search for the smallest variation that still fails with ``mode``; raises ValueError."""
    modes = failure_modes(original)
    target = mode or next(iter(modes), None)
    if target is None or target not in modes:
        raise ValueError(f"episode {original.episode_id} did not fail with {target or 'anything'}; "
                         f"its failures: {sorted(modes) or 'none'}")
    budget = _Budget(max_calls)
    found: dict[str, EpisodeResult] = {}

    def still_fails(candidate: tuple[Persona, Scenario]) -> bool:
        p, s = candidate
        spec = EpisodeSpec(original.episode_id, s, p, 0, seed)
        result = _replay(spec, agent_spec, budget, timeout_s)
        fails = target in failure_modes(result)
        if fails:
            found[_key(p, s)] = result
        return fails

    strategy = st.tuples(persona_reductions(persona),
                         scenario_reductions(scenario, scenario.max_turns or max_turns))
    try:
        smallest = find(strategy, still_fails, random=random.Random(seed),
                        settings=_search_settings(max_calls))
    except NoSuchExample as exc:
        raise ValueError(f"no variation reproduced {target} within {budget.used} agent calls; "
                         "raise --max-calls") from exc
    p, s = smallest
    return Shrunk(target, p, s, found[_key(p, s)], original, budget.used, max_calls, seed,
                  trait_count(persona))


def _search_settings(max_calls: int) -> settings:
    # No example database: a shrink must not depend on what an earlier search remembered.
    return settings(database=None, deadline=None, max_examples=max(20, max_calls // 4),
                    phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))


def _key(persona: Persona, scenario: Scenario) -> str:
    return persona.model_dump_json() + scenario.model_dump_json()
