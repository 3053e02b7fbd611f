"""Reviewers' audit decisions, logged as human feedback on the episode's MLflow traces."""

from __future__ import annotations

from typing import Any

from golive.tracking.traces import SESSION_KEY


def session_traces(client: Any, experiment_id: str, run_id: str) -> dict[str, str]:
    """The first trace id of each session (episode) logged by ``run_id``."""
    first: dict[str, tuple[int, str]] = {}
    token = None
    while True:
        page = client.search_traces(locations=[experiment_id], run_id=run_id,
                                    include_spans=False, max_results=500, page_token=token)
        for trace in page:
            session = trace.info.trace_metadata.get(SESSION_KEY)
            if session is None:
                continue
            seen = first.get(session)
            if seen is None or trace.info.request_time < seen[0]:
                first[session] = (trace.info.request_time, trace.info.trace_id)
        token = page.token
        if not token:
            return {k: v[1] for k, v in first.items()}


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
