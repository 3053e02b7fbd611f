"""Per-scenario and per-persona breakdowns shared by every report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from golive.results.models import EpisodeResult, Severity, Termination


@dataclass
class Row:
    """One line of a breakdown table."""

    key: str
    episodes: int = 0
    passed: int = 0
    errors: int = 0
    critical: int = 0
    accuracy: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def pass_rate(self) -> float:
        """Share of episodes that passed."""
        return self.passed / self.episodes if self.episodes else 0.0

    @property
    def mean_accuracy(self) -> float:
        """Mean accuracy score."""
        return self.accuracy / self.episodes if self.episodes else 0.0


def breakdown(results: Iterable[EpisodeResult], by: str) -> list[Row]:
    """Rows keyed by ``scenario_id`` or ``persona_id``, in key order (episodes the
    simulator failed are left out: they are excluded from every agent score)."""
    rows: dict[str, Row] = {}
    for result in results:
        if result.termination is Termination.SIMULATOR_ERROR:
            continue  # excluded from agent scores; counted in the fidelity section
        key = getattr(result, by)
        row = rows.setdefault(key, Row(key))
        row.episodes += 1
        row.passed += result.passed
        row.errors += result.termination in (Termination.AGENT_ERROR, Termination.SIMULATOR_ERROR)
        row.critical += sum(f.severity is Severity.CRITICAL for f in result.findings)
        row.accuracy += result.scores.get("accuracy.score", 0.0)
        if result.handoff_outcome is not None:
            name = result.handoff_outcome.value
            row.outcomes[name] = row.outcomes.get(name, 0) + 1
    return [rows[k] for k in sorted(rows)]
