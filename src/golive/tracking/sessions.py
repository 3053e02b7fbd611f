"""How an episode is found among MLflow traces: every trace of an episode shares a session.

Both the trace writer and the reviewers' feedback need this, so it sits below both.

Example:
    >>> SESSION_KEY
    'mlflow.trace.session'
"""

from __future__ import annotations

from typing import Any

SESSION_KEY = "mlflow.trace.session"


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
