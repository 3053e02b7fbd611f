"""Comparing two runs from their results files (statistics arrive with issue 6).

Example:
    >>> print(delta_table({"accuracy.score": 0.5}, {"accuracy.score": 0.75}, "a", "b").splitlines()[2])
    | accuracy.score ↑ | 0.50 | 0.75 | +0.25 | better |
"""

from __future__ import annotations

from pathlib import Path

from golive.errors import InputError
from golive.reports.markdown import fmt
from golive.results.io import RESULTS_FILE, read_results
from golive.results.metrics import CATALOGUE, aggregate


def results_path(path: Path) -> Path:
    """Accept a run folder or a results file."""
    candidate = path / RESULTS_FILE if path.is_dir() else path
    if not candidate.exists():
        raise InputError(f"no results at {candidate}", hint="pass a run folder or results.jsonl")
    return candidate


def delta_table(a: dict[str, float], b: dict[str, float], name_a: str, name_b: str) -> str:
    """One row per metric present in both runs."""
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


def compare_runs(run_a: Path, run_b: Path) -> str:
    """A Markdown table of metric changes from run A to run B."""
    metrics_a = aggregate(read_results(results_path(run_a)))
    metrics_b = aggregate(read_results(results_path(run_b)))
    name_a, name_b = _label(run_a), _label(run_b)
    return f"## {name_a} → {name_b}\n\n" + delta_table(metrics_a, metrics_b, name_a, name_b) + "\n"


def _label(path: Path) -> str:
    return path.name if path.is_dir() else path.parent.name
