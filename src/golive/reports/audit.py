"""The compliance audit: every finding with its evidence, for a human to review.

``audit.csv`` (one row per finding; ``reviewer``/``decision``/``reason`` hold the decision
that stands from the run's review log, or are empty to fill in) and ``audit.html`` (the same,
with the conversation around each finding and each decision's history). A reviewed CSV is
read back with ``read_decisions``, which checks every row (reviewer and reason required).

Example:
    >>> AUDIT_COLUMNS[:3]
    ('finding_id', 'rule_id', 'severity')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

from golive.errors import InputError, ValidationFailed
from golive.reports.templating import template_environment
from golive.results.models import EpisodeResult, Finding, Severity
from golive.results.reviews import (
    FindingKey,
    Review,
    ReviewDecision,
    current,
    finding_key,
    history,
    now,
)

AUDIT_COLUMNS = (
    "finding_id", "rule_id", "severity", "evaluator", "scenario", "persona", "episode_id",
    "repeat", "turn", "quote", "explanation", "context", "reviewer", "decision", "reason",
    "reviewed_at",
)
CONTEXT_BEFORE, CONTEXT_AFTER = 2, 1
_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


Decision = ReviewDecision  # the name this module's users know


@dataclass(frozen=True)
class AuditRow:
    """One finding in context (no reference to its episode: audits of big runs stay small)."""

    finding_id: str
    finding: Finding
    episode_id: str
    scenario_id: str
    persona_id: str
    repeat: int
    around: tuple[tuple[int, str, str], ...]

    @classmethod
    def of(cls, finding_id: str, result: EpisodeResult, finding: Finding) -> AuditRow:
        """The row for one finding of ``result``, with the turns around it."""
        turns = result.transcript.turns
        at = finding.turn if finding.turn is not None else len(turns) - 1
        lo, hi = max(0, at - CONTEXT_BEFORE), min(len(turns), at + CONTEXT_AFTER + 1)
        around = tuple((t.index, t.speaker.value, t.text) for t in turns[lo:hi])
        return cls(finding_id, finding, result.episode_id, result.scenario_id,
                   result.persona_id, result.repeat, around)

    def context(self) -> list[tuple[int, str, str]]:
        """(index, speaker, text) of the turns around the finding."""
        return list(self.around)

    def record(self, review: Review | None = None) -> dict[str, str]:
        """The CSV row, with the decision that stands for this finding (if any)."""
        f = self.finding
        return {
            "finding_id": self.finding_id, "rule_id": f.rule_id, "severity": f.severity.value,
            "evaluator": f.evaluator, "scenario": self.scenario_id, "persona": self.persona_id,
            "episode_id": self.episode_id, "repeat": str(self.repeat),
            "turn": "" if f.turn is None else str(f.turn), "quote": f.evidence,
            "explanation": f.explanation,
            "context": "\n".join(f"[{i}] {who}: {text}" for i, who, text in self.around),
            "reviewer": review.reviewer if review else "",
            "decision": review.decision.value if review else "",
            "reason": review.reason if review else "",
            "reviewed_at": review.time if review else "",
        }

    @property
    def key(self) -> FindingKey:
        """The key reviews of this finding carry."""
        return finding_key(self.episode_id, self.finding)


def audit_rows(results: Sequence[EpisodeResult]) -> list[AuditRow]:
    """Every finding, worst severity first, then by rule and episode."""
    rows = [AuditRow.of(f"{r.episode_id}:{i}", r, f) for r in results
            for i, f in enumerate(r.findings)]
    rows.sort(key=lambda a: (_ORDER[a.finding.severity], a.finding.rule_id, a.finding_id))
    return rows


def audit_csv(results: Sequence[EpisodeResult], reviews: Sequence[Review] = ()) -> str:
    """The audit as CSV text (spreadsheet-friendly: every field quoted), each finding with
    the decision that stands in the review log."""
    standing = current(reviews)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AUDIT_COLUMNS, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for row in audit_rows(results):
        writer.writerow({k: neutralise(v) for k, v in row.record(standing.get(row.key)).items()})
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (CSV injection).

    A bot's reply quoted as evidence may start with ``=HYPERLINK(...)``; reviewers open the
    CSV in a spreadsheet, so such cells get a leading apostrophe (OWASP's advice), which
    ``read_decisions`` removes again.

    Example:
        >>> print(neutralise("=1+1"), neutralise("fine"))
        '=1+1 fine
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _restore(cell: str | None) -> str:
    cell = cell or ""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


@cache
def _environment() -> jinja2.Environment:
    """The audit's template environment, built (and its template compiled) once per process."""
    return template_environment()


