"""Comparing two runs from their results files: which bot version is better, and where.

Per-metric deltas carry paired bootstrap intervals over the shared episodes
(``golive.gate.stats``); scenarios are listed as regressed or improved; the episodes
that changed most are shown side by side, turn by turn.

Example:
    >>> print(delta_table({"accuracy.score": 0.5}, {"accuracy.score": 0.75}, "a", "b").splitlines()[2])
    | accuracy.score ↑ | 0.50 | 0.75 | +0.25 | better |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from golive.gate.stats import Change, Delta, paired_bootstrap
from golive.reports.contact_centre import staff_terms
from golive.results.metrics import CATALOGUE, fmt
from golive.results.models import EpisodeResult, Speaker, Turn

SIDE_BY_SIDE = 3


def delta_table(a: dict[str, float], b: dict[str, float], name_a: str, name_b: str) -> str:
    """One row per metric present in both runs (no intervals: for unpaired runs)."""
    lines = [f"| metric | {name_a} | {name_b} | change | verdict |", "| --- | ---: | ---: | ---: | --- |"]
    for name, metric in CATALOGUE.items():
        if name not in a or name not in b or name == "run.episodes":
            continue
        change = b[name] - a[name]
        if abs(change) < 1e-9:
            verdict = "same"
        else:
            verdict = "better" if (change > 0) == metric.higher_is_better else "worse"
        arrow = "↑" if metric.higher_is_better else "↓"
        lines.append(f"| {name} {arrow} | {fmt(a[name])} | {fmt(b[name])} | {change:+.2f} | {verdict} |")
    return "\n".join(lines)


def interval_table(deltas: dict[str, Delta], name_a: str, name_b: str, level: float) -> str:
    """Metric deltas with their bootstrap intervals and what they mean."""
    lines = [f"| metric | {name_a} | {name_b} | change | {level:.0%} CI | verdict |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for name, d in deltas.items():
        arrow = "↑" if CATALOGUE[name].higher_is_better else "↓"
        verdict = d.change.value.replace("_", " ")
        if not CATALOGUE[name].baseline_checked and d.change in (Change.IMPROVED, Change.REGRESSED):
            # a trade-off (escalations, staff time): moved, neither better nor worse as such
            verdict = f"{'up' if d.delta > 0 else 'down'} beyond its interval (trade-off)"
        if d.repeats_needed():
            verdict += f" (≈{d.repeats_needed()}× episodes to decide)"
        lines.append(f"| {name} {arrow} | {fmt(d.a)} | {fmt(d.b)} | {d.delta:+.3f} | "
                     f"[{d.low:+.3f}, {d.high:+.3f}] | {verdict} |")
    return "\n".join(lines)


@dataclass(frozen=True)
class ScenarioChange:
    """A scenario's pass rate and accuracy in both runs, over shared episodes."""

    scenario: str
    pass_a: float
    pass_b: float
    accuracy_a: float
    accuracy_b: float

    @property
    def score(self) -> float:
        """Positive when B is better."""
        return (self.pass_b - self.pass_a) + (self.accuracy_b - self.accuracy_a)


def scenario_changes(pairs: Sequence[tuple[EpisodeResult, EpisodeResult]]) -> list[ScenarioChange]:
    """Per-scenario changes, most regressed first."""
    groups: dict[str, list[tuple[EpisodeResult, EpisodeResult]]] = {}
    for a, b in pairs:
        groups.setdefault(a.scenario_id, []).append((a, b))
    out = []
    for scenario, members in groups.items():
        n = len(members)
        out.append(ScenarioChange(
            scenario,
            sum(a.passed for a, _ in members) / n, sum(b.passed for _, b in members) / n,
            sum(a.scores.get("accuracy.score", 0.0) for a, _ in members) / n,
            sum(b.scores.get("accuracy.score", 0.0) for _, b in members) / n,
        ))
    return sorted(out, key=lambda c: (c.score, c.scenario))


def _episode_change(a: EpisodeResult, b: EpisodeResult) -> float:
    return abs(int(b.passed) - int(a.passed)) * 2 + abs(
        b.scores.get("accuracy.score", 0.0) - a.scores.get("accuracy.score", 0.0)
    ) + abs(len(b.findings) - len(a.findings)) * 0.1


def side_by_side(a: EpisodeResult, b: EpisodeResult, name_a: str, name_b: str) -> str:
    """Both transcripts of one episode as a two-column table, turn by turn."""
    head = (f"#### {a.scenario_id} × {a.persona_id} (repeat {a.repeat}): "
            f"{'pass' if a.passed else 'fail'} → {'pass' if b.passed else 'fail'}")
    lines = [head, "", f"| # | {name_a} | {name_b} |", "| ---: | --- | --- |"]
    ta, tb = a.transcript.turns, b.transcript.turns
    for i in range(max(len(ta), len(tb))):
        lines.append(f"| {i} | {_cell(ta[i]) if i < len(ta) else ''} | "
                     f"{_cell(tb[i]) if i < len(tb) else ''} |")
    return "\n".join(lines)


