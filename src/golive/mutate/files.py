"""``mutation.json`` and ``mutation.md``: what a mutation run found, in a run folder.

Both hold only what the same inputs reproduce (no clock, no absolute path), so a rerun
writes the same bytes. ``mutation.json`` is ``MutationSummary``; the report's mutation
section reads it back.

Example:
    >>> MutationSummary(suite="demo", agent="acme_v2", seed=7, baseline_episodes=0,
    ...                 baseline_failed=0, operators=[]).score
    0.0
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel

from golive._redact import redact
from golive.mutate.classify import OperatorOutcome, Verdict
from golive.reports.mutation import MUTATION_FILE
from golive.results.manifest import Manifest
from golive.results.models import EpisodeResult

__all__ = ["MUTATION_JSON", "MUTATION_MD", "MutationSummary", "render_markdown", "write_files"]

MUTATION_JSON = MUTATION_FILE  # read back by the report (golive.reports.mutation)
MUTATION_MD = "mutation.md"


class MutationSummary(BaseModel):
    """A mutation run: the clean run it compares with, each operator's outcome, the score."""

    suite: str
    agent: str
    seed: int
    baseline_episodes: int
    baseline_failed: int
    operators: list[OperatorOutcome]
    min_score: float | None = None
    mlflow_run_id: str | None = None

    @property
    def score(self) -> float:
        """Killed / operators (survived and unknown count against it); 0 with no operator."""
        return self.count(Verdict.KILLED) / len(self.operators) if self.operators else 0.0

    @property
    def detected(self) -> float:
        """Killed for any reason / operators."""
        caught = self.count(Verdict.KILLED) + self.count(Verdict.KILLED_OTHER)
        return caught / len(self.operators) if self.operators else 0.0

    @property
    def passed(self) -> bool | None:
        """Score at least ``min_score`` (None: no minimum was set)."""
        return None if self.min_score is None else self.score >= self.min_score

    def count(self, verdict: Verdict) -> int:
        """Operators with this verdict."""
        return sum(r.verdict is verdict for r in self.operators)

    def metrics(self) -> dict[str, float]:
        """``mutation.score``, ``mutation.detected`` and ``mutation.<operator>.killed``."""
        found = {
            "mutation.score": round(self.score, 6),
            "mutation.detected": round(self.detected, 6),
        }
        for row in self.operators:
            found[f"mutation.{row.operator}.killed"] = float(row.verdict is Verdict.KILLED)
        return found

    @classmethod
    def build(
        cls,
        manifest: Manifest,
        agent: str,
        baseline: Mapping[str, EpisodeResult],
        rows: Sequence[OperatorOutcome],
        min_score: float | None,
    ) -> MutationSummary:
        """The summary of a finished mutation run."""
        return cls(
            suite=manifest.suite_name,
            agent=agent,
            seed=manifest.seed,
            baseline_episodes=len(baseline),
            baseline_failed=sum(not r.passed for r in baseline.values()),
            operators=list(rows),
            min_score=min_score,
        )


def _cell(text: str, width: int = 140) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def render_markdown(summary: MutationSummary) -> str:
    """``mutation.md``: the table of operators, then each survivor's example and what to add."""
    lines = [
        f"# Mutation testing: {summary.suite} against {summary.agent}",
        "",
        f"Mutation score **{summary.score:.2f}** ({summary.count(Verdict.KILLED)} of "
        f"{len(summary.operators)} operators killed by their own rule; "
        f"{summary.count(Verdict.KILLED_OTHER)} killed for another reason, "
        f"{summary.count(Verdict.SURVIVED)} survived, {summary.count(Verdict.UNKNOWN)} unknown). "
        f"Clean run: {summary.baseline_episodes} episodes, {summary.baseline_failed} failed.",
    ]
    if summary.min_score is not None:
        lines.append(
            f"Minimum score {summary.min_score:.2f}: **{'pass' if summary.passed else 'fail'}**."
        )
    lines += [
        "",
        "| operator | verdict | reason | episodes | fired | failed | caught by / why |",
        "| --- | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for r in summary.operators:
        why = ", ".join(r.killed_by) if r.killed_by else r.explanation
        lines.append(
            f"| {r.operator} | {r.verdict.value} | {r.reason.value if r.reason else ''} | "
            f"{r.episodes} | {r.fired} | {r.failed} | {_cell(why)} |"
        )
    survivors = [r for r in summary.operators if r.verdict is not Verdict.KILLED]
    if survivors:
        lines += ["", "## What the suite missed", ""]
    for r in survivors:
        lines += [
            f"### {r.operator} ({r.verdict.value}{': ' + r.reason.value if r.reason else ''})",
            "",
            f"The mutant {r.description}. {r.explanation}.",
            "",
        ]
        if r.suggestion:
            lines += [f"**Add:** {r.suggestion}", ""]
        if r.example is not None:
            e = r.example
            lines += [
                f"Example: episode `{e.episode_id}` ({e.scenario_id} × {e.persona_id}), "
                f"run folder `{r.folder}`."
            ]
            if e.after or e.before:
                lines += [
                    "",
                    f"- clean reply (call {e.call}): {_cell(e.before, 300)}",
                    f"- mutant reply: {_cell(e.after, 300)}",
                ]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_files(folder: Path, summary: MutationSummary) -> str:
    """Write ``mutation.json`` and ``mutation.md`` into ``folder``; returns the Markdown."""
    data = summary.model_dump(mode="json")
    data.update(
        score=round(summary.score, 6), detected=round(summary.detected, 6), passed=summary.passed
    )
    # Every string leaving the process passes the one redaction layer.
    text = redact(json.dumps(data, indent=2, sort_keys=True)) + "\n"
    (folder / MUTATION_JSON).write_text(text, encoding="utf-8")
    markdown = redact(render_markdown(summary))
    (folder / MUTATION_MD).write_text(markdown, encoding="utf-8")
    return markdown


def read_summary(folder: Path) -> MutationSummary | None:
    """The mutation summary of a run folder, or None if it has none."""
    path = folder / MUTATION_JSON
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    for derived in ("score", "detected", "passed"):
        data.pop(derived, None)
    return MutationSummary.model_validate(data)
