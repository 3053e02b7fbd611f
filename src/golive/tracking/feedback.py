"""Reviewers' audit decisions, logged as human feedback on the episode's MLflow traces."""

from __future__ import annotations

from golive.tracking.sessions import SESSION_KEY, session_traces


def log_decisions(tracking_uri: str, run_id: str, records: list[dict[str, str]]) -> int:
    """Log each decision on its episode's first trace; returns how many were logged."""
    import mlflow
    from mlflow.entities import AssessmentSource
    from mlflow.tracking import MlflowClient

    mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient(tracking_uri=tracking_uri)
    run = client.get_run(run_id)
    traces = session_traces(client, run.info.experiment_id, run_id)
    logged = 0
    for record in records:
        trace_id = traces.get(record["episode_id"])
        if trace_id is None:
            continue
        mlflow.log_feedback(
            trace_id=trace_id, name=f"review.{record['rule_id']}", value=record["decision"],
            source=AssessmentSource(source_type="HUMAN", source_id=record["reviewer"] or "reviewer"),
            rationale=record["note"] or None,
            metadata={SESSION_KEY: record["episode_id"], "finding_id": record["finding_id"]},
        )
        logged += 1
    return logged
