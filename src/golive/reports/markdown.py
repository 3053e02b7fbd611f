"""The Markdown summary: for a terminal, a pull request, or ``$GITHUB_STEP_SUMMARY``.

Example:
    >>> print(metric_table({"accuracy.score": 0.5}).splitlines()[0])
    | metric | value |
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from golive._redact import redact
from golive.reports.tables import breakdown
from golive.results.fidelity import Fidelity, fidelity
from golive.results.manifest import Manifest
from golive.results.metrics import CATALOGUE, fmt
from golive.results.models import EpisodeResult, Severity
from golive.results.reviews import Review, current

HEADLINE = [
    "reliability.pass_rate",
    "accuracy.score",
    "guardrails.critical",
    "guardrails.major",
    "handoff.recall",
    "handoff.precision",
    "handoff.f1",
    "handoff.missed_on_request_rate",
    "experience.goal_rate",
    "experience.mean_final_intensity",
    "errors.agent_rate",
    "errors.simulator_rate",
]


def headline() -> list[str]:
    """The headline metrics: the built-in ones with every pass^k after the pass rate and
    every error rate (agent, simulator, judge...) at the end, then those plugins mark
    ``headline``. A table shows only those the run measured (pass^k up to --repeats).

    Example:
        >>> names = headline()
        >>> names[1], "errors.judge_rate" in names
        ('reliability.pass_hat_1', True)
    """
    names = list(HEADLINE)
    at = names.index("reliability.pass_rate") + 1
    names[at:at] = [n for n in CATALOGUE if n.startswith("reliability.pass_hat_")]
    names += [n for n in CATALOGUE if n.startswith("errors.") and n not in names]
    return [*names, *(n for n, m in CATALOGUE.items() if m.headline and n not in names)]


def metric_table(metrics: dict[str, float], names: Sequence[str] | None = None) -> str:
    """A two-column table of the named metrics that have values."""
    lines = ["| metric | value |", "| --- | ---: |"]
    for name in headline() if names is None else names:
        if name in metrics:
            arrow = "↑" if CATALOGUE[name].higher_is_better else "↓"
            lines.append(f"| {name} {arrow} | {fmt(metrics[name])} |")
    return "\n".join(lines)


def summary(manifest: Manifest, metrics: dict[str, float], results: Sequence[EpisodeResult]) -> str:
    """The whole summary: headline metrics, per-scenario table, worst findings."""
    passed = sum(r.passed for r in results)
    figures = fidelity(results)
    parts = [
        f"## golive: {manifest.suite_name} × {redact(manifest.agent)}",
        "",
        f"{passed}/{len(results)} episodes passed · simulator `{manifest.simulator}` · "
        f"seed {manifest.seed} · suite `{manifest.suite_hash}`",
        "",
        *([f"**{figures.excluded_line()}** Simulator errors, kept out of every agent score.", ""]
          if figures.excluded else []),
        metric_table(metrics),
        *unmeasured_errors(metrics),
        "",
        "### By scenario",
        "",
        "| scenario | passed | accuracy | critical | handoff outcomes |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for row in breakdown(results, "scenario_id"):
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(row.outcomes.items()))
        parts.append(
            f"| {row.key} | {row.passed}/{row.episodes} | {row.mean_accuracy:.2f} | "
            f"{row.critical} | {outcomes} |"
        )
    parts += ["", *fidelity_section(figures, manifest.simulator), "", *_worst_findings(results)]
    return "\n".join(parts).rstrip() + "\n"


def unmeasured_errors(metrics: dict[str, float]) -> list[str]:
    """A line naming the error rates this run could not measure (no judge: no judge errors).

    Example:
        >>> unmeasured_errors({"errors.agent_rate": 0.0, "errors.simulator_rate": 0.0})
        ['', 'Not measured in this run: `errors.judge_rate` (no judge configured).']
    """
    missing = [n for n in CATALOGUE if n.startswith("errors.") and n not in metrics]
    if not missing:
        return []
    why = {"errors.judge_rate": "no judge configured"}
    named = ", ".join(f"`{n}`" + (f" ({why[n]})" if n in why else "") for n in missing)
    return ["", f"Not measured in this run: {named}."]


def fidelity_section(figures: Fidelity, simulator: str) -> list[str]:
    """The simulator fidelity lines: excluded episodes, and faults by kind.

    Example:
        >>> fidelity_section(Fidelity(turns=4), "scripted")[-1]
        'No simulator faults in 4 customer turns.'
    """
    lines = ["### Simulator fidelity", ""]
    if not figures.kinds():
        return [*lines, f"No simulator faults in {figures.turns} customer turns."]
    lines += [figures.excluded_line(), "",
              f"| fault (`{simulator}`) | turns repaired | turns recorded | episodes excluded |",
              "| --- | ---: | ---: | ---: |"]
    lines += [f"| {k} | {a} | {b} | {c} |" for k, a, b, c in figures.rows()]
    return lines


def _worst_findings(results: Sequence[EpisodeResult], limit: int = 8) -> list[str]:
    order = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
    found = [(order[f.severity], r.episode_id, f) for r in results for f in r.findings]
    if not found:
        return ["No findings."]
    found.sort(key=lambda x: (x[0], x[2].rule_id, x[1]))
    lines = [f"### Findings ({len(found)}; the first {min(limit, len(found))})", ""]
    for _, episode, f in found[:limit]:
        turn = f"turn {f.turn}" if f.turn is not None else "whole episode"
        evidence = f' — "{_one_line(f.evidence)}"' if f.evidence else ""
        lines.append(f"- **{f.severity.value}** `{f.rule_id}` in `{episode}` ({turn}){evidence}")
    return lines


def _one_line(text: str, width: int = 100) -> str:
    flat = " ".join(text.split()).replace("|", "/")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def append_step_summary(text: str) -> bool:
    """Append to ``$GITHUB_STEP_SUMMARY`` when GitHub Actions set it; True if written."""
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text if text.endswith("\n") else text + "\n")
    return True


def cost_line(cost: dict[str, Any]) -> str:
    """One Markdown line for the summary: USD and tokens, per role."""
    if not cost.get("total_tokens"):
        return ""
    roles = ", ".join(
        f"{role} {u['prompt_tokens'] + u['completion_tokens']} tokens ${u['usd']:.4f}"
        for role, u in cost["by_role"].items()
    )
    return f"\n**Cost:** ${cost['total_usd']:.4f}, {cost['total_tokens']} tokens ({roles}).\n"


def reviews_markdown(reviews: Sequence[Review]) -> str:
    """The reviewers' standing decisions, for the summary (empty when none)."""
    standing = current(reviews)
    if not standing:
        return ""
    counts: dict[str, int] = {}
    for review in standing.values():
        counts[review.decision.value] = counts.get(review.decision.value, 0) + 1
    lines = ["", f"### Reviews ({len(standing)} findings; "
             + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")", ""]
    for review in sorted(standing.values(), key=lambda r: (r.decision.value, r.key[0], r.rule_id)):
        where = f"turn {review.turn}" if review.turn is not None else "whole episode"
        lines.append(f"- **{review.decision.value}** `{review.rule_id}` in `{review.episode_id}` "
                     f"({where}) by {_one_line(redact(review.reviewer), 40)}: "
                     f"{_one_line(redact(review.reason))}")
    return "\n".join(lines) + "\n"
