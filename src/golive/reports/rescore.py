"""What re-scoring changed: the old and new scores of the same transcripts, side by side.

Written by ``golive rescore`` as ``rescore.md`` (read by people) and ``rescore.json`` (read by
scripts) in the new run folder. The transcripts are the same, so every difference is the
evaluators' (or the scenarios') doing: findings per rule, episodes whose verdict flipped,
metric deltas with paired intervals (``compare_results``).

Example:
    >>> compare_scores([], [], "old", "new").changed_episodes
    0
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from golive.reports.compare import compare_results
from golive.results.io import dump_line
from golive.results.models import EpisodeResult

RESCORE_MD, RESCORE_JSON = "rescore.md", "rescore.json"
LISTED = 20  # flipped episodes named in the Markdown (all are in the JSON)


@dataclass(frozen=True)
class RescoreComparison:
    """Old against new scores of the same episodes."""

    episodes: int
    changed_episodes: int
    flipped: list[tuple[str, bool, bool]] = field(default_factory=list)  # id, old, new passed
    rules: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule: old, new count
    missing: list[str] = field(default_factory=list)  # in the old run, not in the new
    markdown: str = ""

    def json(self) -> str:
        """The comparison as JSON (sorted keys: the same comparison, the same bytes)."""
        data = {
            "episodes": self.episodes,
            "changed_episodes": self.changed_episodes,
            "flipped": [
                {"episode_id": e, "old_passed": a, "new_passed": b} for e, a, b in self.flipped
            ],
            "rules": {r: {"old": a, "new": b} for r, (a, b) in self.rules.items()},
            "missing": self.missing,
        }
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def compare_scores(
    old: Sequence[EpisodeResult],
    new: Sequence[EpisodeResult],
    name_old: str,
    name_new: str,
    *,
    suite_changed: bool = False,
) -> RescoreComparison:
    """Compare two scorings of the same transcripts, matched by episode id."""
    after = {r.episode_id: r for r in new}
    changed, flipped, missing = 0, [], []
    counts_old: Counter[str] = Counter()
    counts_new: Counter[str] = Counter()
    for a in old:
        counts_old.update(f.rule_id for f in a.findings)
        b = after.get(a.episode_id)
        if b is None:
            missing.append(a.episode_id)
            continue
        if dump_line(a) != dump_line(b):
            changed += 1
        if a.passed != b.passed:
            flipped.append((a.episode_id, a.passed, b.passed))
    for b in new:
        counts_new.update(f.rule_id for f in b.findings)
    rules = {
        rule: (counts_old[rule], counts_new[rule])
        for rule in sorted(set(counts_old) | set(counts_new))
        if counts_old[rule] != counts_new[rule]
    }
    markdown = _markdown(
        len(old), changed, flipped, rules, missing, suite_changed, name_old, name_new
    )
    if changed:
        markdown += "\n" + compare_results(old, new, name_old, name_new)
    return RescoreComparison(len(old), changed, flipped, rules, missing, markdown)


def _markdown(
    episodes: int,
    changed: int,
    flipped: list[tuple[str, bool, bool]],
    rules: dict[str, tuple[int, int]],
    missing: list[str],
    suite_changed: bool,
    name_old: str,
    name_new: str,
) -> str:
    lines = [f"# Re-scored: {name_old} → {name_new}", ""]
    if suite_changed:
        lines += [
            "The suite changed since the run (scenarios, policies or rules): some "
            "differences below come from it, not from the evaluators.",
            "",
        ]
    if not changed and not missing:
        lines.append(
            f"{episodes} episodes re-scored: every result is byte-identical to the old one."
        )
        return "\n".join(lines) + "\n"
    lines.append(
        f"{episodes} episodes re-scored: {changed} changed, {len(flipped)} changed verdict."
    )
    if missing:
        lines.append(f"{len(missing)} episodes of the old run were not re-scored.")
    if rules:
        lines += [
            "",
            "## Findings per rule",
            "",
            "| rule | old | new | change |",
            "| --- | ---: | ---: | ---: |",
        ]
        lines += [f"| `{r}` | {a} | {b} | {b - a:+d} |" for r, (a, b) in rules.items()]
    if flipped:
        lines += ["", "## Episodes whose verdict changed", ""]
        lines += [
            f"- `{e}`: {'pass' if a else 'fail'} → {'pass' if b else 'fail'}"
            for e, a, b in flipped[:LISTED]
        ]
        if len(flipped) > LISTED:
            lines.append(f"- … and {len(flipped) - LISTED} more (rescore.json lists all)")
    return "\n".join(lines) + "\n"