def audit_html(title: str, results: Sequence[EpisodeResult], reviews: Sequence[Review] = ()) -> str:
    """The audit as one self-contained HTML page (all text escaped), with each finding's
    decisions, the standing one first and its history below."""
    past = history(reviews)
    return _environment().get_template("audit.html.j2").render(
        title=title, rows=audit_rows(results),
        reviews={key: list(reversed(found)) for key, found in past.items()},
        decided=len(past))


def read_decisions(path: Path, standing: Sequence[Review] = (),
                   known: Collection[FindingKey] | None = None) -> list[Review]:
    """Rows with a decision, as reviews stamped now; every bad row is reported with file,
    line and field. A row that repeats the decision already standing (a re-exported CSV
    imported again) is left out, so the log only grows with real decisions. With ``known``
    (the run's findings), a row naming a finding the run does not have is an error: the CSV
    belongs to another run."""
    stamp = now()
    existing = current(standing)
    found: list[Review] = []
    errors: list[InputError] = []
    for line, row in _rows(path):
        value = (row.get("decision") or "").strip().lower()
        if not value:
            continue
        problems = _row_problems(row, value)
        if problems:
            errors += [InputError(message, file=str(path), line=line, field=name, hint=hint)
                       for name, message, hint in problems]
            continue
        turn = (row.get("turn") or "").strip()
        review = Review(
            episode_id=(row.get("episode_id") or "").strip(), rule_id=(row.get("rule_id") or "").strip(),
            turn=int(turn) if turn else None, severity=(row.get("severity") or "").strip(),
            reviewer=(row.get("reviewer") or "").strip(), decision=ReviewDecision(value),
            reason=_reason(row), time=stamp,
        )
        if known is not None and review.key not in known:
            where = f"turn {review.turn}" if review.turn is not None else "the whole episode"
            errors.append(InputError(
                f"this run has no finding {review.rule_id} at {where} in episode "
                f"{review.episode_id}", file=str(path), line=line, field="episode_id",
                hint="import the audit.csv exported from this run (or pass its --run-dir)"))
            continue
        before = existing.get(review.key)
        if before is not None and (before.reviewer, before.decision, before.reason) == (
                review.reviewer, review.decision, review.reason):
            continue
        found.append(review)
    if errors:
        raise ValidationFailed(errors)
    return found


def _reason(row: dict[str, str]) -> str:
    # "note" is what audit.csv files written before the review log called the reason.
    return (row.get("reason") or row.get("note") or "").strip()


def _row_problems(row: dict[str, str], value: str) -> list[tuple[str, str, str]]:
    problems = []
    if value not in {d.value for d in ReviewDecision}:
        problems.append(("decision", f"unknown decision {value!r}",
                         f"use one of {[d.value for d in ReviewDecision]}"))
    for name in ("episode_id", "rule_id"):
        if not (row.get(name) or "").strip():
            problems.append((name, f"no {name}: cannot tell which finding was reviewed",
                             "keep the columns golive wrote in audit.csv"))
    if not (row.get("reviewer") or "").strip():
        problems.append(("reviewer", f"the {value} decision has no reviewer",
                         "write who decided in the reviewer column"))
    if not _reason(row):
        problems.append(("reason", f"the {value} decision has no reason",
                         "say why in the reason column (an accepted risk must say why)"))
    turn = (row.get("turn") or "").strip()
    if turn and not turn.isdigit():
        problems.append(("turn", f"turn {turn!r} is not a number", "keep the turn golive wrote"))
    return problems


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError as exc:
        raise InputError(f"no such file: {path}", hint="pass the audit.csv you reviewed") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = {"finding_id", "decision"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"missing column(s) {sorted(missing)}", file=str(path), line=1,
                             hint="keep the header golive wrote in audit.csv")
        end = reader.line_num
        for row in reader:  # a quoted field may span lines: report where the row starts
            start, end = end + 1, reader.line_num
            yield start, {k: _restore(v) for k, v in row.items() if k is not None}
