"""Expanding a suite into episodes, each with its own seed and stable id.

Example:
    >>> episode_seed(7, "order-status", "calm-carla", 0) == episode_seed(7, "order-status", "calm-carla", 0)
    True
"""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass

from golive.errors import InputError
from golive.harness.suite import LoadedSuite
from golive.personas.models import Persona
from golive.scenarios.models import Scenario


@dataclass(frozen=True)
class EpisodeSpec:
    """One conversation to play: scenario × persona × repeat, with its seed."""

    episode_id: str
    scenario: Scenario
    persona: Persona
    repeat: int
    seed: int


def _digest(suite_seed: int, scenario_id: str, persona_id: str, repeat: int) -> bytes:
    key = f"{suite_seed}\x1f{scenario_id}\x1f{persona_id}\x1f{repeat}"
    return hashlib.sha256(key.encode()).digest()


def episode_seed(suite_seed: int, scenario_id: str, persona_id: str, repeat: int) -> int:
    """The seed for every random choice in one episode."""
    return int.from_bytes(_digest(suite_seed, scenario_id, persona_id, repeat)[:8], "big") >> 1


def episode_id(suite_seed: int, scenario_id: str, persona_id: str, repeat: int) -> str:
    """A short stable id: the same inputs always give the same id."""
    return _digest(suite_seed, scenario_id, persona_id, repeat)[8:14].hex()


def plan_episodes(
    loaded: LoadedSuite,
    *,
    seed: int,
    repeats: int,
    scenario_glob: str = "*",
    persona_glob: str = "*",
) -> list[EpisodeSpec]:
    """Every scenario × persona × repeat that passes the filters, in a stable order.

    A filter that matches nothing is an input error naming the glob and the ids there are:
    a run of nothing must never look like a run that passed.
    """
    _check_filter("--scenario", scenario_glob, [s.id for s in loaded.scenarios])
    _check_filter("--persona", persona_glob, [p.id for p in loaded.personas])
    return [
        EpisodeSpec(
            episode_id=episode_id(seed, s.id, p.id, r),
            scenario=s,
            persona=p,
            repeat=r,
            seed=episode_seed(seed, s.id, p.id, r),
        )
        for s in loaded.scenarios
        if fnmatch.fnmatch(s.id, scenario_glob)
        for p in loaded.personas
        if fnmatch.fnmatch(p.id, persona_glob)
        for r in range(repeats)
    ]


def _check_filter(option: str, glob: str, ids: list[str]) -> None:
    if not any(fnmatch.fnmatch(i, glob) for i in ids):
        raise InputError(
            f"{glob!r} matches none of the suite's {len(ids)} {option.strip('-')}s",
            field=option, hint=f"available: {', '.join(ids)} (globs like 'refund-*' work)",
        )
