"""Fidelity figures of a run: how often the simulated customers misbehaved, and what golive
did about it (asked again, recorded, or excluded the episode from every agent score).

Read from ``results.jsonl`` alone (faults on customer turns, the error kind of simulator
errors), so reports rebuild them without rerunning.

Example:
    >>> fig = Fidelity()
    >>> fig.excluded_line()
    'No episodes excluded.'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from golive.results.models import EpisodeResult, FaultAction, Speaker, Termination


def _words(kind: str) -> str:
    return kind.replace("_", " ")


@dataclass
class Fidelity:
    """Fault counts by kind and by what was done, and the excluded episodes by kind."""

    episodes: int = 0
    turns: int = 0  # customer turns kept in transcripts
    repaired: Counter[str] = field(default_factory=Counter)
    recorded: Counter[str] = field(default_factory=Counter)
    excluded: Counter[str] = field(default_factory=Counter)

    def add(self, result: EpisodeResult) -> None:
        """Count one episode."""
        self.episodes += 1
        for turn in result.transcript.turns:
            if turn.speaker is not Speaker.CUSTOMER:
                continue
            self.turns += 1
            for fault in turn.faults:
                into = self.repaired if fault.action is FaultAction.REPAIRED else self.recorded
                into[fault.kind] += 1
        if result.termination is Termination.SIMULATOR_ERROR:
            self.excluded[result.error.kind if result.error else "unknown"] += 1

    def kinds(self) -> list[str]:
        """Every fault kind seen, sorted."""
        return sorted(set(self.repaired) | set(self.recorded) | set(self.excluded))

    def excluded_line(self) -> str:
        """One sentence: "12 episodes excluded: 9 role inversion, 3 restart."."""
        total = sum(self.excluded.values())
        if not total:
            return "No episodes excluded."
        parts = ", ".join(f"{n} {_words(k)}" for k, n in self.excluded.most_common())
        noun = "episode" if total == 1 else "episodes"
        return f"{total} {noun} excluded: {parts}."

    def rows(self) -> list[tuple[str, int, int, int]]:
        """(kind, repaired turns, recorded turns, excluded episodes) per kind."""
        return [(k, self.repaired[k], self.recorded[k], self.excluded[k]) for k in self.kinds()]

    def metrics(self) -> dict[str, float]:
        """Per-kind counts as metric names (``fidelity.<kind>.repaired`` ...), for MLflow.

        Example:
            >>> f = Fidelity(excluded=Counter({"restart": 2}))
            >>> f.metrics()["fidelity.restart.excluded"]
            2.0
        """
        out: dict[str, float] = {}
        for kind, repaired, recorded, excluded in self.rows():
            out[f"fidelity.{kind}.repaired"] = float(repaired)
            out[f"fidelity.{kind}.recorded"] = float(recorded)
            out[f"fidelity.{kind}.excluded"] = float(excluded)
        return out


def fidelity(results: Iterable[EpisodeResult]) -> Fidelity:
    """The fidelity figures of a run."""
    figures = Fidelity()
    for result in results:
        figures.add(result)
    return figures
