"""How an episode is found among MLflow traces: every trace of an episode shares a session.

Both the trace writer and the reviewers' feedback need this, so it sits below both.

Example:
    >>> SESSION_KEY
    'mlflow.trace.session'
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

SESSION_KEY = "mlflow.trace.session"


def session_traces(client: Any, experiment_id: str, run_id: str) -> dict[str, str]:
    """The first trace id of each session (episode) logged by ``run_id``."""
    first: dict[str, tuple[int, str]] = {}
    for session, trace in _session_traces(client, experiment_id, run_id):
        seen = first.get(session)
        if seen is None or trace.info.request_time < seen[0]:
            first[session] = (trace.info.request_time, trace.info.trace_id)
    return {k: v[1] for k, v in first.items()}


def _session_traces(client: Any, experiment_id: str, run_id: str) -> Iterator[tuple[str, Any]]:
    """Every trace ``run_id`` logged that belongs to an episode, with its session, page by page."""
    token = None
    while True:
        page = client.search_traces(locations=[experiment_id], run_id=run_id,
                                    include_spans=False, max_results=500, page_token=token)
        for trace in page:
            session = trace.info.trace_metadata.get(SESSION_KEY)
            if session is not None:
                yield session, trace
        token = page.token
        if not token:
            return


LOGGED_TAG = "golive.logged"  # on an episode's first trace once all of the episode is stored


def logged_sessions(client: Any, experiment_id: str, run_id: str) -> tuple[set[str], list[str]]:
    """Episodes whose traces and assessments are complete, and the trace ids of the rest.

    An episode is complete once its first trace carries ``LOGGED_TAG``, which arrives with
    the episode's last write (``traces.TraceWriter``); a run killed mid-logging leaves
    traces without it, which are deleted and written again on ``--resume`` (no orphan
    traces, no lost or doubled assessments).
    """
    complete: set[str] = set()
    traces: dict[str, list[str]] = {}
    for session, trace in _session_traces(client, experiment_id, run_id):
        traces.setdefault(session, []).append(trace.info.trace_id)
        if trace.info.tags.get(LOGGED_TAG):
            complete.add(session)
    stale = [t for s, ids in traces.items() if s not in complete for t in ids]
    return complete, stale
