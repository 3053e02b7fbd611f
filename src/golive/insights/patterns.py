"""Finding where failures concentrate, offline and deterministically.

For each failure mode, every single feature and every pair of features seen in its failing
episodes is a candidate; a candidate is scored by how much its failure rate (Wilson lower
bound) exceeds the rest of the run, weighted by how many of the failures it explains. A
pair wins over its parts only when it is clearly sharper.

Features that mark exactly the same episodes in a run (``locale=en_US`` when the only
American customers are two personas who are also the only angry ones) are one fact, not
several: each such group is shown once, by its most general name, with the others listed
as ``same_as`` so a reader does not take an accident of the suite's design for a cause.

Example:
    >>> round(wilson(5, 5)[0], 2)
    0.57
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from golive.insights.features import failure_modes, static_features, turn_features
from golive.insights.models import Insights, Mode, Pattern
from golive.results.models import EpisodeResult, Termination

Key = tuple[str, ...]


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for k successes out of n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class _Episode:
    id: str
    length: int
    features: frozenset[str]
    modes: dict[str, int | None]
    at_failure: dict[str, set[str]] = field(default_factory=dict)
    persona: str = ""


def _summarise(result: EpisodeResult) -> _Episode:
    # Only what the episode was given, not what it became: a failing bot makes customers
    # angry, so "peak anger" would explain every failure and say nothing. How customers
    # felt at the failing turn is reported beside each pattern instead (at_failure).
    features = frozenset(static_features(result))
    modes = failure_modes(result) if not result.passed else {}
    at_failure = {m: turn_features(result, t) for m, t in modes.items()}
    return _Episode(
        result.episode_id,
        len(result.transcript.turns),
        features,
        modes,
        at_failure,
        result.persona_id,
    )


@dataclass
class _Counts:
    """How many episodes carry each feature set (singles and pairs), over the whole run."""

    total: int = 0
    sets: Counter[Key] = field(default_factory=Counter)

    def add(self, features: frozenset[str]) -> None:
        self.total += 1
        ordered = sorted(features)
        self.sets.update((f,) for f in ordered)
        self.sets.update(combinations(ordered, 2))


def find_patterns(
    results: Iterable[EpisodeResult], run: str = "", *, min_support: int = 5, per_mode: int = 3
) -> Insights:
    """Failure modes of a run and the patterns behind each."""
    episodes = [
        _summarise(result)
        for result in results
        # the simulator's fault says nothing about the agent
        if result.termination is not Termination.SIMULATOR_ERROR
    ]
    aliases = _merge_aliases(episodes)
    counts = _Counts()
    for episode in episodes:
        counts.add(episode.features)
    failed = [e for e in episodes if e.modes]
    by_mode: dict[str, list[_Episode]] = {}
    for episode in failed:
        for mode in episode.modes:
            by_mode.setdefault(mode, []).append(episode)
    modes = [
        Mode(
            mode=mode,
            failures=len(members),
            share_of_failed=round(len(members) / len(failed), 6),
            patterns=_patterns(mode, members, counts, min_support, per_mode, aliases),
        )
        for mode, members in sorted(by_mode.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    return Insights(run=run, episodes=len(episodes), failed=len(failed), modes=modes)


def _merge_aliases(episodes: list[_Episode]) -> dict[str, list[str]]:
    """Keep one name per group of features carried by exactly the same episodes.

    Rewrites each episode's features in place and returns name -> the names it stands for.
    """
    carriers: dict[str, set[str]] = {}
    for episode in episodes:
        for feature in episode.features:
            carriers.setdefault(feature, set()).add(episode.id)
    groups: dict[frozenset[str], list[str]] = {}
    for feature, ids in carriers.items():
        groups.setdefault(frozenset(ids), []).append(feature)
    aliases: dict[str, list[str]] = {}
    rename: dict[str, str] = {}
    for names in groups.values():
        if len(names) < 2:
            continue
        keep, *others = sorted(names, key=lambda f: (_generality((f,)), f))
        aliases[keep] = others
        rename.update((other, keep) for other in others)
    if rename:
        for episode in episodes:
            episode.features = frozenset(rename.get(f, f) for f in episode.features)
    return aliases


def _patterns(
    mode: str,
    members: list[_Episode],
    counts: _Counts,
    min_support: int,
    per_mode: int,
    aliases: dict[str, list[str]],
) -> list[Pattern]:
    hits: Counter[Key] = Counter()
    for episode in members:
        ordered = sorted(episode.features)
        hits.update((f,) for f in ordered)
        hits.update(combinations(ordered, 2))
    total_failures = len(members)
    scored: list[tuple[float, Key]] = []
    for key, k in hits.items():
        if k < 2 and total_failures > 1:
            continue  # one episode is an anecdote, not a pattern
        n = counts.sets[key]
        if n == counts.total:
            continue  # shared by every episode: it cannot set failures apart
        low, _ = wilson(k, n)
        rest = _rest_rate(total_failures - k, counts.total - n)
        scored.append(((low - rest) * (k / total_failures), key))
    chosen = _choose(scored, hits, counts, per_mode, members)
    return [_pattern(mode, key, members, counts, hits[key], min_support, aliases) for key in chosen]


def _rest_rate(k: int, n: int) -> float:
    return k / n if n > 0 else 0.0


# On a tie, a feature that generalises (a tag, a feeling) reads better than an id.
_PREFERENCE = [
    "tag",
    "vulnerability",
    "emotion",
    "felt",
    "adversarial",
    "stakes",
    "domain",
    "trait",
    "locale",
    "peak",
    "scenario",
    "persona",
]


def _generality(key: Key) -> int:
    kinds = [f.split("=", 1)[0] for f in key]
    return sum(_PREFERENCE.index(k) if k in _PREFERENCE else len(_PREFERENCE) for k in kinds)


def _choose(
    scored: list[tuple[float, Key]],
    hits: Counter[Key],
    counts: _Counts,
    per_mode: int,
    members: list[_Episode],
) -> list[Key]:
    scored.sort(key=lambda x: (-round(x[0], 9), len(x[1]), _generality(x[1]), x[1]))
    chosen: list[Key] = []
    explained: set[str] = set()
    for score, key in scored:
        if score <= 0 or len(chosen) >= per_mode:
            break
        if len(key) == 2 and not _sharper(key, hits, counts):
            continue
        # A further pattern must explain failures the earlier ones did not.
        failing = {e.id for e in members if set(key) <= e.features}
        if chosen and len(failing - explained) < max(1, len(members) // 5):
            continue
        chosen.append(key)
        explained |= failing
    return chosen


def _sharper(pair: Key, hits: Counter[Key], counts: _Counts, margin: float = 0.1) -> bool:
    """A pair earns its place only if its rate beats each part's by ``margin``."""
    rate = hits[pair] / counts.sets[pair]
    return all(rate >= hits[(f,)] / counts.sets[(f,)] + margin for f in pair)


def _pattern(
    mode: str,
    key: Key,
    members: list[_Episode],
    counts: _Counts,
    k: int,
    min_support: int,
    aliases: dict[str, list[str]],
) -> Pattern:
    n = counts.sets[key]
    low, high = wilson(k, n)
    inside = [e for e in members if set(key) <= e.features]
    at_failure: Counter[str] = Counter()
    for episode in inside:
        at_failure.update(episode.at_failure.get(mode, set()))
    examples = [e.id for e in sorted(inside, key=lambda e: (e.length, e.id))[:3]]
    return Pattern(
        mode=mode,
        features=list(key),
        episodes=n,
        failures=k,
        rate=round(k / n, 6),
        ci_low=round(low, 6),
        ci_high=round(high, 6),
        rest_rate=round(_rest_rate(len(members) - k, counts.total - n), 6),
        coverage=round(k / len(members), 6),
        enough_data=n >= min_support and k >= 3,
        examples=examples,
        at_failure={f: round(c / len(inside), 6) for f, c in sorted(at_failure.items())},
        same_as=sorted(a for f in key for a in aliases.get(f, [])),
        personas=sorted({e.persona for e in inside}),
    )