def _cell(turn: Turn) -> str:
    who = "🧑" if turn.speaker is Speaker.CUSTOMER else "🤖"
    text = " ".join(turn.text.split()).replace("|", "/")
    text = text.replace("<", "&lt;").replace(">", "&gt;")  # Markdown renders raw HTML
    if turn.handoff is not None:
        text += f" **⇢ {turn.handoff.kind.value}**"
    return f"{who} {text[:300]}"


@dataclass(frozen=True)
class Comparison:
    """Everything a comparison shows, computed once for the Markdown and the HTML page."""

    name_a: str
    name_b: str
    deltas: dict[str, Delta]
    pairs: list[tuple[EpisodeResult, EpisodeResult]]
    changes: list[ScenarioChange]
    biggest: list[tuple[EpisodeResult, EpisodeResult]]
    metrics_a: dict[str, float]
    metrics_b: dict[str, float]
    resamples: int
    confidence: float

    @property
    def regressed(self) -> int:
        """Metrics worse beyond their interval (trade-offs, which may move either way, aside)."""
        return sum(d.change is Change.REGRESSED and CATALOGUE[n].baseline_checked
                   for n, d in self.deltas.items())

    @property
    def improved(self) -> int:
        """Metrics better beyond their interval (trade-offs aside)."""
        return sum(d.change is Change.IMPROVED and CATALOGUE[n].baseline_checked
                   for n, d in self.deltas.items())


def compare(
    run_a: Sequence[EpisodeResult],
    run_b: Sequence[EpisodeResult],
    name_a: str,
    name_b: str,
    resamples: int = 1000,
    confidence: float = 0.95,
    side_by_side_count: int = SIDE_BY_SIDE,
) -> Comparison:
    """Deltas with paired intervals, scenario changes and the episodes that changed most."""
    from golive.results.metrics import aggregate

    deltas = paired_bootstrap(run_a, run_b, resamples, confidence)
    by_id = {r.episode_id: r for r in run_b}
    pairs = [(a, by_id[a.episode_id]) for a in run_a if a.episode_id in by_id]
    biggest = sorted(pairs, key=lambda p: (-_episode_change(*p), p[0].episode_id))
    biggest = [p for p in biggest[:side_by_side_count] if _episode_change(*p) > 0]
    return Comparison(name_a, name_b, deltas, pairs, scenario_changes(pairs), biggest,
                      aggregate(run_a), aggregate(run_b), resamples, confidence)


def compare_results(
    run_a: Sequence[EpisodeResult],
    run_b: Sequence[EpisodeResult],
    name_a: str,
    name_b: str,
    resamples: int = 1000,
    confidence: float = 0.95,
) -> str:
    """The whole comparison as Markdown."""
    c = compare(run_a, run_b, name_a, name_b, resamples, confidence)
    parts = [f"## {name_a} → {name_b}", ""]
    if not c.deltas:
        parts += ["No shared episodes (different suite or seed): no paired intervals.", "",
                  delta_table(c.metrics_a, c.metrics_b, name_a, name_b)]
        return "\n".join(parts) + "\n"
    parts += [f"{len(c.pairs)} shared episodes; paired bootstrap, {resamples} resamples.", "",
              interval_table(c.deltas, name_a, name_b, confidence), ""]
    parts += [staff_terms(c.deltas, name_a, name_b)]
    for title, picked in (("Regressed scenarios", [x for x in c.changes if x.score < 0]),
                          ("Improved scenarios", [x for x in reversed(c.changes) if x.score > 0])):
        parts += [f"### {title}", ""]
        parts += [f"- `{x.scenario}`: pass {x.pass_a:.2f} → {x.pass_b:.2f}, "
                  f"accuracy {x.accuracy_a:.2f} → {x.accuracy_b:.2f}" for x in picked] or ["None."]
        parts.append("")
    if c.biggest:
        parts += ["### Biggest changes", ""]
        for a, b in c.biggest:
            parts += [side_by_side(a, b, name_a, name_b), ""]
    parts.append(f"{c.regressed} metric(s) regressed beyond their interval.")
    return "\n".join(parts) + "\n"


def compare_runs(run_a: Path, run_b: Path) -> str:
    """Compare two run folders (or results files) as Markdown."""
    from golive.results.run_folder import RunFolder

    a, b = RunFolder.open(run_a), RunFolder.open(run_b)
    return compare_results(a.load_results(), b.load_results(), a.path.name, b.path.name)
