"""Reviewers' decisions on findings: an append-only log in the run folder, ``reviews.jsonl``.

Every import appends; nothing rewrites the log, so ``golive report``, a re-export or a
second import never lose a decision. A finding is named by its episode, rule and turn
(stable across rescoring, unlike its position in the list); for each finding the latest
decision wins, and the history stays readable.

Example:
    >>> r = Review(episode_id="e1", rule_id="claims.refund", turn=3, reviewer="rita",
    ...            decision=ReviewDecision.FALSE_POSITIVE, reason="refund was authorised",
    ...            time="2026-12-01T07:00:00+00:00")
    >>> r.key
    ('e1', 'claims.refund', 3)
    >>> current([r])[r.key].reviewer
    'rita'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from golive.errors import InputError, ValidationFailed
from golive.results.models import Finding

REVIEWS_FILE = "reviews.jsonl"

FindingKey = tuple[str, str, int | None]
Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ReviewDecision(StrEnum):
    """What a reviewer concluded about one finding."""

    CONFIRMED = "confirmed"
    FALSE_POSITIVE = "false_positive"
    ACCEPTED_RISK = "accepted_risk"


class Review(BaseModel):
    """One decision on one finding, as one line of ``reviews.jsonl``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    episode_id: Required = Field(description="The episode the finding belongs to.")
    rule_id: Required = Field(description="The finding's rule id.")
    turn: int | None = Field(description="The finding's turn (null: the whole episode).")
    severity: str = Field(default="", description="The finding's severity when reviewed.")
    reviewer: Required = Field(description="Who decided (required).")
    decision: ReviewDecision
    reason: Required = Field(description="Why (required; an accepted risk must say why).")
    time: Required = Field(description="When it was recorded (ISO 8601, UTC).")

    @property
    def key(self) -> FindingKey:
        """The finding this decision is about."""
        return (self.episode_id, self.rule_id, self.turn)

    def line(self) -> str:
        """A one-line description for verdicts and reports."""
        where = f"turn {self.turn}" if self.turn is not None else "whole episode"
        return (f"{self.rule_id} in {self.episode_id} ({where}): {self.decision.value} by "
                f"{self.reviewer}: {self.reason}")


def finding_key(episode_id: str, finding: Finding) -> FindingKey:
    """The key a review of ``finding`` carries."""
    return (episode_id, finding.rule_id, finding.turn)


def now() -> str:
    """The time stamp a new review gets."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_reviews(folder: Path) -> list[Review]:
    """The whole history, oldest first; a bad line is an error naming file, line and field."""
    path = folder / REVIEWS_FILE
    if not path.is_file():
        return []
    found: list[Review] = []
    errors: list[InputError] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            found.append(Review.model_validate(json.loads(text)))
        except json.JSONDecodeError as exc:
            errors.append(InputError(f"not JSON: {exc.msg}", file=str(path), line=number,
                                     hint="each line of reviews.jsonl is one JSON object"))
        except ValidationError as exc:
            errors += [InputError(e["msg"], file=str(path), line=number,
                                  field=".".join(map(str, e["loc"])) or "(line)",
                                  hint="fix or delete the line; `golive audit import` writes valid ones")
                       for e in exc.errors()]
    if errors:
        raise ValidationFailed(errors)
    return found


def append_reviews(folder: Path, reviews: Iterable[Review]) -> int:
    """Append decisions to the log (never rewriting it); returns how many were written."""
    lines = [json.dumps(r.model_dump(mode="json"), sort_keys=True) + "\n" for r in reviews]
    if lines:
        with (folder / REVIEWS_FILE).open("a", encoding="utf-8") as handle:
            handle.writelines(lines)
    return len(lines)


def current(reviews: Sequence[Review]) -> dict[FindingKey, Review]:
    """The decision that stands for each finding: the latest one in the log."""
    latest: dict[FindingKey, Review] = {}
    for review in reviews:
        latest[review.key] = review
    return latest


def history(reviews: Sequence[Review]) -> dict[FindingKey, list[Review]]:
    """Every decision for each finding, oldest first."""
    found: dict[FindingKey, list[Review]] = {}
    for review in reviews:
        found.setdefault(review.key, []).append(review)
    return found
