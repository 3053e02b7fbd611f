"""Insights as Markdown (summary, PR comment) and run-to-run changes.

Example:
    >>> from golive.insights.models import Insights
    >>> markdown(Insights(run="r", episodes=3, failed=0, modes=[])).splitlines()[0]
    '### Where it fails'
"""

from __future__ import annotations

from golive.insights.models import Change, Insights
from golive.results.run_folder import REPORT_FILE


def markdown(insights: Insights, top: int = 5, report: str = REPORT_FILE) -> str:
    """The top failure modes and their patterns, with links to example transcripts."""
    lines = ["### Where it fails", ""]
    if not insights.modes:
        return "\n".join([*lines, f"No failures in {insights.episodes} episodes."]) + "\n"
    lines.append(f"{insights.failed} of {insights.episodes} episodes failed.")
    lines.append("")
    for mode in insights.modes[:top]:
        lines.append(
            f"- **{mode.mode}** in {mode.failures} episodes "
            f"({round(100 * mode.share_of_failed)}% of failures)"
        )
        for pattern in mode.patterns:
            links = ", ".join(f"[`{e}`]({report}#{e})" for e in pattern.examples)
            lines.append(f"  - {pattern.describe()}; e.g. {links}")
        if not mode.patterns:
            lines.append("  - no feature sets these episodes apart from the rest")
    for note in insights.analyst_notes:
        lines += [
            "",
            f"**Analyst on {note.mode} ({' and '.join(note.features)})**: customers wanted "
            f"{note.customers_wanted}; it failed because {note.why_it_failed}. "
            f"Try ({note.change_kind}): {note.change} [{', '.join(note.citations)}]",
        ]
    if insights.analyst_errors:
        lines += ["", f"Analyst errors: {len(insights.analyst_errors)} (see insights.json)."]
    return "\n".join(lines) + "\n"


def compare(before: Insights, after: Insights, threshold: float = 0.1) -> list[Change]:
    """Which patterns appeared, grew, shrank or vanished between two runs."""

    def index(insights: Insights) -> dict[tuple[str, tuple[str, ...]], float]:
        return {(p.mode, tuple(p.features)): p.rate for m in insights.modes for p in m.patterns}

    old, new = index(before), index(after)
    changes = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None:
            status = "appeared"
        elif b is None:
            status = "vanished"
        elif b - a >= threshold:
            status = "grew"
        elif a - b >= threshold:
            status = "shrank"
        else:
            status = "steady"
        changes.append(Change(mode=key[0], features=list(key[1]), status=status, before=a, after=b))
    return changes


def changes_markdown(changes: list[Change]) -> str:
    """A table of pattern changes, most notable first."""
    order = {"appeared": 0, "grew": 1, "vanished": 2, "shrank": 3, "steady": 4}
    lines = ["| change | failure | when | before | after |", "| --- | --- | --- | ---: | ---: |"]
    for c in sorted(changes, key=lambda c: (order[c.status], c.mode)):
        lines.append(
            f"| {c.status} | {c.mode} | {' and '.join(c.features)} | "
            f"{_rate(c.before)} | {_rate(c.after)} |"
        )
    return "\n".join(lines) + "\n"


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
