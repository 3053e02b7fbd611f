"""The compliance audit: every finding with its evidence, for a human to review.

``audit.csv`` (one row per finding, empty ``reviewer``/``decision``/``note`` columns to fill
in) and ``audit.html`` (the same, with the conversation around each finding). A reviewed CSV
is read back with ``read_decisions``.

Example:
    >>> AUDIT_COLUMNS[:3]
    ('finding_id', 'rule_id', 'severity')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from golive.errors import InputError
from golive.results.models import EpisodeResult, Finding, Severity

AUDIT_COLUMNS = (
    "finding_id", "rule_id", "severity", "evaluator", "scenario", "persona", "episode_id",
    "repeat", "turn", "quote", "explanation", "context", "reviewer", "decision", "note",
)
CONTEXT_BEFORE, CONTEXT_AFTER = 2, 1
_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


class Decision(StrEnum):
    """What a reviewer concluded about one finding."""

    CONFIRMED = "confirmed"
    FALSE_POSITIVE = "false_positive"
    ACCEPTED_RISK = "accepted_risk"


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

    def record(self) -> dict[str, str]:
        """The CSV row."""
        f = self.finding
        return {
            "finding_id": self.finding_id, "rule_id": f.rule_id, "severity": f.severity.value,
            "evaluator": f.evaluator, "scenario": self.scenario_id, "persona": self.persona_id,
            "episode_id": self.episode_id, "repeat": str(self.repeat),
            "turn": "" if f.turn is None else str(f.turn), "quote": f.evidence,
            "explanation": f.explanation,
            "context": "\n".join(f"[{i}] {who}: {text}" for i, who, text in self.around),
            "reviewer": "", "decision": "", "note": "",
        }


def audit_rows(results: Sequence[EpisodeResult]) -> list[AuditRow]:
    """Every finding, worst severity first, then by rule and episode."""
    rows = [AuditRow.of(f"{r.episode_id}:{i}", r, f) for r in results
            for i, f in enumerate(r.findings)]
    rows.sort(key=lambda a: (_ORDER[a.finding.severity], a.finding.rule_id, a.finding_id))
    return rows


def audit_csv(results: Sequence[EpisodeResult]) -> str:
    """The audit as CSV text (spreadsheet-friendly: every field quoted)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AUDIT_COLUMNS, quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for row in audit_rows(results):
        writer.writerow({k: neutralise(v) for k, v in row.record().items()})
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


def audit_html(title: str, results: Sequence[EpisodeResult]) -> str:
    """The audit as one self-contained HTML page (all text escaped)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("golive.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("audit.html.j2").render(title=title, rows=audit_rows(results))


@dataclass(frozen=True)
class ReviewDecision:
    """One reviewed finding read back from the audit CSV."""

    finding_id: str
    episode_id: str
    rule_id: str
    reviewer: str
    decision: Decision
    note: str


def read_decisions(path: Path) -> list[ReviewDecision]:
    """Rows with a decision; an unknown decision is an error naming the line."""
    return list(_decisions(path))


def _decisions(path: Path) -> Iterator[ReviewDecision]:
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
        for raw in reader:
            row = {k: _restore(v) for k, v in raw.items() if k is not None}
            value = (row.get("decision") or "").strip().lower()
            if not value:
                continue
            try:
                decision = Decision(value)
            except ValueError:
                raise InputError(
                    f"unknown decision {value!r}", file=str(path), line=reader.line_num,
                    field="decision", hint=f"use one of {[d.value for d in Decision]}",
                ) from None
            yield ReviewDecision(row["finding_id"], row.get("episode_id", ""),
                                 row.get("rule_id", ""), (row.get("reviewer") or "").strip(),
                                 decision, (row.get("note") or "").strip())
