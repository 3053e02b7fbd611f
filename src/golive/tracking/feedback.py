"""Reviewers' decisions in MLflow: every decision reaches the run it reviews.

A decision on an episode that has a trace (failed episodes are traced by default) becomes
human feedback on its first trace, where MLflow's review UI shows it. An episode without a
trace (a passed one, or ``--traces none``) gets the decision on the run instead, as a tag
``golive.review.<episode>.<rule>.<turn>``. Either way the run also gets the whole
``reviews.jsonl`` as an artifact and ``reviews.<decision>`` counts of the standing decisions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from golive._redact import redact
from golive.results.reviews import REVIEWS_FILE, Review, ReviewDecision, current
from golive.tracking.sessions import SESSION_KEY, session_traces

REVIEW_TAG = "golive.review"


@dataclass(frozen=True)
class Logged:
    """Where the decisions went."""

    on_traces: int
    on_run: int


def review_tag(review: Review) -> str:
    """The run tag for a decision on an episode without a trace.

    Example:
        >>> from golive.results.reviews import ReviewDecision
        >>> review_tag(Review(episode_id="e1", rule_id="claims.refund", turn=None,
        ...     reviewer="r", decision=ReviewDecision.CONFIRMED, reason="x", time="t"))
        'golive.review.e1.claims.refund.episode'
    """
    turn = "episode" if review.turn is None else f"turn{review.turn}"
    return f"{REVIEW_TAG}.{review.episode_id}.{review.rule_id}.{turn}"


def log_reviews(tracking_uri: str, run_id: str, new: Sequence[Review],
                everything: Sequence[Review], folder: Path) -> Logged:
    """Log ``new`` decisions (trace feedback, else a run tag) and refresh the run's log copy
    and counts from ``everything``."""
    import mlflow
    from mlflow.entities import AssessmentSource
    from mlflow.tracking import MlflowClient

    mlflow.set_tracking_uri(tracking_uri)
    client: Any = MlflowClient(tracking_uri=tracking_uri)
    run = client.get_run(run_id)
    traces = session_traces(client, run.info.experiment_id, run_id)
    on_traces = on_run = 0
    for review in new:
        trace_id = traces.get(review.episode_id)
        if trace_id is not None:
            mlflow.log_feedback(
                trace_id=trace_id, name=f"review.{review.rule_id}", value=review.decision.value,
                source=AssessmentSource(source_type="HUMAN", source_id=redact(review.reviewer)),
                rationale=redact(review.reason),
                metadata={SESSION_KEY: review.episode_id, "rule_id": review.rule_id,
                          "turn": "" if review.turn is None else str(review.turn),
                          "reviewed_at": review.time},
            )
            on_traces += 1
        else:
            text = f"{review.decision.value} by {review.reviewer} at {review.time}: {review.reason}"
            client.set_tag(run_id, review_tag(review), redact(text)[:5000])
            on_run += 1
    standing = current(everything)
    for decision in ReviewDecision:
        count = sum(r.decision is decision for r in standing.values())
        client.log_metric(run_id, f"reviews.{decision.value}", float(count))
    with tempfile.TemporaryDirectory(prefix="golive-reviews-") as scratch:
        copy = Path(scratch) / REVIEWS_FILE
        copy.write_text(redact((folder / REVIEWS_FILE).read_text(encoding="utf-8")), encoding="utf-8")
        client.log_artifact(run_id, str(copy))
    return Logged(on_traces, on_run)
